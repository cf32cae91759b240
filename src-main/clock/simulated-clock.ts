import { abortError, type Clock } from './clock';

interface Timer {
  id: number;
  dueMs: number;
  fire: () => void;
}

export interface SimulatedClockOptions {
  /**
   * How far (real ms of pace) the clock may fall behind its pace and still catch up by running
   * faster than `speed`; beyond that the pace restarts from where the clock is (default 100).
   * Catching up fires timers as fast as the process allows, which is right for clock-only work but
   * shortens the clock time real-world waits (a network reply) get: keep it small.
   */
  maxLagRealMs?: number;
}

/** Real ms between pace steps while idle, so time flows smoothly between timers (console clock). */
const PACE_TICK_MS = 50;

/**
 * A clock whose time is simulated: a discrete-event clock that steps from timer to timer.
 *
 * - `speed === 0` (manual): time stands still and moves only by `advance()`, which is how tests
 *   step through a night exactly.
 * - `speed > 0` (paced, `serve --simulate --speed S`): time moves to the next pending timer, or
 *   flows towards `start + S × real elapsed`, whichever comes first — never past a pending timer
 *   and never while the clock is held. One timer fires per event-loop turn, so the continuation of
 *   an earlier timer (a slew that completed) always runs before a later one fires (its timeout).
 *   Real work (file IO, a worker's solve) holds the clock (`hold()`), so CPU and disk time never
 *   become simulated minutes. When the process falls behind its pace (work, holds), the clock
 *   catches up by firing timers as fast as the process allows, up to `maxLagRealMs` of pace.
 * - `speed === Infinity`: as fast as the process allows (benchmarks): each timer fires as soon as
 *   the previous one's work has settled.
 */
export class SimulatedClock implements Clock {
  private simMs: number;
  /** Pace reference: at real `anchorRealMs` the pace was at `anchorSimMs`. */
  private anchorSimMs: number;
  private anchorRealMs: number;
  private currentSpeed: number;
  private readonly maxLagRealMs: number;
  private timers: Timer[] = [];
  private nextId = 1;
  private holds = new Map<number, string>();
  private nextHoldId = 1;
  private idleWaiters: (() => void)[] = [];
  private pumpTimeout: ReturnType<typeof setTimeout> | null = null;
  private pumpImmediate: ReturnType<typeof setImmediate> | null = null;
  private disposed = false;
  private pacing = false;

  constructor(startMs: number, speed = 0, options: SimulatedClockOptions = {}) {
    if (!Number.isFinite(startMs)) throw new RangeError('startMs must be finite');
    if (!(speed >= 0)) throw new RangeError('speed must be ≥ 0');
    this.simMs = startMs;
    this.anchorSimMs = startMs;
    this.anchorRealMs = Date.now();
    this.currentSpeed = speed;
    this.maxLagRealMs = Math.max(0, options.maxLagRealMs ?? 100);
  }

  get speed(): number {
    return this.currentSpeed;
  }

  /** The simulated time; it changes only between event-loop turns (never inside synchronous work). */
  nowMs(): number {
    return this.simMs;
  }

  /** Changes the speed from now on, keeping the current simulated time. */
  setSpeed(speed: number): void {
    if (!(speed >= 0)) throw new RangeError('speed must be ≥ 0');
    this.reanchor();
    this.currentSpeed = speed;
    this.schedulePump(false);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const id = this.addTimer(this.simMs + Math.max(0, ms), () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      const onAbort = (): void => {
        this.removeTimer(id);
        reject(abortError(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  every(ms: number, fn: () => void): () => void {
    if (!(ms > 0)) throw new RangeError('interval must be > 0');
    let id = 0;
    let stopped = false;
    const arm = (dueMs: number): void => {
      id = this.addTimer(dueMs, () => {
        if (stopped) return;
        arm(dueMs + ms);
        fn();
      });
    };
    arm(this.simMs + ms);
    return () => {
      stopped = true;
      this.removeTimer(id);
    };
  }

  hold(reason: string): () => void {
    const id = this.nextHoldId++;
    this.holds.set(id, reason);
    this.cancelPump();
    return () => {
      if (!this.holds.delete(id) || this.holds.size > 0) return;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
      this.schedulePump(true);
    };
  }

  /** What holds the clock now (reasons), empty when it may move. */
  heldBy(): string[] {
    return [...this.holds.values()];
  }

  /** Resolves when nothing holds the clock. */
  idle(): Promise<void> {
    return this.holds.size === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Moves simulated time forward by `ms`, firing due timers in time order and letting the
   * promise callbacks they trigger run (so chained sleeps registered on the way fire too). Between
   * timers it waits until nothing holds the clock.
   */
  async advance(ms: number): Promise<void> {
    const targetMs = this.simMs + Math.max(0, ms);
    for (;;) {
      await flushMicrotasks();
      await this.idle();
      const next = this.earliest();
      if (next === null || next.dueMs > targetMs) break;
      this.simMs = Math.max(this.simMs, next.dueMs);
      this.removeTimer(next.id);
      next.fire();
    }
    this.simMs = Math.max(this.simMs, targetMs);
    this.reanchor();
    await flushMicrotasks();
  }

  /** Number of pending timers: a test's way to see that nothing is left waiting. */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Stops pacing so the process can exit; pending timers are dropped. */
  dispose(): void {
    this.disposed = true;
    this.cancelPump();
    this.timers = [];
  }

  // --- pacing ------------------------------------------------------------------------------

  /** Where the pace says simulated time should be at real `realMs`. */
  private paceTarget(realMs: number): number {
    if (this.currentSpeed === Infinity) return Infinity;
    return this.anchorSimMs + (realMs - this.anchorRealMs) * this.currentSpeed;
  }

  private reanchor(): void {
    this.anchorSimMs = this.simMs;
    this.anchorRealMs = Date.now();
  }

  /** One pace step: fire the next due timer (one per turn), else let time flow up to the pace. */
  private readonly pump = (): void => {
    this.pumpTimeout = null;
    this.pumpImmediate = null;
    if (this.disposed || this.currentSpeed === 0 || this.holds.size > 0) return;
    const realNow = Date.now();
    let target = this.paceTarget(realNow);
    const maxLagSim = this.currentSpeed * this.maxLagRealMs;
    if (target - this.simMs > maxLagSim) {
      // Too far behind to catch up: the pace restarts from here (the night takes longer in wall time).
      this.anchorSimMs = this.simMs + maxLagSim;
      this.anchorRealMs = realNow;
      target = this.anchorSimMs;
    }
    const next = this.earliest();
    if (next !== null && next.dueMs <= target) {
      this.simMs = Math.max(this.simMs, next.dueMs);
      this.removeTimer(next.id);
      // The next step waits one event-loop turn: the continuations of this timer run first.
      this.schedulePump(true);
      next.fire();
      return;
    }
    if (Number.isFinite(target)) this.simMs = Math.max(this.simMs, Math.min(target, next?.dueMs ?? Infinity));
    this.schedulePump(false);
  };

  private schedulePump(immediate: boolean): void {
    if (this.disposed || this.currentSpeed === 0 || this.holds.size > 0) return;
    if (!this.pacing) {
      // The pace starts with the first timer, not at construction: start-up work is no lag to catch up.
      this.pacing = true;
      this.reanchor();
    }
    this.cancelPump();
    const next = this.earliest();
    let delayMs = 0;
    if (!immediate) {
      if (next === null) {
        if (this.currentSpeed === Infinity) return; // nothing to do until a timer is added
        delayMs = PACE_TICK_MS;
      } else {
        delayMs = Math.min(PACE_TICK_MS, Math.max(0, (next.dueMs - this.paceTarget(Date.now())) / this.currentSpeed));
      }
    }
    if (delayMs <= 0) {
      // Not unref'd: an unref'd immediate does not stop the event loop from blocking in its poll
      // phase, so the step would wait for unrelated IO. Immediates are only pending while timers are due.
      this.pumpImmediate = setImmediate(this.pump);
    } else {
      this.pumpTimeout = setTimeout(this.pump, delayMs);
      this.pumpTimeout.unref();
    }
  }

  private cancelPump(): void {
    if (this.pumpTimeout) clearTimeout(this.pumpTimeout);
    if (this.pumpImmediate) clearImmediate(this.pumpImmediate);
    this.pumpTimeout = null;
    this.pumpImmediate = null;
  }

  // --- timers ------------------------------------------------------------------------------

  private addTimer(dueMs: number, fire: () => void): number {
    const id = this.nextId++;
    const timer = { id, dueMs, fire };
    // Sorted by due time, then by creation: binary search for the insertion point.
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.timers[mid] as Timer).dueMs <= dueMs) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, timer);
    // A new earliest timer may be due sooner than the pump's planned step.
    if (lo === 0 && this.pumpImmediate === null) this.schedulePump(false);
    return id;
  }

  private removeTimer(id: number): void {
    const i = this.timers.findIndex((t) => t.id === id);
    if (i >= 0) this.timers.splice(i, 1);
  }

  private earliest(): Timer | null {
    return this.timers[0] ?? null;
  }
}

function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
