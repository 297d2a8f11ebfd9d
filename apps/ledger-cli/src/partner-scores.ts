import { PROGRAM_STREAM, foldProgram, initialProgram } from '@ledger/domain';
import {
  KpiFacts,
  PartnerScoresAnswer,
  foldFacts,
  kpiEventOf,
  partnerScoresAnswer,
  partnershipFigures,
  scoringNeeds,
} from '@ledger/kpis';
import { LedgerEvent } from './client';
import { readExport } from './export';

/**
 * `ledger partner-scores`: the program's partner scores recomputed offline from a whole-ledger export
 * (auditor, admin) by the code the server runs: the program stream folded (foldProgram), every
 * partnership's facts folded up to the position and its figures at asOf and at the previous quarter's
 * end (partnershipFigures), then partnerScoresAnswer. So it prints the server's bytes for the same asOf
 * and atPosition (without atPosition: the export's last position, the server's once its read models
 * have applied it).
 * Constraints: a partner's export lacks the program stream and other partnerships: its answer is not
 * the program's.
 */
export async function offlinePartnerScores(
  file: string,
  asOf: string,
  atPosition: number | undefined,
): Promise<PartnerScoresAnswer> {
  const all = await readExport(file);
  const position = atPosition ?? all.at(-1)?.position ?? 0;
  const events = all.filter((e) => e.position <= position);
  const program = foldProgram(
    initialProgram(),
    events.filter((e) => e.partnershipId === PROGRAM_STREAM),
  );
  const at = Date.parse(asOf);
  const needs = scoringNeeds(program, at, position);
  if (!needs) return partnerScoresAnswer(program, at, position);
  const partnerships = factsByPartnership(events);
  const [now, then] = needs.instants.map((instant) =>
    partnerships
      .filter(([, facts]) => facts.profile!.startedAt <= instant)
      .map(([id, facts]) => partnershipFigures(id, facts, instant, needs.kpiIds)),
  );
  return partnerScoresAnswer(program, at, position, [now, then]);
}

/** Each partnership's facts (those formed by the position), by partnership id. */
function factsByPartnership(events: readonly LedgerEvent[]): [string, KpiFacts][] {
  const streams = new Map<string, LedgerEvent[]>();
  for (const e of events) {
    if (e.partnershipId === PROGRAM_STREAM) continue;
    streams.set(e.partnershipId, [...(streams.get(e.partnershipId) ?? []), e]);
  }
  return [...streams]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, list]): [string, KpiFacts] => [id, foldFacts(list.map(kpiEventOf))])
    .filter(([, facts]) => facts.profile !== undefined && facts.profile !== null);
}
