/**
 * The one source of time for everything that waits or timestamps. Services take a Clock so a whole
 * night can run on a simulated clock in a minute, and tests control time exactly.
 */
export interface Clock {
  /** Current time, UTC milliseconds since the epoch. */
  nowMs(): number;
  /**
   * Resolves after `ms` of this clock's time has passed (simulated time for a SimulatedClock).
   * Rejects with the signal's reason if aborted first.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `fn` every `ms` of clock time until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
  /**
   * Declares real (non-clock) work in flight — file IO, a worker-thread solve — during which a
   * simulated clock must not move, so real CPU and disk time never turn into simulated minutes.
   * Returns the release function (idempotent). A no-op for the real clock. Never hold the clock
   * while waiting on it (a device command that sleeps on the clock would wait forever).
   */
  hold(reason: string): () => void;
  /** How many clock milliseconds pass per real millisecond (1 for the real clock). */
  readonly speed: number;
}

/** Runs `work` with the clock held; the hold is released when it settles. */
export async function holdDuring<T>(clock: Clock, reason: string, work: () => Promise<T>): Promise<T> {
  const release = clock.hold(reason);
  try {
    return await work();
  } finally {
    release();
  }
}

/** The abort reason as an Error (AbortSignal.reason may be any value). */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new Error(typeof reason === 'string' ? reason : 'aborted');
}

/** Wall-clock time. */
export class RealClock implements Clock {
  readonly speed = 1;

  nowMs(): number {
    return Date.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortError(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  every(ms: number, fn: () => void): () => void {
    const timer = setInterval(fn, ms);
    return () => clearInterval(timer);
  }

  /** Real time cannot be held: nothing to do. */
  hold(_reason: string): () => void {
    return () => undefined;
  }
}
