/**
 * The paced mode of SimulatedClock (`serve --simulate`): one timer per event-loop turn, never past a
 * pending timer, frozen while held. No wall-time assertions: only the order of events and clock times.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock, holdDuring } from '../../../src-main/clock';

const T0 = Date.parse('2026-11-21T20:00:00Z');
const realTurn = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A device operation under a deadline, as `withDeadline` does it: the operation's end cancels the timeout. */
async function operation(clock: SimulatedClock, workMs: number, timeoutMs: number, cpuAfterMs: number): Promise<string> {
  const timer = new AbortController();
  const timeout = clock.sleep(timeoutMs, timer.signal).then(
    () => 'timed out',
    () => 'cancelled',
  );
  const work = clock.sleep(workMs).then(() => {
    // Real CPU work in the continuation (an image being synthesised): the clock must not move past it.
    const until = performance.now() + cpuAfterMs;
    while (performance.now() < until) {
      // spin
    }
    return 'done';
  });
  const result = await Promise.race([work, timeout]);
  timer.abort();
  return result;
}

describe('SimulatedClock (paced)', () => {
  it('runs the continuation of an earlier timer before a later one fires, however long it takes', async () => {
    const clock = new SimulatedClock(T0, Infinity);
    const results = await Promise.all([operation(clock, 60_000, 300_000, 50), operation(clock, 1_000, 5_000, 50), operation(clock, 4_000, 5_000, 0)]);
    expect(results).toEqual(['done', 'done', 'done']);
    clock.dispose();
  });

  it('fires each timer at exactly its due time and never moves past a pending one', async () => {
    const clock = new SimulatedClock(T0, 1e9);
    const seen: number[] = [];
    await clock.sleep(1_000).then(() => seen.push(clock.nowMs() - T0));
    await clock.sleep(59_000).then(() => seen.push(clock.nowMs() - T0));
    expect(seen).toEqual([1_000, 60_000]);
    clock.dispose();
  });

  it('stands still while held and moves on when released', async () => {
    const clock = new SimulatedClock(T0, Infinity);
    let fired = false;
    const release = clock.hold('file IO');
    expect(clock.heldBy()).toEqual(['file IO']);
    const sleeping = clock.sleep(1_000).then(() => (fired = true));
    await realTurn(30);
    expect(fired).toBe(false);
    expect(clock.nowMs()).toBe(T0);
    release();
    release(); // idempotent
    await sleeping;
    expect(clock.nowMs()).toBe(T0 + 1_000);
    expect(clock.heldBy()).toEqual([]);
    clock.dispose();
  });

  it('holds for the duration of holdDuring, also when the work fails', async () => {
    const clock = new SimulatedClock(T0, 0);
    const during: string[][] = [];
    await holdDuring(clock, 'solve', () => Promise.resolve(during.push(clock.heldBy())));
    await expect(holdDuring(clock, 'solve', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(during).toEqual([['solve']]);
    expect(clock.heldBy()).toEqual([]);
  });

  it('advance() waits for holds between timers (manual mode)', async () => {
    const clock = new SimulatedClock(T0, 0);
    const fired: number[] = [];
    void clock.sleep(1_000).then(() => fired.push(1));
    void clock.sleep(2_000).then(() => fired.push(2));
    const release = clock.hold('write');
    const advancing = clock.advance(5_000);
    await realTurn(20);
    expect(fired).toEqual([]);
    release();
    await advancing;
    expect(fired).toEqual([1, 2]);
    expect(clock.nowMs()).toBe(T0 + 5_000);
  });

  it('the real clock cannot be held (no-op)', async () => {
    const { RealClock } = await import('../../../src-main/clock');
    const release = new RealClock().hold('x');
    expect(() => release()).not.toThrow();
  });
});
