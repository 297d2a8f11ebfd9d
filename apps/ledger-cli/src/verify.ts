import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  KeyRotation,
  MemoryTree,
  SignedTreeHead,
  TrustedKey,
  fromHex,
  keyIdOf,
  leafHash,
  parsePublicKey,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from '@ledger/verification';
import { CliError, Client, LedgerEvent } from './client';
import { checkPositions, checkVersions } from './completeness';
import { readExport } from './export';
import { KeyTrust, Trust } from './key-trust';
import { progress } from './progress';

/**
 * What a partner keeps between runs: the ledger's public key (pinned), the last head it verified, and the
 * key history it followed (older state files have only the first two: their pinned key is the history).
 */
interface State {
  readonly url: string;
  readonly keyId: string;
  readonly publicKey: string;
  readonly head?: SignedTreeHead;
  /** Every key trusted so far, oldest first; the last one is keyId/publicKey. */
  readonly keys?: TrustedKey[];
  /** The rotations followed, as the ledger served them: the evidence for each re-pin. */
  readonly rotations?: KeyRotation[];
}

export interface VerifyOptions {
  readonly stateFile: string;
  readonly exportFile?: string;
  readonly publicKeyFile?: string;
  /** A key id compared out of band: an unendorsed rotation to it is accepted (--accept-key). */
  readonly acceptKey?: string;
  /**
   * Check the export against the signed head of this size (an export made earlier) instead of the current.
   */
  readonly treeSize?: number;
  /** The export was made with --from-position N: positions (or versions) before N are not due. */
  readonly fromPosition?: number;
}

/**
 * `ledger verify`: fetch the signed head, check its signature against the pinned public key (or a key
 * the pinned one endorsed through the ledger's key rotations, which is then pinned), check a
 * consistency proof from the head saved in the state file, and only then save the new head. With an
 * export, also recompute every leaf, check that the export holds everything due at the head
 * (completeness.ts), and prove it: the root (a whole-ledger export) or each event's inclusion proof (a
 * partner's export, or one from --from-position). Throws CliError(…, 1) on a failure.
 */
export async function verifyLedger(
  client: Client,
  url: string,
  options: VerifyOptions,
  say: (line: string) => void,
): Promise<void> {
  const state = await loadState(client, url, options, say);
  const trust = new KeyTrust(trustOf(state), client, options, say);
  const head = wellFormedHead(await client.ok<unknown>('v1/ledger/head'), 'the head');
  await trust.check(head, 'the head');
  say(`head: tree size ${head.treeSize}, root ${head.rootHash}, signed by ${head.keyId} — signature ok`);
  if (state.head) {
    trust.checkSaved(state.head);
    await checkConsistency(client, state.head, head, say);
  }
  if (options.exportFile) {
    await checkExport(client, trust, head, await readExport(options.exportFile), options, say);
  }
  const { keys, rotations } = trust.current;
  const { keyId, publicKey } = trust.pinned;
  const saved: State = { ...state, keyId, publicKey, keys, rotations, head };
  writeFileSync(options.stateFile, `${JSON.stringify(saved, null, 2)}\n`);
  if (keyId !== state.keyId) {
    say(`pinned ${keyId} instead of ${state.keyId} in ${options.stateFile} (the key history is kept there)`);
  }
  say(`saved head ${head.treeSize} to ${options.stateFile}`);
}

function trustOf(state: State): Trust {
  return {
    keys: state.keys ?? [{ keyId: state.keyId, publicKey: state.publicKey, trustedBy: 'pinned' }],
    rotations: state.rotations ?? [],
  };
}

async function loadState(
  client: Client,
  url: string,
  options: VerifyOptions,
  say: (line: string) => void,
): Promise<State> {
  if (existsSync(options.stateFile)) {
    const state = JSON.parse(readFileSync(options.stateFile, 'utf8')) as State;
    const given =
      options.publicKeyFile && keyIdOf(parsePublicKey(readFileSync(options.publicKeyFile, 'utf8')));
    if (given && !trustOf(state).keys.some((k) => k.keyId === given)) {
      const pinned = `the key pinned in ${options.stateFile} (${state.keyId})`;
      throw new CliError(`${options.publicKeyFile} is not ${pinned} nor one it rotated from`, 1);
    }
    return state;
  }
  if (options.publicKeyFile) {
    // Checked against the head, not against the served public key: after a rotation the ledger serves its
    // new key, and the head check follows the rotations from the given one.
    const given = readFileSync(options.publicKeyFile, 'utf8');
    say(`pinned the given public key ${keyIdOf(parsePublicKey(given))}`);
    return { url, keyId: keyIdOf(parsePublicKey(given)), publicKey: given };
  }
  const served = await client.ok<{ keyId: string; publicKey: string }>('v1/ledger/public-key');
  const keyId = keyIdOf(parsePublicKey(served.publicKey));
  if (keyId !== served.keyId) {
    throw new CliError(`the ledger's public key has the id ${keyId}, not ${served.keyId} as it says`, 1);
  }
  say(`pinned the ledger's public key ${keyId} (trust on first use: compare it with your partners')`);
  return { url, keyId, publicKey: served.publicKey };
}

async function checkConsistency(
  client: Client,
  old: SignedTreeHead,
  head: SignedTreeHead,
  say: (line: string) => void,
): Promise<void> {
  if (head.treeSize < old.treeSize)
    throw new CliError(
      `the ledger shrank from ${old.treeSize} to ${head.treeSize} events: history was removed`,
      1,
    );
  if (head.treeSize === old.treeSize) {
    if (head.rootHash !== old.rootHash)
      throw new CliError(
        `tree size ${head.treeSize} now has root ${head.rootHash}, but was ${old.rootHash}: history ` +
          `was rewritten`,
        1,
      );
    say(`unchanged since the saved head (tree size ${head.treeSize})`);
    return;
  }
  const answer = await client.ok<{ proof?: unknown }>(
    `v1/ledger/proofs/consistency?from=${old.treeSize}&to=${head.treeSize}`,
  );
  const proof = hashes(answer.proof, `the consistency proof ${old.treeSize} → ${head.treeSize}`);
  if (!verifyConsistency(old.treeSize, head.treeSize, proof, fromHex(old.rootHash), fromHex(head.rootHash))) {
    throw new CliError(
      `the tree of size ${head.treeSize} does not extend the saved tree of size ${old.treeSize}: ` +
        `history was rewritten`,
      1,
    );
  }
  say(`consistency proof ${old.treeSize} → ${head.treeSize} ok: nothing saved before was changed or removed`);
}

async function checkExport(
  client: Client,
  trust: KeyTrust,
  current: SignedTreeHead,
  events: LedgerEvent[],
  options: VerifyOptions,
  say: (line: string) => void,
): Promise<void> {
  const bad = events.filter((e) => leafHash({ ...e }) !== e.hash).map((e) => e.position);
  if (bad.length > 0)
    throw new CliError(
      `the export's events at positions ${bad.slice(0, 20).join(', ')} do not match their hashes`,
      1,
    );
  say(`${events.length} exported events recomputed: every leaf hash matches`);
  const head = await headToCheck(client, trust, current, options.treeSize, say);
  const from = options.fromPosition ?? 1;
  const size = head.treeSize;
  if ((await client.get<unknown>('v1/events?limit=1')).status === 200) {
    checkPositions(events, from, head);
    say(`the export holds every position ${from}–${size} of the signed head of tree size ${size}, each once`);
    if (from === 1) {
      const root = toHex(new MemoryTree(events.map((e) => Buffer.from(e.hash, 'hex'))).root());
      if (head.rootHash !== root) {
        const differs =
          `the export's root ${root} differs from the signed root ${head.rootHash} of tree ` + `size ${size}`;
        throw new CliError(differs, 1);
      }
      say(`root of the ${size} exported events equals the signed head of tree size ${size}`);
      return;
    }
  } else {
    const partnerships = await checkVersions(client, events, from, head);
    const held = partnerships.join('; ');
    say(`the export holds every version due at the signed head of tree size ${size} (${held})`);
  }
  await proveEach(client, events, head);
  say(`${events.length} exported events proven included in the signed tree of size ${size}`);
}

/**
 * The head an export is checked against: the current one, or (--tree-size N, an export made earlier) the
 * signed head of size N, which must be signed by a trusted key and proven consistent with the current one.
 */
async function headToCheck(
  client: Client,
  trust: KeyTrust,
  current: SignedTreeHead,
  treeSize: number | undefined,
  say: (line: string) => void,
): Promise<SignedTreeHead> {
  if (treeSize === undefined || treeSize === current.treeSize) return current;
  if (treeSize < 1 || treeSize > current.treeSize) {
    throw new CliError(`--tree-size must be between 1 and the ledger's size, ${current.treeSize}`);
  }
  const served = await client.ok<unknown>(`v1/ledger/heads/${treeSize}`);
  const earlier = wellFormedHead(served, `the head of size ${treeSize}`);
  if (earlier.treeSize !== treeSize) {
    throw new CliError(`asked for the head of size ${treeSize}, the server gave ${earlier.treeSize}`, 1);
  }
  await trust.check(earlier, 'the head');
  await checkConsistency(client, earlier, current, say);
  return earlier;
}

async function proveEach(
  client: Client,
  events: readonly LedgerEvent[],
  head: SignedTreeHead,
): Promise<void> {
  const bar = progress('inclusion', events.length);
  for (const e of events) {
    const proof = await client.ok<{ auditPath?: unknown }>(
      `v1/ledger/proofs/inclusion?position=${e.position}&treeSize=${head.treeSize}`,
    );
    bar.tick();
    const path = hashes(proof.auditPath, `the inclusion proof of position ${e.position}`);
    if (!verifyInclusion(e.position - 1, head.treeSize, fromHex(e.hash), path, fromHex(head.rootHash))) {
      bar.done();
      throw new CliError(
        `the event at position ${e.position} is not in the signed tree of size ${head.treeSize}`,
        1,
      );
    }
  }
  bar.done();
}

const HEX = /^[0-9a-f]{64}$/i;

/**
 * Whatever a server answers is evidence, not input to trust: an answer that is not even well formed
 * fails verification (exit 1), exactly like a proof that does not verify — never a crash (exit 2) that
 * a script could take for a passing network error.
 */
function wellFormedHead(value: unknown, what: string): SignedTreeHead {
  const h = value as Partial<SignedTreeHead> | null;
  const ok =
    typeof h === 'object' &&
    h !== null &&
    !Array.isArray(h) &&
    Number.isSafeInteger(h.treeSize) &&
    (h.treeSize as number) >= 0 &&
    typeof h.rootHash === 'string' &&
    HEX.test(h.rootHash) &&
    typeof h.timestamp === 'string' &&
    typeof h.signature === 'string' &&
    typeof h.keyId === 'string';
  if (!ok) throw new CliError(`${what} is malformed: ${JSON.stringify(value).slice(0, 200)}`, 1);
  return h as SignedTreeHead;
}

function hashes(value: unknown, what: string): Buffer[] {
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'string' && HEX.test(x))) {
    throw new CliError(`${what} is malformed: not a list of SHA-256 hex digests`, 1);
  }
  return value.map((x: string) => fromHex(x));
}
