import type { ThreadEntry } from '../trust-answers';

const VERBS: Record<string, string> = {
  opened: 'opened the dispute',
  commented: 'commented',
  proposed: 'proposed a resolution',
  resolution_proposed: 'proposed a resolution',
  accepted: 'accepted the resolution',
  resolution_accepted: 'accepted the resolution',
  withdrawn: 'withdrew the dispute',
  resolved: 'resolved (the ledger, on the last acceptance)',
};

/** A dispute's thread, oldest first: who said what and when, as the ledger recorded it. */
export function Thread({ entries }: { entries: readonly ThreadEntry[] }) {
  if (entries.length === 0) return <p class="muted">The thread is empty.</p>;
  return (
    <ol class="thread" aria-label="Thread">
      {entries.map((e) => (
        <li data-entry={e.kind} data-by={e.by}>
          <p class="muted">
            <time dateTime={e.at}>{e.at.slice(0, 16).replace('T', ' ')} UTC</time> · <strong>{e.by}</strong>{' '}
            {VERBS[e.kind] ?? e.kind}
            {e.outcome ? `: ${e.outcome}${e.retract ? ', retract the event' : ''}` : ''}
            {e.position !== undefined ? ` · position ${e.position}` : ''}
          </p>
          {e.text && <p class="said">{e.text}</p>}
        </li>
      ))}
    </ol>
  );
}
