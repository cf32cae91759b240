/**
 * End to end, the Data page during a simulated night: `serve --simulate --speed 600` from 21:30 UTC
 * records frames; the console lists them newest first, fetches thumbnails only for rows scrolled
 * into view (counted as `frames.thumbnail` calls before and after scrolling), shows new frames at
 * the top without a reload, and opens a frame in the FITS viewer: header table with OBJECT and
 * DATE-OBS, a canvas with a real picture, and the sky position under the cursor.
 */
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, ROOT, consoleSession } from '../helpers/e2e';

/** Enough frames to fill more than one screen of the list (a page holds 50). */
const FRAMES_WANTED = 40;

describe.skipIf(!HAS_CHROMIUM)('Data page: frames, lazy thumbnails, live arrivals and the FITS viewer (skipped only when /usr/bin/chromium is missing)', () => {
  const session = consoleSession({ simStart: '2026-11-21T21:30:00Z', extraArgs: ['--speed', '600'] });
  let url = '';
  let token = '';
  let browser: Browser | null = null;

  async function invoke(name: string, input: unknown): Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }> {
    const res = await fetch(`${url}ipc/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
    return (await res.json()) as { ok: boolean; value?: any };
  }

  beforeAll(() => {
    url = session.url.replace(/\/?$/, '/');
    token = session.token();
    browser = session.browser;
  });

  it('lists frames, loads thumbnails lazily, follows new frames live and opens the viewer', async () => {
    // The night is running: wait until it has recorded a screenful of frames.
    await expect
      .poll(async () => ((await invoke('frames.list', { limit: 1 })).value?.count as number | undefined) ?? 0, { timeout: 90_000, interval: 1000 })
      .toBeGreaterThanOrEqual(FRAMES_WANTED);

    const page: Page = await browser!.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    let thumbnailCalls = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/ipc/frames.thumbnail')) thumbnailCalls++;
    });
    await page.goto(`${url}#token=${token}`);
    await page.getByTestId('nav-data').click();
    const rows = page.getByTestId('frame-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(FRAMES_WANTED);
    const shown = await rows.count();

    // Newest first, with the columns a user needs.
    const list = (await invoke('frames.list', { limit: 3 })).value as { frames: { id: number; basename: string; observationUtcMs: number }[] };
    const firstTimes = await rows.evaluateAll((els) => els.slice(0, 5).map((e) => e.querySelectorAll('td')[7]?.textContent ?? ''));
    expect([...firstTimes].sort().reverse()).toEqual(firstTimes);
    const head = await page.getByTestId('frames-table').locator('thead').textContent();
    for (const col of ['Frame', 'Telescope', 'Target', 'Filter', 'Exposure', 'Observed', 'Night', 'RLevel']) expect(head).toContain(col);
    expect(list.frames.length).toBeGreaterThan(0);

    // Lazy thumbnails: only the rows on screen (and a small margin) are fetched.
    await expect.poll(() => page.locator('[data-testid="frame-thumb"][data-loaded="true"]').count(), { timeout: 15_000 }).toBeGreaterThan(3);
    await page.waitForTimeout(500);
    const before = thumbnailCalls;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(shown);
    await page.getByTestId('frames-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    const lastThumb = rows.last().getByTestId('frame-thumb');
    await expect.poll(() => lastThumb.getAttribute('data-loaded'), { timeout: 15_000 }).toBe('true');
    const after = thumbnailCalls;
    expect(after).toBeGreaterThan(before);
    console.log(`[data e2e] ${shown} rows; thumbnail calls: ${before} before scrolling, ${after} after`);
    await page.getByTestId('frames-scroll').evaluate((el) => el.scrollTo(0, 0));

    // Live: a frame recorded now appears at the top without a reload.
    const topBefore = Number(await rows.first().getAttribute('data-frame-id'));
    await expect.poll(async () => Number(await rows.first().getAttribute('data-frame-id')), { timeout: 60_000, interval: 500 }).not.toBe(topBefore);
    const newest = (await invoke('frames.list', { limit: 1 })).value.frames[0].id as number;
    expect(Number(await rows.first().getAttribute('data-frame-id'))).toBeGreaterThanOrEqual(Math.min(newest, topBefore + 1));
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(ROOT, 'test-results/data-view.png') });

    // Filters run on the core: one telescope, then one target; clearing brings every frame back.
    const telescope = (await rows.first().locator('td').nth(2).textContent())!.split('·')[1]!;
    await page.getByTestId('filter-telescope').selectOption(telescope);
    await expect.poll(async () => new Set(await rows.evaluateAll((els) => els.map((e) => e.querySelectorAll('td')[2]?.textContent ?? ''))).size).toBe(1);
    expect(await rows.first().locator('td').nth(2).textContent()).toContain(telescope);
    const target = (await rows.first().locator('td').nth(3).textContent())!;
    await page.getByTestId('filter-target').fill(target.slice(0, 4).toLowerCase());
    await expect.poll(async () => (await rows.evaluateAll((els) => els.map((e) => e.querySelectorAll('td')[3]?.textContent ?? ''))).every((t) => t.toLowerCase().includes(target.slice(0, 4).toLowerCase()))).toBe(true);
    await page.getByTestId('filter-clear').click();
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(FRAMES_WANTED);

    // The grid of thumbnails.
    await page.getByTestId('layout-grid').click();
    await expect.poll(() => page.locator('[data-testid="frame-card"] [data-loaded="true"]').count(), { timeout: 15_000 }).toBeGreaterThan(3);
    await page.screenshot({ path: join(ROOT, 'test-results/data-grid.png') });
    await page.getByTestId('layout-list').click();

    // The FITS viewer on a science frame: the newest page may hold only calibrations, so find one
    // through the contract and narrow the list to its observation (the filter a user would use).
    const recent = (await invoke('frames.list', { limit: 500 })).value as { frames: { configurationType: string; observationId: number | null }[] };
    const scienceFrame = recent.frames.find((f) => /EXPOSE$/.test(f.configurationType) && f.observationId !== null);
    expect(scienceFrame, 'a science frame among the newest 500').toBeDefined();
    await page.getByTestId('filter-observation').fill(String(scienceFrame!.observationId));
    const science = page.locator('[data-testid="frame-row"]', { has: page.locator('.badge', { hasText: /EXPOSE$/ }) }).first();
    await science.click();
    await page.getByTestId('fits-viewer').waitFor({ timeout: 15_000 });
    const header = page.getByTestId('header-table');
    await header.locator('tr[data-key="OBJECT"]').waitFor({ timeout: 15_000 });
    expect(await header.locator('tr[data-key="DATE-OBS"] td').nth(1).textContent()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    expect((await header.locator('tr[data-key="OBJECT"] td').nth(1).textContent())?.trim()).not.toBe('');
    // Searching the header narrows the table.
    await page.getByTestId('header-search').fill('DATE-OBS');
    await expect.poll(() => header.locator('tbody tr').count()).toBeLessThan(5);
    await page.getByTestId('header-search').fill('');

    // The canvas shows a picture, not a flat field: many distinct grey levels.
    const canvas = page.getByTestId('fits-canvas');
    const levels = async (): Promise<number> =>
      canvas.evaluate((el) => {
        const c = el as HTMLCanvasElement;
        const ctx = c.getContext('2d');
        if (ctx === null || c.width === 0) return 0;
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        const seen = new Set<number>();
        for (let i = 0; i < d.length; i += 4 * 7) seen.add(d[i] as number);
        return seen.size;
      });
    await expect.poll(levels, { timeout: 15_000 }).toBeGreaterThan(20);

    // Under the cursor: the pixel value and the sky position from the WCS.
    const box = await canvas.boundingBox();
    await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
    await page.getByTestId('readout-sky').waitFor({ timeout: 5000 });
    expect(await page.getByTestId('readout-sky').textContent()).toMatch(/RA \d{2}h\d{2}m[\d.]+s Dec [+−]\d{2}°/);
    expect(Number(await page.getByTestId('readout-value').textContent())).toBeGreaterThan(0);

    // A different stretch redraws the picture.
    // A band through the middle of the canvas: the picture is letterboxed, so the edges may be empty.
    const sample = async (): Promise<string> =>
      canvas.evaluate((el) => {
        const c = el as HTMLCanvasElement;
        return Array.from(c.getContext('2d')!.getImageData(0, Math.max(0, Math.floor(c.height / 2) - 20), c.width, 40).data.filter((_, i) => i % 97 === 0)).join(',');
      });
    const linear = await sample();
    await page.getByTestId('stretch-asinh').click();
    await page.getByTestId('limits-99.5').click();
    await expect.poll(sample).not.toBe(linear);
    await page.getByTestId('stretch-linear').click();
    await page.getByTestId('limits-zscale').click();
    await page.mouse.move(box!.x + box!.width * 0.45, box!.y + box!.height * 0.55);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(ROOT, 'test-results/fits-viewer.png') });

    await page.getByTestId('viewer-back').click();
    await page.getByTestId('frames-table').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
