/**
 * A promise started now and awaited later: its failure is observed here, so Node does not report it as
 * unhandled in between, and is rethrown wherever it is awaited.
 */
export function observed<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
