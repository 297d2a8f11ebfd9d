import { canonicalJson } from '../../../../libs/verification/src/canonical-json';
import { ApiError, get, Me } from '../api';
import type { Clocks } from '../route';
import { importEd25519, utf8, verifyEd25519 } from './crypto';
import { eventAt, figuresPosition, headOfSize, inclusionProof, SignedHead, witnessKey } from './ledger-reads';
import { leafHashOf, verifyInclusion } from './merkle';
import { pinnedLedgerKey } from './pinned-key';

export type CheckState = 'verified' | 'failed' | 'not_checked';

export interface Check {
  readonly name: string;
  readonly state: CheckState;
  readonly detail: string;
}

export interface IntegrityReport {
  /** Verified only when every check that ran passed and the signature and the proof both ran. */
  readonly verified: boolean;
  /** Whether the event's own fields were hashed here (false for keys that read no raw events). */
  readonly contentChecked: boolean;
  readonly position: number;
  readonly head?: SignedHead;
  readonly checks: readonly Check[];
}

const check = (name: string, ok: boolean, yes: string, no: string): Check => ({
  name,
  state: ok ? 'verified' : 'failed',
  detail: ok ? yes : no,
});

/**
 * Proves, in this browser, that the figures on screen belong to a tree head the ledger signed: the
 * head's Ed25519 signature against the pinned key, the inclusion proof of the partnership's event at the
 * figures' position against that head's root, the event's own leaf hash where the key may read it, and
 * every countersignature against its organization's registered key.
 */
export async function checkIntegrity(me: Me, id: string, clocks: Clocks): Promise<IntegrityReport> {
  const position = await figuresPosition(id, clocks);
  const pinned = await pinnedLedgerKey();
  if (!pinned.ok)
    return {
      verified: false,
      contentChecked: false,
      position,
      checks: [{ name: 'Ledger key', state: 'failed', detail: pinned.problem }],
    };
  const keyCheck: Check = {
    name: 'Ledger key',
    state: 'verified',
    detail: `${pinned.keyId}, ${pinned.firstUse ? 'pinned now (first use)' : `pinned on ${pinned.pinnedAt.slice(0, 10)}`}`,
  };
  const checks: Check[] = [keyCheck];
  const head = await headFor(position, pinned.keyId, checks);
  const signed = utf8(
    canonicalJson({ treeSize: head.treeSize, rootHash: head.rootHash, timestamp: head.timestamp }),
  );
  const signatureOk = await verifyEd25519(pinned.key, head.signature, signed);
  checks.push(
    check(
      'Head signature',
      signatureOk,
      `Ed25519 over size ${head.treeSize}, verified`,
      'the signature does not verify',
    ),
  );
  const proofCheck = await inclusionChecks(me, id, position, head);
  checks.push(...proofCheck);
  checks.push(...(await cosignatureChecks(head, signed)));
  const ran = checks.filter((c) => c.state !== 'not_checked');
  const proved = proofCheck.some((c) => c.name === 'Inclusion proof' && c.state === 'verified');
  return {
    verified: signatureOk && proved && ran.every((c) => c.state === 'verified'),
    contentChecked: proofCheck.some((c) => c.name === 'Event content' && c.state === 'verified'),
    position,
    head,
    checks,
  };
}

/**
 * The head the figures belong to: the one of exactly their position when the ledger issued it (it signs
 * a size only while it is the current one), else the current head, whose tree contains that position.
 */
async function headFor(position: number, keyId: string, checks: Check[]): Promise<SignedHead> {
  const exact = await headOfSize(position).catch((error: unknown) => {
    if (error instanceof ApiError && error.problem.status === 404) return undefined;
    throw error;
  });
  if (exact?.keyId === keyId) return exact;
  if (exact) {
    // Signed before a key rotation: the current head covers the same events and is signed by the pinned key.
    const detail = `size ${position} was signed by ${exact.keyId}; proving against the current head`;
    checks.push({ name: 'Head', state: 'not_checked', detail });
  }
  return latestHead();
}

async function latestHead(): Promise<SignedHead> {
  const latest = await get<{ treeSize: number }>('/v1/ledger/head');
  return headOfSize(latest.treeSize);
}

async function inclusionChecks(me: Me, id: string, position: number, head: SignedHead): Promise<Check[]> {
  const proof = await inclusionProof(position, head.treeSize);
  const checks: Check[] = [];
  const event = await eventAt(me, id, position);
  if (event && event.partnershipId !== id) {
    checks.push({
      name: 'Event content',
      state: 'failed',
      detail: `position ${position} is ${event.partnershipId}’s event, not ${id}’s`,
    });
  } else if (event) {
    const recomputed = await leafHashOf(event);
    checks.push(
      check(
        'Event content',
        recomputed === proof.leafHash,
        `leaf of position ${position} recomputed from the event`,
        `the event at position ${position} does not hash to the proven leaf`,
      ),
    );
  } else {
    checks.push({
      name: 'Event content',
      state: 'not_checked',
      detail: 'this key reads no raw events: the proven leaf hash is the ledger’s',
    });
  }
  const included = await verifyInclusion(
    position - 1,
    head.treeSize,
    proof.leafHash,
    proof.auditPath,
    head.rootHash,
  );
  checks.push(
    check(
      'Inclusion proof',
      included,
      `position ${position} is leaf ${position - 1} of the signed tree`,
      `the proof does not lead to the signed root`,
    ),
  );
  return checks;
}

async function cosignatureChecks(head: SignedHead, signed: Uint8Array<ArrayBuffer>): Promise<Check[]> {
  if (head.cosignatures.length === 0)
    return [
      {
        name: 'Countersignatures',
        state: 'not_checked',
        detail: 'no organization has countersigned this head yet',
      },
    ];
  return Promise.all(
    head.cosignatures.map(async ({ orgId, keyId, signature }) => {
      const pem = await witnessKey(orgId, keyId).catch(() => undefined);
      const key = pem === undefined ? undefined : await importEd25519(pem).catch(() => undefined);
      const ok = key !== undefined && (await verifyEd25519(key, signature, signed));
      return check(
        `Countersignature of ${orgId}`,
        ok,
        `by ${keyId}, verified`,
        `by ${keyId}: does not verify`,
      );
    }),
  );
}
