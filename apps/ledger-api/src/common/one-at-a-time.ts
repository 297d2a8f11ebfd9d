/**
 * Runs tasks strictly one after another, in call order, each answered with its own result or error;
 * requests for the same thing that arrive while it waits its turn share one run.
 *
 * Guarantees:
 * - at most one task runs at any moment (a task starts only after the previous one settled);
 * - a task's failure reaches only its callers; the next task still runs;
 * - `shared(key, …)` joins a task of that key only while it has not started, so every answer is computed
 *   wholly after its request arrived: sharing never gives an older answer than running alone would, and
 *   any number of concurrent requests for one key cost at most two runs (one running, one waiting).
 */
export class OneAtATime {
  private tail: Promise<void> = Promise.resolve();
  private readonly waiting = new Map<string, Promise<unknown>>();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Whether `shared(key, …)` now would join a waiting run (and so cost no run of its own). */
  joins(key: string): boolean {
    return this.waiting.has(key);
  }

  shared<T>(key: string, task: () => Promise<T>): Promise<T> {
    const queued = this.waiting.get(key) as Promise<T> | undefined;
    if (queued) return queued;
    const result = this.run(() => {
      this.waiting.delete(key);
      return task();
    });
    this.waiting.set(key, result);
    return result;
  }
}
