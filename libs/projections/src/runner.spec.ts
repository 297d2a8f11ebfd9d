import { CheckpointMoved, EventSource, Lease, Positioned, ProjectionPlan, ProjectionStore } from './ports';
import { Prefetch } from './prefetch';
import { ProjectionRunner } from './runner';

const events = (n: number): Positioned[] => Array.from({ length: n }, (_, i) => ({ position: i + 1 }));

class Source implements EventSource<Positioned> {
  reads: number[] = [];
  constructor(readonly all: Positioned[]) {}
  readAll({ fromPosition, limit }: { fromPosition: number; limit: number }): Promise<Positioned[]> {
    this.reads.push(fromPosition);
    return Promise.resolve(this.all.slice(fromPosition - 1, fromPosition - 1 + limit));
  }
  onAppended(): () => void {
    return () => undefined;
  }
}

class Store implements ProjectionStore<Positioned> {
  readonly key = 'one';
  position = 0;
  applied: number[] = [];
  moveUnder = false;
  constructor(readonly batchSize: number) {}
  checkpoint(): Promise<number> {
    return Promise.resolve(this.position);
  }
  writeBatch(batch: readonly Positioned[], { from, to }: { from: number; to: number }): Promise<void> {
    if (this.moveUnder) return Promise.reject(new CheckpointMoved('moved'));
    if (from !== this.position) return Promise.reject(new CheckpointMoved('moved'));
    this.applied.push(...batch.map((e) => e.position));
    this.position = to;
    return Promise.resolve();
  }
}

class FixedLease implements Lease {
  lostCalls = 0;
  constructor(public held: boolean) {}
  tryAcquire(): Promise<boolean> {
    return Promise.resolve(this.held);
  }
  lost(): void {
    this.lostCalls++;
    this.held = false;
  }
  release(): Promise<void> {
    this.held = false;
    return Promise.resolve();
  }
}

function plan(store: Store): ProjectionPlan<Positioned> & { resets: number } {
  return {
    resets: 0,
    next: () => Promise.resolve({ stores: [store], busy: false }),
    reset() {
      this.resets++;
    },
  };
}

const FAST = { coalesceMs: 1, idleMs: 5, standbyMs: 5, retryMs: 5, onError: () => undefined };
const until = async (done: () => boolean) => {
  for (let i = 0; i < 400 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('ProjectionRunner', () => {
  it('given the lease, applies every event once, in order, in batches, up to the head', async () => {
    const store = new Store(3);
    const runner = new ProjectionRunner(new Source(events(10)), plan(store), new FixedLease(true), FAST);
    runner.start();
    await until(() => store.position === 10);
    await runner.stop();
    expect(store.applied).toEqual(events(10).map((e) => e.position));
  });

  it('without the lease, writes nothing', async () => {
    const store = new Store(3);
    const runner = new ProjectionRunner(new Source(events(5)), plan(store), new FixedLease(false), FAST);
    runner.start();
    await new Promise((r) => setTimeout(r, 50));
    await runner.stop();
    expect([store.applied, runner.leader]).toEqual([[], false]);
  });

  it('given a checkpoint moved under it, gives the lease up and forgets what it held', async () => {
    const store = new Store(3);
    store.moveUnder = true;
    const lease = new FixedLease(true);
    const projection = plan(store);
    const runner = new ProjectionRunner(new Source(events(5)), projection, lease, FAST);
    runner.start();
    await until(() => lease.lostCalls > 0);
    await runner.stop();
    expect([lease.lostCalls, projection.resets > 0, store.applied, runner.lastError]).toEqual([
      1,
      true,
      [],
      'moved',
    ]);
  });
});

describe('Prefetch', () => {
  it('uses a read-ahead only at the very position it was started at, once', async () => {
    const source = new Source(events(10));
    const prefetch = new Prefetch(source);
    prefetch.start('k', 4, 3);
    expect((await prefetch.read('k', 4, 3)).map((e) => e.position)).toEqual([4, 5, 6]);
    prefetch.start('k', 7, 3);
    expect((await prefetch.read('k', 5, 3)).map((e) => e.position)).toEqual([5, 6, 7]);
    expect(source.reads).toEqual([4, 7, 5]);
  });
});
