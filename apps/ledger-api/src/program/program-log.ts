import { Injectable } from '@nestjs/common';
import { PROGRAM_STREAM, ProgramState, foldProgram, initialProgram } from '@ledger/domain';
import { PastEvents } from '../kpis/past-events';

/**
 * The program stream (scoring models, assessments) folded by the domain's pure fold, kept in memory and
 * extended by the events after the version held, so a read costs one query for what is new.
 *
 * Guarantees: `current()` reflects every event committed before it was called (it reads the store, not
 * a notification); concurrent calls never fold an event twice (a fold replaces the held state only when
 * it is further along). What a reader may know is cut by position (ProgramState is in position order).
 */
@Injectable()
export class ProgramLog {
  private held: ProgramState = initialProgram();

  constructor(private readonly past: PastEvents) {}

  async current(): Promise<ProgramState> {
    const base = this.held;
    const events = await this.past.after(PROGRAM_STREAM, base.version);
    if (events.length === 0) return base;
    const next = foldProgram(base, events);
    if (next.version > this.held.version) this.held = next;
    return next;
  }
}
