import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../src-main/clock';

const T0 = Date.parse('2026-11-21T20:00:00Z');

describe('SimulatedClock (manual, speed 0)', () => {
  it('stands still until advanced, then fires sleeps in time order', async () => {
    const clock = new SimulatedClock(T0);
    const fired: string[] = [];
    void clock.sleep(5_000).then(() => fired.push(`b@${clock.nowMs() - T0}`));
    void clock.sleep(1_000).then(() => fired.push(`a@${clock.nowMs() - T0}`));
    expect(clock.nowMs()).toBe(T0);
    await clock.advance(4_000);
    expect(fired).toEqual(['a@1000']);
    await clock.advance(10_000);
    expect(fired).toEqual(['a@1000', 'b@5000']);
    expect(clock.nowMs()).toBe(T0 + 14_000);
  });

  it('runs chained sleeps registered while advancing (a whole sequence in one advance)', async () => {
    const clock = new SimulatedClock(T0);
    const steps: number[] = [];
    const sequence = async (): Promise<void> => {
      for (let i = 0; i < 10; i++) {
        await clock.sleep(60_000);
        steps.push(clock.nowMs() - T0);
      }
    };
    const done = sequence();
    await clock.advance(3_600_000);
    await done;
    expect(steps).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 60_000));
  });

  it('rejects an aborted sleep and drops its timer', async () => {
    const clock = new SimulatedClock(T0);
    const controller = new AbortController();
    const sleeping = clock.sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('repeats `every` at exact clock intervals until stopped', async () => {
    const clock = new SimulatedClock(T0);
    const at: number[] = [];
    const stop = clock.every(1_000, () => at.push(clock.nowMs() - T0));
    await clock.advance(3_500);
    stop();
    await clock.advance(5_000);
    expect(at).toEqual([1_000, 2_000, 3_000]);
  });
});

describe('SimulatedClock (running)', () => {
  it('runs faster than real time by its speed factor', async () => {
    const clock = new SimulatedClock(T0, 1000);
    const realStart = Date.now();
    await clock.sleep(20_000); // 20 s of clock time at 1000× ≈ 20 ms real
    const realElapsed = Date.now() - realStart;
    expect(clock.nowMs() - T0).toBeGreaterThanOrEqual(20_000);
    expect(realElapsed).toBeLessThan(2_000);
    clock.dispose();
  });

  it('keeps its time when the speed changes', () => {
    const clock = new SimulatedClock(T0, 0);
    clock.setSpeed(10);
    expect(clock.nowMs()).toBeGreaterThanOrEqual(T0);
    clock.setSpeed(0);
    const frozen = clock.nowMs();
    expect(clock.nowMs()).toBe(frozen);
    clock.dispose();
  });
});
