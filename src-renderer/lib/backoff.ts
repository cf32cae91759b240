/** Reconnect delays for the event socket: exponential with a cap and jitter, so many consoles don't reconnect in step. */
export interface BackoffOptions {
  /** Delay of the first retry, ms. */
  baseMs: number;
  /** Upper bound of any delay, ms. */
  maxMs: number;
  /** Fraction of the delay randomised either way, 0–1. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 10_000, jitter: 0.2 };

/**
 * Delay before retry number `attempt` (0 for the first retry), ms: `baseMs × 2^attempt` capped at
 * `maxMs`, then scaled by a factor in [1 − jitter, 1 + jitter] drawn from `random()` ∈ [0, 1), and
 * never above `maxMs`.
 */
export function backoffDelayMs(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const n = Math.max(0, Math.floor(attempt));
  const raw = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(n, 30));
  const factor = 1 + options.jitter * (2 * random() - 1);
  return Math.round(Math.min(options.maxMs, Math.max(0, raw * factor)));
}
