/**
 * End to end: editing the demo 0.4 m's pointing limits on the Settings page of the built console.
 * Without the token there is no "Edit limits"; with it the operator opens the form, sees the
 * wrong field named as they type (Save disabled), fixes it, saves, and the list shows the new
 * horizon; the contract (`visibility.target`, what Settings and the Sky page load) answers the
 * stored limits. Saves test-results/settings-limits-editor.png (also -errors and -saved).
 */
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, ROOT, consoleSession } from '../helpers/e2e';

const SIM_START = '2027-01-15T23:00:00Z';
const SMALL = 'tfn.clma.0m4a';

interface ContractLimits {
  horizonDeg: number;
  haLimitPosHours: number;
  haLimitNegHours: number;
  zenithBlindSpotDeg: number;
}

async function limitsOverContract(url: string): Promise<ContractLimits | null> {
  const res = await fetch(`${url}/ipc/visibility.target`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ target: { type: 'ICRS', name: 'probe', ra: 0, dec: 0 }, telescopeId: SMALL, stepMin: 60 }),
  });
  const json = (await res.json()) as { ok: boolean; value: { telescopes: (ContractLimits & { telescopeId: string })[] } };
  expect(json.ok).toBe(true);
  const t = json.value.telescopes.find((x) => x.telescopeId === SMALL);
  return t ? { horizonDeg: t.horizonDeg, haLimitPosHours: t.haLimitPosHours, haLimitNegHours: t.haLimitNegHours, zenithBlindSpotDeg: t.zenithBlindSpotDeg } : null;
}

describe.skipIf(!HAS_CHROMIUM)('Settings: pointing limits editor (skipped only when /usr/bin/chromium is missing)', () => {
  const session = consoleSession({ simStart: SIM_START, dataDirPrefix: 'nightshift-e2e-limits-' });
  let browser: Browser | null = null;
  beforeAll(() => {
    browser = session.browser;
  });

  it('without the token there is no limits editor', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${session.url}/#/settings`);
    await page.getByTestId(`limits-${SMALL}`).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('mask-readonly-note').textContent()).toMatch(/Pointing limits .* write access/);
    expect(await page.getByTestId(`edit-limits-${SMALL}`).count()).toBe(0);
    await page.close();
  });

  it('edits, validates and saves the 0.4 m horizon; the list and the contract answer the new value', async () => {
    const before = await limitsOverContract(session.url);
    expect(before).not.toBeNull();
    const { page, errors } = await session.operatorPage('#/settings', { width: 1280, height: 1000 });
    const edit = page.getByTestId(`edit-limits-${SMALL}`);
    await edit.waitFor({ timeout: 15_000 });
    await edit.click();
    const form = page.getByTestId(`limits-editor-${SMALL}`);
    const horizon = form.getByTestId('limits-input-horizonDeg');
    // The form starts from the stored values.
    expect(Number(await horizon.inputValue())).toBe(before!.horizonDeg);
    expect(Number(await form.getByTestId('limits-input-haLimitNegHours').inputValue())).toBe(before!.haLimitNegHours);

    // Out of range and a forgotten sign: each field says what is wrong, nothing can be saved.
    await horizon.fill('95');
    await form.getByTestId('limits-input-haLimitNegHours').fill('3');
    await expect.poll(() => form.getByTestId('limits-note-horizonDeg').textContent()).toMatch(/at most 90/);
    expect(await form.getByTestId('limits-note-haLimitNegHours').textContent()).toMatch(/at most 0/);
    expect(await form.getByTestId('limits-save').isDisabled()).toBe(true);
    await form.screenshot({ path: join(ROOT, 'test-results/settings-limits-editor-errors.png') });

    await horizon.fill('25');
    await form.getByTestId('limits-input-haLimitNegHours').fill(String(before!.haLimitNegHours));
    await expect.poll(() => form.getByTestId('limits-note-horizonDeg').textContent()).toMatch(/altitude, 0 to 90/);
    expect(await form.getByTestId('limits-save').isDisabled()).toBe(false);
    expect(await form.textContent()).toMatch(/later \/sites\/ import from an OCS configdb\s+replaces these four values/);
    await page.getByTestId('telescope-limits').screenshot({ path: join(ROOT, 'test-results/settings-limits-editor.png') });

    await form.getByTestId('limits-save').click();
    const listed = page.getByTestId(`limits-${SMALL}`);
    await expect.poll(() => listed.textContent(), { timeout: 10_000 }).toMatch(/^Horizon 25°/);
    expect(await page.getByTestId(`limits-editor-${SMALL}`).count()).toBe(0);
    expect(await limitsOverContract(session.url)).toEqual({ ...before!, horizonDeg: 25 });
    await page.getByTestId('telescope-limits').screenshot({ path: join(ROOT, 'test-results/settings-limits-saved.png') });

    // Cancel leaves the stored values alone.
    await page.getByTestId(`edit-limits-${SMALL}`).click();
    await page.getByTestId(`limits-editor-${SMALL}`).getByTestId('limits-input-horizonDeg').fill('40');
    await page.getByTestId(`limits-editor-${SMALL}`).getByTestId('limits-cancel').click();
    expect(await page.getByTestId(`limits-editor-${SMALL}`).count()).toBe(0);
    expect((await limitsOverContract(session.url))?.horizonDeg).toBe(25);
    expect(errors).toEqual([]);
    await page.close();
  });
});
