/**
 * Where the executor stands, computed between its events. The executor reports once per exposure,
 * as the exposure starts (`executor.changed` with `exposure: {n, of, remainingSec}` and the core's
 * `utcMs`); the console then moves the bar on its own from the core time it interpolates between
 * clock ticks (`useCoreNow`, src-renderer/lib/clock-interp.ts), so a simulated night at 300× shows a
 * bar that moves smoothly rather than one that jumps per event.
 */
import type { ExecutorStatus, ObservationDetail } from '../../../src-shared/ipc/contract';

export interface ExposureProgress {
  /** Exposure number (1-based) and how many the configuration has (a REPEAT_EXPOSE's `of` grows per pass). */
  n: number;
  of: number;
  /** This exposure's length, seconds (the remaining time reported at its start). */
  durationSec: number;
  /** Seconds exposed so far, clamped to [0, durationSec]. */
  elapsedSec: number;
  /** Seconds left, clamped to [0, durationSec]. */
  remainingSec: number;
  /** elapsed ÷ duration, 0..1 (1 for a zero-length exposure such as a bias). */
  fraction: number;
  /** The shutter time is over but no next event came yet: the camera is reading out / the frame is being written. */
  readingOut: boolean;
}

/**
 * The exposure in progress at core time `nowUtcMs`, or null when the executor is not exposing or
 * the core time is unknown. The status' `utcMs` is when `remainingSec` was true; a `nowUtcMs` before
 * it (a tick landing behind the event) counts as no time elapsed.
 */
export function exposureProgress(status: ExecutorStatus, nowUtcMs: number | null): ExposureProgress | null {
  const e = status.exposure;
  if (e === null || status.phase !== 'exposing' || nowUtcMs === null) return null;
  // A status fetched mid-exposure (after a reconnect) carries the whole length beside what is left.
  const durationSec = Math.max(0, e.durationSec ?? e.remainingSec);
  const sinceEventSec = Math.max(0, (nowUtcMs - status.utcMs) / 1000);
  const exposedAtEventSec = Math.max(0, durationSec - Math.max(0, e.remainingSec));
  const elapsedSec = Math.min(durationSec, exposedAtEventSec + sinceEventSec);
  const remainingSec = durationSec - elapsedSec;
  return {
    n: e.n,
    of: e.of,
    durationSec,
    elapsedSec,
    remainingSec,
    fraction: durationSec > 0 ? elapsedSec / durationSec : 1,
    readingOut: exposedAtEventSec + sinceEventSec > durationSec,
  };
}

/**
 * The configuration that `configurationStatusId` names in the observation: its position (1-based)
 * among the observation's configurations and the count; null when the observation does not list it.
 */
export function configurationPosition(detail: ObservationDetail, configurationStatusId: number | null): { index: number; count: number } | null {
  if (configurationStatusId === null) return null;
  const i = detail.configurations.findIndex((c) => c.statusId === configurationStatusId);
  return i < 0 ? null : { index: i + 1, count: detail.configurations.length };
}

/**
 * Which instrument config exposure `n` (1-based) belongs to, given each instrument config's exposure
 * count; repeats (REPEAT_EXPOSE passes) cycle through the list. Null when no config has an exposure.
 */
export function instrumentConfigIndexOf(exposureCounts: readonly number[], n: number): number | null {
  const total = exposureCounts.reduce((a, c) => a + Math.max(0, c), 0);
  if (total <= 0 || n < 1) return null;
  let k = (n - 1) % total;
  for (let i = 0; i < exposureCounts.length; i++) {
    const c = Math.max(0, exposureCounts[i] ?? 0);
    if (k < c) return i;
    k -= c;
  }
  return null;
}

/** Fraction (0..1) of the scheduled block [startUtcMs, endUtcMs) that has passed at `nowUtcMs`. */
export function blockFraction(startUtcMs: number, endUtcMs: number, nowUtcMs: number): number {
  if (endUtcMs <= startUtcMs) return nowUtcMs >= endUtcMs ? 1 : 0;
  return Math.min(1, Math.max(0, (nowUtcMs - startUtcMs) / (endUtcMs - startUtcMs)));
}

/** The fields of a timeline block this needs (`TimelineBlock`). */
export interface BlockLike {
  telescopeId: string;
  label: string;
  startMs: number;
  endMs: number;
  kind: string;
}

/** The telescope's next observation block starting after `nowUtcMs`, or null when none is scheduled tonight. */
export function nextObservationBlock<B extends BlockLike>(blocks: readonly B[], telescopeId: string, nowUtcMs: number): B | null {
  let best: B | null = null;
  for (const b of blocks) {
    if (b.telescopeId !== telescopeId || b.kind !== 'observation' || b.startMs <= nowUtcMs) continue;
    if (best === null || b.startMs < best.startMs) best = b;
  }
  return best;
}
