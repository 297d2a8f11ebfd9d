import { Admission, Busy } from './admission';

const deferred = () => {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('Admission: a concurrency limit per kind of expensive request', () => {
  it(
    'given the limit in flight, refuses the next at once ' +
      'without running it, and admits again once one settles',
    async () => {
      let refusals = 0;
      const admission = new Admission('replays', 2, () => (refusals += 1));
      const [first, second] = [deferred(), deferred()];
      const running = [admission.run(() => first.promise), admission.run(() => second.promise)];
      let ran = false;
      const refused = admission.run(async () => void (ran = true));
      await expect(refused).rejects.toBeInstanceOf(Busy);
      await expect(refused).rejects.toMatchObject({ kind: 'replays', limit: 2, retryAfterSeconds: 1 });
      expect(ran).toBe(false);
      expect(refusals).toBe(1);

      second.reject(new Error('boom')); // a failure gives its slot back too
      await expect(running[1]).rejects.toThrow('boom');
      await expect(admission.run(async () => 'admitted')).resolves.toBe('admitted');
      first.resolve();
      await running[0];
    },
  );

  it('given limit 0, admits everything', async () => {
    const admission = new Admission('portfolios', 0);
    const gate = deferred();
    const all = Array.from({ length: 50 }, () => admission.run(() => gate.promise));
    gate.resolve();
    await expect(Promise.all(all)).resolves.toHaveLength(50);
  });

  it('says to retry after about one task’s duration, from 1 to 60 s', async () => {
    const now = jest.spyOn(performance, 'now');
    try {
      const admission = new Admission('series', 1);
      const timed = async (ms: number) => {
        now.mockReturnValueOnce(0).mockReturnValueOnce(ms);
        await admission.run(async () => undefined);
      };
      for (let i = 0; i < 40; i += 1) await timed(4_200);
      expect(admission.retryAfterSeconds()).toBe(5);
      for (let i = 0; i < 80; i += 1) await timed(600_000);
      expect(admission.retryAfterSeconds()).toBe(60);
      for (let i = 0; i < 80; i += 1) await timed(20);
      expect(admission.retryAfterSeconds()).toBe(1);
    } finally {
      now.mockRestore();
    }
  });
});
