/**
 * End to end: the demo 0.4 m's horizon mask (resources/demo/sites.json `horizon_mask`, stored in
 * SQLite by the demo seed) reaches the Sky page through `visibility.target` and is drawn. With the
 * 0.4 m selected the view's horizon-mask outline passes within 1.5 px of the demo file's mask at every
 * 2° of azimuth (altitude max(horizon, mask), projected independently with the view's geometry); with
 * the 1 m (no mask) there is no outline. The Settings page lists both telescopes' masks. Saves
 * test-results/sky-horizon-mask.png and settings-telescope-limits.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitViewport, projectAltAz } from '../../src-shared/sky';
import type { SkyProbe } from '../../src-renderer/features/sky/sky-probe';
import { HAS_CHROMIUM, ROOT, consoleSession } from '../helpers/e2e';

const SIM_START = '2027-01-15T23:00:00Z';
/** SkyView's horizon margin (SKY_MARGIN_PX), as in sky.test.ts. */
const MARGIN_PX = 28;
const MASKED = 'tfn.clma.0m4a';
const FLAT = 'tfn.doma.1m0a';

type DemoTelescope = { code: string; horizon: number; horizon_mask?: [number, number][] };
const sites = JSON.parse(readFileSync(join(ROOT, 'resources/demo/sites.json'), 'utf8')) as { results: { enclosure_set: { code: string; telescope_set: DemoTelescope[] }[] }[] };
const masked = sites.results[0]!.enclosure_set.find((e) => e.code === 'clma')!.telescope_set[0]!;

async function probe(page: Page): Promise<SkyProbe | null> {
  return page.evaluate(() => window.__nightshiftSky?.probe() ?? null);
}

/** Distance from (x, y) to the nearest segment of any polyline, px. */
function nearestLinePx(lines: number[][], x: number, y: number): number {
  let best = Infinity;
  for (const xy of lines) {
    for (let i = 0; i + 3 < xy.length; i += 2) {
      const [x0, y0, x1, y1] = [xy[i] ?? NaN, xy[i + 1] ?? NaN, xy[i + 2] ?? NaN, xy[i + 3] ?? NaN];
      const len2 = (x1 - x0) ** 2 + (y1 - y0) ** 2;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - x0) * (x1 - x0) + (y - y0) * (y1 - y0)) / len2));
      best = Math.min(best, Math.hypot(x0 + t * (x1 - x0) - x, y0 + t * (y1 - y0) - y));
    }
  }
  return best;
}

describe.skipIf(!HAS_CHROMIUM)('sky view draws the selected telescope’s horizon mask (skipped only when /usr/bin/chromium is missing)', () => {
  const session = consoleSession({ simStart: SIM_START });
  let browser: Browser | null = null;
  beforeAll(() => {
    browser = session.browser;
  });

  it('outlines the 0.4 m mask where the demo file puts it, and nothing for the 1 m', async () => {
    expect(masked.horizon_mask?.length ?? 0).toBeGreaterThanOrEqual(3);
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${session.url}/#/sky`);
    await page.getByTestId('sky-view').and(page.locator('[data-status="ready"]')).waitFor({ timeout: 20_000 });

    const select = page.locator('.sky-page select').filter({ has: page.locator(`option[value="${MASKED}"]`) });
    await select.selectOption(MASKED);
    await expect.poll(async () => (await probe(page))?.horizonMaskLines.length ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
    const box = (await page.getByTestId('sky-canvas').boundingBox())!;
    const vp = fitViewport(box.width, box.height, 'stereographic', MARGIN_PX);
    const p = (await probe(page))!;
    // The outline is sampled every 2° of azimuth: compare at those azimuths with the demo mask
    // interpolated linearly (wrapping at 360°), written out here independently of the engine.
    const pts = [...masked.horizon_mask!].sort((a, b) => a[0] - b[0]);
    const maskAt = (az: number): number => {
      for (let i = 0; i < pts.length; i++) {
        const [a0, h0] = pts[i]!;
        const [a1raw, h1] = pts[(i + 1) % pts.length]!;
        const a1 = a1raw <= a0 ? a1raw + 360 : a1raw;
        const x = az < a0 ? az + 360 : az;
        if (x >= a0 && x <= a1) return h0 + ((h1 - h0) * (x - a0)) / (a1 - a0);
      }
      throw new Error(`no mask segment at ${az}`);
    };
    let worstPx = 0;
    for (let az = 0; az < 360; az += 2) {
      const want = projectAltAz(vp, Math.max(masked.horizon, maskAt(az)), az, 0)!;
      worstPx = Math.max(worstPx, nearestLinePx(p.horizonMaskLines, want.x, want.y));
    }
    expect(worstPx).toBeLessThan(1.5);
    // The wall to the east stands above the flat horizon: 35° at azimuth 90° is well inside the sky disc.
    const east = projectAltAz(vp, 35, 90, 0)!;
    const eastFlat = projectAltAz(vp, masked.horizon, 90, 0)!;
    expect(Math.hypot(east.x - eastFlat.x, east.y - eastFlat.y)).toBeGreaterThan(20);
    await page.getByTestId('sky-canvas').screenshot({ path: join(ROOT, 'test-results/sky-horizon-mask.png') });
    await page.screenshot({ path: join(ROOT, 'test-results/sky-horizon-mask-page.png') });

    await select.selectOption(FLAT);
    await expect.poll(async () => (await probe(page))?.horizonMaskLines.length ?? -1, { timeout: 15_000 }).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists each telescope’s mask on the Settings page', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${session.url}/#/settings`);
    const line = page.getByTestId(`horizon-mask-${MASKED}`);
    await line.waitFor({ timeout: 15_000 });
    const top = masked.horizon_mask!.reduce((m, p) => (p[1] > m[1] ? p : m));
    await expect.poll(() => line.textContent()).toContain(`${masked.horizon_mask!.length} points, highest ${top[1]}° at azimuth ${top[0]}°`);
    expect(await page.getByTestId(`horizon-mask-${FLAT}`).textContent()).toContain('none (flat horizon)');
    await page.screenshot({ path: join(ROOT, 'test-results/settings-telescope-limits.png') });
    await page.close();
  });
});
