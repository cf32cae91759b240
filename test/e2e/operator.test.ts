/**
 * End to end, operator mode: start `nightshift serve` (the built app) with a real-speed simulated clock
 * in the night of 21/22 Nov 2026, switch one telescope to operator mode through the contract, open
 * the Night page with `#token=`, attach a hand-taken FITS file (after a refused path shows its
 * error), mark one configuration Done in the Operator panel, and check the contract reads it back
 * COMPLETED with the frame archived under its request. Saves test-results/operator.png and
 * test-results/operator-frames.png.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeHeader } from '../../src-main/archive';
import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, ROOT, consoleSession, ipc } from '../helpers/e2e';

const TELESCOPE = 'tfn.clma.0m4a';

interface Cfg { configurationStatusId: number; state: string }
interface Obs { requestId: number; configurations: Cfg[] }

/** A small BITPIX 16 frame as another capture program writes it; returns its path. */
function handTakenFits(dir: string): string {
  const header = serializeHeader([
    { key: 'SIMPLE', value: true },
    { key: 'BITPIX', value: 16 },
    { key: 'NAXIS', value: 2 },
    { key: 'NAXIS1', value: 32 },
    { key: 'NAXIS2', value: 32 },
    { key: 'DATE-OBS', value: '2026-11-21T23:00:30' },
    { key: 'EXPTIME', value: 10 },
  ]);
  const data = Buffer.alloc(2880);
  for (let i = 0; i < 32 * 32; i++) data.writeInt16BE((i * 97) % 2000, i * 2);
  const path = join(dir, 'M42_Light_0001.fits');
  writeFileSync(path, Buffer.concat([header, data]));
  return path;
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
    let requestId = 0;
    await expect
      .poll(
        async () => {
          const s = await ipc<{ observations: Obs[] }>(url, 'operator.schedule', { telescopeId: TELESCOPE });
          const obs = s.observations.find((o) => o.configurations.some((c) => c.state === 'PENDING'));
          open = obs?.configurations.find((c) => c.state === 'PENDING');
          requestId = obs?.requestId ?? 0;
          return open !== undefined;
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe(true);
    const id = open!.configurationStatusId;

    const { page, errors } = await session.operatorPage('#/night', { width: 1600, height: 1400 });
    const row = page.locator(`[data-testid="operator-config"][data-status-id="${id}"]`);
    await row.waitFor({ timeout: 20_000 });
    // Frames: a path that does not exist is refused (nothing recorded), then the real file goes in.
    const inbox = mkdtempSync(join(tmpdir(), 'nightshift-e2e-frames-'));
    const good = handTakenFits(inbox);
    await row.getByTestId('operator-frames-toggle').click();
    await row.getByTestId('operator-frames').fill(`${good}\n/nonexistent/M42_Light_0002.fits`);
    await row.locator('button[data-mark="COMPLETED"]').click();
    await expect.poll(() => row.getByTestId('operator-frame-errors').textContent(), { timeout: 10_000 }).toContain('#2 /nonexistent/M42_Light_0002.fits: file not found');
    expect(await row.getAttribute('data-state')).toBe('PENDING');
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ROOT, 'test-results/operator-frames.png') });
    await row.getByTestId('operator-frames').fill(good);
    await row.locator('button[data-mark="COMPLETED"]').click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('COMPLETED');
    await expect.poll(() => row.getByTestId('operator-confirmation').textContent(), { timeout: 5_000 }).toContain('COMPLETED');
    expect(await row.getByTestId('operator-confirmation').textContent()).toContain('1 frame archived');
    const listed = await ipc<{ frames: { basename: string }[] }>(url, 'frames.list', { requestId }, token);
    expect(listed.frames.length).toBe(1);
    rmSync(inbox, { recursive: true, force: true });

    const after = await ipc<{ observations: Obs[] }>(url, 'operator.schedule', { telescopeId: TELESCOPE });
    expect(after.observations.flatMap((o) => o.configurations).find((c) => c.configurationStatusId === id)?.state).toBe('COMPLETED');
    await page.getByTestId('operator-panel').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ROOT, 'test-results/operator.png') });
    expect(errors).toEqual([]);
  }, 120_000);
});
