/**
 * The scheduler's visibility cache: a warm build gives exactly the input a cold one does, and the
 * day-chunked answer agrees with the engine over the horizon to its root-finding tolerance.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { darkIntervals, type Interval } from '../../../../src-shared/astro';
import { isStaticOcsTarget, observatoryTelescopes, toAstroTarget, toObservingConstraints } from '../../../../src-shared/ocs';
import type { Request } from '../../../../src-shared/schemas';
import { buildSchedulerInput } from '../../../../src-main/scheduler';
import { siteDayStartMs, telescopeVisibility, VisibilityCache, type TargetRequest } from '../../../../src-main/visibility';
import { EVENING_MS, HOUR_MS, startDemo, type DemoFixture } from './fixture';

/**
 * Two independent root-findings of one edge (engine tolerance 200 ms each) plus the whole-second
 * rounding of the input builder.
 */
const EDGE_TOL_MS = 1_500;

describe('VisibilityCache', () => {
  let f: DemoFixture;
  beforeAll(async () => {
    f = await startDemo();
  });
  afterAll(() => f.close());

  it('a warm build is the cold build, computed once; later builds only compute what is new', async () => {
    const cache = new VisibilityCache();
    const cold = await buildSchedulerInput(f.database.db, f.view(), { nowMs: EVENING_MS, visibilityCache: cache });
    const misses = cache.stats().misses;
    expect(misses).toBeGreaterThan(0);
    const warm = await buildSchedulerInput(f.database.db, f.view(), { nowMs: EVENING_MS, visibilityCache: cache });
    expect(cache.stats().misses).toBe(misses);
    expect(isDeepStrictEqual(warm.input, cold.input)).toBe(true);
    // An hour later from the same cache equals a fresh build an hour later (no cache at all).
    const later = await buildSchedulerInput(f.database.db, f.view(), { nowMs: EVENING_MS + HOUR_MS, visibilityCache: cache });
    expect(cache.stats().misses).toBe(misses);
    const fresh = await buildSchedulerInput(f.database.db, f.view(), { nowMs: EVENING_MS + HOUR_MS });
    expect(isDeepStrictEqual(later.input, fresh.input)).toBe(true);
    expect(later.input.requests.some((r) => Object.values(r.visibility).some((v) => v.length > 0))).toBe(true);
  });

  it('agrees with the engine run over the horizon itself, edge by edge', async () => {
    const tel = observatoryTelescopes(f.view().sites).find((t) => t.id.endsWith('1m0a'));
    if (!tel) throw new Error('no 1 m');
    const rows = await f.database.db.selectFrom('requests').select('body_json').where('telescope_class', '=', '1m0').execute();
    const targets: TargetRequest[] = [];
    for (const [i, r] of rows.entries()) {
      const c = (JSON.parse(r.body_json) as Request).configurations[0];
      if (!c || isStaticOcsTarget(c.target)) continue;
      const target = toAstroTarget(c.target);
      if (target) targets.push({ id: String(i), target, constraints: toObservingConstraints(c.constraints) });
    }
    expect(targets.length).toBeGreaterThan(5);
    const startMs = EVENING_MS + 17 * 60_000;
    const endMs = startMs + 3 * 24 * HOUR_MS;
    const direct = telescopeVisibility(tel.limits, targets, startMs, endMs);
    const cached = new VisibilityCache().intervals(tel.limits, targets, startMs, endMs);
    let worstMs = 0;
    for (const [i, d] of direct.entries()) {
      const c = cached[i]?.intervals ?? [];
      // Intervals far shorter than the tolerance may appear in one answer only.
      const long = (l: readonly Interval[]): Interval[] => l.filter((x) => x.endMs - x.startMs > 2 * EDGE_TOL_MS);
      expect(long(c).length, `target ${d.id}`).toBe(long(d.intervals).length);
      for (const [k, x] of long(d.intervals).entries()) {
        const y = long(c)[k];
        worstMs = Math.max(worstMs, Math.abs((y?.startMs ?? Infinity) - x.startMs), Math.abs((y?.endMs ?? Infinity) - x.endMs));
      }
    }
    expect(worstMs).toBeLessThanOrEqual(EDGE_TOL_MS);
  });

  it('cuts days at local mean noon, so no night is split between two cached days', () => {
    const site = { latitudeDeg: 28.3, longitudeDeg: -16.51172, elevationM: 2390 };
    const d0 = siteDayStartMs(site.longitudeDeg, EVENING_MS);
    // Local mean noon at 16.5° W is 13:06:03 UTC.
    expect(d0).toBe(Date.parse('2026-11-21T13:06:02.813Z'));
    expect(siteDayStartMs(site.longitudeDeg, d0)).toBe(d0);
    expect(siteDayStartMs(site.longitudeDeg, d0 - 1)).toBe(d0 - 86_400_000);
    for (const n of darkIntervals(site, d0, d0 + 5 * 86_400_000)) {
      expect(siteDayStartMs(site.longitudeDeg, n.startMs)).toBe(siteDayStartMs(site.longitudeDeg, n.endMs - 1));
    }
  });
});
