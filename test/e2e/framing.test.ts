/**
 * End to end, framing a request offline: the built `serve` with a simulated night, the Sky page's
 * atlas (no survey server here, so the offline chart), "Frame a request…", drag the instrument's
 * frame, turn it, "Request this field", and the composer opens with RA/Dec equal to the frame
 * centre the view reports (≤ 1″) on the chosen instrument. Saves test-results/framing.png (the
 * atlas with the frame) and framing-composer.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDecDeg, parseRaDeg } from '../../src-renderer/features/planning/chart-geometry';
import { HAS_CHROMIUM, ROOT, consoleSession } from '../helpers/e2e';

const SIM_START = '2026-11-21T23:30:00Z';
const ARCSEC = 1 / 3600;

function separationDeg(a: { raDeg: number; decDeg: number }, b: { raDeg: number; decDeg: number }): number {
  const r = Math.PI / 180;
  const s = Math.sin(((b.decDeg - a.decDeg) * r) / 2) ** 2 + Math.cos(a.decDeg * r) * Math.cos(b.decDeg * r) * Math.sin(((b.raDeg - a.raDeg) * r) / 2) ** 2;
  return (2 * Math.asin(Math.sqrt(s))) / r;
}

async function num(l: Locator, attr: string): Promise<number> {
  const v = await l.getAttribute(attr);
  if (v === null) throw new Error(`no ${attr}`);
  return Number(v);
}

describe.skipIf(!HAS_CHROMIUM)('framing a request in the atlas (skipped only when /usr/bin/chromium is missing)', () => {
  const session = consoleSession({ simStart: SIM_START, webgl: true });
  let url = '';
  let browser: Browser | null = null;

  beforeAll(() => {
    url = session.url;
    browser = session.browser;
  });

  it('drags and turns the frame offline and opens the composer at the frame centre', async () => {
    const page = await browser!.newPage({ viewport: { width: 1440, height: 960 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/#/sky`);
    await page.getByTestId('sky-tab-atlas').click();
    const atlas = page.getByTestId('atlas-view');
    await expect.poll(async () => atlas.getAttribute('data-mode'), { timeout: 20_000 }).toBe('offline');

    await page.getByTestId('atlas-frame-toggle').click();
    await expect.poll(async () => atlas.getAttribute('data-frame-x'), { timeout: 10_000 }).not.toBeNull();
    // The instrument list comes from requests.options (configdb cameras).
    await expect.poll(async () => page.getByTestId('atlas-frame-instrument').locator('option').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const instrumentType = await page.getByTestId('atlas-frame-instrument').inputValue();
    expect(instrumentType).not.toBe('');

    const before = { raDeg: await num(atlas, 'data-frame-ra'), decDeg: await num(atlas, 'data-frame-dec') };
    const k = await num(atlas, 'data-px-per-deg');
    const box = (await atlas.boundingBox())!;
    const fx = box.x + (await num(atlas, 'data-frame-x'));
    const fy = box.y + (await num(atlas, 'data-frame-y'));
    // Grab the frame a little off its centre and drag it right and up.
    const dx = 150;
    const dy = -90;
    await page.mouse.move(fx + 12, fy + 8);
    await page.mouse.down();
    for (let i = 1; i <= 6; i++) await page.mouse.move(fx + 12 + (dx * i) / 6, fy + 8 + (dy * i) / 6);
    await page.mouse.up();
    await expect.poll(async () => num(atlas, 'data-frame-ra')).not.toBeCloseTo(before.raDeg, 6);
    const after = { raDeg: await num(atlas, 'data-frame-ra'), decDeg: await num(atlas, 'data-frame-dec') };
    // The chart is north up, east left: right and up is west and north; the distance is the drag at the chart's scale (1 %).
    expect(after.decDeg).toBeGreaterThan(before.decDeg);
    expect(Math.abs(separationDeg(before, after) - Math.hypot(dx, dy) / k) / (Math.hypot(dx, dy) / k)).toBeLessThan(0.01);
    const movedX = (await num(atlas, 'data-frame-x')) - (fx - box.x);
    const movedY = (await num(atlas, 'data-frame-y')) - (fy - box.y);
    expect(Math.hypot(movedX - dx, movedY - dy)).toBeLessThan(1);

    // Turn it by its handle: dragged to the left of the centre (east on this chart), the frame's up axis points east: PA 90°.
    const cx = box.x + (await num(atlas, 'data-frame-x'));
    const cy = box.y + (await num(atlas, 'data-frame-y'));
    await page.mouse.move(box.x + (await num(atlas, 'data-handle-x')), box.y + (await num(atlas, 'data-handle-y')));
    await page.mouse.down();
    for (let i = 1; i <= 6; i++) await page.mouse.move(cx - 40 - 25 * i, cy - 100 + (100 * i) / 6);
    await page.mouse.up();
    await expect.poll(async () => num(atlas, 'data-frame-pa')).toBeCloseTo(90, 0);
    // Turning keeps the centre.
    expect(await num(atlas, 'data-frame-ra')).toBeCloseTo(after.raDeg, 7);
    // And typed.
    await page.getByTestId('atlas-frame-pa').fill('30');
    await expect.poll(async () => atlas.getAttribute('data-frame-pa')).toBe('30.0');
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results/framing.png') });

    await page.getByTestId('atlas-request-field').click();
    await page.getByTestId('cmp-ra').waitFor({ timeout: 15_000 });
    await expect.poll(async () => page.getByTestId('cmp-ra').inputValue(), { timeout: 10_000 }).not.toBe('');
    const ra = parseRaDeg(await page.getByTestId('cmp-ra').inputValue());
    const dec = parseDecDeg(await page.getByTestId('cmp-dec').inputValue());
    expect(ra).not.toBeNull();
    expect(dec).not.toBeNull();
    const offArcsec = separationDeg(after, { raDeg: ra!, decDeg: dec! }) / ARCSEC;
    expect(offArcsec, `composer centre ${offArcsec.toFixed(3)}″ from the frame centre`).toBeLessThan(1);
    expect(await page.getByTestId('cmp-instrument').inputValue()).toBe(instrumentType);
    expect(await page.getByTestId('cmp-lookup-message').textContent()).toMatch(/Framed in the atlas/);
    await page.screenshot({ path: join(ROOT, 'test-results/framing-composer.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
