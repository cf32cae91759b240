/**
 * The worker-thread batch path must give exactly the single-thread answer (same kernel, same
 * coefficients: bit-for-bit), for altitudes and hour angles, however the targets are split, and
 * small batches must not need workers at all. The single-thread path is itself checked against the
 * exact engine in batch.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { IcrsPlace } from '../../../src-shared/astro';
import { PARALLEL_MIN_TARGET_STEPS, batchPositions, batchPositionsParallel, closeBatchWorkers, prepareSiderealBatch } from '../../../src-main/visibility';

const CTIO = { latitudeDeg: -30.1673, longitudeDeg: -70.8047, elevationM: 2198 };
const start = Date.UTC(2026, 10, 21, 23);

function places(n: number): IcrsPlace[] {
  return Array.from({ length: n }, (_, i) => ({
    raDeg: (i * 137.508) % 360,
    decDeg: (Math.asin(((2 * i + 1) / n - 1) * 0.999) * 180) / Math.PI,
    properMotionRaMasPerYr: (i % 7) * 100 - 300,
    parallaxMas: i % 3 === 0 ? 300 : 0,
  }));
}

function differing(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) d++;
  return d;
}

afterAll(async () => {
  await closeBatchWorkers();
});

describe('batchPositionsParallel', () => {
  it('splits a large batch over workers and gives the single-thread answer bit for bit', async () => {
    // 1003 targets (not a multiple of the 32-target block) × 600 steps ≥ the parallel threshold.
    const n = 1003;
    const grid = { startMs: start, stepMs: 60_000, steps: 600 };
    expect(n * grid.steps).toBeGreaterThanOrEqual(PARALLEL_MIN_TARGET_STEPS);
    const batch = prepareSiderealBatch(places(n), CTIO, start + 5 * 3_600_000);
    const one = batchPositions(CTIO, batch, grid, { hourAngle: true });
    for (const threads of [2, 3]) {
      const par = await batchPositionsParallel(CTIO, batch, grid, { hourAngle: true, threads });
      expect(par.altitudeDeg.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(differing(par.altitudeDeg, one.altitudeDeg)).toBe(0);
      expect(differing(par.hourAngleHours!, one.hourAngleHours!)).toBe(0);
    }
    // Sanity: the answer is not trivially empty (a spread over the sky has targets up and down).
    expect(Math.max(...one.altitudeDeg.subarray(0, n))).toBeGreaterThan(60);
    expect(Math.min(...one.altitudeDeg.subarray(0, n))).toBeLessThan(-60);
  });

  it('keeps small batches on the calling thread with the same answer', async () => {
    const grid = { startMs: start, stepMs: 300_000, steps: 50 };
    const batch = prepareSiderealBatch(places(40), CTIO, start);
    const par = await batchPositionsParallel(CTIO, batch, grid, { threads: 2 });
    expect(par.altitudeDeg.buffer).toBeInstanceOf(ArrayBuffer);
    expect(par.hourAngleHours).toBeNull();
    expect(differing(par.altitudeDeg, batchPositions(CTIO, batch, grid).altitudeDeg)).toBe(0);
  });
});
