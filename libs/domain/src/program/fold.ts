import { DomainEventOf, StoredEventLike, asDomainEvent } from '../events/event';
import { ScoringModel } from './events';

/** A `scoring_model.set` as the program knows it: its ordinal (1, 2, 3 … by position) and its two clocks. */
export interface ProgramModel {
  readonly version: number;
  readonly eventId: string;
  /** Business time (ms): the model is in force from then on, until a later one. */
  readonly occurredAt: number;
  readonly position: number;
  readonly model: ScoringModel;
}

/** An `organization.assessed`: the scores it gives, at its two clocks. */
export interface ProgramAssessment {
  readonly orgId: string;
  readonly scores: Readonly<Record<string, number>>;
  readonly occurredAt: number;
  readonly position: number;
}

/**
 * The program stream folded: every scoring model and assessment, in position order.
 *
 * Guarantees: `version` is the stream's version (its number of events); `models[i].version` = i + 1;
 * both lists are in position order, so "known at position P" is a prefix of each.
 */
export interface ProgramState {
  readonly version: number;
  readonly models: readonly ProgramModel[];
  readonly assessments: readonly ProgramAssessment[];
}

/** A stored event of the program stream with its ledger position. */
export type ProgramStoredEvent = StoredEventLike & { readonly position: number };

export function initialProgram(): ProgramState {
  return { version: 0, models: [], assessments: [] };
}

/**
 * The state after `events` (the stream's next events, in version order). Pure; never throws on an event
 * that is in the ledger: a type the program does not read only counts towards the version.
 */
export function foldProgram(state: ProgramState, events: readonly ProgramStoredEvent[]): ProgramState {
  const models = [...state.models];
  const assessments = [...state.assessments];
  for (const stored of events) {
    const e = asDomainEvent(stored);
    const at = { occurredAt: Date.parse(e.occurredAt), position: stored.position };
    if (e.type === 'scoring_model.set') models.push(modelOf(e, at, models.length + 1));
    if (e.type === 'organization.assessed')
      assessments.push({ ...at, orgId: e.data.orgId, scores: e.data.scores });
  }
  return { version: state.version + events.length, models, assessments };
}

function modelOf(
  e: DomainEventOf<'scoring_model.set'>,
  at: { occurredAt: number; position: number },
  version: number,
): ProgramModel {
  return { version, eventId: e.eventId, ...at, model: e.data as ScoringModel };
}

/** Whether a fact known at ledger position `position` occurred by business time `at`. */
const knownBy = (x: { occurredAt: number; position: number }, at: number, position: number) =>
  x.position <= position && x.occurredAt <= at;

/**
 * The model in force at business time `at` in the ledger as it stood at `position`: the latest by
 * (occurredAt, position) of those known then that occurred by `at`, with `modelVersion` the number of
 * such models (API.md: "the number of scoring_model.set events known"); undefined before any.
 */
export function modelInForce(
  state: ProgramState,
  at: number,
  position = Number.POSITIVE_INFINITY,
): { readonly modelVersion: number; readonly model: ProgramModel } | undefined {
  const known = state.models.filter((m) => knownBy(m, at, position));
  const latest = known.reduce<ProgramModel | undefined>(
    (best, m) => (!best || later(m, best) ? m : best),
    undefined,
  );
  return latest && { modelVersion: known.length, model: latest };
}

const later = (a: { occurredAt: number; position: number }, b: { occurredAt: number; position: number }) =>
  a.occurredAt > b.occurredAt || (a.occurredAt === b.occurredAt && a.position > b.position);

/**
 * Each org's latest score per criterion by business time (ties: the later position), over the
 * assessments known at `position` that occurred by `at`.
 */
export function latestAssessments(
  state: ProgramState,
  at: number,
  position = Number.POSITIVE_INFINITY,
): Map<string, Map<string, number>> {
  const stamps = new Map<string, { occurredAt: number; position: number }>();
  const scores = new Map<string, Map<string, number>>();
  for (const a of state.assessments) {
    if (!knownBy(a, at, position)) continue;
    const org = scores.get(a.orgId) ?? new Map<string, number>();
    scores.set(a.orgId, org);
    for (const [criterionId, value] of Object.entries(a.scores)) {
      const key = `${a.orgId}\u0000${criterionId}`;
      const seen = stamps.get(key);
      if (seen && !later(a, seen)) continue;
      stamps.set(key, a);
      org.set(criterionId, value);
    }
  }
  return scores;
}
