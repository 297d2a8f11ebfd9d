import { LRUCache } from 'lru-cache';
import { RecordedEvent, StreamFold, StreamState } from './port';

export type { StreamFold, StreamState };

/** Reads a stream's events with versions in [fromVersion, toVersion], in order. */
export type ReadTail = (streamId: string, fromVersion: number, toVersion: number) => Promise<RecordedEvent[]>;

/**
 * The folded state of recently used streams, least recently used out. A process caches what it has
 * seen committed; another process may have appended since, so a state is always asked for *at* a
 * version the caller read from the database, and the missing tail is read and folded first.
 *
 * Guarantees: `at(id, v)` is the fold of exactly the stream's first v events; only states of committed
 * events are kept (`keep` is called after a commit); a cached state newer than asked is never used.
 */
export class StreamStates<S> {
  private readonly cache: LRUCache<string, StreamState<S>>;

  constructor(
    private readonly fold: StreamFold<S>,
    maxStreams = 5_000,
  ) {
    this.cache = new LRUCache({ max: maxStreams });
  }

  /** `readTail` reads on the caller's connection (inside its transaction, if any: PGlite has one session). */
  async at(streamId: string, version: number, readTail: ReadTail): Promise<StreamState<S>> {
    const cached = this.cache.get(streamId);
    const start = cached && cached.version <= version ? cached : { version: 0, state: this.fold.initial() };
    if (start.version === version) return start;
    const tail = await readTail(streamId, start.version + 1, version);
    const state = tail.reduce((s, e) => this.fold.evolve(s, e), start.state);
    const folded = { version: start.version + tail.length, state };
    if (folded.version !== version)
      throw new Error(`stream ${streamId} has ${folded.version} events up to version ${version}`);
    this.keep(streamId, folded);
    return folded;
  }

  evolve(current: StreamState<S>, event: RecordedEvent): StreamState<S> {
    return { version: event.version, state: this.fold.evolve(current.state, event) };
  }

  keep(streamId: string, state: StreamState<S>): void {
    const cached = this.cache.get(streamId);
    if (!cached || cached.version <= state.version) this.cache.set(streamId, state);
  }
}
