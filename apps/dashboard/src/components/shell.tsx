import type { ComponentChildren } from 'preact';
import { useErrorBoundary, useState } from 'preact/hooks';
import { forgetKey, Me } from '../api';
import { href, Location } from '../route';
import { seesRanking } from '../router';
import { Clocks } from './clocks';
import { Refused } from './status';
import { currentTheme, toggleTheme } from './theme';

/** Header, navigation and the two clocks around every page; a skip link for keyboard users. */
export function Shell(props: {
  me: Me;
  location: Location;
  onSignOut: () => void;
  children: ComponentChildren;
}) {
  const { me, location } = props;
  const [theme, setTheme] = useState(currentTheme());
  // A view that fails to render (an answer of an unexpected shape) says so; the shell stays usable.
  const [failure, resetFailure] = useErrorBoundary();
  const signOut = () => {
    forgetKey();
    props.onSignOut();
  };
  const home = me.role === 'partner' ? { page: 'home' as const } : { page: 'portfolio' as const };
  return (
    <>
      <a class="skip" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={href(home, location.clocks)}>
          Partnership Ledger
        </a>
        <nav aria-label="Main">
          <a href={href(home, location.clocks)}>{me.role === 'partner' ? 'Partnerships' : 'Portfolio'}</a>
          {seesRanking(me) && (
            <>
              {' · '}
              <a href={href({ page: 'partners' }, location.clocks)}>Partner ranking</a>
            </>
          )}
        </nav>
        <span class="who" data-role={me.role}>
          {me.role}
          {me.orgId ? ` · ${me.orgId}` : ''}
        </span>
        <button type="button" onClick={() => setTheme(toggleTheme())} aria-pressed={theme === 'dark'}>
          Dark scheme
        </button>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <Clocks location={location} />
      <main id="main" tabIndex={-1}>
        {failure ? (
          <div>
            <Refused
              error={failure instanceof Error ? failure : new Error(String(failure))}
              what="this view"
            />
            <button type="button" onClick={resetFailure}>
              Try again
            </button>
          </div>
        ) : (
          props.children
        )}
      </main>
    </>
  );
}

function skipToMain(event: Event) {
  // The hash is the router's: move focus without changing it.
  event.preventDefault();
  document.getElementById('main')?.focus();
}
