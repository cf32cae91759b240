/**
 * The console shows the core's clock, which may be simulated and faster than real time. Between
 * `clock.tick` events it extrapolates from the last tick using the app's clock speed and the
 * browser's monotonic timer (`performance.now()`), which measures elapsed wall time only.
 */

/** The last tick received: the core's UTC at that tick and the local monotonic time it arrived. */
export interface ClockAnchor {
  /** Core time carried by the tick, UTC ms. */
  utcMs: number;
  /** Local monotonic time when the tick arrived, ms (performance.now()). */
  receivedWallMs: number;
}

/** How far past the last tick we extrapolate before holding still, wall ms: ticks stopped means the link is stale. */
export const MAX_EXTRAPOLATION_WALL_MS = 5_000;

/**
 * Core time now, UTC ms: `anchor.utcMs + elapsedWall × speed`, with elapsed wall time clamped to
 * [0, maxExtrapolationWallMs]. Speed ≤ 0 or non-finite is treated as a stopped clock.
 */
export function interpolateUtcMs(
  anchor: ClockAnchor,
  nowWallMs: number,
  speed: number,
  maxExtrapolationWallMs = MAX_EXTRAPOLATION_WALL_MS,
): number {
  const rate = Number.isFinite(speed) && speed > 0 ? speed : 0;
  const elapsed = Math.min(Math.max(nowWallMs - anchor.receivedWallMs, 0), maxExtrapolationWallMs);
  return anchor.utcMs + elapsed * rate;
}

/**
 * Keeps the displayed time from stepping backwards by a little when a fresh tick lands slightly
 * behind our extrapolation (network jitter), while still following a real jump back (the simulated
 * clock was reset) larger than `jumpToleranceMs`.
 */
export function monotonicDisplayUtcMs(previousMs: number | null, nextMs: number, jumpToleranceMs: number): number {
  if (previousMs === null) return nextMs;
  if (nextMs >= previousMs) return nextMs;
  return previousMs - nextMs > jumpToleranceMs ? nextMs : previousMs;
}

/** True when the last tick is older than `staleAfterWallMs` of wall time. */
export function isClockStale(anchor: ClockAnchor | null, nowWallMs: number, staleAfterWallMs = 3_500): boolean {
  return anchor === null || nowWallMs - anchor.receivedWallMs > staleAfterWallMs;
}

/** Refresh period for a ticking display, wall ms: fast enough to show each core second at `speed`. */
export function displayRefreshWallMs(speed: number): number {
  const rate = Number.isFinite(speed) && speed > 0 ? speed : 1;
  return Math.min(500, Math.max(50, Math.floor(500 / rate)));
}
