/**
 * Counts the executor's real (non-clock) asynchronous work in flight: file writes, fsyncs, statfs.
 * A simulated night steps its clock only when this is idle, so a frame write never "takes" simulated
 * hours and tests stay deterministic.
 */
export interface IoTracker {
  track<T>(work: Promise<T>): Promise<T>;
  /** Resolves when nothing is in flight. */
  idle(): Promise<void>;
  inFlight(): number;
}

export function createIoTracker(): IoTracker {
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
      return work.finally(settle);
    },
    idle: () => (n === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    inFlight: () => n,
  };
}
