import type { ThreadEntry } from '../trust-answers';

const VERBS: Record<string, string> = {
  opened: 'opened the dispute',
  commented: 'commented',
  proposed: 'proposed a resolution',
  accepted: 'accepted the resolution',
  withdrawn: 'withdrew the dispute',
};

/**
 * Who did it. The ledger appends dispute.resolved itself, in the batch of the last acceptance: it is
 * recorded by the org that accepted last, and is said so, not as that org's own resolution.
 */
function Who({ entry }: { entry: ThreadEntry }) {
  if (entry.kind === 'resolved')
    return (
      <>
        the ledger resolved the dispute on <strong>{entry.by}</strong>’s acceptance
      </>
    );
  return (
    <>
      <strong>{entry.by}</strong> {VERBS[entry.kind] ?? entry.kind}
    </>
  );
}

/** A dispute's thread, oldest first: who said what and when, as the ledger recorded it. */
export function Thread({ entries }: { entries: readonly ThreadEntry[] }) {
  if (entries.length === 0) return <p class="muted">The thread is empty.</p>;
  return (
    <ol class="thread" aria-label="Thread">
      {entries.map((e) => (
        <li data-entry={e.kind} data-by={e.by}>
          <p class="muted">
            <time dateTime={e.at}>{e.at.slice(0, 16).replace('T', ' ')} UTC</time> · <Who entry={e} />
            {e.outcome ? `: ${e.outcome}${e.retract ? ', retract the event' : ''}` : ''}
            {e.position !== undefined ? ` · position ${e.position}` : ''}
          </p>
          {e.text && <p class="said">{e.text}</p>}
        </li>
      ))}
    </ol>
  );
}
