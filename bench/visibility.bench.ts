/**
 * Visibility throughput: target-steps per second for 1, 100 and 10,000 sidereal targets × 600
 * one-minute steps, naive (a full exact evaluation — frame and target — per target per step) vs
 * the batch path (one frame per step, typed arrays), and the
 * batch path's worst altitude difference from the naive path. Goal: ≥ 5e7 target-steps/s at 10,000.
 * The naive path at 10,000 targets is timed on a subset of steps (it would take minutes otherwise).
 */
import { frameAt, prepareTarget, type IcrsPlace } from '../src-shared/astro';
import { batchPositions, prepareSiderealBatch } from '../src-main/visibility';

const SITE = { latitudeDeg: -30.1673, longitudeDeg: -70.8047, elevationM: 2198 };
const START = Date.UTC(2022, 6, 15, 22);
const STEPS = 600;
const STEP_MS = 60_000;
const GOAL = 5e7;

function places(n: number): IcrsPlace[] {
  return Array.from({ length: n }, (_, i) => ({
    raDeg: (i * 137.508) % 360,
    decDeg: (Math.asin(((2 * i + 1) / n - 1) * 0.999) * 180) / Math.PI,
    properMotionRaMasPerYr: (i % 7) * 10,
    parallaxMas: i % 3 === 0 ? 10 : 0,
  }));
}

export default async (): Promise<void> => {
  await Promise.resolve();
  for (const n of [1, 100, 10_000]) {
    const list = places(n);
    const prepared = list.map((p) => prepareTarget({ type: 'ICRS', ...p }));
    // Naive: build the frame and evaluate each target independently at each step.
    const naiveSteps = Math.max(1, Math.min(STEPS, Math.floor(60_000 / n)));
    const naiveAlt = new Float64Array(naiveSteps * n);
    let t0 = performance.now();
    for (let s = 0; s < naiveSteps; s++) {
      for (let i = 0; i < n; i++) {
        const f = frameAt(SITE, START + s * STEP_MS);
        naiveAlt[s * n + i] = (prepared[i] as (typeof prepared)[number]).positionIn(f).altitudeDeg;
      }
    }
    const naiveRate = (naiveSteps * n) / ((performance.now() - t0) / 1000);
    // Batch: warm once (JIT), then time the full 600 steps.
    const batch = prepareSiderealBatch(list, SITE, START + (STEPS * STEP_MS) / 2);
    batchPositions(SITE, batch, { startMs: START, stepMs: STEP_MS, steps: 5 });
    t0 = performance.now();
    const r = batchPositions(SITE, batch, { startMs: START, stepMs: STEP_MS, steps: STEPS });
    const batchSec = (performance.now() - t0) / 1000;
    const batchRate = (STEPS * n) / batchSec;
    let worst = 0;
    for (let k = 0; k < naiveSteps * n; k++) worst = Math.max(worst, Math.abs((naiveAlt[k] as number) - (r.altitudeDeg[k] as number)));
    console.log(
      `${String(n).padStart(6)} targets × ${STEPS} steps: naive ${naiveRate.toExponential(2)} target-steps/s` +
        `${naiveSteps < STEPS ? ` (timed on ${naiveSteps} steps)` : ''}; batch ${batchRate.toExponential(2)} target-steps/s ` +
        `(${(batchSec * 1000).toFixed(1)} ms, ×${(batchRate / naiveRate).toFixed(0)} vs naive); ` +
        `worst |Δalt| batch−naive ${(worst * 3600).toFixed(4)}″` +
        (n === 10_000 ? `; goal 5e7 → ratio ${(batchRate / GOAL).toFixed(2)}` : ''),
    );
  }
};
