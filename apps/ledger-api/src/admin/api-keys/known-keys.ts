import { LRUCache } from 'lru-cache';
import { Caller } from '../../auth/caller';
import { OneAtATime } from '../../common/one-at-a-time';

/** Whatever changes whenever a key is revoked (read from the database; compared for equality only). */
export type RevocationEpoch = string;

const MAX_KNOWN = 10_000;

interface Known {
  readonly caller: Caller;
  readonly epoch: RevocationEpoch;
}

/**
 * Keys this process has already looked up, so that a request does not need its own key query: it needs
 * a revocation check instead, and concurrent requests share one. Every request still waits for a check
 * that *started after it arrived*, so a key revoked by any process (its DELETE answered) fails the very
 * next request everywhere, as API.md requires.
 *
 * Guarantees:
 * - a key is answered from memory only if the revocation epoch read after the request arrived equals
 *   the epoch read before the key itself was last looked up (no revocation in between);
 * - under load, the checks of concurrent requests are one query (`OneAtATime.shared`), not one each;
 * - only keys that were found are kept (a key issued a moment ago is looked up, never refused from memory);
 * - for a key it does not hold, `beforeQuery` runs before any query (the revocation check included), so
 *   a caller that refuses there (the per-address limit on failed lookups) costs the database nothing.
 * Constraints: the epoch must change with every revocation (a key's revoked_at is set, never cleared, and
 * rows are not deleted); at most MAX_KNOWN keys are kept, least recently used out.
 */
export class KnownKeys {
  private readonly checks = new OneAtATime();
  private readonly known = new LRUCache<string, Known>({ max: MAX_KNOWN });

  constructor(
    private readonly readEpoch: () => Promise<RevocationEpoch>,
    private readonly lookUp: (keyHash: string) => Promise<Caller | undefined>,
  ) {}

  async caller(keyHash: string, beforeQuery: () => void = () => undefined): Promise<Caller | undefined> {
    if (!this.known.has(keyHash)) beforeQuery();
    const epoch = await this.checks.shared('epoch', this.readEpoch);
    const held = this.known.get(keyHash);
    if (held?.epoch === epoch) return held.caller;
    this.known.delete(keyHash);
    const caller = await this.lookUp(keyHash);
    if (caller) this.known.set(keyHash, { caller, epoch });
    return caller;
  }

  /** This process revoked a key: nothing of it may be answered from memory, whatever the epoch says. */
  forget(keyId: string): void {
    const hashes = [...this.known.entries()].filter(([, { caller }]) => caller.keyId === keyId);
    for (const [hash] of hashes) this.known.delete(hash);
  }
}
