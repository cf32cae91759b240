/**
 * OCS rule 12 (ocs-contract §2.2, §8.5): the largest visible interval of a request over its windows
 * and allowed telescopes — for each telescope, intersect the observable intervals of every distinct
 * (target, constraints) pair with the windows, subtract downtime and the past; union over telescopes
 * of one site is not needed for "largest", so the best single interval is reported with its telescope.
 */
import { constraintIntervals, darkIntervals, FrameCache, type ObservingConstraints, type VisibilityOptions } from './constraints';
import { intersectAll, largest, normalize, subtract, type Interval } from './intervals';
import { prepareTarget, type Target } from './target';
import type { TelescopeLimits } from './telescope';

export interface RequestVisibilityInput {
  /** Every configuration's target and constraints (duplicates are fine). */
  pointings: readonly { target: Target; constraints: ObservingConstraints }[];
  windows: readonly Interval[];
  /** Telescopes the request may use, each with an id for the answer and optional downtime. */
  telescopes: readonly { id: string; limits: TelescopeLimits; downtime?: readonly Interval[] }[];
  /** Intervals already started are truncated here (UTC ms); null = no truncation. */
  nowMs: number | null;
}

export interface RequestVisibility {
  /** Observable intervals per telescope id (after windows, downtime and now). */
  perTelescope: Record<string, Interval[]>;
  /** The longest single interval and where, or null when never visible. */
  largest: { telescopeId: string; interval: Interval; durationMs: number } | null;
}

/** Computes the request's visibility; `largest.durationMs` must exceed the request duration (rule 12). */
export function requestVisibility(input: RequestVisibilityInput, opts: VisibilityOptions = {}): RequestVisibility {
  const windows = normalize(input.windows.map((w) => (input.nowMs === null ? w : { startMs: Math.max(w.startMs, input.nowMs), endMs: w.endMs })));
  const distinct = new Map<string, { target: Target; constraints: ObservingConstraints }>();
  for (const p of input.pointings) distinct.set(JSON.stringify(p), p);
  const pointings = [...distinct.values()].map((p) => ({ prepared: prepareTarget(p.target), constraints: p.constraints }));
  const perTelescope: Record<string, Interval[]> = {};
  let best: RequestVisibility['largest'] = null;
  for (const tel of input.telescopes) {
    const cache = new FrameCache(tel.limits.site, opts);
    const lists: Interval[] = [];
    for (const w of windows) {
      const dark = darkIntervals(tel.limits.site, w.startMs, w.endMs, opts, cache);
      if (dark.length === 0) continue;
      const each = pointings.map((p) => constraintIntervals(tel.limits, p.prepared, p.constraints, w.startMs, w.endMs, opts, { cache, dark }).observable);
      lists.push(...intersectAll(each));
    }
    const observable = subtract(lists, tel.downtime ?? []);
    perTelescope[tel.id] = observable;
    const l = largest(observable);
    if (l && (!best || l.endMs - l.startMs > best.durationMs)) best = { telescopeId: tel.id, interval: l, durationMs: l.endMs - l.startMs };
  }
  return { perTelescope, largest: best };
}
