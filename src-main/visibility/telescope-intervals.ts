/**
 * Per-target observable intervals for one telescope over a scheduling horizon — what the scheduler
 * asks for thousands of requests at once. Grid samples of sidereal targets come from the batch
 * path; every edge is then refined with the exact shared engine (src-shared/astro), so results
 * match the request validator and the console to the root-finding tolerance.
 */
import {
  FrameCache,
  altitudeForAirmassDeg,
  constraintIntervals,
  darkIntervals,
  intersectAll,
  intervalsWhere,
  prepareTarget,
  type IcrsTarget,
  type Interval,
  type ObservingConstraints,
  type PreparedTarget,
  type Target,
  type TelescopeLimits,
  type VisibilityOptions,
} from '../../src-shared/astro';
import { batchPositions, prepareSiderealBatch, type BatchResult } from './batch';

export interface TargetRequest {
  /** Caller's id, echoed in the answer. */
  id: string;
  target: Target;
  constraints: ObservingConstraints;
}

export interface TargetVisibility {
  id: string;
  /** Observable intervals within [startMs, endMs), UTC ms. */
  intervals: Interval[];
}

/**
 * Observable intervals of every target on `telescope` within [startMs, endMs): dark ∩ effective
 * horizon ∩ HA limits ∩ zenith blind spot ∩ moon distance ∩ moon phase (see src-shared/astro
 * constraints.ts). Sidereal targets without a horizon mask or moon constraints take the fast path.
 */
export function telescopeVisibility(
  telescope: TelescopeLimits,
  requests: readonly TargetRequest[],
  startMs: number,
  endMs: number,
  opts: VisibilityOptions = {},
): TargetVisibility[] {
  const cache = new FrameCache(telescope.site, opts);
  const dark = darkIntervals(telescope.site, startMs, endMs, opts, cache);
  const stepMs = opts.stepMs ?? 600_000;
  const toleranceMs = opts.toleranceMs ?? 200;
  const fast = (r: TargetRequest): boolean =>
    r.target.type === 'ICRS' && !telescope.horizonMask?.length && r.constraints.minLunarDistanceDeg <= 0 && r.constraints.maxLunarPhase >= 1;
  const fastOnes = requests.filter(fast);
  const steps = Math.max(1, Math.ceil((endMs - startMs) / stepMs)) + 1;
  let batch: BatchResult | null = null;
  if (fastOnes.length > 0 && dark.length > 0) {
    const places = fastOnes.map((r) => r.target as IcrsTarget);
    const b = prepareSiderealBatch(places, telescope.site, (startMs + endMs) / 2, opts);
    batch = batchPositions(telescope.site, b, { startMs, stepMs, steps }, { ...opts, hourAngle: true });
  }
  let k = 0;
  return requests.map((r) => {
    if (dark.length === 0) return { id: r.id, intervals: [] };
    if (!fast(r) || !batch) {
      return { id: r.id, intervals: constraintIntervals(telescope, r.target, r.constraints, startMs, endMs, opts, { cache, dark }).observable };
    }
    const col = k++;
    const b = batch;
    const prepared: PreparedTarget = prepareTarget(r.target);
    // On grid instants read the batch; elsewhere (edges, extrema) use the exact engine.
    const sample = (t: number, exact: (p: ReturnType<PreparedTarget['positionIn']>) => number, fromGrid: (idx: number) => number): number => {
      const s = (t - startMs) / stepMs;
      const si = Math.round(s);
      if (Math.abs(s - si) < 1e-9 && si >= 0 && si < steps && t !== endMs) return fromGrid(si * b.count + col);
      return exact(prepared.positionIn(cache.at(t)));
    };
    const minAlt = Math.max(telescope.horizonDeg, altitudeForAirmassDeg(r.constraints.maxAirmass));
    const solve = { stepMs, toleranceMs };
    const lists: Interval[][] = [dark];
    lists.push(intervalsWhere((t) => sample(t, (p) => p.altitudeDeg, (i) => b.altitudeDeg[i] as number) - minAlt, startMs, endMs, solve));
    if (telescope.haLimitNegHours > -12 || telescope.haLimitPosHours < 12) {
      const ha = b.hourAngleHours as Float64Array;
      lists.push(
        intervalsWhere(
          (t) => {
            const h = sample(t, (p) => p.hourAngleHours, (i) => ha[i] as number);
            return Math.min(h - telescope.haLimitNegHours, telescope.haLimitPosHours - h);
          },
          startMs,
          endMs,
          solve,
        ),
      );
    }
    if (telescope.zenithBlindSpotDeg > 0) {
      lists.push(intervalsWhere((t) => 90 - sample(t, (p) => p.altitudeDeg, (i) => b.altitudeDeg[i] as number) - telescope.zenithBlindSpotDeg, startMs, endMs, solve));
    }
    return { id: r.id, intervals: intersectAll(lists) };
  });
}
