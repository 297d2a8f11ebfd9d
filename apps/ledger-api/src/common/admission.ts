/**
 * A request refused as too many of its kind are in flight; the caller may retry after `retryAfterSeconds`.
 */
export class Busy extends Error {
  constructor(
    readonly kind: string,
    readonly limit: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`${limit} ${kind} are already in flight in this process`);
    this.name = 'Busy';
  }
}

/**
 * A concurrency limit for one kind of expensive request (atPosition replays, series, portfolios): at most
 * `limit` in flight at once, the others refused at once with Busy (429 and Retry-After), so a flood of
 * them neither queues without bound (memory: each holds its events or views) nor delays cheap requests.
 *
 * Guarantees:
 * - at most `limit` tasks of this kind run at any moment; a refused request did no work (nothing was read);
 * - a slot is given back when its task settles, whether it succeeded or failed;
 * - Retry-After is about one task's duration (a running average of the last ones), 1–60 s: the time in
 *   which a slot is likely to free up. It is a hint; a retry may be refused again by a busier moment.
 * Constraints: `limit` 0 admits everything (no limit).
 */
export class Admission {
  private inFlight = 0;
  /** Exponentially weighted mean duration of the tasks run, in ms (weight 1/8 to the newest). */
  private meanMs = 1000;

  constructor(
    private readonly kind: string,
    private readonly limit: number,
    private readonly onRefused: () => void = () => undefined,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.limit > 0 && this.inFlight >= this.limit) {
      this.onRefused();
      throw new Busy(this.kind, this.limit, this.retryAfterSeconds());
    }
    this.inFlight += 1;
    const started = performance.now();
    try {
      return await task();
    } finally {
      this.inFlight -= 1;
      this.meanMs += (performance.now() - started - this.meanMs) / 8;
    }
  }

  retryAfterSeconds(): number {
    return Math.min(60, Math.max(1, Math.ceil(this.meanMs / 1000)));
  }
}
