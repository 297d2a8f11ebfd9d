import fc from 'fast-check';
import { definitionHashOf } from './charter-hash';

/** Re-creates every object of a JSON value with its keys in reverse order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversed(v)]),
  );
}

describe('definitionHashOf', () => {
  it('is independent of key order: any charter-like JSON hashes the same with its keys reversed', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(definitionHashOf(reversed(value))).toBe(definitionHashOf(value));
      }),
    );
  });

  it('changes when a value changes', () => {
    expect(definitionHashOf({ dealProtectionDays: 30 })).not.toBe(
      definitionHashOf({ dealProtectionDays: 31 }),
    );
    // SHA-256 of the canonical JSON `{"a":1,"b":[true]}`
    expect(definitionHashOf({ b: [true], a: 1 })).toBe(
      '90eddf64b875cb5fa184bb12503cc7309b6ce21b175521a80bd8d83082bae604',
    );
  });
});
