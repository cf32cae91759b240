/**
 * Frames per second of the all-sky view in headless chromium with software WebGL (SwiftShader):
 * the built console served by `nightshift serve --simulate`, the full bundled star catalog (8,874
 * stars to V 6.5) and 10,000 synthetic targets injected through the view's test hook. Counts frames
 * the view drew over a few seconds of wall time. Goal: ≥ 20 fps in software rendering.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { makeTempDir } from '../test/helpers/temp-dir';
import { CHROMIUM, WEBGL_CHROMIUM_ARGS, startServe } from '../test/helpers/e2e';

const GOAL_FPS = 20;
const TARGETS = 10_000;
const MEASURE_MS = 5_000;


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
    await page.waitForFunction(() => (window.__nightshiftSky?.probe()?.frames ?? 0) > 5, undefined, { timeout: 30_000 });
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
    const runs: { fps: number; renderer: string }[] = [];
    for (let r = 0; r < 2; r++) {
      const res = await page.evaluate(async (ms) => {
        const hook = window.__nightshiftSky!;
        const f0 = hook.probe()!.frames;
        const t0 = performance.now();
        await new Promise((done) => setTimeout(done, ms));
        const p = hook.probe()!;
        return { fps: ((p.frames - f0) * 1000) / (performance.now() - t0), renderer: p.renderer };
      }, MEASURE_MS);
      runs.push(res);
    }
    const fps = Math.max(...runs.map((x) => x.fps));
    console.log(`sky all-sky view: ${runs[0]?.renderer} back end, ${TARGETS} targets + 8,874 stars, 1440×960 viewport`);
    console.log(`  fps runs: ${runs.map((x) => x.fps.toFixed(1)).join(', ')}`);
    console.log(`  fps ${fps.toFixed(1)}  goal ≥ ${GOAL_FPS}  ratio ${(fps / GOAL_FPS).toFixed(2)}×`);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    dir.remove();
  }
};
