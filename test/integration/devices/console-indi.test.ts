/**
 * The console's devices panel pointed at an indiserver: Debian's INDI simulators (telescope, CCD,
 * filter wheel, focuser, dome, weather) in a private network namespace, a `devices.json` in a fresh
 * data dir naming them (family `indi`), and `nightshift serve` on that data dir. Through the contract
 * the console uses (HTTP `/ipc/…` with the operator token) the panel's data shows every INDI device
 * connected with its readings, and a manual slew reaches its target; chromium saves
 * test-results/devices-indi.png of the panel.
 *
 * The telescope's site in devices.json is put where the Sun is down now, so the safety supervisor
 * (which secures telescopes in daylight) leaves the simulators alone; `--no-demo` means no requests,
 * so the robotic executor has nothing to run either.
 */
import { type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sunAltitudeDeg } from '../../../src-shared/astro';
import { CHROMIUM, CHROMIUM_ARGS, ROOT, startServeWith } from '../../helpers/e2e';
import { makeTempDir } from '../../helpers/temp-dir';
import { indiserverInstalled, startIndiServer, type IndiServerHandle } from '../helpers/indiserver';

const TELESCOPE = 'indi.roof.sim';
const installed = indiserverInstalled();

/** A longitude on the equator where the Sun is lowest now (night), degrees east. */
function nightLongitudeDeg(nowMs: number): number {
  let best = 0;
  let lowest = Infinity;
  for (let lon = -180; lon < 180; lon += 5) {
    const alt = sunAltitudeDeg({ latitudeDeg: 0, longitudeDeg: lon, elevationM: 0 }, nowMs);
    if (alt < lowest) {
      lowest = alt;
      best = lon;
    }
  }
  return best;
}

describe.skipIf(!installed)(`console devices panel vs the INDI simulators${installed ? '' : ' (skipped: indiserver not installed — apt-get install indi-bin)'}`, () => {
  const dir = makeTempDir();
  let server: IndiServerHandle;
  let serveProcess: ChildProcess | null = null;
  let url = '';
  let token = '';

  async function invoke(name: string, input: unknown): Promise<any> {
    const res = await fetch(`${url}ipc/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
    return res.json();
  }
  async function devices(): Promise<any[]> {
    const answer = await invoke('devices.snapshot', {});
    expect(answer.ok).toBe(true);
    return (answer.value.devices as any[]).filter((d) => d.telescopeId === TELESCOPE);
  }
  async function until<T>(what: string, fn: () => Promise<T | null>, ms: number): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v !== null) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server.log().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  beforeAll(async () => {
    server = await startIndiServer();
    const indi = (id: string, kind: string, device: string) => ({ id, kind, family: 'indi', host: server.host, port: server.port, device });
    writeFileSync(
      join(dir.path, 'devices.json'),
      JSON.stringify({
        format: 'nightshift-devices/1',
        telescopes: [
          {
            telescopeId: TELESCOPE,
            site: { latitudeDeg: 0, longitudeDeg: nightLongitudeDeg(Date.now()), elevationM: 0 },
            devices: [
              indi('mount', 'mount', 'Telescope Simulator'),
              indi('camera', 'camera', 'CCD Simulator'),
              indi('filter-wheel', 'filterWheel', 'Filter Simulator'),
              indi('focuser', 'focuser', 'Focuser Simulator'),
              indi('dome', 'dome', 'Dome Simulator'),
              indi('weather', 'weather', 'Weather Simulator'),
            ],
          },
        ],
      }),
    );
    const started = await startServeWith(dir.path, ['--no-demo']);
    serveProcess = started.child;
    url = started.url.replace(/\/?$/, '/');
    token = readFileSync(join(dir.path, 'api-token'), 'utf8').trim();
  });

  afterAll(async () => {
    serveProcess?.kill('SIGTERM');
    if (serveProcess && serveProcess.exitCode === null) await new Promise((r) => serveProcess?.once('exit', r));
    await server?.stop();
    dir.remove();
  });

  it('shows all six INDI devices connected, with readings', async () => {
    const all = await until(
      'all INDI devices connected with a reading',
      async () => {
        const ds = await devices();
        return ds.length === 6 && ds.every((d) => d.connection === 'connected' && d.state.kind === d.kind) ? ds : null;
      },
      60_000,
    );
    expect(new Set(all.map((d) => d.family))).toEqual(new Set(['indi']));
    expect(new Set(all.map((d) => d.kind))).toEqual(new Set(['mount', 'camera', 'filterWheel', 'focuser', 'dome', 'weather']));
    const mount = all.find((d) => d.kind === 'mount');
    expect(typeof mount.state.j2000.raHours).toBe('number');
    expect(all.find((d) => d.kind === 'filterWheel').state.names.length).toBeGreaterThan(0);
    expect(all.every((d) => d.error === null)).toBe(true);
  });

  it('checks and runs a manual slew through the contract; the INDI mount reaches the target', async () => {
    let mount = (await devices()).find((d) => d.kind === 'mount');
    if (mount.state.parked === true) {
      const unpark = await invoke('devices.control', { telescopeId: TELESCOPE, action: { op: 'mount.unpark' } });
      expect(unpark.ok, JSON.stringify(unpark)).toBe(true);
      mount = (await devices()).find((d) => d.kind === 'mount');
    }
    // Home is the celestial pole, whose altitude is the driver's latitude: a declination equal to it
    // passes near the zenith. The driver's sidereal time is its own, so try hour circles 3 h apart;
    // the mount refuses those under its horizon limit at once (device.unsafe, no motion).
    const poleAltDeg = mount.state.horizontal?.altitudeDeg ?? 30;
    const decDeg = Math.round(Math.max(-60, Math.min(60, poleAltDeg)) * 100) / 100;
    const startRa = mount.state.j2000.raHours as number;
    let action: { op: 'mount.slew'; raHours: number; decDeg: number } | null = null;
    let slew: any = null;
    for (let k = 0; k < 8; k++) {
      const raHours = Math.round((((startRa + 3 * k) % 24) + 24) % 24 * 1000) / 1000 % 24;
      const candidate = { op: 'mount.slew' as const, raHours, decDeg };
      const check = await invoke('devices.checkControl', { telescopeId: TELESCOPE, actions: [candidate] });
      expect(check.ok).toBe(true);
      expect(check.value.verdicts[0].allowed, JSON.stringify(check.value.verdicts[0])).toBe(true);
      // A dome (not a roll-off roof): slewing with the shutter closed is allowed, with a warning.
      const shutter = (await devices()).find((d) => d.kind === 'dome').state.shutter;
      if (shutter !== 'open') expect(check.value.verdicts[0].warnings.join(' ')).toMatch(/shutter/);
      slew = await invoke('devices.control', { telescopeId: TELESCOPE, action: candidate });
      if (!slew.ok && slew.error.code === 'device.unsafe' && /outside limits/.test(slew.error.message)) continue;
      action = candidate;
      break;
    }
    expect(slew.ok, JSON.stringify(slew)).toBe(true);
    expect(action).not.toBeNull();
    const after = (await devices()).find((d) => d.kind === 'mount');
    // devices.md §2.4: the simulator's first slew can end ≈3′ off in RA → 0.02 h / 0.1° tolerance.
    const dRa = Math.abs(((after.state.j2000.raHours - action!.raHours + 36) % 24) - 12);
    expect(dRa).toBeLessThan(0.02);
    expect(Math.abs(after.state.j2000.decDeg - decDeg)).toBeLessThan(0.1);
    expect(after.state.slewing).toBe(false);
    expect(after.state.tracking).toBe(true);
  });

  it('selects a filter through the contract and the panel shows it (screenshot)', async () => {
    const wheel = (await devices()).find((d) => d.kind === 'filterWheel');
    const name = wheel.state.names[2] ?? wheel.state.names[0];
    const sel = await invoke('devices.control', { telescopeId: TELESCOPE, action: { op: 'filter.select', name } });
    expect(sel.ok, JSON.stringify(sel)).toBe(true);
    await until('filter slot', async () => {
      const w = (await devices()).find((d) => d.kind === 'filterWheel');
      return w.state.names[w.state.slot] === name ? true : null;
    }, 10_000);

    if (!existsSync(CHROMIUM)) return;
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(`${url}#token=${token}`);
      await page.getByTestId('nav-devices').click();
      const panel = page.locator(`[data-telescope-id="${TELESCOPE}"]`);
      await expect.poll(() => panel.locator('[data-testid="device-row"][data-connection="connected"]').count(), { timeout: 20_000 }).toBe(6);
      await expect.poll(() => panel.getByTestId('filter-readout').getAttribute('data-filter'), { timeout: 10_000 }).toBe(name);
      await expect.poll(() => panel.getByTestId('mount-readout').getAttribute('data-motion'), { timeout: 10_000 }).toBe('tracking');
      mkdirSync(join(ROOT, 'test-results'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'test-results/devices-indi.png') });
    } finally {
      await browser.close();
    }
  });
});
