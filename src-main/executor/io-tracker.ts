/**
 * Counts the executor's real (non-clock) asynchronous work in flight: file writes, fsyncs, statfs.
 * Each piece of work holds the clock (`Clock.hold`), so a simulated night never moves while a frame
 * is being written: a frame write never "takes" simulated minutes and tests stay deterministic.
 */
import type { Clock } from '../clock';

export interface IoTracker {
  track<T>(work: Promise<T>): Promise<T>;
  /** Resolves when nothing is in flight. */
  idle(): Promise<void>;
  inFlight(): number;
}

/** `clock`: held while anything is in flight (omit for a tracker that only counts). */
export function createIoTracker(clock?: Clock): IoTracker {
  let n = 0;
  let waiters: (() => void)[] = [];
  const settle = (): void => {
    n -= 1;
    if (n === 0) {
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    }
  };
  return {
    track<T>(work: Promise<T>): Promise<T> {
      n += 1;
      const release = clock?.hold('executor file IO') ?? null;
      return work.finally(() => {
        release?.();
        settle();
      });
    },
    idle: () => (n === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    inFlight: () => n,
  };
}
