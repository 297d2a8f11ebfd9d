import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  PROGRAM_STREAM,
  ProgramCommand,
  ProgramState,
  decideProgram,
  parseAssessment,
  parseScoringModel,
} from '@ledger/domain';
import { AppendResult, WrongExpectedVersionError } from '@ledger/event-store';
import { Caller, recorderOf } from '../auth/caller';
import { OneAtATime } from '../common/one-at-a-time';
import { EVENT_STORE } from '../config/tokens';
import { Organizations } from '../admin/organizations/organizations.commands';
import { LedgerMetrics } from '../metrics/metrics';
import { LedgerStore } from '../partnerships/partnership-fold';
import { ProgramLog } from './program-log';

/**
 * Decisions made against a stale program state before giving up. This process's writes take turns
 * (OneAtATime), so only other processes' appends can make a decision stale; each lost race is their win.
 */
const ATTEMPTS = 5;

/**
 * The program routes' writes (API.md, "Partner scoring and tiering"): the body parsed by the event's
 * schema (400 naming the field, nothing stored), the program decider run against the stream as read,
 * and the append made at the version it was read at; on a version conflict, read again and decide again.
 *
 * Guarantees: occurredAt, recordedAt and recordedBy are the server's; an assessment names an org of the
 * organizations table (404 otherwise) and only criteria the model in force scores by assessment.
 */
@Injectable()
export class ProgramWrites {
  /** One program write at a time in this process: one stream, so concurrent ones would only conflict. */
  private readonly turns = new OneAtATime();

  constructor(
    @Inject(EVENT_STORE) private readonly store: LedgerStore,
    private readonly orgs: Organizations,
    private readonly log: ProgramLog,
    private readonly metrics: LedgerMetrics,
  ) {}

  async setModel(caller: Caller, body: unknown, now: Date) {
    const data = parseScoringModel(body);
    const event = { ...this.stamp(caller, now), type: 'scoring_model.set' as const, data };
    const { state, result } = await this.decide({ type: 'SetScoringModel', event });
    if (result) return { modelVersion: state.models.length + 1, ...receipt(result) };
    const latest = state.models.at(-1)!; // the same model again: nothing written, the one in force named
    return { modelVersion: latest.version, eventId: latest.eventId, position: latest.position };
  }

  async assess(caller: Caller, orgId: string, body: unknown, now: Date) {
    const { scores, notes } = parseAssessment(body);
    await this.orgs.get(orgId); // 404 organization_not_found
    const data = { orgId, scores, ...(notes !== undefined ? { notes } : {}) };
    const event = { ...this.stamp(caller, now), type: 'organization.assessed' as const, data };
    const { result } = await this.decide({ type: 'AssessOrganization', event });
    return { orgId, ...receipt(result!) }; // an assessment always decides to be appended
  }

  private stamp(caller: Caller, now: Date) {
    return { eventId: randomUUID(), occurredAt: now.toISOString(), recordedBy: recorderOf(caller) };
  }

  /** decide → append at the version decided on; again on a version conflict (another writer won). */
  private decide(command: ProgramCommand): Promise<{ state: ProgramState; result?: AppendResult }> {
    return this.turns.run(() => this.decideInTurn(command));
  }

  private async decideInTurn(
    command: ProgramCommand,
  ): Promise<{ state: ProgramState; result?: AppendResult }> {
    for (let attempt = 1; ; attempt += 1) {
      const state = await this.log.current();
      const events = decideProgram(command, state);
      if (events.length === 0) return { state };
      try {
        const result = await this.store.append(PROGRAM_STREAM, events, { expectedVersion: state.version });
        this.metrics.eventsAppended.inc(result.events.length);
        return { state, result };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= ATTEMPTS) throw error;
      }
    }
  }
}

function receipt(result: AppendResult) {
  const [e] = result.events;
  return { eventId: e.eventId, position: e.position };
}
