import { EventStore } from '@ledger/event-store';
import { AlertState, advanceAlerts, needsFacts, noChanges } from '@ledger/kpis';
import { ReadModelStore } from '../read-model/read-model-store';
import { KpiGeneration } from './kpi-generation';

/**
 * Time's part of the alert projection: deadlines that passed and month closes, for partnerships no event
 * has arrived for since. Decided at `now − grace` and only when the generation has applied the whole
 * ledger, so every event recorded before that instant has been folded (an append in flight longer than
 * the grace would be overtaken: LEDGER_ALERT_GRACE_MS).
 *
 * Guarantees: what it decides is what the next event's fold would decide (advanceAlerts), so a rebuild,
 * which has no ticks, reproduces it; it writes only if no batch moved the checkpoint meanwhile, and a
 * lost race is redone by the next tick with the same result (alerts are deterministic, ids included).
 * Returns how many partnerships' alerts it advanced.
 */
export async function tickAlerts(
  store: EventStore,
  readModel: ReadModelStore,
  live: KpiGeneration,
  now: number,
  graceMs: number,
): Promise<number> {
  const at = await live.checkpoint();
  if (at !== (await store.headPosition())) return 0;
  const t = now - graceMs;
  const due = await readModel.dueAlertStates(live.generation, t);
  if (due.length === 0) return 0;
  const changes = noChanges();
  const states: AlertState[] = [];
  for (const s of due) {
    const facts = needsFacts(s, t) ? await wholeFacts(readModel, live, s.partnershipId) : undefined;
    // No month cache: batches fold beside the tick and tell the cache of events it has not seen.
    states.push(advanceAlerts(s, t, facts, changes));
  }
  const written = await readModel.writeTicked(live.generation, at, { states, changes });
  return written ? states.length : 0;
}

async function wholeFacts(readModel: ReadModelStore, live: KpiGeneration, pid: string) {
  return live.cache.get(pid) ?? readModel.loadFacts(live.generation, pid);
}
