import { useEffect, useState } from 'preact/hooks';
import { href, Location } from '../route';

/**
 * The two clocks of every figure: business time (asOf: "as of the end of this day, UTC") and ledger
 * time (atPosition: "as the ledger stood after this position", i.e. what was known then). Applying them
 * rewrites the URL, so every view, and every link from it, answers under the same clocks.
 */
export function Clocks({ location }: { location: Location }) {
  const { clocks, route } = location;
  const [asOf, setAsOf] = useState(clocks.asOf?.slice(0, 10) ?? '');
  const [atPosition, setAtPosition] = useState(clocks.atPosition ? String(clocks.atPosition) : '');
  useEffect(() => {
    setAsOf(clocks.asOf?.slice(0, 10) ?? '');
    setAtPosition(clocks.atPosition ? String(clocks.atPosition) : '');
  }, [clocks.asOf, clocks.atPosition]);
  const apply = (event: Event) => {
    event.preventDefault();
    const position = Number(atPosition);
    window.location.hash = href(route, {
      ...(asOf ? { asOf: `${asOf}T23:59:59.999Z` } : {}),
      ...(atPosition && Number.isSafeInteger(position) && position > 0 ? { atPosition: position } : {}),
    });
  };
  const now = () => (window.location.hash = href(route, {}));
  const pinned = clocks.asOf || clocks.atPosition;
  return (
    <form class="clocks" onSubmit={apply} aria-label="Clocks">
      <label>
        As of (business time)
        <input
          type="date"
          name="asOf"
          value={asOf}
          onInput={(e) => setAsOf((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        Known at ledger position
        <input
          type="number"
          name="atPosition"
          min={1}
          step={1}
          placeholder="head"
          value={atPosition}
          onInput={(e) => setAtPosition((e.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit">Apply</button>
      <button type="button" onClick={now} disabled={!pinned}>
        Now
      </button>
      <span class="muted" data-clocks>
        {pinned
          ? `Figures as of ${clocks.asOf ?? 'now'}${clocks.atPosition ? `, as known at position ${clocks.atPosition}` : ''}`
          : 'Figures as of now, at the ledger’s head'}
      </span>
    </form>
  );
}
