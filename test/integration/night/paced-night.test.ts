/**
 * The paced simulated clock at 600×: a night on the demo's 0.4 m telescope where the event loop is
 * stalled by real CPU work (100 ms per executor progress event ≈ 60 s of clock time at 600×) still
 * completes every observation without a single device timeout. The same night on a free-running
 * clock (simulated time = speed × real elapsed, the clock this replaced) is the control: there the
 * stalls turn into minutes of clock time and the night runs away from the executor.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { abortError } from '../../../src-main/clock';
import { createNightHarness, planNight, type HarnessClock, type NightHarness } from './harness';

const START = Date.parse('2026-11-21T20:00:00Z');
const MIN = 60_000;
const TEL = 'tfn.clma.0m4a';
const SPEED = 600;
const STALL_MS = 100;

/** The naive clock: time runs at `speed` × real time whatever the process is doing; due timers fire together. */
class FreeRunningClock implements HarnessClock {
  private readonly baseRealMs = Date.now();
  private offsetMs = 0;
  private timers: { id: number; dueMs: number; fire: () => void }[] = [];
  private nextId = 1;
  private readonly wake = setInterval(() => this.fireDue(), 5);

  constructor(
    private readonly startMs: number,
    readonly speed: number,
  ) {}

  nowMs(): number {
    return this.startMs + (Date.now() - this.baseRealMs) * this.speed + this.offsetMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const id = this.nextId++;
      const onAbort = (): void => {
        this.timers = this.timers.filter((t) => t.id !== id);
        reject(abortError(signal as AbortSignal));
      };
      this.timers.push({ id, dueMs: this.nowMs() + ms, fire: () => (signal?.removeEventListener('abort', onAbort), resolve()) });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  every(ms: number, fn: () => void): () => void {
    const t = setInterval(fn, ms / this.speed);
    return () => clearInterval(t);
  }

  hold(): () => void {
    return () => undefined;
  }

  async advance(ms: number): Promise<void> {
    this.offsetMs += ms;
    this.fireDue();
    await new Promise((resolve) => setImmediate(resolve));
  }

  dispose(): void {
    clearInterval(this.wake);
  }

  private fireDue(): void {
    const now = this.nowMs();
    const due = this.timers.filter((t) => t.dueMs <= now).sort((a, b) => a.dueMs - b.dueMs);
    this.timers = this.timers.filter((t) => t.dueMs > now);
    for (const t of due) t.fire();
  }
}

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Real CPU work the clock cannot see (image synthesis, FITS encoding on a loaded machine).
  }
}

interface NightResult {
  states: string[];
  timeouts: number;
  frames: number;
  recorded: number;
}

async function stalledNight(h: NightHarness): Promise<NightResult> {
  const ids = await planNight(h, START + 2 * MIN, START + 14 * MIN, [TEL]);
  expect(ids.length).toBeGreaterThan(0);
  h.bus.on('executor.changed', () => busyWait(STALL_MS));
  h.executors.start();
  await h.waitUntil(START + 16 * MIN, 60_000);
  const db = h.database.db;
  const obs = await db.selectFrom('observations').select('state').execute();
  const frames = await db.selectFrom('frames').select('id').execute();
  const recorded = await db.selectFrom('executor_exposures').select('id').where('state', '=', 'recorded').execute();
  const summaries = await db.selectFrom('configuration_statuses').select('summary_json').execute();
  const timeouts = [...h.logLines, ...summaries.map((s) => s.summary_json ?? '')].filter((l) => l.includes('device.timeout')).length;
  return { states: obs.map((o) => o.state), timeouts, frames: frames.length, recorded: recorded.length };
}

describe('paced simulated clock at 600× under real CPU stalls', () => {
  let h: NightHarness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it('completes every observation with no device timeout', async () => {
    h = await createNightHarness({ startUtcMs: START, telescopeIds: [TEL], speed: SPEED });
    const r = await stalledNight(h);
    expect(r.timeouts).toBe(0);
    expect(r.states.every((s) => s === 'COMPLETED')).toBe(true);
    expect(r.frames).toBeGreaterThan(0);
    expect(r.recorded).toBe(r.frames);
  }, 90_000);

  it('control: on a free-running clock the same stalls make the night run away from the executor', async () => {
    h = await createNightHarness({ startUtcMs: START, telescopeIds: [TEL], clock: new FreeRunningClock(START, SPEED) });
    const r = await stalledNight(h);
    // The night ran away from the executor: its observations did not complete in their time.
    expect(r.states.some((s) => s !== 'COMPLETED')).toBe(true);
  }, 90_000);
});
