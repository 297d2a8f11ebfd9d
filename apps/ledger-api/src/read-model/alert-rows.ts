import { Alert, AlertChanges, AlertState, nextDue } from '@ledger/kpis';
import { EntityManager } from 'typeorm';

type Query = Pick<EntityManager, 'query'>;

/**
 * The SQL of alerts: each partnership's alert fold state and the alerts it raised, per generation.
 *
 * Guarantees: `writeAlerts` runs in the caller's transaction (the batch's, with its checkpoint move, or
 * the tick's), so states and alerts never disagree with the checkpoint; an alert row is inserted once
 * and only its clearedAt is ever set afterwards.
 */
export async function loadAlertStates(
  db: Query,
  generation: number,
  partnershipIds: readonly string[],
): Promise<Map<string, AlertState>> {
  const rows: { pid: string; state: AlertState }[] = await db.query(
    `SELECT partnership_id AS pid, state FROM alert_states
      WHERE generation = $1 AND partnership_id = ANY($2::text[])`,
    [generation, partnershipIds],
  );
  return new Map(rows.map((r) => [r.pid, r.state]));
}

/** The states that time alone changes before `before` (ms): the tick's work. */
export async function dueAlertStates(db: Query, generation: number, before: number): Promise<AlertState[]> {
  const rows: { state: AlertState }[] = await db.query(
    'SELECT state FROM alert_states WHERE generation = $1 AND next_due < $2 ORDER BY partnership_id',
    [generation, before],
  );
  return rows.map((r) => r.state);
}

export async function writeAlerts(
  tx: Query,
  generation: number,
  states: Iterable<AlertState>,
  changes: AlertChanges,
): Promise<void> {
  const list = [...states];
  if (list.length > 0) {
    await tx.query(
      `INSERT INTO alert_states (generation, partnership_id, next_due, state)
       SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::jsonb[])
       ON CONFLICT (generation, partnership_id)
       DO UPDATE SET next_due = EXCLUDED.next_due, state = EXCLUDED.state`,
      [generation, list.map((s) => s.partnershipId), list.map(nextDue), list.map((s) => JSON.stringify(s))],
    );
  }
  const rows = [...changes.raised.values()];
  if (rows.length > 0) {
    await tx.query(
      `INSERT INTO alerts (generation, alert_id, partnership_id, kind, subject, raised_at, position, cleared_at)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[],
                                $7::bigint[], $8::timestamptz[])
       ON CONFLICT (generation, alert_id) DO UPDATE SET cleared_at = EXCLUDED.cleared_at`,
      [generation, ...columnsOf(rows)],
    );
  }
  if (changes.cleared.size === 0) return;
  await tx.query(
    `UPDATE alerts a SET cleared_at = c.cleared_at
       FROM unnest($2::text[], $3::timestamptz[]) AS c(alert_id, cleared_at)
      WHERE a.generation = $1 AND a.alert_id = c.alert_id`,
    [generation, [...changes.cleared.keys()], [...changes.cleared.values()]],
  );
}

function columnsOf(rows: readonly Alert[]): unknown[][] {
  return [
    rows.map((a) => a.alertId),
    rows.map((a) => a.partnershipId),
    rows.map((a) => a.kind),
    rows.map((a) => JSON.stringify(a.subject)),
    rows.map((a) => a.raisedAt),
    rows.map((a) => a.position),
    rows.map((a) => a.clearedAt ?? null),
  ];
}

/** The alerts of a generation, newest raisedAt first; only those partnerships' when `partnershipIds` is given. */
export async function listAlerts(
  db: Query,
  generation: number,
  filter: { readonly partnershipIds?: readonly string[]; readonly state?: 'open' | 'cleared' },
): Promise<Alert[]> {
  const rows: AlertRow[] = await db.query(
    `SELECT alert_id, partnership_id, kind, subject, raised_at, position, cleared_at FROM alerts
      WHERE generation = $1 AND ($2::text[] IS NULL OR partnership_id = ANY($2::text[]))
        AND ($3::text IS NULL OR ($3 = 'open') = (cleared_at IS NULL))
      ORDER BY raised_at DESC, alert_id`,
    [generation, filter.partnershipIds ?? null, filter.state ?? null],
  );
  return rows.map(alertOf);
}

interface AlertRow {
  alert_id: string;
  partnership_id: string;
  kind: Alert['kind'];
  subject: Alert['subject'];
  raised_at: Date;
  position: string;
  cleared_at: Date | null;
}

function alertOf(r: AlertRow): Alert {
  return {
    alertId: r.alert_id,
    partnershipId: r.partnership_id,
    kind: r.kind,
    subject: r.subject,
    raisedAt: new Date(r.raised_at).toISOString(),
    position: Number(r.position),
    ...(r.cleared_at ? { clearedAt: new Date(r.cleared_at).toISOString() } : {}),
  };
}

export async function deleteAlerts(tx: Query, generation: number): Promise<void> {
  await tx.query('DELETE FROM alerts WHERE generation = $1', [generation]);
  await tx.query('DELETE FROM alert_states WHERE generation = $1', [generation]);
}
