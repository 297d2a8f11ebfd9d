/**
 * Sorts [key, value] pairs by key in code-unit order, the order RFC 8785 uses, so output never depends on
 * insertion.
 */
export function byKey<T>(entries: Iterable<readonly [string, T]>): [string, T][] {
  return [...entries].map(([k, v]) => [k, v] as [string, T]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
