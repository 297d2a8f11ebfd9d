import { KpiFacts } from '@ledger/kpis';
import { Problem, ProblemError, problem } from '../common/problem';

/** Nest token of the KpiFactsSource port. */
export const KPI_FACTS = Symbol('KpiFactsSource');

/** The read model has not reached a position in time (503): a state, not a fault. */
export class ProjectionBehind extends ProblemError {
  override readonly expected = true;
  constructor(
    readonly wanted: number,
    readonly position: number,
  ) {
    super(`the read models have applied position ${position}, not yet ${wanted}`);
  }

  toProblem(): Problem {
    const extra = { projectionPosition: this.position, minPosition: this.wanted };
    return problem(
      503,
      'projection-behind',
      'Read models behind',
      `${this.message} within 5 s; retry shortly`,
      extra,
    );
  }
}

/**
 * The port KPI queries read the live read model through: committed facts only, wherever the runner runs
 * (this process or another), never the runner's memory.
 *
 * Guarantees: `current` returns the facts as committed at some checkpoint at least as far as any
 * `waitFor` that resolved before it was called (read-your-writes for minPosition); a partnership with
 * no applied events has empty facts.
 */
export interface KpiFactsSource {
  current(partnershipId: string): Promise<KpiFacts>;
  /** The checkpoint of the live read model. */
  position(): Promise<number>;
  /**
   * Waits until the live read model has applied `position`; ProjectionBehind after `timeoutMs`. A
   * position beyond the ledger's head is refused at once (a ValidationFailed on `field`).
   */
  waitFor(position: number, field: string, timeoutMs?: number): Promise<number>;
}
