import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { nodeKey } from '../merkle/ranges';
import { keyIdOf } from '../signed-head';
import { StoredLedger, pins, range } from '../testing/stored-ledger';
import { completedNodes } from './ledger-audit';
import { ledgerKeys } from './head-keys';
import { signRotation } from '../key-rotation';

/**
 * The full verification of a stored ledger (LedgerAudit), on ledgers held in memory and tampered with
 * as a careless DBA would: every discrepancy must be found and pinned to the exact row when the
 * evidence allows, and to a range that holds the change otherwise. Real: hashing, signing, the audit.
 */
describe('auditing a stored ledger', () => {
  const everySize = (n: number) => range(0, n);

  it('passes a clean ledger in any page size, checking every event, stored node and head', () => {
    const ledger = new StoredLedger(300, everySize(300));
    for (const page of [1, 7, 16, 50, 1000]) {
      const report = ledger.audit(page);
      expect(report).toMatchObject({
        ok: true,
        eventsChecked: 300,
        treeSize: 300,
        headsChecked: 301,
        nodesChecked: ledger.nodes.size,
        problems: [],
      });
    }
    expect(ledger.nodes.size).toBe(18 + 9 + 4 + 2 + 1);
  });

  it('names a changed interior node at any level as that row, when heads confirm the events', () => {
    for (const ref of [
      { level: 4, index: 0 },
      { level: 4, index: 17 },
      { level: 5, index: 3 },
      { level: 6, index: 1 },
      { level: 8, index: 0 },
    ]) {
      const ledger = new StoredLedger(300, everySize(300));
      ledger.flipNode(ref);
      const { from } = { from: ref.index * 2 ** ref.level + 1 };
      expect(pins(ledger.audit().problems)).toEqual([
        {
          kind: 'node-changed',
          position: from,
          from,
          to: (ref.index + 1) * 2 ** ref.level,
          level: ref.level,
          index: ref.index,
          treeSize: undefined,
        },
      ]);
    }
  });

  it(
    'names a changed node as that row without any head, ' + 'when a stored node above agrees with the events',
    () => {
      const ledger = new StoredLedger(100, []);
      ledger.flipNode({ level: 4, index: 1 });
      expect(pins(ledger.audit().problems)).toMatchObject([{ kind: 'node-changed', level: 4, index: 1 }]);
      // The last level-4 node has no stored parent yet: without a head, either it or its events changed.
      const lone = new StoredLedger(90, []);
      lone.flipNode({ level: 4, index: 4 });
      expect(pins(lone.audit().problems)).toMatchObject([
        { kind: 'node-or-events', position: 65, from: 65, to: 80, level: 4, index: 4 },
      ]);
    },
  );

  it('names a deleted node row, and a node stored beyond the tree', () => {
    const ledger = new StoredLedger(100, everySize(100));
    ledger.nodes.delete(nodeKey({ level: 5, index: 1 }));
    const report = ledger.audit(50, ledger.publicKeys, [{ level: 4, index: 6 }]);
    expect(pins(report.problems)).toMatchObject([
      { kind: 'node-missing', position: 33, from: 33, to: 64, level: 5, index: 1 },
      { kind: 'node-extra', position: 97, level: 4, index: 6 },
    ]);
  });

  it(
    'pins an event rewritten with a matching hash to ' + 'its exact position when heads exist at every size',
    () => {
      for (const p of [1, 16, 17, 40, 64, 65, 200, 299, 300]) {
        const ledger = new StoredLedger(300, everySize(300));
        ledger.rewrite(p);
        expect(pins(ledger.audit().problems)).toEqual([
          { kind: 'events-rewritten', position: p, from: p, to: p, treeSize: p, ...nodeOf(p, 300) },
        ]);
      }
    },
  );

  it('pins a rewrite between sparse heads to the heads’ range and the stored node’s', () => {
    const at = (heads: number[]) => {
      const ledger = new StoredLedger(80, heads);
      ledger.rewrite(40);
      return pins(ledger.audit().problems);
    };
    expect(at([30, 50, 80])).toMatchObject([
      { kind: 'events-rewritten', position: 33, from: 33, to: 48, level: 4, index: 2 },
    ]);
    expect(at([30, 44, 80])).toMatchObject([{ kind: 'events-rewritten', position: 33, from: 33, to: 44 }]);
    expect(at([38, 41, 80])).toMatchObject([{ kind: 'events-rewritten', position: 39, from: 39, to: 41 }]);
    // Without a head after it, the stored node alone cannot tell the row from the events.
    expect(at([30])).toMatchObject([{ kind: 'node-or-events', from: 33, to: 48 }]);
    // Without stored nodes or later heads, the heads alone: the first one that fails.
    const small = new StoredLedger(12, [3, 9, 12]);
    small.rewrite(5);
    expect(pins(small.audit().problems)).toMatchObject([
      { kind: 'events-rewritten', from: 4, to: 9, treeSize: 9 },
    ]);
  });

  it(
    'pins two unrelated rewrites each on its own (the ' + 'walk continues from the confirmed stored nodes)',
    () => {
      const ledger = new StoredLedger(300, everySize(300));
      ledger.rewrite(20);
      ledger.rewrite(150);
      ledger.rewrite(290);
      expect(pins(ledger.audit().problems).map((p) => [p.kind, p.from, p.to])).toEqual([
        ['events-rewritten', 20, 20],
        ['events-rewritten', 150, 150],
        ['events-rewritten', 290, 290],
      ]);
    },
  );

  it(
    'reports a row whose fields no longer give its hash once, ' +
      'and a changed or missing stored hash at the same position',
    () => {
      const data = new StoredLedger(100, everySize(100));
      data.events.set(30, { ...data.events.get(30)!, data: { amount: '1.00', category: 'mdf' } });
      expect(pins(data.audit().problems)).toEqual([
        { kind: 'event-changed', position: 30, from: 30, to: 30 },
      ]);

      const hash = new StoredLedger(100, everySize(100));
      hash.events.set(30, { ...hash.events.get(30)!, hash: 'ab'.repeat(32) });
      expect(pins(hash.audit().problems).map((p) => [p.kind, p.from, p.to])).toEqual([
        ['event-changed', 30, 30],
        ['events-rewritten', 30, 30],
      ]);

      const deleted = new StoredLedger(100, everySize(100));
      deleted.events.delete(30);
      expect(pins(deleted.audit().problems).map((p) => [p.kind, p.from, p.to])).toEqual([
        ['event-missing', 30, 30],
        ['events-rewritten', 30, 30],
      ]);
    },
  );

  it(
    'checks each head’s signature with the key of its size, ' + 'and does not take a bad head as evidence',
    async () => {
      const ledger = new StoredLedger(100, everySize(100));
      const head = ledger.heads.get(40)!;
      ledger.heads.set(40, { ...head, signature: ledger.heads.get(41)!.signature });
      ledger.heads.set(41, { ...ledger.heads.get(41)!, rootHash: 'cd'.repeat(32) });
      ledger.heads.set(42, { ...ledger.heads.get(42)!, timestamp: '2027-01-01T00:00:00.000Z' });
      ledger.heads.set(43, { ...ledger.heads.get(43)!, keyId: 'ed25519-0000000000000000' });
      const report = ledger.audit();
      expect(pins(report.problems)).toEqual(
        [
          { kind: 'head-signature', position: 40, treeSize: 40 },
          { kind: 'head-signature', position: 41, treeSize: 41 },
          { kind: 'head-signature', position: 42, treeSize: 42 },
          { kind: 'head-key', position: 43, treeSize: 43 },
        ].map((p) => ({ from: undefined, to: undefined, level: undefined, index: undefined, ...p })),
      );
      // The same verdicts when the signatures are checked ahead, on the thread pool.
      expect(await ledger.auditAhead(7)).toEqual(report);
      expect(report.problems[1].problem).toMatch(/its root differs from it too/);
      expect(report.problems[2].problem).toMatch(/its root still matches the tree/);
      expect(report.headsChecked).toBe(101 - 4);
    },
  );

  it('names a head the ledger’s key signed over another tree, between heads that match', () => {
    const ledger = new StoredLedger(100, everySize(100));
    ledger.heads.set(50, ledger.sign(50, 'ef'.repeat(32), ledger.key.privateKey));
    expect(pins(ledger.audit().problems)).toMatchObject([{ kind: 'head-root', position: 50, treeSize: 50 }]);
  });

  it('follows the key rotations: each key for its own sizes, the rotations themselves checked', () => {
    const ledger = new StoredLedger(100, everySize(100));
    const next = generateKeyPairSync('ed25519');
    const nextPem = next.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    for (let n = 61; n <= 100; n += 1)
      ledger.heads.set(
        n,
        ledger.sign(n, ledger.heads.get(n)!.rootHash, next.privateKey, keyIdOf(next.publicKey)),
      );
    const body = {
      previousKeyId: ledger.keyId,
      keyId: keyIdOf(next.publicKey),
      publicKey: nextPem,
      rotatedAt: '2026-02-01T00:00:00.000Z',
      treeSize: 60,
    };
    const rotation = { ...body, signature: signRotation(body, ledger.key.privateKey) };
    const recorded = new Map([[ledger.keyId, ledger.publicKeys[0].publicKey!]]);
    const { keys, problems } = ledgerKeys(ledger.keyId, [rotation], recorded);
    expect(problems).toEqual([]);
    expect(ledger.audit(50, keys)).toMatchObject({ ok: true, headsChecked: 101, headsUnchecked: 0 });

    // The old key signing beyond its rotation is the old key's head, not the ledger's.
    ledger.heads.set(70, ledger.sign(70, ledger.heads.get(70)!.rootHash, ledger.key.privateKey));
    expect(pins(ledger.audit(50, keys).problems)).toMatchObject([{ kind: 'head-key', treeSize: 70 }]);

    // A rotation its previous key did not sign; a first key the ledger never recorded (heads unchecked).
    const forged = { ...rotation, signature: signRotation(body, next.privateKey) };
    expect(ledgerKeys(ledger.keyId, [forged], recorded).problems).toMatchObject([
      { kind: 'key-rotation', treeSize: 60 },
    ]);
    const unknown = ledgerKeys(ledger.keyId, [rotation], new Map());
    expect(unknown.problems).toEqual([]);
    ledger.heads.set(
      70,
      ledger.sign(70, ledger.heads.get(70)!.rootHash, next.privateKey, keyIdOf(next.publicKey)),
    );
    expect(ledger.audit(50, unknown.keys)).toMatchObject({ ok: true, headsChecked: 40, headsUnchecked: 61 });
  });

  it('lists the stored nodes a stretch completes', () => {
    expect(completedNodes(1, 15)).toEqual([]);
    expect(completedNodes(1, 32)).toEqual([
      { level: 4, index: 0 },
      { level: 4, index: 1 },
      { level: 5, index: 0 },
    ]);
    expect(completedNodes(17, 47)).toEqual([
      { level: 4, index: 1 },
      { level: 5, index: 0 },
    ]);
    expect(completedNodes(33, 48)).toEqual([{ level: 4, index: 2 }]);
  });

  it('finds every single tampering and never pins it where it is not (property)', () => {
    const tampering = fc.record({
      size: fc.integer({ min: 17, max: 200 }),
      kind: fc.constantFrom('rewrite', 'node', 'drop-node', 'drop-event', 'head'),
      at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      heads: fc.constantFrom('every', 'sparse'),
      page: fc.constantFrom(1, 13, 64, 500),
    });
    fc.assert(
      fc.property(tampering, ({ size, kind, at, heads, page }) => {
        const sizes =
          heads === 'every' ? everySize(size) : range(0, size).filter((n) => n % 11 === 0 || n === size);
        const ledger = new StoredLedger(size, sizes);
        const refs = [...ledger.nodes.keys()];
        let expected: { kind: string; from: number; to: number };
        if (kind === 'rewrite' || kind === 'drop-event') {
          const p = 1 + Math.floor(at * size);
          if (kind === 'rewrite') ledger.rewrite(p);
          else ledger.events.delete(p);
          expected = { kind: kind === 'rewrite' ? 'events-rewritten' : 'event-missing', from: p, to: p };
        } else if (kind === 'head') {
          const n = sizes[1 + Math.floor(at * (sizes.length - 1))];
          ledger.heads.set(n, { ...ledger.heads.get(n)!, signature: ledger.heads.get(0)!.signature });
          expected = { kind: 'head-signature', from: n, to: n };
        } else {
          const [level, index] = refs[Math.floor(at * refs.length)].split(':').map(Number);
          if (kind === 'node') ledger.flipNode({ level, index });
          else ledger.nodes.delete(`${level}:${index}`);
          expected = {
            kind: kind === 'node' ? 'node-changed' : 'node-missing',
            from: index * 2 ** level + 1,
            to: (index + 1) * 2 ** level,
          };
        }
        const report = ledger.audit(page);
        expect(report.ok).toBe(false);
        // Sound: every problem reported holds the change; the first is exact when the evidence allows.
        const ranges = report.problems.map((p) => [p.from ?? p.treeSize!, p.to ?? p.treeSize!]);
        for (const [from, to] of ranges) expect(from <= expected.to && to >= expected.from).toBe(true);
        const first = report.problems[0];
        const [from, to] = ranges[0];
        if (heads === 'every' || kind !== 'rewrite') {
          if (kind === 'node' && heads === 'sparse' && first.kind === 'node-or-events') return;
          expect({ kind: first.kind, from, to }).toEqual(expected);
        }
      }),
      { numRuns: 300, seed: 20260113 },
    );
  });
});

/** The stored level-4 node over a position, when the ledger holds it (what confirms a rewrite there). */
function nodeOf(p: number, size: number): { level?: number; index?: number } {
  const index = Math.floor((p - 1) / 16);
  return (index + 1) * 16 <= size ? { level: 4, index } : {};
}
