import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import './trust.css';
import { get, Me, storedKey } from './api';
import { Shell } from './components/shell';
import { applyTheme } from './components/theme';
import { kpiCatalogue, partnership, snapshot } from './kpi-answers';
import { parse } from './route';
import { Router } from './router';
import { SignIn } from './pages/sign-in';

/** Who is signed in (checked with the API on every load) and where they are (the URL's hash). */
function App() {
  const [me, setMe] = useState<Me | null | 'checking'>(storedKey() ? 'checking' : null);
  const [location, setLocation] = useState(() => parse(window.location.hash));
  useEffect(() => {
    const moved = () => setLocation(parse(window.location.hash));
    const signedOut = () => setMe(null);
    window.addEventListener('hashchange', moved);
    window.addEventListener('ledger:signed-out', signedOut);
    if (storedKey()) get<Me>('/v1/me').then(setMe, () => setMe(null));
    return () => {
      window.removeEventListener('hashchange', moved);
      window.removeEventListener('ledger:signed-out', signedOut);
    };
  }, []);
  if (me === 'checking') return <p class="muted">Checking your key…</p>;
  if (!me) return <SignIn onSignedIn={setMe} />;
  return (
    <Shell me={me} location={location} onSignOut={() => setMe(null)}>
      <Router me={me} location={location} />
    </Shell>
  );
}

/**
 * A returning user's first view: its answers are asked while the key is checked (GET /v1/me), and the
 * views that ask them again share the requests in flight (api.ts), so the checks do not queue.
 */
function askAhead(): void {
  const { route, clocks } = parse(window.location.hash);
  if (!storedKey() || route.page !== 'partnership' || route.tab !== 'kpis') return;
  void partnership(route.id).catch(() => undefined);
  void snapshot(route.id, clocks).catch(() => undefined);
  void kpiCatalogue().catch(() => undefined);
}

askAhead();
applyTheme();
const root = document.getElementById('app')!;
root.textContent = ''; // the page's own 'Loading…' line
render(<App />, root);
