/**
 * The store's vocabulary for optimistic concurrency, shaped after KurrentDB's (`any`, `no_stream`,
 * `stream_exists`, a revision) so that every adapter can translate it both ways.
 *
 * - `any`: no check;
 * - `no_stream`: the stream must not exist yet (same as version 0);
 * - `exists`: the stream must have at least one event;
 * - n (integer ≥ 0): the stream's current version must be exactly n.
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'exists' | number;

export function matchesExpectedVersion(expected: ExpectedVersion, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === 0;
    case 'exists':
      return current > 0;
    default:
      return current === expected;
  }
}

export function isExpectedVersion(value: unknown): value is ExpectedVersion {
  return (
    value === 'any' ||
    value === 'no_stream' ||
    value === 'exists' ||
    (Number.isSafeInteger(value) && (value as number) >= 0)
  );
}
