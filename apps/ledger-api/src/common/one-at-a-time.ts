/**
 * Runs tasks strictly one after another, in call order, each answered with its own result or error.
 *
 * Guarantees:
 * - at most one task runs at any moment (a task starts only after the previous one settled);
 * - a task's failure reaches only its own caller; the next task still runs.
 */
export class OneAtATime {
  private tail: Promise<void> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
