/**
 * Frames per second of the all-sky view in headless chromium with software WebGL (SwiftShader):
 * the built console served by `nightshift serve --simulate`, the full bundled star catalog (8,874
 * stars to V 6.5) and 10,000 synthetic targets injected through the view's test hook.
 *
 * The view renders on demand, so two figures: (1) the worst case, the sky moving every frame (the
 * test hook advances the drawn time by a minute per animation frame, as when scrubbing or at a fast
 * simulated clock): frames drawn per second of wall time, goal ≥ 20 fps in software rendering; (2)
 * the live clock (speed 1): frames actually drawn per second (the sky moves 0.5 px in ~15 s, so ≈ 0)
 * and the animation loop's rate (the page stays responsive at the display rate).
 *
 * The moving sky is measured with dynamic resolution (the view's default: a reduced backing store
 * while moving) and without it (always full resolution), alternating the two so a background load
 * affects both alike; the idle figure checks the still picture is back at full resolution.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { makeTempDir } from '../test/helpers/temp-dir';
import { CHROMIUM, WEBGL_CHROMIUM_ARGS, startServe } from '../test/helpers/e2e';

const GOAL_FPS = 20;
const TARGETS = 10_000;
const MEASURE_MS = 4_000;
/** Drawn-time step per animation frame in the moving-sky run: 1 min ≈ 0.25° of rotation, ≥ 1 px. */
const ANIMATE_STEP_MS = 60_000;


export default async (): Promise<void> => {
  if (!existsSync(CHROMIUM)) {
    console.log('sky: /usr/bin/chromium missing, skipped');
    return;
  }
  const dir = makeTempDir();
  const { child, url } = await startServe(dir.path, '2027-01-15T23:00:00Z');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: WEBGL_CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    await page.goto(`${url}/#/sky`);
    await page.locator('[data-testid="sky-view"][data-status="ready"]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => (window.__nightshiftSky?.probe()?.frames ?? 0) >= 1, undefined, { timeout: 30_000 });
    await page.evaluate((n) => {
      // Deterministic spread over the sky (golden-angle spiral), states cycling.
      const states = ['pending', 'scheduled', 'running', 'completed', 'not-visible'] as const;
      const list = Array.from({ length: n }, (_, i) => ({
        id: `bench-${i}`,
        name: `T${i}`,
        raDeg: (i * 137.50776) % 360,
        decDeg: (Math.asin(1 - (2 * (i + 0.5)) / n) * 180) / Math.PI,
        state: states[i % states.length]!,
      }));
      window.__nightshiftSky?.setTargets(list);
    }, TARGETS);
    await page.waitForTimeout(1_000);
    const measure = (ms: number) =>
      page.evaluate(async (waitMs) => {
        const hook = window.__nightshiftSky!;
        const p0 = hook.probe()!;
        const t0 = performance.now();
        await new Promise((done) => setTimeout(done, waitMs));
        const p = hook.probe()!;
        const s = (performance.now() - t0) / 1000;
        return { fps: (p.frames - p0.frames) / s, loopsPerSec: (p.loops - p0.loops) / s, renderer: p.renderer, renderScale: p.renderScale };
      }, ms);
    await page.evaluate((step) => window.__nightshiftSky?.setAnimation(step), ANIMATE_STEP_MS);
    const fixed: Awaited<ReturnType<typeof measure>>[] = [];
    const dynamic: Awaited<ReturnType<typeof measure>>[] = [];
    for (let round = 0; round < 2; round++) {
      for (const on of [false, true]) {
        await page.evaluate((x) => window.__nightshiftSky?.setDynamicResolution(x), on);
        // Let the controller settle on its scale (and the previous run's frames drain).
        await page.waitForTimeout(1_000);
        (on ? dynamic : fixed).push(await measure(MEASURE_MS));
      }
    }
    await page.evaluate(() => window.__nightshiftSky?.setAnimation(null));
    await page.waitForTimeout(1_000);
    const idle = await measure(MEASURE_MS);
    const best = (runs: { fps: number }[]) => Math.max(...runs.map((x) => x.fps));
    const fps = best(dynamic);
    const runsText = (runs: { fps: number }[]) => runs.map((x) => x.fps.toFixed(1)).join(', ');
    console.log(`sky all-sky view: ${idle.renderer} back end, ${TARGETS} targets + 8,874 stars, 1440×960 viewport`);
    console.log(`  sky moving every frame, full resolution always: fps runs ${runsText(fixed)}`);
    console.log(`  sky moving every frame, dynamic resolution:     fps runs ${runsText(dynamic)} (scale ${dynamic.map((x) => x.renderScale).join(', ')})`);
    console.log(`  fps ${fps.toFixed(1)}  goal ≥ ${GOAL_FPS}  ratio ${(fps / GOAL_FPS).toFixed(2)}×  (vs full resolution ×${(fps / best(fixed)).toFixed(2)})`);
    console.log(`  live clock (render on demand): ${idle.fps.toFixed(2)} frames drawn/s, animation loop ${idle.loopsPerSec.toFixed(1)}/s, still picture at scale ${idle.renderScale}`);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    dir.remove();
  }
};
