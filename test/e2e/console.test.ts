/**
 * End to end, as a user: start `nightshift serve` (the built app) on a free port, open the console
 * in Debian's chromium, and check it shows the demo queue and a live clock.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, ROOT, consoleSession } from '../helpers/e2e';

const demoGroups = (JSON.parse(readFileSync(join(ROOT, 'resources/demo/requestgroups.json'), 'utf8')) as { request_groups: unknown[] })
  .request_groups.length;

describe.skipIf(!HAS_CHROMIUM)('console in chromium (skipped only when /usr/bin/chromium is missing)', () => {
  const session = consoleSession();
  let url = '';
  let browser: Browser | null = null;

  beforeAll(() => {
    url = session.url;
    browser = session.browser;
  });

  it('shows the demo queue, the live clock and night phase, and saves a screenshot', async () => {
    const page = await browser!.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);

    const utc = page.getByTestId('status-utc');
    await expect.poll(async () => (await utc.textContent()) ?? '', { timeout: 15_000 }).toMatch(/\d{2}:\d{2}:\d{2}/);
    const first = await utc.textContent();
    await expect.poll(async () => await utc.textContent(), { timeout: 10_000 }).not.toBe(first);
    await expect.poll(async () => (await page.getByTestId('status-night-phase').textContent()) ?? '').toMatch(/day|twilight|night/i);

    await page.getByTestId('nav-queue').click();
    await expect.poll(() => page.getByTestId('queue-row').count(), { timeout: 15_000 }).toBe(demoGroups);
    const states = await page.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
    expect(new Set(states)).toEqual(new Set(['PENDING']));

    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results/console-queue.png') });
    await page.getByTestId('nav-night').click();
    await page.getByTestId('timeline').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(ROOT, 'test-results/console-night.png') });
    expect(errors).toEqual([]);
  });
});
