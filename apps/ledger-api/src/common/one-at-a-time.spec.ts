import { OneAtATime } from './one-at-a-time';

const tick = () => new Promise((r) => setTimeout(r, 5));

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('OneAtATime', () => {
  it('never runs two tasks at once, and runs them in call order', async () => {
    const serial = new OneAtATime();
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task = (n: number) => async () => {
      running += 1;
      most = Math.max(most, running);
      await tick();
      order.push(n);
      running -= 1;
      return n * 10;
    };
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => serial.run(task(n))));
    expect(most).toBe(1);
    expect(order).toEqual([1, 2, 3, 4, 5, 6]);
    expect(results).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('gives a failure to its own caller only and goes on with the next task', async () => {
    const serial = new OneAtATime();
    const failing = serial.run(async () => {
      await tick();
      throw new Error('boom');
    });
    const next = serial.run(async () => 'after');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('after');
  });

  it(
    'shares one run among requests for a key made while ' +
      'it waits its turn, and runs again once it started',
    async () => {
      const serial = new OneAtATime();
      const gate = deferred();
      void serial.run(() => gate.promise);
      let runs = 0;
      const task = async () => {
        runs += 1;
        await tick();
        return runs;
      };
      expect(serial.joins('k')).toBe(false);
      const a = serial.shared('k', task);
      expect(serial.joins('k')).toBe(true);
      const [b, other] = [serial.shared('k', task), serial.shared('other', task)];
      gate.resolve();
      expect(await Promise.all([a, b, other])).toEqual([1, 1, 2]);

      const started = deferred();
      const running = serial.shared('k', async () => {
        started.resolve();
        await tick();
        return 'first';
      });
      await started.promise;
      expect(serial.joins('k')).toBe(false);
      // The first has started: a new request must not get an answer computed before it arrived.
      expect(await Promise.all([running, serial.shared('k', async () => 'second')])).toEqual([
        'first',
        'second',
      ]);
    },
  );
});
