/**
 * End to end, real-time sessions: the built `nightshift serve` with a real-speed simulated clock at
 * dusk of 21 Nov 2026 (Tenerife). Without the token the Night page's panel is read-only; with it and
 * no real-time time (the test takes the demo's 4 h of NS2026-GAL away in the data directory's
 * database) the form says why it cannot book; with the hours back, a session is booked from the
 * form, listed, drawn on the timeline as a real-time session, and cancelled. Saves
 * test-results/realtime-sessions.png and test-results/realtime-no-allocation.png.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, ROOT, consoleSession, ipc } from '../helpers/e2e';

const TELESCOPE = 'tfn.doma.1m0a';

describe.skipIf(!HAS_CHROMIUM)('real-time sessions in chromium (skipped only when /usr/bin/chromium is missing)', () => {
  const session = consoleSession({ simStart: '2026-11-21T20:00:00Z', extraArgs: ['--speed', '1'], dataDirPrefix: 'nightshift-e2e-realtime-' });

  it('books a session from the Night page, sees it listed and on the timeline, and cancels it', async () => {
    const url = session.url;
    const token = session.token();
    const errors: string[] = [];
    // Read-only without the token.
    const reader = await session.browser.newPage({ viewport: { width: 1600, height: 1000 } });
    reader.on('pageerror', (e) => errors.push(e.message));
    await reader.goto(`${url}/#/night`);
    await reader.getByTestId('rt-readonly').waitFor({ timeout: 20_000 });
    expect(await reader.getByTestId('rt-form').count()).toBe(0);
    await reader.close();

    // With the token but no real-time hours anywhere: the form explains instead of failing on Book.
    const setRealtimeHours = (hours: number): number => {
      const db = new Database(join(session.dataDir, 'nightshift.db'));
      db.pragma('busy_timeout = 5000');
      const changed = db.prepare("update time_allocations set realtime_allocation = ? where proposal_id = 'NS2026-GAL' and semester_id = '2026B'").run(hours).changes;
      db.close();
      return changed;
    };
    expect(setRealtimeHours(0)).toBeGreaterThan(0);
    const page = await session.browser.newPage({ viewport: { width: 1600, height: 1500 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/#token=${token}`);
    await page.evaluate(() => {
      window.location.hash = '#/night';
    });
    const noTime = page.getByTestId('rt-no-allocation');
    await noTime.waitFor({ timeout: 20_000 });
    expect(await noTime.textContent()).toMatch(/None of your proposals has real-time hours allocated in semester 2026B/);
    await page.getByTestId('rt-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ROOT, 'test-results/realtime-no-allocation.png') });

    // The demo's 4 h of NS2026-GAL real-time time back (what a TAC would allocate), then reload.
    expect(setRealtimeHours(4)).toBeGreaterThan(0);
    await page.reload();
    await page.evaluate(() => {
      window.location.hash = '#/night';
    });
    const form = page.getByTestId('rt-form');
    await form.waitFor({ timeout: 20_000 });
    await form.getByLabel('Telescope').selectOption(TELESCOPE);
    await expect.poll(() => form.getByLabel('Proposal').inputValue(), { timeout: 10_000 }).toBe('NS2026-GAL');
    // Tonight's free interval is offered (Tenerife is UTC+0 in November).
    await expect.poll(() => form.getByTestId('rt-free').textContent(), { timeout: 10_000 }).toMatch(/\d\d:\d\d–\d\d:\d\d/);

    // Live field errors: past dawn is not free, and more hours than allocated is refused before Book.
    await form.getByLabel('Start').fill('06:30');
    await form.getByLabel('Duration').fill('2');
    await expect.poll(() => form.getByTestId('rt-field-error').first().textContent(), { timeout: 5_000 }).toMatch(/not inside a free interval/);
    expect(await form.getByTestId('rt-book').isDisabled()).toBe(true);
    await form.getByLabel('Start').fill('23:00');
    await form.getByLabel('Duration').fill('5');
    await expect.poll(() => form.getByTestId('rt-field-error').first().textContent(), { timeout: 5_000 }).toMatch(/4 h of real-time time left; 5 h asked/);

    await form.getByLabel('Duration').fill('1.5');
    await form.getByLabel('Name').fill('Comet outburst check');
    expect(await form.getByTestId('rt-field-error').count()).toBe(0);
    expect(await form.getByTestId('rt-span').textContent()).toBe('23:00–00:30 local · 23:00–00:30 UTC');
    await form.getByTestId('rt-book').click();
    await expect.poll(() => page.getByTestId('rt-booked').textContent(), { timeout: 10_000 }).toContain('Booked tfn.doma.1m0a 23:00–00:30');

    const row = page.getByTestId('rt-session');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.getAttribute('data-state')).toBe('PENDING');
    expect(await row.textContent()).toContain('NS2026-GAL');
    const listed = await ipc<{ sessions: { id: number; startUtcMs: number; endUtcMs: number; name: string }[] }>(url, 'realtime.list', {});
    expect(listed.sessions.map((s) => [s.name, s.startUtcMs, s.endUtcMs])).toEqual([['Comet outburst check', Date.parse('2026-11-21T23:00:00Z'), Date.parse('2026-11-22T00:30:00Z')]]);

    // On the 1 m lane of the timeline, labelled as a session (its own downtime entry not drawn twice).
    const lane = page.locator(`[data-testid="timeline-lane"][data-telescope="${TELESCOPE}"]`);
    const block = lane.locator('.tl-block.rt-block');
    await expect.poll(() => block.count(), { timeout: 15_000 }).toBe(1);
    expect(await block.textContent()).toBe('Real-time session · Comet outburst check');
    expect(await lane.locator('.tl-block.kind-downtime').count()).toBe(0);
    await page.getByTestId('timeline').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ROOT, 'test-results/realtime-sessions.png'), fullPage: true });

    // Cancel, with a confirmation.
    await row.getByTestId('rt-cancel').click();
    await row.getByTestId('rt-cancel-confirm').click();
    await expect.poll(() => page.getByTestId('rt-session').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => block.count(), { timeout: 15_000 }).toBe(0);
    expect((await ipc<{ sessions: unknown[] }>(url, 'realtime.list', {})).sessions).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);
});
