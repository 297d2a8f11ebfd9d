import { Slots } from './body-reads';

describe('Slots: the body-read cap', () => {
  it('gives up to max slots at once, then makes the next caller wait for one to be released', async () => {
    const slots = new Slots(2);
    expect([await slots.take(0), await slots.take(0)]).toEqual([true, true]);
    const waiter = slots.take(1_000);
    let settled = false;
    void waiter.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    slots.release();
    expect(await waiter).toBe(true);
  });

  it('refuses a waiter no slot reached in time, and does not hand it one afterwards', async () => {
    const slots = new Slots(1);
    expect(await slots.take(0)).toBe(true);
    expect(await slots.take(30)).toBe(false);
    slots.release();
    // The slot the late release freed is free again, not lost to the caller that gave up.
    expect(await slots.take(0)).toBe(true);
    expect(await slots.take(0)).toBe(false);
  });

  it('hands freed slots to waiters in the order they came', async () => {
    const slots = new Slots(1);
    await slots.take(0);
    const order: string[] = [];
    const first = slots.take(1_000).then(() => order.push('first'));
    const second = slots.take(1_000).then(() => order.push('second'));
    slots.release();
    slots.release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });
});
