/** Addresses whose buckets are kept; beyond it the fullest go first (a full bucket is the same as none). */
const MAX_ADDRESSES = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Database lookups of API keys this process does not know, per client address: a token bucket per
 * address that holds `perSecond` tokens and refills at `perSecond` a second. A lookup takes a token before
 * it queries; a lookup that finds its key gives the token back, so only failures (unknown, revoked or
 * made-up keys) use the budget. Taking before querying is what makes it hold under concurrency: 60 made-up
 * keys sent at once cost at most `perSecond` queries, not 60.
 *
 * Guarantees: over any interval of t seconds an address has at most perSecond × (1 + t) failed lookups;
 * a refusal says how many whole seconds until a token is back (Retry-After).
 * Constraints: `perSecond` 0 is no limit; at most MAX_ADDRESSES buckets are kept, so an attacker with
 * more addresses than that gets fresh buckets for some of them (memory stays bounded instead).
 */
export class FailedKeyLimit {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one lookup for `address`: 0 when taken, else the seconds to wait before one is back. */
  take(address: string): number {
    if (this.perSecond === 0) return 0;
    const bucket = this.refilled(address);
    if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
    bucket.tokens -= 1;
    this.keep(address, bucket);
    return 0;
  }

  /** The lookup `address` took found its key: not a failure, so the token goes back. */
  giveBack(address: string): void {
    if (this.perSecond === 0) return;
    const bucket = this.refilled(address);
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + 1);
    this.keep(address, bucket);
  }

  private refilled(address: string): Bucket {
    const now = this.now();
    const bucket = this.buckets.get(address) ?? { tokens: this.perSecond, at: now };
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    return bucket;
  }

  /** Most recently used last, so that eviction starts with the addresses quiet the longest. */
  private keep(address: string, bucket: Bucket): void {
    this.buckets.delete(address);
    if (bucket.tokens >= this.perSecond) return;
    this.buckets.set(address, bucket);
    if (this.buckets.size > MAX_ADDRESSES) this.evict();
  }

  private evict(): void {
    for (const [address, bucket] of this.buckets) {
      if (this.buckets.size <= MAX_ADDRESSES * 0.9) return;
      const full = bucket.tokens + ((this.now() - bucket.at) / 1000) * this.perSecond >= this.perSecond;
      if (full || this.buckets.size > MAX_ADDRESSES) this.buckets.delete(address);
    }
  }
}
