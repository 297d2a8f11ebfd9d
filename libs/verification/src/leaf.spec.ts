import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { leafBytes, leafHash, leafJson } from './leaf';

const event = {
  position: 7,
  partnershipId: 'nw-contoso',
  version: 3,
  eventId: '5e9709c7-9ad5-5dca-b059-e4ea0393d43e',
  type: 'deal.won',
  occurredAt: '2026-02-04T10:00:00.000Z',
  recordedAt: '2026-11-24T01:00:00.000Z',
  recordedBy: 'northwind',
  data: { dealId: 'A1', amount: '18000.00' },
};

describe('leaf', () => {
  it('is the canonical JSON of the leaf fields, keys sorted, no white space', () => {
    expect(leafBytes(event).toString('utf8')).toBe(
      '{"data":{"amount":"18000.00","dealId":"A1"},"eventId":"5e9709c7-9ad5-5dca-b059-e4ea0393d43e",' +
        '"occurredAt":"2026-02-04T10:00:00.000Z","partnershipId":"nw-contoso","position":7,' +
        '"recordedAt":"2026-11-24T01:00:00.000Z","recordedBy":"northwind","type":"deal.won","version":3}',
    );
  });

  it('hashes SHA-256 over 0x00 followed by the leaf bytes (RFC 9162)', () => {
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from([0]), leafBytes(event)]))
      .digest('hex');
    expect(leafHash(event)).toBe(expected);
  });

  it('ignores fields that are not part of the leaf and the order of keys', () => {
    const shuffled = { ...event, data: { dealId: 'A1', amount: '18000.00' }, hash: 'x', extra: 1 };
    expect(leafHash(shuffled)).toBe(leafHash(event));
  });

  it('changes when any covered byte changes', () => {
    expect(leafHash({ ...event, data: { ...event.data, amount: '18000.01' } })).not.toBe(leafHash(event));
    expect(leafHash({ ...event, position: 8 })).not.toBe(leafHash(event));
  });

  it('serializes numbers and strings as RFC 8785 requires', () => {
    expect(canonicalJson({ b: 1e21, a: 0.1, c: 'é\u2028', d: -0 })).toBe(
      '{"a":0.1,"b":1e+21,"c":"é\u2028","d":0}',
    );
  });

  it('refuses an unpaired surrogate, which has no UTF-8 form', () => {
    expect(() => canonicalJson({ a: '\ud800' })).toThrow(/surrogate/);
  });

  it(
    'writes the envelope exactly as the generic ' + 'canonicalizer writes the nine fields, for any values',
    () => {
      // Odd values (unpaired surrogates, fractions, -0, missing data) must take the generic path, not a
      // shortcut.
      const text = fc.oneof(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'grapheme' }),
        fc.constantFrom('\ud800', '\u2028', '"\\', ''),
      );
      const number = fc.oneof(
        fc.integer(),
        fc.maxSafeNat(),
        fc.constantFrom(-0, 0.5, 1e21, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY),
      );
      const leaf = fc.record({
        position: number,
        partnershipId: text,
        version: number,
        eventId: text,
        type: text,
        occurredAt: text,
        recordedAt: text,
        recordedBy: text,
        data: fc.option(fc.jsonValue(), { nil: undefined }),
      });
      fc.assert(
        fc.property(leaf, (fields) => {
          const generic = attempt(() => canonicalJson({ ...fields }));
          expect(attempt(() => leafJson(fields))).toEqual(generic);
        }),
        { numRuns: 2_000 },
      );
    },
  );
});

function attempt(f: () => string): string | { refused: string } {
  try {
    return f();
  } catch (error) {
    return { refused: (error as Error).message };
  }
}
