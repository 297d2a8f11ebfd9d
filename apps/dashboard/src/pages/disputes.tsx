import { useEffect, useState } from 'preact/hooks';
import { Pending } from '../components/status';
import { day, shortHash } from '../format';
import { Clocks, href } from '../route';
import { Dispute, dispute, disputes } from '../trust-answers';
import { useAnswer } from '../use-answer';
import { Thread } from './thread';

const STATES = ['all', 'open', 'overdue', 'resolved', 'withdrawn'] as const;
type Filter = (typeof STATES)[number];

/**
 * A partnership's disputes under the clocks, each with its state and, opened, its whole thread. A
 * dispute named in the URL (from a KPI card's marker) is opened and brought into view.
 */
export function DisputesTab({ id, clocks, opened }: { id: string; clocks: Clocks; opened?: string }) {
  const [filter, setFilter] = useState<Filter>('all');
  const answer = useAnswer(
    () => disputes(id, clocks, filter === 'all' ? undefined : filter),
    [id, filter, clocks.asOf, clocks.atPosition],
  );
  return (
    <section aria-labelledby="disputes-title">
      <h2 id="disputes-title">Disputes</h2>
      <p class="muted">
        A member contests an event or a KPI figure on the record; the other members accept a resolution or the
        opener withdraws it. Figures touched by an open dispute are marked on their KPI cards.
      </p>
      <label>
        State{' '}
        <select
          name="state"
          value={filter}
          onChange={(e) => setFilter((e.target as HTMLSelectElement).value as Filter)}
        >
          {STATES.map((s) => (
            <option value={s}>{s}</option>
          ))}
        </select>
      </label>
      <Pending answer={answer} what="the disputes">
        {(data) =>
          data.items.length === 0 ? (
            <p class="muted" data-disputes-count="0">
              No {filter === 'all' ? '' : `${filter} `}dispute as of these clocks.
            </p>
          ) : (
            <ul class="plain disputes" data-disputes-count={data.items.length}>
              {data.items.map((d) => (
                <DisputeItem id={id} item={d} clocks={clocks} opened={d.disputeId === opened} />
              ))}
            </ul>
          )
        }
      </Pending>
    </section>
  );
}

function DisputeItem(props: { id: string; item: Dispute; clocks: Clocks; opened: boolean }) {
  const { id, item, clocks } = props;
  const [open, setOpen] = useState(props.opened);
  const state = item.state === 'open' && item.overdue ? 'overdue' : item.state;
  useEffect(() => {
    if (props.opened) document.getElementById(`dispute-${item.disputeId}`)?.scrollIntoView();
  }, [props.opened, item.disputeId]);
  return (
    <li
      class={`dispute ${state}`}
      id={`dispute-${item.disputeId}`}
      data-dispute={item.disputeId}
      data-state={state}
    >
      <details open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary>
          <span class={`badge ${state}`}>{state}</span> <strong>{item.disputeId}</strong>:{' '}
          <Subject {...props} />
          <span class="muted">
            {' '}
            · opened by {item.openedBy} on {day(item.openedAt)}
          </span>
        </summary>
        {/* The reason itself opens the thread below. */}
        <p>
          {item.openedBy} asks to <strong>{item.requestedRemedy}</strong>{' '}
          {'eventId' in item.subject ? 'the event' : 'the figure'}.
        </p>
        <Outcome item={item} />
        {open && <LoadedThread id={id} disputeId={item.disputeId} clocks={clocks} />}
      </details>
    </li>
  );
}

function Subject({ id, item, clocks }: { id: string; item: Dispute; clocks: Clocks }) {
  const { subject } = item;
  if ('kpiId' in subject)
    return (
      <span data-subject={subject.kpiId}>
        the figure of <a href={href({ page: 'kpi', id, kpiId: subject.kpiId }, clocks)}>{subject.kpiId}</a>{' '}
        for the period from {day(subject.periodStart)}
      </span>
    );
  return (
    <span data-subject={subject.eventId}>
      {subject.eventType ? `the ${subject.eventType} event ` : 'the event '}
      <code title={subject.eventId}>{shortHash(subject.eventId)}</code>
    </span>
  );
}

function Outcome({ item }: { item: Dispute }) {
  const { closed, proposal } = item;
  if (closed?.state === 'resolved')
    return (
      <p data-outcome={closed.outcome ?? ''}>
        <strong>
          Resolved {day(closed.at)}, {closed.outcome}
          {closed.outcome === 'upheld' && retracted(item) ? ', the event retracted' : ''}:
        </strong>{' '}
        {closed.resolution}
      </p>
    );
  if (closed?.state === 'withdrawn')
    return (
      <p data-outcome="withdrawn">
        Withdrawn by {item.openedBy} on {day(closed.at)}.
      </p>
    );
  if (!proposal)
    return (
      <p class="muted">
        No resolution proposed yet{item.overdueAt ? `; due by ${day(item.overdueAt)}` : ''}.
      </p>
    );
  return (
    <p data-proposal-by={proposal.proposedBy}>
      <strong>
        Proposed by {proposal.proposedBy}: {proposal.outcome}
        {proposal.retract ? ', retracting the event' : ''}.
      </strong>{' '}
      {proposal.resolution}
      {proposal.acceptedBy?.length ? ` Accepted by ${proposal.acceptedBy.join(', ')}.` : ''}
    </p>
  );
}

/** Whether the resolution the members agreed (the last one proposed) retracted the disputed event. */
function retracted(item: Dispute): boolean {
  return item.thread?.findLast((e) => e.kind === 'proposed')?.retract === true;
}

/** The thread is asked when the dispute is opened: a list of many disputes asks for none. */
function LoadedThread({ id, disputeId, clocks }: { id: string; disputeId: string; clocks: Clocks }) {
  const answer = useAnswer(
    () => dispute(id, disputeId, clocks),
    [id, disputeId, clocks.asOf, clocks.atPosition],
  );
  return (
    <Pending answer={answer} what="the thread">
      {(data) => <Thread entries={data.thread ?? []} />}
    </Pending>
  );
}
