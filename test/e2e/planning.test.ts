/**
 * End to end, as a planner: start `nightshift serve` (the built app) with a simulated clock in the
 * night of 21/22 Nov 2026 at the demo site, open Planning in Debian's chromium, add a target from
 * the demo queue and one typed in, and check the chart draws and the table's rise/transit/set
 * times agree with the engine's `riseTransitSet` (≤ 60 s) over the timeline's night. Saves
 * test-results/planning.png. Then the semester calendar: one cell per night of the current semester
 * (from `requests.options`), a night's hours equal to `visibility.target`'s intervals for that night
 * (≤ 1 min), hover readout, and a click charts that night. Saves test-results/planning-calendar.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { riseTransitSet, type GeoSite, type Target as AstroTarget } from '../../src-shared/astro';
import { toAstroTarget } from '../../src-shared/ocs';
import { targetSchema } from '../../src-shared/schemas';
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

describe.skipIf(!HAS_CHROMIUM)('planning view in chromium (skipped only when /usr/bin/chromium is missing)', () => {
  const session = consoleSession({ simStart: SIM_START });
  let url = '';
  let browser: Browser | null = null;

  beforeAll(() => {
    url = session.url;
    browser = session.browser;
  });

  it('charts a queue target and a typed one; rise/transit/set match riseTransitSet within a minute', async () => {
    const page = await browser!.newPage({ viewport: { width: 1440, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/#/planning`);

    const queue = await ipc<{ targets: { target: Record<string, unknown> }[] }>(url, 'visibility.queueTargets', {});
    const qi = queue.targets.findIndex((t) => t.target['type'] === 'ICRS');
    expect(qi).toBeGreaterThanOrEqual(0);
    const fromQueue = queue.targets[qi]!.target;
    const select = page.getByTestId('plan-queue-select');
    await expect.poll(() => select.locator('option').count(), { timeout: 15_000 }).toBe(queue.targets.length + 1);
    await select.selectOption(String(qi));
    await page.getByTestId('plan-add-queue').click();

    await page.getByTestId('plan-name').fill('M42');
    await page.getByTestId('plan-ra').fill('05 35 17.3');
    await page.getByTestId('plan-dec').fill('-05 23 28');
    await page.getByTestId('plan-add-typed').click();

    // Two curves with real paths, the Moon, and the now-marker (the simulated clock is mid-night).
    await expect.poll(() => page.getByTestId('plan-series').count(), { timeout: 20_000 }).toBe(2);
    const ds = await page.getByTestId('plan-series').evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? ''));
    for (const d of ds) expect(d.split('L').length).toBeGreaterThan(20);
    expect(await page.getByTestId('plan-moon').count()).toBe(1);
    await page.getByTestId('plan-now').waitFor({ timeout: 10_000 });

    const night = await ipc<{ nightStartMs: number; nightEndMs: number }>(url, 'timeline.tonight', {});
    const expectedFor = (t: AstroTarget) => riseTransitSet(TFN, t, night.nightStartMs, night.nightEndMs, tel0.horizon);
    const m42: AstroTarget = { type: 'ICRS', raDeg: (5 + 35 / 60 + 17.3 / 3600) * 15, decDeg: -(5 + 23 / 60 + 28 / 3600) };
    const cases: [string, AstroTarget][] = [
      [String(fromQueue['name']), toAstroTarget(targetSchema.parse(fromQueue))!],
      ['M42', m42],
    ];
    let worstSec = 0;
    for (const [name, target] of cases) {
      const row = page.locator(`[data-testid="plan-row"][data-target="${name}"]`);
      await row.getByTestId('plan-hours').waitFor({ timeout: 20_000 });
      const read = async (id: string) => (await row.getByTestId(id).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-ms'))))).sort();
      const want = expectedFor(target);
      const got = { rises: await read('plan-rise'), transits: await read('plan-transit'), sets: await read('plan-set') };
      expect(got.rises.length).toBe(want.risesMs.length);
      expect(got.transits.length).toBe(want.transitsMs.length);
      expect(got.sets.length).toBe(want.setsMs.length);
      expect(got.transits.length + got.rises.length + got.sets.length).toBeGreaterThan(0);
      const pairs: [number, number][] = [
        ...got.rises.map((g, i): [number, number] => [g, want.risesMs[i]!]),
        ...got.transits.map((g, i): [number, number] => [g, want.transitsMs[i]!]),
        ...got.sets.map((g, i): [number, number] => [g, want.setsMs[i]!]),
      ];
      for (const [g, w] of pairs) worstSec = Math.max(worstSec, Math.abs(g - w) / 1000);
    }
    expect(worstSec).toBeLessThanOrEqual(60);

    // Hover readout, then the screenshot for the record.
    const chart = page.getByTestId('plan-chart');
    const boxPx = (await chart.boundingBox())!;
    await page.mouse.move(boxPx.x + boxPx.width * 0.62, boxPx.y + 120);
    await page.getByTestId('plan-readout').waitFor({ timeout: 5_000 });
    expect((await page.getByTestId('plan-readout').textContent()) ?? '').toMatch(/M42/);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results/planning.png'), fullPage: true });
    // Airmass mode redraws the same two curves (each above airmass 3 for part of the night).
    await page.getByTestId('plan-mode-airmass').click();
    await expect.poll(() => page.getByTestId('plan-series').evaluateAll((els) => els.filter((e) => (e.getAttribute('d') ?? '').length > 100).length)).toBe(2);
    expect(errors).toEqual([]);
  });

  it('shows a semester calendar: a cell per night, hours as visibility.target gives them, click charts the night', async () => {
    const page = await browser!.newPage({ viewport: { width: 1440, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/#/planning`);
    await page.getByTestId('plan-name').fill('M42');
    await page.getByTestId('plan-ra').fill('05 35 17.3');
    await page.getByTestId('plan-dec').fill('-05 23 28');
    await page.getByTestId('plan-add-typed').click();

    // The semester containing the simulated now, as the portal (requests.options) defines it.
    const options = await ipc<{ semesters: { id: string; startMs: number; endMs: number }[] }>(url, 'requests.options', {});
    const nowMs = Date.parse(SIM_START);
    const semester = options.semesters.find((x) => x.startMs <= nowMs && nowMs < x.endMs)!;
    const dayMs = 86_400_000;
    const nights = Math.round((semester.endMs - Math.floor(semester.startMs / dayMs) * dayMs) / dayMs);
    expect(nights).toBeGreaterThan(170);
    const row = page.locator('[data-testid="plan-cal-row"][data-target="M42"]');
    const cells = row.getByTestId('plan-cal-cell');
    await expect.poll(() => cells.count(), { timeout: 30_000 }).toBe(nights);
    expect(await page.getByTestId('plan-semester').inputValue()).toBe(semester.id);

    // Consecutive nights, one day apart, the first on the semester's first date.
    const noons = await cells.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-noon'))));
    for (let i = 1; i < noons.length; i++) expect(Math.abs(noons[i]! - noons[i - 1]! - dayMs)).toBeLessThan(1000);
    expect(new Date(noons[0]!).toISOString().slice(0, 10)).toBe(new Date(semester.startMs).toISOString().slice(0, 10));

    // A December night: its hours against visibility.target over that night (noon to noon).
    const pick = noons.findIndex((ms) => new Date(ms).toISOString().startsWith('2026-12-15'));
    expect(pick).toBeGreaterThan(0);
    const cell = cells.nth(pick);
    const calendarHours = Number(await cell.getAttribute('data-hours'));
    const noon = noons[pick]!;
    const exact = await ipc<{ telescopes: { telescopeId: string; observableHours: number; observable: { startMs: number; endMs: number }[] }[] }>(url, 'visibility.target', {
      target: { name: 'M42', type: 'ICRS', ra: (5 + 35 / 60 + 17.3 / 3600) * 15, dec: -(5 + 23 / 60 + 28 / 3600) },
      startMs: noon,
      endMs: noon + dayMs,
      stepMin: 5,
    });
    const exactHours = exact.telescopes[0]!.observable.reduce((s, o) => s + (o.endMs - o.startMs), 0) / 3_600_000;
    expect(exactHours).toBeGreaterThan(1);
    expect(Math.abs(calendarHours - exactHours) * 60).toBeLessThanOrEqual(1);

    // Hover readout gives the hours; the screenshot records it.
    await cell.hover();
    await page.getByTestId('plan-cal-tip').waitFor({ timeout: 5_000 });
    const tip = (await page.getByTestId('plan-cal-tip').textContent()) ?? '';
    expect(tip).toMatch(/M42/);
    expect(tip).toMatch(/2026-12-15/);
    const h = Math.floor(Math.round(exactHours * 60) / 60);
    expect(tip).toMatch(new RegExp(`Observable ${h} h`));
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.getByTestId('plan-calendar-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ROOT, 'test-results/planning-calendar.png'), fullPage: true });

    // Click: the chart shows that night, and the table's hours are that night's.
    await cell.click();
    await expect.poll(() => page.getByTestId('plan-chart-panel').locator('.panel-title').textContent(), { timeout: 20_000 }).toMatch(/night of 2026-12-15/);
    await expect.poll(async () => Number(((await page.getByTestId('plan-hours').first().textContent()) ?? '').replace(' h', '')), { timeout: 20_000 }).toBeCloseTo(exactHours, 1);
    await page.getByTestId('plan-tonight').click();
    await expect.poll(() => page.getByTestId('plan-chart-panel').locator('.panel-title').textContent(), { timeout: 20_000 }).toMatch(/tonight/);
    expect(errors).toEqual([]);
  });
});
