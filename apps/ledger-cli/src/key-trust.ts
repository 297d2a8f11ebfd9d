import {
  KeyChainError,
  KeyRotation,
  SignedTreeHead,
  TrustedKey,
  canonicalJson,
  followRotations,
  keyForHead,
  parsePublicKey,
  verifyHead,
} from '@ledger/verification';
import { CliError, Client } from './client';

/** The keys a partner trusts and the rotations that led to them, as kept in the state file. */
export interface Trust {
  readonly keys: TrustedKey[];
  readonly rotations: KeyRotation[];
}

export interface TrustOptions {
  readonly stateFile: string;
  /** A key id the partner compared out of band: an unendorsed rotation to it is accepted. */
  readonly acceptKey?: string;
}

/**
 * Which key may sign which head, for one `ledger verify` run. Starts from the keys in the state file;
 * when a head is signed by a key it does not know, fetches the ledger's key rotations and follows them
 * from the pinned key (libs/verification followRotations), so an endorsed rotation re-pins on its own.
 *
 * Guarantees: no head is accepted unless its key is the pinned one or reached from it by links each
 * signed by the key before (or accepted by name with --accept-key), and a retired key only for sizes
 * up to its rotation; the rotations followed in earlier runs must still be served, byte for byte.
 */
export class KeyTrust {
  private trust: Trust;

  constructor(
    initial: Trust,
    private readonly client: Client,
    private readonly options: TrustOptions,
    private readonly say: (line: string) => void,
  ) {
    this.trust = initial;
  }

  get current(): Trust {
    return this.trust;
  }

  get pinned(): TrustedKey {
    return this.trust.keys.at(-1)!;
  }

  /** Follows rotations if needed, then checks the head's key and signature; throws CliError(…, 1). */
  async check(head: SignedTreeHead, what: string): Promise<void> {
    if (!this.trust.keys.some((k) => k.keyId === head.keyId)) await this.follow();
    const key = this.guarded(() => keyForHead(this.trust.keys, head));
    if (!verifyHead(head, head.signature, parsePublicKey(key.publicKey))) {
      const size = head.treeSize;
      throw new CliError(
        `${what} of tree size ${size} is not signed by ${key.keyId}: the signature does not verify`,
        1,
      );
    }
  }

  /** A head saved in an earlier run: its key must still vouch for its size under the rotations known now. */
  checkSaved(head: SignedTreeHead): void {
    this.guarded(() => keyForHead(this.trust.keys, head));
  }

  private async follow(): Promise<void> {
    const served = await fetchRotations(this.client);
    this.assertStillServed(served);
    const { acceptKey } = this.options;
    const { keys, followed } = this.guarded(() => followRotations(this.trust.keys, served, acceptKey));
    for (const r of followed) this.say(describeLink(r));
    this.trust = { keys, rotations: [...this.trust.rotations, ...followed] };
  }

  private assertStillServed(served: readonly KeyRotation[]): void {
    const known = new Set(served.map(fingerprint));
    const gone = this.trust.rotations.find((r) => !known.has(fingerprint(r)));
    if (!gone) return;
    const { stateFile } = this.options;
    throw new CliError(
      `the ledger no longer shows the key rotation ${gone.previousKeyId} → ${gone.keyId} (tree size ` +
        `${gone.treeSize}) that ${stateFile} followed: its key history was rewritten. ` +
        `Keep ${stateFile} and ` +
        'this output as evidence',
      1,
    );
  }

  private guarded<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof KeyChainError) throw new CliError(advice(error, this.options.stateFile), 1);
      throw error;
    }
  }
}

/** What a partner should do about each way a key history can fail. */
function advice(error: KeyChainError, stateFile: string): string {
  switch (error.problem) {
    case 'unendorsed':
      return (
        `${error.message}. Compare ${error.keyId} with the ledger's operator and your partners out of band ` +
        `(not through this server); only if it matches, run again with --accept-key ${error.keyId}`
      );
    case 'unreached':
      return (
        `${error.message}: the ledger may have been restored without its signing key, or this is another ` +
        'ledger. Ask its operator to restore the key or to record a rotation (npm run rotate-signing-key); ' +
        `keep ${stateFile}`
      );
    case 'forged':
    case 'broken':
    case 'retired':
      return (
        `${error.message}. The key history the ledger shows is not vouched for by the key you pinned: ` +
        `do not re-pin; keep ${stateFile} and this output as evidence`
      );
    default: {
      const never: never = error.problem;
      return never;
    }
  }
}

function describeLink(r: KeyRotation): string {
  const link = `key rotation at tree size ${r.treeSize}: ${r.previousKeyId} → ${r.keyId}`;
  if (r.signature === null) {
    return (
      `${link}, NOT endorsed (the old key was lost); accepted with --accept-key after your ` +
      'out-of-band comparison'
    );
  }
  return `${link}, endorsed by ${r.previousKeyId} — signature ok`;
}

const fingerprint = ({ previousKeyId, keyId, publicKey, rotatedAt, treeSize, signature }: KeyRotation) =>
  canonicalJson({ previousKeyId, keyId, publicKey, rotatedAt, treeSize, signature });

/**
 * The ledger's key rotations. A ledger that serves none (404, an older server) has none; anything else
 * that is not a well-formed list fails verification (exit 1), like a malformed head.
 */
async function fetchRotations(client: Client): Promise<KeyRotation[]> {
  const { status, body } = await client.get<{ items?: unknown }>('v1/ledger/key-rotations');
  if (status === 404) return [];
  if (status !== 200) throw new CliError(`v1/ledger/key-rotations answered ${status}`);
  const items = body?.items;
  if (!Array.isArray(items) || !items.every(wellFormedRotation)) {
    throw new CliError(`the key rotations are malformed: ${JSON.stringify(body).slice(0, 200)}`, 1);
  }
  return items;
}

function wellFormedRotation(value: unknown): value is KeyRotation {
  const r = value as Partial<KeyRotation> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    !Array.isArray(r) &&
    typeof r.previousKeyId === 'string' &&
    typeof r.keyId === 'string' &&
    typeof r.publicKey === 'string' &&
    typeof r.rotatedAt === 'string' &&
    Number.isSafeInteger(r.treeSize) &&
    (r.treeSize as number) >= 0 &&
    (r.signature === null || typeof r.signature === 'string')
  );
}
