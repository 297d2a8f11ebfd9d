import { get } from '../api';
import { Pending } from '../components/status';
import { shortHash, day } from '../format';
import { Clocks } from '../route';
import { useAnswer } from '../use-answer';

interface Charter {
  readonly version: number;
  readonly definitionHash: string | null;
  readonly effectiveFrom: string | null;
  readonly chair: { orgId: string; periodStart: string; periodEnd: string } | null;
  readonly charter: {
    objectives: { objectiveId: string; title: string; kpiIds: string[] }[];
    scorecard: {
      kpiId: string;
      target?: number;
      baseline?: number;
      weight?: number;
      owners?: Record<string, string>;
    }[];
    attribution: { model: string; windowDays: number };
  };
}

interface Version {
  readonly version: number;
  readonly proposalId: string;
  readonly effectiveFrom: string;
  readonly adoptedAt: string;
  readonly proposedBy: string;
  readonly approvals: readonly (string | { orgId: string; at?: string; signed?: boolean })[];
}

interface Proposal {
  readonly proposalId: string;
  readonly proposedBy: string;
  readonly baseVersion: number;
  readonly definitionHash: string;
  readonly approvals: readonly { orgId: string; at: string; signed: boolean }[];
  readonly changes: readonly { path: string; from: unknown; to: unknown }[];
}

const base = (id: string) => `/v1/partnerships/${encodeURIComponent(id)}/charter`;
const orgOf = (a: Version['approvals'][number]) => (typeof a === 'string' ? a : a.orgId);
const text = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

/** The charter in force (under the clocks), its adopted versions with their approvals, open proposals and their changes. */
export function CharterTab({ id, clocks }: { id: string; clocks: Clocks }) {
  const answer = useAnswer(async () => {
    // All three as the ledger stood at atPosition: no version adopted later beside the one in force then.
    const at = { atPosition: clocks.atPosition };
    const [inForce, versions, open] = await Promise.all([
      get<Charter>(base(id), { ...clocks }),
      get<{ items: Version[] }>(`${base(id)}/versions`, at),
      get<{ items: Proposal[] }>(`${base(id)}/proposals`, { state: 'open', ...at }),
    ]);
    return { inForce, versions: versions.items, open: open.items };
  }, [id, clocks.asOf, clocks.atPosition]);
  return (
    <Pending answer={answer} what="the charter">
      {({ inForce, versions, open }) => (
        <section aria-labelledby="charter-title" data-charter-version={inForce.version}>
          <h2 id="charter-title">Charter version {inForce.version}</h2>
          <p class="muted">
            {inForce.version === 0
              ? 'No charter adopted: every definition is the catalogue’s default.'
              : `In force from ${day(inForce.effectiveFrom ?? undefined)} · definition ${shortHash(inForce.definitionHash)}`}
          </p>
          <p data-chair={inForce.chair?.orgId ?? ''}>
            Chair:{' '}
            {inForce.chair
              ? `${inForce.chair.orgId} (${day(inForce.chair.periodStart)} to ${day(inForce.chair.periodEnd)})`
              : 'none until a charter is adopted'}
          </p>
          <Scorecard charter={inForce} />
          <h3>Adopted versions</h3>
          {versions.length === 0 ? (
            <p class="muted">None yet.</p>
          ) : (
            <ul class="plain">
              {versions.map((v) => (
                <li data-version={v.version}>
                  Version {v.version}, proposed by {v.proposedBy}, adopted {day(v.adoptedAt)}, effective{' '}
                  {day(v.effectiveFrom)}; approved by {v.approvals.map(orgOf).join(', ')}
                </li>
              ))}
            </ul>
          )}
          <h3>Open proposals</h3>
          {open.length === 0 ? <p class="muted">None.</p> : open.map((p) => <OpenProposal proposal={p} />)}
        </section>
      )}
    </Pending>
  );
}

function Scorecard({ charter }: { charter: Charter }) {
  const rows = charter.charter.scorecard;
  if (rows.length === 0) return <p class="muted">The scorecard is empty.</p>;
  return (
    <table class="data">
      <caption>Scorecard</caption>
      <thead>
        <tr>
          <th scope="col">KPI</th>
          <th scope="col" class="num">
            Target
          </th>
          <th scope="col" class="num">
            Baseline
          </th>
          <th scope="col" class="num">
            Weight
          </th>
          <th scope="col">Owners</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr data-scorecard={r.kpiId}>
            <th scope="row">{r.kpiId}</th>
            <td class="num">{r.target ?? '—'}</td>
            <td class="num">{r.baseline ?? '—'}</td>
            <td class="num">{r.weight ?? 1}</td>
            <td>
              {Object.entries(r.owners ?? {})
                .map(([org, who]) => `${org}: ${who}`)
                .join('; ') || '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function OpenProposal({ proposal }: { proposal: Proposal }) {
  return (
    <section
      class="proposal"
      data-proposal={proposal.proposalId}
      aria-label={`Proposal ${proposal.proposalId}`}
    >
      <h4>
        {proposal.proposalId} by {proposal.proposedBy}, on version {proposal.baseVersion}
      </h4>
      <p class="muted">
        Approved by{' '}
        {proposal.approvals.map((a) => `${a.orgId}${a.signed ? ' (signed)' : ''}`).join(', ') || 'nobody yet'}{' '}
        · definition {shortHash(proposal.definitionHash)}
      </p>
      <table class="data">
        <caption>Changes against version {proposal.baseVersion}</caption>
        <thead>
          <tr>
            <th scope="col">Path</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
          </tr>
        </thead>
        <tbody>
          {proposal.changes.map((c) => (
            <tr>
              <th scope="row">
                <code>{c.path}</code>
              </th>
              <td>
                <code>{text(c.from)}</code>
              </td>
              <td>
                <code>{text(c.to)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
