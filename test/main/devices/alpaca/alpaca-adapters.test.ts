/**
 * Every Alpaca capability adapter against our own Alpaca server serving sim devices over loopback:
 * sim device → AlpacaServer → HTTP → AlpacaClient → adapter. The reference for each read-back is
 * the sim device itself (read directly, in process). Faults injected on the sim side must surface
 * on the client side as the same coded error. The clock runs 20× faster than real time so slews
 * and shutters finish in a fraction of a second of real time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../../src-main/clock';
import { AlpacaServer, createAlpacaDevice } from '../../../../src-main/devices/alpaca';
import { createDeviceManager } from '../../../../src-main/devices/manager';
import { createSimDevice, horizontalToEquatorial, jnowToJ2000, lstHours, separationDeg } from '../../../../src-main/devices/sim';
import type { SimDevice, SimSafetyMonitor } from '../../../../src-main/devices/sim';
import type {
  AlpacaDeviceConfig,
  AnyDevice,
  Camera,
  DeviceKind,
  DeviceSnapshot,
  Dome,
  DriverContext,
  FilterWheel,
  Focuser,
  Mount,
  Rotator,
  SafetyMonitor,
  WeatherStation,
} from '../../../../src-main/devices/types';
import { SITE, T0 } from '../helpers';

const clock = new SimulatedClock(T0, 20);
const simCtx: DriverContext = { clock, telescopeId: 'srv', site: SITE, shared: new Map() };
const clientCtx: DriverContext = { clock, telescopeId: 'cli', site: SITE, shared: new Map() };

const sims = {
  mount: createSimDevice({ id: 'mount', kind: 'mount', family: 'sim', options: { slewRateDegPerSec: 20, settleSec: 0.5 } }, simCtx),
  camera: createSimDevice({ id: 'cam', kind: 'camera', family: 'sim', options: { widthPx: 160, heightPx: 120, readoutSecPerMpx: 1 } }, simCtx),
  filterWheel: createSimDevice({ id: 'fw', kind: 'filterWheel', family: 'sim' }, simCtx),
  focuser: createSimDevice({ id: 'foc', kind: 'focuser', family: 'sim' }, simCtx),
  dome: createSimDevice({ id: 'dome', kind: 'dome', family: 'sim', options: { shutterSec: 4, degPerSec: 20 } }, simCtx),
  roof: createSimDevice({ id: 'roof', kind: 'dome', family: 'sim', options: { roof: true, shutterSec: 4 } }, simCtx),
  rotator: createSimDevice({ id: 'rot', kind: 'rotator', family: 'sim', options: { degPerSec: 30 } }, simCtx),
  weather: createSimDevice({ id: 'wx', kind: 'weather', family: 'sim' }, simCtx),
  safety: createSimDevice({ id: 'safe', kind: 'safety', family: 'sim' }, simCtx),
};
const server = new AlpacaServer({ devices: Object.values(sims) });
let port = 0;

const faults = (d: AnyDevice): SimDevice<DeviceKind>['faults'] => (d as unknown as SimDevice<DeviceKind>).faults;

function adapter<T extends AnyDevice>(id: string, kind: DeviceKind, deviceNumber = 0): T {
  const config: AlpacaDeviceConfig = { id, kind, family: 'alpaca', host: '127.0.0.1', port, deviceNumber };
  // Request timeout 60 s of clock time = 3 s real: generous for a loaded CI box.
  return createAlpacaDevice(config, clientCtx, { pollMs: 100, requestTimeoutMs: 60_000, startGraceMs: 2_000 }) as T;
}

let mount: Mount;
let camera: Camera;
let wheel: FilterWheel;
let focuser: Focuser;
let dome: Dome;
let roof: Dome;
let rotator: Rotator;
let weather: WeatherStation;
let safety: SafetyMonitor;

beforeAll(async () => {
  for (const d of Object.values(sims)) await d.connect();
  port = await server.start();
  mount = adapter('mount', 'mount');
  camera = adapter('cam', 'camera');
  wheel = adapter('fw', 'filterWheel');
  focuser = adapter('foc', 'focuser');
  dome = adapter('dome', 'dome', 0);
  roof = adapter('roof', 'dome', 1);
  rotator = adapter('rot', 'rotator');
  weather = adapter('wx', 'weather');
  safety = adapter('safe', 'safety');
  await Promise.all([mount, camera, wheel, focuser, dome, roof, rotator, weather, safety].map((d) => d.connect()));
});

afterAll(async () => {
  await server.stop();
  clock.dispose();
});

/** A J2000 target 60° up in the south right now (always above the sim's limits). */
function targetHigh(altitudeDeg = 60, azimuthDeg = 180) {
  const now = clock.nowMs();
  const jnow = horizontalToEquatorial({ altitudeDeg, azimuthDeg }, lstHours(now, SITE.longitudeDeg), SITE.latitudeDeg);
  return jnowToJ2000(jnow, now);
}

describe('Alpaca adapters over loopback (sim → AlpacaServer → AlpacaClient → adapter)', () => {
  it('mount: unpark, slew to J2000 and track, matching the sim within 3′; park', async () => {
    await mount.unpark();
    const target = targetHigh();
    await mount.slewToCoordinates(target, 'j2000');
    const viaAlpaca = await mount.readState();
    const direct = await sims.mount.readState();
    if (direct.kind !== 'mount') throw new Error('kind');
    expect(separationDeg(viaAlpaca.j2000, target)).toBeLessThan(0.05);
    expect(separationDeg(viaAlpaca.jnow, direct.jnow)).toBeLessThan(0.01);
    expect(viaAlpaca.tracking).toBe(true);
    expect(viaAlpaca.slewing).toBe(false);
    expect(viaAlpaca.horizontal?.altitudeDeg).toBeCloseTo(60, 0);
    await mount.park();
    expect((await mount.readState()).parked).toBe(true);
    await expect(mount.slewToCoordinates(target, 'j2000')).rejects.toMatchObject({ code: 'device.error', details: { reason: 'parked' } });
  });

  it('mount: client-side limits refuse a low target with device.unsafe', async () => {
    await mount.unpark();
    await mount.setLimits({ minAltitudeDeg: 30, maxAltitudeDeg: 90, maxHourAngleHours: null });
    await expect(mount.slewToCoordinates(targetHigh(10), 'j2000')).rejects.toMatchObject({ code: 'device.unsafe' });
    await mount.setLimits({ minAltitudeDeg: 0, maxAltitudeDeg: 90, maxHourAngleHours: null });
  });

  it('mount: a sim-side error during the slew surfaces as device.error (Alpaca 0x4FF)', async () => {
    faults(sims.mount).inject({ type: 'error', command: 'slewToCoordinates', times: 1 });
    await expect(mount.slewToCoordinates(targetHigh(50, 200), 'j2000')).rejects.toMatchObject({
      code: 'device.error',
      details: { alpacaErrorNumber: 0x4ff },
    });
  });

  it('camera: binned sub-frame exposure downloads with the asked geometry; pixels look like a frame', async () => {
    const img = await camera.expose({ durationSec: 1, frameType: 'dark', binning: { x: 2, y: 2 }, subframe: { x: 20, y: 10, width: 100, height: 80 } });
    expect([img.width, img.height]).toEqual([50, 40]);
    expect(img.metadata.subframe).toEqual({ x: 20, y: 10, width: 100, height: 80 });
    expect(img.metadata.binning).toEqual({ x: 2, y: 2 });
    let sum = 0;
    for (const v of img.pixels) sum += v;
    // bias 1000 ADU + a little dark current: the mean of a real dark frame, not zeros or garbage
    expect(sum / img.pixels.length).toBeGreaterThan(990);
    expect(sum / img.pixels.length).toBeLessThan(1100);
    const state = await camera.readState();
    expect(state.activity).toBe('idle');
    expect(state.binning).toEqual({ x: 2, y: 2 });
    await camera.setSubframe(null);
    await camera.setBinning({ x: 1, y: 1 });
    const full = await camera.expose({ durationSec: 0, frameType: 'bias' });
    expect([full.width, full.height]).toEqual([160, 120]);
  });

  it('camera: cooler set-point is written and read back', async () => {
    await camera.setCooler(-10);
    const s = await camera.readState();
    expect(s.coolerOn).toBe(true);
    expect(s.coolerSetpointC).toBe(-10);
    await camera.setCooler(null);
    expect((await camera.readState()).coolerOn).toBe(false);
  });

  it('camera: aborting the signal aborts the exposure; a sim-side post-condition fault → device.postcondition', async () => {
    const ctrl = new AbortController();
    const p = camera.expose({ durationSec: 30, frameType: 'light' }, { signal: ctrl.signal });
    await clock.sleep(2_000);
    ctrl.abort(new Error('operator abort'));
    await expect(p).rejects.toThrow('operator abort');
    const sim = await sims.camera.readState();
    if (sim.kind !== 'camera') throw new Error('kind');
    // The abort reached the device: the sim camera is idle again, not exposing for 30 s. It gets
    // there asynchronously, so poll for up to 10 s of clock (a third of the exposure) rather than
    // trusting one fixed delay on a loaded machine.
    let activity = (await camera.readState()).activity;
    for (let i = 0; i < 50 && activity !== 'idle'; i++) {
      await clock.sleep(200);
      activity = (await camera.readState()).activity;
    }
    expect(activity).toBe('idle');

    faults(sims.camera).inject({ type: 'postcondition', command: 'expose', times: 1 });
    await expect(camera.expose({ durationSec: 0.5, frameType: 'dark' })).rejects.toMatchObject({
      code: 'device.postcondition',
      details: { alpacaErrorNumber: 0x501 },
    });
  });

  it('filter wheel: slot change matches the sim; a lying wheel → device.postcondition', async () => {
    await wheel.setSlot(3);
    const s = await wheel.readState();
    expect(s.slot).toBe(3);
    expect(s.names).toEqual((await sims.filterWheel.readState()).kind === 'filterWheel' ? ((await sims.filterWheel.readState()) as { names: string[] }).names : []);
    faults(sims.filterWheel).inject({ type: 'postcondition', command: 'setSlot', times: 1 });
    await expect(wheel.setSlot(5)).rejects.toMatchObject({ code: 'device.postcondition' });
    expect((await wheel.readState()).slot).toBe(3);
  });

  it('focuser: absolute and relative moves; garbage on the sim side → device.protocol', async () => {
    await focuser.moveTo(26_000);
    await focuser.moveBy(-500);
    const s = await focuser.readState();
    const direct = await sims.focuser.readState();
    expect(s.position).toBe(25_500);
    expect(direct.kind === 'focuser' && direct.position).toBe(25_500);
    faults(sims.focuser).inject({ type: 'garbage', command: 'moveTo', times: 1 });
    await expect(focuser.moveTo(24_000)).rejects.toMatchObject({ code: 'device.protocol' });
  });

  it('dome: shutter open/close, azimuth slew, park; roof has no azimuth', async () => {
    await dome.openShutter();
    expect((await dome.readState()).shutter).toBe('open');
    await dome.slewToAzimuth(123);
    expect((await dome.readState()).azimuthDeg).toBeCloseTo(123, 0);
    await dome.closeShutter();
    await dome.park();
    const s = await dome.readState();
    expect([s.shutter, s.parked]).toEqual(['closed', true]);
    await roof.openShutter();
    expect((await roof.readState()).shutter).toBe('open');
    expect((await roof.readState()).capabilities.canSetAzimuth).toBe(false);
    await expect(roof.slewToAzimuth(90)).rejects.toMatchObject({ code: 'device.unsupported' });
    await roof.closeShutter();
  });

  it('rotator: absolute, relative, sync', async () => {
    await rotator.moveTo(90);
    await rotator.moveBy(45);
    expect((await rotator.readState()).positionDeg).toBeCloseTo(135, 1);
    await rotator.sync(10);
    const s = await rotator.readState();
    expect(s.positionDeg).toBeCloseTo(10, 3);
    expect(s.mechanicalDeg).toBeCloseTo(135, 1);
  });

  it('weather and safety: readings equal the sim station; the safety verdict follows the sim', async () => {
    const w = await weather.readState();
    const direct = await sims.weather.readState();
    if (direct.kind !== 'weather') throw new Error('kind');
    expect(w.readings).toEqual(direct.readings);
    expect(w.safe).toBeNull(); // ObservingConditions has no verdict
    expect((await safety.readState()).safe).toBe(true);
    (sims.safety as SimSafetyMonitor).setSafe(false);
    expect((await safety.readState()).safe).toBe(false);
    (sims.safety as SimSafetyMonitor).setSafe(null);
  });

  it('a sim-side stall ends in device.timeout on the client, within its timeout', async () => {
    faults(sims.weather).inject({ type: 'stall', command: 'readState', times: 1 });
    const t0 = clock.nowMs();
    await expect(weather.readState({ timeoutMs: 4_000 })).rejects.toMatchObject({ code: 'device.timeout' });
    expect(clock.nowMs() - t0).toBeLessThan(20_000);
  });

  it('a sim-side disconnect surfaces as device.disconnected (0x407) and the adapter knows it is down', async () => {
    faults(sims.safety).inject({ type: 'disconnect', command: 'readState', times: 1 });
    await expect(safety.readState()).rejects.toMatchObject({ code: 'device.disconnected' });
    await expect(safety.readState()).rejects.toMatchObject({ code: 'device.disconnected' });
    expect(safety.isConnected()).toBe(false);
    await sims.safety.connect(); // the server's device comes back…
    await safety.connect(); // …and the client reconnects
    expect((await safety.readState()).safe).toBe(true);
  });

  it('the registry builds Alpaca devices: a manager connects and heartbeats them', async () => {
    const events: DeviceSnapshot[] = [];
    const manager = createDeviceManager({
      clock,
      devices: [
        {
          telescopeId: 't-alpaca',
          site: SITE,
          devices: [
            { id: 'fw', kind: 'filterWheel', family: 'alpaca', host: '127.0.0.1', port, deviceNumber: 0 },
            { id: 'wx', kind: 'weather', family: 'alpaca', host: '127.0.0.1', port, deviceNumber: 0 },
          ],
        },
      ],
      onState: (_t, _k, s) => events.push(s),
    });
    try {
      for (let i = 0; i < 100 && manager.snapshot().some((s) => s.state === null); i++) await clock.sleep(500);
      const snap = manager.snapshot();
      expect(snap.map((s) => [s.deviceId, s.connection.status, s.state?.kind])).toEqual([
        ['fw', 'connected', 'filterWheel'],
        ['wx', 'connected', 'weather'],
      ]);
      await manager.command('t-alpaca', 'filterWheel', (fw) => fw.setSlot(1));
      expect(manager.snapshot()[0]?.state).toMatchObject({ slot: 1 });
    } finally {
      await manager.stop();
    }
  });
});
