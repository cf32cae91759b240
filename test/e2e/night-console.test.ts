/**
 * End to end, a simulated night followed from the console: `serve --simulate --speed 300` from
 * 21:30 UT on the demo observatory, the Night page opened with the operator link. The "Now observing"
 * panel names the target and its exposure bar advances between executor events (the console
 * interpolates the core clock); then the Report page lists the night's completed observations.
 * Screenshots: test-results/night-current.png, test-results/night-report.png (and -print.png).
 */
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, ROOT, consoleSession } from '../helpers/e2e';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!HAS_CHROMIUM)('the night on the console (skipped only when /usr/bin/chromium is missing)', () => {
  const session = consoleSession({ simStart: '2026-11-21T21:30:00Z', extraArgs: ['--speed', '300'], dataDirPrefix: 'nightshift-e2e-night-' });
  let url = '';
  let token = '';
  let browser: Browser | null = null;
  let page: Page | null = null;

  beforeAll(async () => {
    url = session.url.replace(/\/?$/, '/');
    token = session.token();
    browser = session.browser;
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  });

  it('shows the current observation with an exposure bar that advances between events', async () => {
    const p = page!;
    await p.goto(`${url}#token=${token}`);
    await p.getByTestId('now-panel').waitFor({ timeout: 15_000 });
    // The scheduler's first plan, opening and the first slew take a few seconds of real time at 300×.
    await p.getByTestId('exposure-progress').first().waitFor({ timeout: 60_000 });

    // Sample the bar until one exposure is seen twice with more progress the second time (0 < a < b < 100).
    let advanced: { key: string; a: number; b: number; target: string } | null = null;
    let previous: { key: string; value: number } | null = null;
    const deadline = Date.now() + 20_000;
    while (advanced === null && Date.now() < deadline) {
      const bars = p.getByTestId('exposure-progress');
      const n = await bars.count();
      for (let i = 0; i < n && advanced === null; i++) {
        const bar = bars.nth(i);
        const sample = await bar.evaluate((el) => ({ key: `${el.closest('[data-telescope]')?.getAttribute('data-telescope') ?? ''}|${el.getAttribute('data-key') ?? ''}`, value: Number(el.getAttribute('aria-valuenow')) })).catch(() => null);
        if (sample === null) continue;
        if (previous !== null && previous.key === sample.key && previous.value > 0 && sample.value > previous.value && sample.value < 100) {
          const card = p.locator(`[data-telescope="${sample.key.split('|')[0] ?? ''}"]`).getByTestId('now-target');
          advanced = { key: sample.key, a: previous.value, b: sample.value, target: (await card.textContent().catch(() => '')) ?? '' };
        }
        if (i === 0) previous = sample;
      }
      await sleep(20);
    }
    expect(advanced, 'an exposure bar advanced between two reads').not.toBeNull();
    expect(advanced?.b ?? 0).toBeGreaterThan(advanced?.a ?? 100);
    // The card names the target being observed (not the loading placeholder).
    expect(advanced?.target.trim().length ?? 0).toBeGreaterThan(1);
    expect(advanced?.target).not.toMatch(/^…$|unavailable/);

    // Every telescope shows the safety supervisor's verdict.
    const badges = await p.getByTestId('safety-badge').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    expect(badges.length).toBe(2);
    expect(badges.every((s) => s !== null && s !== 'unknown')).toBe(true);

    // Screenshot while exposing: wait for a bar between 20 % and 80 % so the picture shows progress.
    const shotDeadline = Date.now() + 10_000;
    while (Date.now() < shotDeadline) {
      const v = Number(await p.getByTestId('exposure-progress').first().getAttribute('aria-valuenow').catch(() => '0'));
      if (v > 20 && v < 80) break;
      await sleep(15);
    }
    await p.screenshot({ path: join(ROOT, 'test-results/night-current.png') });
  });

  it('lists the completed observations on the Report page', async () => {
    const p = page!;
    await p.getByTestId('nav-report').click();
    await p.getByTestId('report-summary').waitFor({ timeout: 15_000 });
    // Observations complete within seconds at 300×; refresh until the report has some.
    let completed = 0;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      completed = Number(await p.getByTestId('kpi-completed').textContent());
      if (completed >= 2) break;
      await sleep(2_000);
      await p.getByRole('button', { name: 'Refresh' }).click();
      await p.getByRole('button', { name: 'Refresh' }).waitFor({ timeout: 10_000 });
    }
    expect(completed).toBeGreaterThanOrEqual(2);
    // Both telescopes are reported, with completed configurations in their tables and requests listed.
    expect(await p.getByTestId('report-telescope').count()).toBe(2);
    expect(await p.locator('[data-testid="report-configurations"] tr[data-state="COMPLETED"]').count()).toBeGreaterThan(0);
    expect(await p.getByTestId('report-request').count()).toBeGreaterThan(0);
    expect(Number(await p.getByTestId('kpi-frames').textContent())).toBeGreaterThan(0);
    // The JSON export is the report the core returned.
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('report-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^nightshift-night-report-tfn-2026-11-21\.json$/);
    // The page scrolls inside the console frame: a tall window shows the whole report in one picture.
    await p.setViewportSize({ width: 1600, height: 1400 });
    await p.screenshot({ path: join(ROOT, 'test-results/night-report.png') });
    // Printed, the console's frame and the page's buttons are gone and the report is on white paper.
    await p.emulateMedia({ media: 'print' });
    expect(await p.locator('.navrail').isVisible()).toBe(false);
    expect(await p.getByTestId('report-export').isVisible()).toBe(false);
    expect(await p.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    await p.screenshot({ path: join(ROOT, 'test-results/night-report-print.png') });
    await p.emulateMedia({ media: 'screen' });
  });
});
