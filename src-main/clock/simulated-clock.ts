import { abortError, type Clock } from './clock';

interface Timer {
  id: number;
  dueMs: number;
  fire: () => void;
}

/**
 * A clock whose time is simulated. With `speed > 0` it runs `speed` times faster than real time
 * (a night in a minute at 600×); with `speed === 0` it stands still and moves only by `advance()`,
 * which is how tests step through a night exactly.
 */
export class SimulatedClock implements Clock {
  private baseSimMs: number;
  private baseRealMs: number;
  private currentSpeed: number;
  private timers: Timer[] = [];
  private nextId = 1;
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(startMs: number, speed = 0) {
    if (!Number.isFinite(startMs)) throw new RangeError('startMs must be finite');
    if (!(speed >= 0)) throw new RangeError('speed must be ≥ 0');
    this.baseSimMs = startMs;
    this.baseRealMs = Date.now();
    this.currentSpeed = speed;
  }

  get speed(): number {
    return this.currentSpeed;
  }

  nowMs(): number {
    return this.baseSimMs + (Date.now() - this.baseRealMs) * this.currentSpeed;
  }

  /** Changes the speed from now on, keeping the current simulated time. */
  setSpeed(speed: number): void {
    if (!(speed >= 0)) throw new RangeError('speed must be ≥ 0');
    this.rebase();
    this.currentSpeed = speed;
    this.scheduleWake();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const id = this.addTimer(this.nowMs() + Math.max(0, ms), () => {
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
    arm(this.nowMs() + ms);
    return () => {
      stopped = true;
      this.removeTimer(id);
    };
  }

  /**
   * Moves simulated time forward by `ms`, firing due timers in time order and letting the
   * promise callbacks they trigger run (so chained sleeps registered on the way fire too).
   */
  async advance(ms: number): Promise<void> {
    const targetMs = this.nowMs() + Math.max(0, ms);
    for (;;) {
      await flushMicrotasks();
      const next = this.earliest();
      if (next === null || next.dueMs > targetMs) break;
      this.jumpTo(next.dueMs);
      this.removeTimer(next.id);
      next.fire();
    }
    this.jumpTo(targetMs);
    await flushMicrotasks();
  }

  /** Number of pending timers: a test's way to see that nothing is left waiting. */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Stops the real-time wake-up timer so the process can exit. */
  dispose(): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    this.timers = [];
  }

  private rebase(): void {
    const now = this.nowMs();
    this.baseRealMs = Date.now();
    this.baseSimMs = now;
  }

  private jumpTo(simMs: number): void {
    if (simMs < this.nowMs()) return;
    this.baseSimMs = simMs;
    this.baseRealMs = Date.now();
  }

  private addTimer(dueMs: number, fire: () => void): number {
    const id = this.nextId++;
    this.timers.push({ id, dueMs, fire });
    this.timers.sort((a, b) => a.dueMs - b.dueMs || a.id - b.id);
    this.scheduleWake();
    return id;
  }

  private removeTimer(id: number): void {
    const i = this.timers.findIndex((t) => t.id === id);
    if (i >= 0) this.timers.splice(i, 1);
  }

  private earliest(): Timer | null {
    return this.timers[0] ?? null;
  }

  /** In running mode, a real timer wakes the clock when its earliest simulated timer is due. */
  private scheduleWake(): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    const next = this.earliest();
    if (this.currentSpeed === 0 || next === null) return;
    const realDelayMs = Math.max(0, (next.dueMs - this.nowMs()) / this.currentSpeed);
    this.wakeTimer = setTimeout(() => this.fireDue(), Math.min(realDelayMs, 2 ** 31 - 1));
    this.wakeTimer.unref?.();
  }

  private fireDue(): void {
    this.wakeTimer = null;
    const now = this.nowMs();
    for (;;) {
      const next = this.earliest();
      if (next === null || next.dueMs > now) break;
      this.removeTimer(next.id);
      next.fire();
    }
    this.scheduleWake();
  }
}

function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
