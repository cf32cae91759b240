/**
 * End to end, operator mode: start `nightshift serve` (the built app) with a real-speed simulated clock
 * in the night of 21/22 Nov 2026, switch one telescope to operator mode through the contract, open
 * the Night page with `#token=`, mark one configuration Done in the Operator panel, and check the
 * contract reads it back COMPLETED. Saves test-results/operator.png.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, ROOT, consoleSession } from '../helpers/e2e';

const TELESCOPE = 'tfn.clma.0m4a';

interface Cfg { configurationStatusId: number; state: string }
interface Obs { configurations: Cfg[] }

async function ipc<T>(url: string, name: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(`${url}/ipc/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Token ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { ok: boolean; value: T };
  if (!json.ok) throw new Error(`${name} failed: ${JSON.stringify(json)}`);
  return json.value;
}

describe.skipIf(!HAS_CHROMIUM)('operator mode in chromium (skipped only when /usr/bin/chromium is missing)', () => {
  // Speed 1: the night barely moves while the test runs.
  const session = consoleSession({ simStart: '2026-11-21T23:00:00Z', extraArgs: ['--speed', '1'], dataDirPrefix: 'nightshift-e2e-operator-' });

  it('marks a configuration done from the Night page and the contract reads COMPLETED', async () => {
    const url = session.url;
    const token = session.token();
    await ipc(url, 'executor.setMode', { telescopeId: TELESCOPE, mode: 'operator' }, token);
    // The scheduler's first run places the demo requests; wait for an open configuration.
    let open: Cfg | undefined;
    await expect
      .poll(
        async () => {
          const s = await ipc<{ observations: Obs[] }>(url, 'operator.schedule', { telescopeId: TELESCOPE });
          open = s.observations.flatMap((o) => o.configurations).find((c) => c.state === 'PENDING');
          return open !== undefined;
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe(true);
    const id = open!.configurationStatusId;

    const page = await session.browser.newPage({ viewport: { width: 1600, height: 1400 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/#token=${token}`);
    await page.evaluate(() => {
      window.location.hash = '#/night';
    });
    const row = page.locator(`[data-testid="operator-config"][data-status-id="${id}"]`);
    await row.waitFor({ timeout: 20_000 });
    await row.locator('button[data-mark="COMPLETED"]').click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('COMPLETED');
    await expect.poll(() => row.getByTestId('operator-confirmation').textContent(), { timeout: 5_000 }).toContain('COMPLETED');

    const after = await ipc<{ observations: Obs[] }>(url, 'operator.schedule', { telescopeId: TELESCOPE });
    expect(after.observations.flatMap((o) => o.configurations).find((c) => c.configurationStatusId === id)?.state).toBe('COMPLETED');
    await page.getByTestId('operator-panel').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ROOT, 'test-results/operator.png') });
    expect(errors).toEqual([]);
  }, 120_000);
});
