/**
 * End to end, as an astronomer offline: start `nightshift serve` (the built app) with a simulated
 * clock in the night of 21/22 Nov 2026, open the console with `#token=`, compose a request for M31
 * (name looked up in the bundled catalogs, a filter picked), check the portal's duration and the
 * rise/transit/set shown against the engine's `riseTransitSet` (≤ 60 s), submit it and find it
 * PENDING in the queue; then a daytime-only window must show the OCS visibility error. Saves
 * test-results/composer.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { riseTransitSet, type GeoSite } from '../../src-shared/astro';
import { HAS_CHROMIUM, ROOT, consoleSession } from '../helpers/e2e';

const SIM_START = '2026-11-21T23:30:00Z';

const sites = JSON.parse(readFileSync(join(ROOT, 'resources/demo/sites.json'), 'utf8')) as { results: { elevation: number; enclosure_set: { code: string; telescope_set: { code: string; lat: number; long: number; horizon: number }[] }[] }[] };
const site0 = sites.results[0]!;
const tel0 = site0.enclosure_set[0]!.telescope_set[0]!;
const TFN: GeoSite = { latitudeDeg: tel0.lat, longitudeDeg: tel0.long, elevationM: site0.elevation };

async function ipc<T>(url: string, name: string, body: unknown): Promise<T> {
  const res = await fetch(`${url}/ipc/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as { ok: boolean; value: T };
  if (!json.ok) throw new Error(`${name} failed: ${JSON.stringify(json)}`);
  return json.value;
}

describe.skipIf(!HAS_CHROMIUM)('request composer in chromium (skipped only when /usr/bin/chromium is missing)', () => {
  const session = consoleSession({ simStart: SIM_START });
  let url = '';
  let browser: Browser | null = null;

  beforeAll(() => {
    url = session.url;
    browser = session.browser;
  });

  it('composes M31 offline, shows duration and rise/transit/set, submits it PENDING; a daytime window gets the OCS visibility error', async () => {
    const token = readFileSync(join(session.dataDir, 'api-token'), 'utf8').trim();
    const page = await browser!.newPage({ viewport: { width: 1600, height: 1250 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/#token=${token}`);
    await page.evaluate(() => {
      window.location.hash = '#/queue';
    });
    await page.getByTestId('queue-table').waitFor({ timeout: 15_000 });

    await page.getByTestId('queue-new-request').click();
    await page.getByTestId('cmp-proposal').waitFor({ timeout: 10_000 });
    await page.getByTestId('cmp-proposal').selectOption('NS2026-GAL');
    await page.getByTestId('cmp-name').fill('M31 composer e2e');
    await page.getByTestId('cmp-target-name').fill('M31');
    await page.getByTestId('cmp-lookup').click();
    await expect.poll(() => page.getByTestId('cmp-lookup-message').getAttribute('data-status'), { timeout: 10_000 }).toBe('found');
    expect(await page.getByTestId('cmp-ra').inputValue()).toBe('00 42 44.3');
    expect(await page.getByTestId('cmp-dec').inputValue()).toBe('+41 16 09');
    const filters = await page.getByTestId('cmp-oe-filter').locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(filters).toContain('rp');
    await page.getByTestId('cmp-oe-filter').selectOption('rp');
    await page.getByTestId('cmp-exposure').fill('120');
    await page.getByTestId('cmp-count').fill('3');

    // The portal's verdict: valid, with a duration; the night's chart and rise/transit/set.
    await expect.poll(() => page.getByTestId('cmp-verdict').getAttribute('data-valid'), { timeout: 20_000 }).toBe('true');
    await expect.poll(async () => Number(await page.getByTestId('cmp-duration').getAttribute('data-sec')), { timeout: 10_000 }).toBeGreaterThan(360);
    const shownDurationSec = Number(await page.getByTestId('cmp-duration').getAttribute('data-sec'));
    await expect.poll(() => page.locator('[data-testid="composer"] [data-testid="plan-series"]').count(), { timeout: 20_000 }).toBe(1);
    const night = await ipc<{ nightStartMs: number; nightEndMs: number }>(url, 'timeline.tonight', {});
    const want = riseTransitSet(TFN, { type: 'ICRS', raDeg: 10.68479, decDeg: 41.26906 }, night.nightStartMs, night.nightEndMs, tel0.horizon);
    const read = async (id: string) => (await page.getByTestId(id).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-ms'))))).sort();
    const got = { rises: await read('cmp-rise'), transits: await read('cmp-transit'), sets: await read('cmp-set') };
    expect(got.rises.length).toBe(want.risesMs.length);
    expect(got.transits.length).toBe(want.transitsMs.length);
    expect(got.sets.length).toBe(want.setsMs.length);
    expect(got.rises.length + got.transits.length + got.sets.length).toBeGreaterThan(0);
    let worstSec = 0;
    got.rises.forEach((g, i) => (worstSec = Math.max(worstSec, Math.abs(g - want.risesMs[i]!) / 1000)));
    got.transits.forEach((g, i) => (worstSec = Math.max(worstSec, Math.abs(g - want.transitsMs[i]!) / 1000)));
    got.sets.forEach((g, i) => (worstSec = Math.max(worstSec, Math.abs(g - want.setsMs[i]!) / 1000)));
    expect(worstSec).toBeLessThanOrEqual(60);

    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results/composer.png'), fullPage: true });

    // Submit → the queue shows it PENDING, with the duration the composer showed.
    await page.getByTestId('cmp-submit').click();
    await expect.poll(() => page.getByTestId('cmp-submit-message').textContent(), { timeout: 10_000 }).toMatch(/#\d+ submitted: PENDING/);
    const id = Number(/#(\d+)/.exec((await page.getByTestId('cmp-submit-message').textContent()) ?? '')?.[1]);
    const row = page.locator(`[data-testid="queue-row"][data-id="${id}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getAttribute('data-state')).toBe('PENDING');
    expect((await row.textContent()) ?? '').toContain('M31 composer e2e');
    const stored = (await (await fetch(`${url}/api/requestgroups/${id}/`, { headers: { Authorization: `Token ${token}` } })).json()) as { requests: { duration: number; configurations: { instrument_configs: { optical_elements: Record<string, string>; exposure_count: number }[]; target: { ra: number } }[] }[] };
    expect(stored.requests[0]!.duration).toBe(shownDurationSec);
    expect(stored.requests[0]!.configurations[0]!.instrument_configs[0]).toMatchObject({ optical_elements: { filter: 'rp' }, exposure_count: 3 });
    expect(stored.requests[0]!.configurations[0]!.target.ra).toBeCloseTo(10.68479, 3);

    // A daytime-only window: the portal's rule 12 answers next to the request.
    await page.getByTestId('queue-new-request').click();
    await page.getByTestId('cmp-name').fill('M31 in daylight');
    await page.getByTestId('cmp-target-name').fill('M31');
    await page.getByTestId('cmp-lookup').click();
    await expect.poll(() => page.getByTestId('cmp-lookup-message').getAttribute('data-status'), { timeout: 10_000 }).toBe('found');
    await page.getByTestId('cmp-window-start-utc-0').fill('2026-11-22T11:00');
    await page.getByTestId('cmp-window-end-utc-0').fill('2026-11-22T15:00');
    await expect.poll(() => page.getByTestId('cmp-request-errors').textContent(), { timeout: 20_000 }).toMatch(/will not be visible within the time window/);
    expect(await page.getByTestId('cmp-verdict').getAttribute('data-valid')).toBe('false');
    // The site-local field follows the UTC one (Canary: UTC+0 in November).
    expect(await page.getByTestId('cmp-window-start-local-0').inputValue()).toBe('2026-11-22T11:00');
    await page.screenshot({ path: join(ROOT, 'test-results/composer-not-visible.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
