/**
 * End to end: editing the demo 1 m's horizon mask on the Settings page of the built console. A
 * console without the token offers no editor and says how to get write access; with the token the
 * operator opens the editor, sees a per-line message for a bad line (Save disabled), fixes it,
 * saves, and the list shows the new mask; the contract (`visibility.target`, what the Sky page
 * loads) answers the same points and the Sky page outlines it; Clear mask goes back to the flat
 * horizon; a change made over the contract elsewhere shows up in the open page. Saves
 * test-results/settings-mask-editor.png (also -errors, settings-mask-saved, settings-mask-readonly).
 */
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SkyProbe } from '../../src-renderer/features/sky/sky-probe';
import { HAS_CHROMIUM, ROOT, consoleSession } from '../helpers/e2e';

const SIM_START = '2027-01-15T23:00:00Z';
const ONE_M = 'tfn.doma.1m0a';
const MASK: [number, number][] = [
  [0, 20],
  [80, 38],
  [150, 12],
  [240, 25],
  [320, 30],
];

async function probe(page: Page): Promise<SkyProbe | null> {
  return page.evaluate(() => window.__nightshiftSky?.probe() ?? null);
}

async function maskOverContract(url: string): Promise<[number, number][] | null> {
  const res = await fetch(`${url}/ipc/visibility.target`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ target: { type: 'ICRS', name: 'probe', ra: 0, dec: 0 }, telescopeId: ONE_M, stepMin: 60 }),
  });
  const json = (await res.json()) as {
    ok: boolean;
    value: { telescopes: { telescopeId: string; horizonMask: { azimuthDeg: number; altitudeDeg: number }[] | null }[] };
  };
  expect(json.ok).toBe(true);
  const tel = json.value.telescopes.find((t) => t.telescopeId === ONE_M);
  return tel?.horizonMask?.map((p) => [p.azimuthDeg, p.altitudeDeg]) ?? null;
}

describe.skipIf(!HAS_CHROMIUM)('Settings: horizon mask editor (skipped only when /usr/bin/chromium is missing)', () => {
  const session = consoleSession({ simStart: SIM_START, dataDirPrefix: 'nightshift-e2e-mask-' });
  let browser: Browser | null = null;
  beforeAll(() => {
    browser = session.browser;
  });

  it('without the token there is no editor, and the page says how to get write access', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${session.url}/#/settings`);
    await page.getByTestId(`horizon-mask-${ONE_M}`).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('mask-readonly-note').textContent()).toMatch(/write access/);
    expect(await page.getByTestId(`edit-mask-${ONE_M}`).count()).toBe(0);
    await page.screenshot({ path: join(ROOT, 'test-results/settings-mask-readonly.png') });
    await page.close();
  });

  it('edits, validates, saves and lists the 1 m mask; the contract answers the saved points', async () => {
    expect(await maskOverContract(session.url)).toBeNull();
    const { page, errors } = await session.operatorPage('#/settings', { width: 1280, height: 1000 });
    const edit = page.getByTestId(`edit-mask-${ONE_M}`);
    await edit.waitFor({ timeout: 15_000 });
    await edit.click();
    const editor = page.getByTestId(`mask-editor-${ONE_M}`);
    const text = editor.getByTestId('mask-text');
    // A typo on line 3 and an azimuth out of range on line 5: both named, nothing can be saved.
    await text.fill(['0, 20', '80, 38', '150 12 x', '240, 25', '400, 30'].join('\n'));
    const validation = editor.getByTestId('mask-validation');
    await expect.poll(() => validation.textContent()).toMatch(/Line 3: expected "azimuth, altitude"/);
    expect(await validation.textContent()).toMatch(/Line 5: azimuth must be below 360/);
    expect(await editor.getByTestId('mask-save').isDisabled()).toBe(true);
    await editor.screenshot({ path: join(ROOT, 'test-results/settings-mask-editor-errors.png') });

    await text.fill(MASK.map(([az, alt]) => `${az}, ${alt}`).join('\n'));
    await expect.poll(() => validation.textContent()).toContain(`${MASK.length} points, valid`);
    // The preview draws the outline and the dashed flat horizon.
    expect(await editor.getByTestId('mask-preview-outline').count()).toBe(1);
    expect(await editor.getByTestId('mask-preview-horizon').count()).toBe(1);
    await editor.screenshot({ path: join(ROOT, 'test-results/settings-mask-editor.png') });

    await editor.getByTestId('mask-save').click();
    const listed = page.getByTestId(`horizon-mask-${ONE_M}`);
    const top = MASK.reduce((m, p) => (p[1] > m[1] ? p : m));
    await expect
      .poll(() => listed.textContent(), { timeout: 10_000 })
      .toContain(`${MASK.length} points, highest ${top[1]}° at azimuth ${top[0]}°`);
    expect(await page.getByTestId(`mask-editor-${ONE_M}`).count()).toBe(0);
    expect(await maskOverContract(session.url)).toEqual(MASK);
    await page.screenshot({ path: join(ROOT, 'test-results/settings-mask-saved.png') });

    // The Sky page loads the new mask: the 1 m (no mask in the demo) now has an outline.
    await page.evaluate(() => {
      window.location.hash = '#/sky';
    });
    await page.getByTestId('sky-view').and(page.locator('[data-status="ready"]')).waitFor({ timeout: 20_000 });
    const select = page.locator('.sky-page select').filter({ has: page.locator(`option[value="${ONE_M}"]`) });
    await select.selectOption(ONE_M);
    await expect
      .poll(async () => (await probe(page))?.horizonMaskLines.length ?? 0, { timeout: 15_000 })
      .toBeGreaterThan(0);
    await page.evaluate(() => {
      window.location.hash = '#/settings';
    });

    // Clear mask: back to the flat horizon, in the list and over the contract.
    await page.getByTestId(`edit-mask-${ONE_M}`).click();
    await page.getByTestId(`mask-editor-${ONE_M}`).getByTestId('mask-clear').click();
    await expect.poll(() => listed.textContent(), { timeout: 10_000 }).toContain('none (flat horizon)');
    expect(await maskOverContract(session.url)).toBeNull();

    // A change made elsewhere (another console, a script) shows up here without a reload.
    const res = await fetch(`${session.url}/ipc/observatory.setHorizonMask`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Token ${session.token()}` },
      body: JSON.stringify({
        telescopeId: ONE_M,
        horizonMask: [
          [0, 5],
          [120, 22],
          [240, 9],
        ],
      }),
    });
    expect(res.status).toBe(200);
    await expect
      .poll(() => listed.textContent(), { timeout: 10_000 })
      .toContain('3 points, highest 22° at azimuth 120°');
    expect(errors).toEqual([]);
    await page.close();
  });
});
