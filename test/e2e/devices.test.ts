/**
 * End to end, as an operator: `serve --simulate` on a fresh data dir with the simulated clock in
 * evening twilight (Sun below the safety limit, too bright for the scheduler's OCS darkness, so the
 * robotic executor leaves the telescopes alone), the console opened with the operator link, and the
 * 0.4 m telescope driven by hand from the Devices page: the interlocks refuse what is unsafe and say
 * why, the roof opens, the mount unparks and slews to a queue target, a filter is selected and a 2 s
 * exposure shows its statistics. A console without the token is read-only and says so.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { sunAltitudeDeg } from '../../src-shared/astro';
import { HAS_CHROMIUM, ROOT, consoleSession } from '../helpers/e2e';

const TELESCOPE = 'tfn.clma.0m4a';

const demoDevices = JSON.parse(readFileSync(join(ROOT, 'resources/demo/devices.json'), 'utf8')) as {
  telescopes: { telescopeId: string; site: { latitudeDeg: number; longitudeDeg: number; elevationM: number } }[];
};
const site = demoDevices.telescopes.find((t) => t.telescopeId === TELESCOPE)!.site;

/** Today's evening instant when the Sun first sinks below −4° at the site (nautical twilight). */
function twilightStartMs(): number {
  const d = new Date();
  const noon = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 12) - (site.longitudeDeg / 15) * 3_600_000;
  for (let t = noon; t < noon + 14 * 3_600_000; t += 60_000) if (sunAltitudeDeg(site, t) < -4) return t;
  throw new Error('no twilight found');
}

describe.skipIf(!HAS_CHROMIUM)('devices panel drives the simulated devices (skipped only when /usr/bin/chromium is missing)', () => {
  const session = consoleSession({ simStart: new Date(twilightStartMs()).toISOString() });
  let url = '';
  let token = '';
  let browser: Browser | null = null;

  beforeAll(() => {
    url = session.url.replace(/\/?$/, '/');
    token = session.token();
    browser = session.browser;
  });

  /** The contract over HTTP, as any client would call it. */
  async function invoke(name: string, input: unknown): Promise<any> {
    const res = await fetch(`${url}ipc/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
    return res.json();
  }

  async function openDevices(page: Page, withToken: boolean): Promise<void> {
    await page.goto(withToken ? `${url}#token=${token}` : url);
    await page.getByTestId('nav-devices').click();
  }

  it('is read-only without the operator link, and says how to get write access', async () => {
    const page = await browser!.newPage({ viewport: { width: 1440, height: 900 } });
    await openDevices(page, false);
    await page.getByTestId('devices-readonly').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('devices-readonly').textContent()).toMatch(/operator link/);
    const panel = page.locator(`[data-telescope-id="${TELESCOPE}"]`);
    await panel.getByTestId('ctl-dome.open').waitFor({ timeout: 15_000 });
    expect(await panel.getByTestId('ctl-dome.open').isDisabled()).toBe(true);
    expect(await panel.getByTestId('ctl-dome.open').getAttribute('title')).toMatch(/Read-only/);
    // …and the core refuses a write without the token, whatever the console shows.
    const res = await fetch(`${url}ipc/devices.control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ telescopeId: TELESCOPE, action: { op: 'dome.open' } }) });
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('auth.required');
    await page.close();
  });

  it('opens the roof, unparks, slews to a queue target, selects a filter and exposes; refuses unsafe actions with the reason', async () => {
    const page = await browser!.newPage({ viewport: { width: 1440, height: 1560 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openDevices(page, true);
    const panel = page.locator(`[data-telescope-id="${TELESCOPE}"]`);
    const enclosure = panel.getByTestId('enclosure-readout');
    const mount = panel.getByTestId('mount-readout');

    // The demo starts with the roof closed and the mount parked.
    await expect.poll(() => enclosure.getAttribute('data-shutter'), { timeout: 30_000 }).toBe('closed');
    await expect.poll(() => mount.getAttribute('data-motion'), { timeout: 10_000 }).toBe('parked');

    // Unsafe: unparking under a closed roll-off roof is refused, and the console says why.
    await expect.poll(() => panel.getByTestId('ctl-mount.unpark').getAttribute('data-allowed'), { timeout: 10_000 }).toBe('false');
    expect(await panel.getByTestId('ctl-mount.unpark').isDisabled()).toBe(true);
    expect(await panel.getByTestId('control-reasons').first().textContent()).toMatch(/roof is closed/);
    const refusedUnpark = await invoke('devices.control', { telescopeId: TELESCOPE, action: { op: 'mount.unpark' } });
    expect(refusedUnpark.ok).toBe(false);
    expect(refusedUnpark.error.code).toBe('device.unsafe');
    expect(refusedUnpark.error.details.rule).toBe('mount.enclosureClosed');
    expect(refusedUnpark.error.message).toMatch(/roof is closed/);

    // Open the roof: weather and safety are fine, the mount is parked.
    await expect.poll(() => panel.getByTestId('ctl-dome.open').getAttribute('data-allowed'), { timeout: 10_000 }).toBe('true');
    await panel.getByTestId('ctl-dome.open').click();
    await expect.poll(() => enclosure.getAttribute('data-shutter'), { timeout: 60_000 }).toBe('open');

    // Unpark, now allowed.
    await expect.poll(() => panel.getByTestId('ctl-mount.unpark').getAttribute('data-allowed'), { timeout: 10_000 }).toBe('true');
    await panel.getByTestId('ctl-mount.unpark').click();
    await expect.poll(() => mount.getAttribute('data-motion'), { timeout: 20_000 }).not.toBe('parked');

    // Unsafe: closing the roof over an unparked mount is refused with its reason.
    await expect.poll(() => panel.getByTestId('ctl-dome.close').getAttribute('data-allowed'), { timeout: 10_000 }).toBe('false');
    expect(await panel.getByTestId('ctl-dome.close').isDisabled()).toBe(true);
    await expect.poll(async () => (await panel.getByTestId('control-reasons').allTextContents()).join(' ')).toMatch(/mount is not parked/);
    const refusedClose = await invoke('devices.control', { telescopeId: TELESCOPE, action: { op: 'dome.close' } });
    expect(refusedClose.error?.code).toBe('device.unsafe');
    expect(refusedClose.error?.details.rule).toBe('enclosure.mountNotParked');

    // Slew to the highest queue target above the mount's limit (the picker sorts by altitude now).
    const picker = panel.getByTestId('slew-target');
    await expect.poll(() => picker.locator('option').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    const options = await picker.locator('option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })));
    const choice = options.find((o) => o.value !== '' && !o.text.includes('below limit'));
    expect(choice).toBeDefined();
    await picker.selectOption(choice!.value);
    const queue = await invoke('visibility.queueTargets', {});
    const target = queue.value.targets.map((t: any) => t.target).find((t: any) => t.name === choice!.value);
    const targetRaHours = (target.ra as number) / 15;
    const targetDecDeg = target.dec as number;
    await panel.getByTestId('ctl-mount.slew').click();
    // The mount reports the target it was sent (the picked one, to the input's rounding) …
    await expect.poll(async () => Number(await mount.getAttribute('data-target-ra-hours')), { timeout: 10_000 }).toBeCloseTo(targetRaHours, 3);
    expect(Number(await mount.getAttribute('data-target-dec-deg'))).toBeCloseTo(targetDecDeg, 3);
    // … and its J2000 pointing reaches it and tracks (sim: exact to 0.005 h / 0.05°).
    await expect.poll(() => mount.getAttribute('data-motion'), { timeout: 60_000 }).toBe('tracking');
    expect(Math.abs(Number(await mount.getAttribute('data-ra-hours')) - targetRaHours)).toBeLessThan(0.005);
    expect(Math.abs(Number(await mount.getAttribute('data-dec-deg')) - targetDecDeg)).toBeLessThan(0.05);
    const slewLog = panel.locator('[data-testid="control-log-entry"][data-op="mount.slew"]').first();
    await expect.poll(() => slewLog.getAttribute('data-outcome'), { timeout: 30_000 }).toBe('ok');

    // Filter V.
    await panel.getByTestId('filter-select').selectOption('V');
    await panel.getByTestId('ctl-filter.select').click();
    await expect.poll(() => panel.getByTestId('filter-readout').getAttribute('data-filter'), { timeout: 20_000 }).toBe('V');

    // Expose 2 s and see the image statistics (0.4 m imager: 1600 × 1200).
    await panel.getByTestId('expose-sec').fill('2');
    await panel.getByTestId('ctl-camera.expose').click();
    const stats = panel.getByTestId('image-stats').first();
    await stats.waitFor({ timeout: 60_000 });
    expect(await stats.getAttribute('data-width')).toBe('1600');
    expect(await stats.getAttribute('data-height')).toBe('1200');
    expect(Number(await stats.getAttribute('data-mean'))).toBeGreaterThan(0);
    expect(await stats.textContent()).toMatch(/2 s light · V/);

    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results/devices.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
