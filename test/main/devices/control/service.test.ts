/**
 * The manual-control service on the demo's kind of telescope (all sim, roll-off roof) with a
 * SimulatedClock: interlocks refuse with device.unsafe and say why; allowed actions run through the
 * device manager and their results are read back from the devices.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatedClock } from '../../../../src-main/clock';
import { createDeviceControl, type DeviceControl } from '../../../../src-main/devices/control';
import { createDeviceManager, type DeviceManager } from '../../../../src-main/devices/manager';
import { horizontalToEquatorial, jnowToJ2000, lstHours, separationDeg, type SimWeatherStation } from '../../../../src-main/devices/sim';
import type { DeviceConfig, DeviceKind, DeviceState } from '../../../../src-main/devices/types';
import { SITE, codeOf, drive, newClock, run } from '../helpers';

const DEVICES: DeviceConfig[] = [
  { id: 'mount', kind: 'mount', family: 'sim' },
  { id: 'cam', kind: 'camera', family: 'sim', options: { widthPx: 64, heightPx: 48 } },
  { id: 'fw', kind: 'filterWheel', family: 'sim' },
  { id: 'foc', kind: 'focuser', family: 'sim' },
  { id: 'roof', kind: 'dome', family: 'sim', options: { roof: true } },
  { id: 'rot', kind: 'rotator', family: 'sim' },
  { id: 'wx', kind: 'weather', family: 'sim' },
  { id: 'safe', kind: 'safety', family: 'sim' },
];

let manager: DeviceManager | null = null;
let clockRef: SimulatedClock | null = null;
afterEach(async () => {
  if (manager && clockRef) await drive(clockRef, manager.stop());
  manager = null;
});

async function setup(): Promise<{ clock: SimulatedClock; m: DeviceManager; control: DeviceControl }> {
  const clock = newClock();
  clockRef = clock;
  manager = createDeviceManager({ clock, devices: [{ telescopeId: 't1', site: SITE, devices: DEVICES }], onState: () => undefined });
  await clock.advance(1_000);
  const control = createDeviceControl({ manager, clock, sites: { t1: SITE } });
  return { clock, m: manager, control };
}

function state<K extends DeviceKind>(m: DeviceManager, id: string, kind: K): Extract<DeviceState, { kind: K }> {
  const s = m.snapshot().find((d) => d.deviceId === id)?.state;
  if (!s || s.kind !== kind) throw new Error(`no ${kind} state for ${id}`);
  return s as Extract<DeviceState, { kind: K }>;
}

function highTarget(clock: SimulatedClock) {
  const now = clock.nowMs();
  return jnowToJ2000(horizontalToEquatorial({ altitudeDeg: 55, azimuthDeg: 160 }, lstHours(now, SITE.longitudeDeg), SITE.latitudeDeg), now);
}

describe('device control service (sim devices, roll-off roof)', () => {
  it('refuses to unpark or slew with the roof closed, saying why', async () => {
    const { clock, control } = await setup();
    const unpark = await drive(clock, control.execute('t1', { op: 'mount.unpark' }));
    expect(codeOf(unpark)).toBe('device.unsafe');
    expect((unpark.error as Error).message).toMatch(/roof is closed/);
    expect(unpark.error).toMatchObject({ details: { rule: 'mount.enclosureClosed' } });
    expect(control.check('t1', { op: 'mount.slew', raHours: 1, decDeg: 2 })).toMatchObject({ allowed: false, rule: 'mount.enclosureClosed' });
  });

  it('opens the roof, unparks, slews to J2000 and refuses to close the roof until the mount is parked', async () => {
    const { clock, m, control } = await setup();
    await run(clock, control.execute('t1', { op: 'dome.open' }));
    expect(state(m, 'roof', 'dome').shutter).toBe('open');
    await run(clock, control.execute('t1', { op: 'mount.unpark' }));
    const target = highTarget(clock);
    await run(clock, control.execute('t1', { op: 'mount.slew', ...target }));
    const ms = state(m, 'mount', 'mount');
    expect(separationDeg(ms.j2000, target)).toBeLessThan(0.01);
    expect(ms.tracking).toBe(true);

    const close = await drive(clock, control.execute('t1', { op: 'dome.close' }));
    expect(codeOf(close)).toBe('device.unsafe');
    expect((close.error as Error).message).toMatch(/not parked.*Park the mount first/);
    expect(state(m, 'roof', 'dome').shutter).toBe('open'); // nothing moved

    await run(clock, control.execute('t1', { op: 'mount.park' }));
    await run(clock, control.execute('t1', { op: 'dome.close' }));
    expect(state(m, 'roof', 'dome').shutter).toBe('closed');
  });

  it('refuses to open in rain (weather script), with the reading in the reason', async () => {
    const { clock, m, control } = await setup();
    (m.device('t1', 'wx') as SimWeatherStation).setScript([{ atSec: 0, readings: { rainRateMmPerHour: 1.5 } }]);
    await clock.advance(3_000); // a heartbeat refreshes the station's reading
    const open = await drive(clock, control.execute('t1', { op: 'dome.open' }));
    expect(codeOf(open)).toBe('device.unsafe');
    // the safety monitor follows the station's verdict and is checked first; either way it is refused
    expect(['open.safetyUnsafe', 'open.weatherUnsafe']).toContain((open.error as { details: { rule: string } }).details.rule);
    expect(state(m, 'roof', 'dome').shutter).toBe('closed');
  });

  it('exposes and returns image statistics (no pixels); warns for a light frame with the roof closed', async () => {
    const { clock, control } = await setup();
    const r = await run(clock, control.execute('t1', { op: 'camera.expose', durationSec: 2, binning: 2 }));
    expect(r.warnings.join(' ')).toMatch(/roof is closed/);
    expect(r.image).toMatchObject({ width: 32, height: 24, exposureSec: 2, frameType: 'light' });
    const img = r.image;
    if (!img) throw new Error('no image');
    // closed roof: bias (1000) + dark current; noise of a few ADU
    expect(img.median).toBeGreaterThan(990);
    expect(img.median).toBeLessThan(1050);
    expect(img.min).toBeLessThanOrEqual(img.median);
    expect(img.max).toBeGreaterThanOrEqual(img.median);
    expect(img.stdDev).toBeGreaterThan(1);
    expect('pixels' in img).toBe(false);
    const dark = await run(clock, control.execute('t1', { op: 'camera.expose', durationSec: 1, frameType: 'dark' }));
    expect(dark.warnings).toEqual([]);
  });

  it('camera.abort cancels the exposure in flight rather than queueing behind it', async () => {
    const { clock, m, control } = await setup();
    const exposing = drive(clock, control.execute('t1', { op: 'camera.expose', durationSec: 600, frameType: 'dark' }), 100, 30_000);
    await clock.advance(0);
    const abort = control.execute('t1', { op: 'camera.abort' });
    const settled = await exposing;
    expect(settled.ok).toBe(false);
    expect((settled.error as Error).message).toMatch(/aborted by the operator/);
    expect(settled.elapsedMs).toBeLessThan(5_000);
    await run(clock, abort);
    expect(state(m, 'cam', 'camera').activity).toBe('idle');
  });

  it('mount.abort stops a slew in progress', async () => {
    const { clock, m, control } = await setup();
    await run(clock, control.execute('t1', { op: 'dome.open' }));
    await run(clock, control.execute('t1', { op: 'mount.unpark' }));
    const slewing = drive(clock, control.execute('t1', { op: 'mount.slew', ...highTarget(clock) }), 100, 60_000);
    await clock.advance(0);
    await run(clock, control.execute('t1', { op: 'mount.abort' }));
    const settled = await slewing;
    expect(settled.ok).toBe(false);
    expect(state(m, 'mount', 'mount').slewing).toBe(false);
  });

  it('selects filters by name, moves the focuser and the rotator', async () => {
    const { clock, m, control } = await setup();
    await run(clock, control.execute('t1', { op: 'filter.select', name: 'ha' }));
    const fw = state(m, 'fw', 'filterWheel');
    expect(fw.slot === null ? null : fw.names[fw.slot]).toBe('Ha');
    const bad = await drive(clock, control.execute('t1', { op: 'filter.select', name: 'Zz' }));
    expect(codeOf(bad)).toBe('validation.invalid');
    await run(clock, control.execute('t1', { op: 'focuser.moveTo', position: 30_000 }));
    await run(clock, control.execute('t1', { op: 'focuser.moveBy', steps: -1_000 }));
    expect(state(m, 'foc', 'focuser').position).toBe(29_000);
    await run(clock, control.execute('t1', { op: 'rotator.moveTo', positionDeg: 42 }));
    expect(state(m, 'rot', 'rotator').positionDeg).toBeCloseTo(42, 3);
  });

  it('connects and disconnects devices; rejects unknown devices and malformed actions', async () => {
    const { clock, m, control } = await setup();
    await run(clock, control.execute('t1', { op: 'disconnect', deviceId: 'cam' }));
    await clock.advance(100);
    expect(m.snapshot().find((s) => s.deviceId === 'cam')?.connection.status).toBe('disconnected');
    const exp = await drive(clock, control.execute('t1', { op: 'camera.expose', durationSec: 1 }));
    expect(codeOf(exp)).toBe('device.disconnected');
    await run(clock, control.execute('t1', { op: 'connect', deviceId: 'cam' }));
    await clock.advance(1_000);
    expect(m.snapshot().find((s) => s.deviceId === 'cam')?.connection.status).toBe('connected');
    expect(codeOf(await drive(clock, control.execute('t1', { op: 'connect', deviceId: 'nope' })))).toBe('not_found');
    expect(codeOf(await drive(clock, control.execute('t1', { op: 'mount.slew', raHours: 25, decDeg: 0 })))).toBe('validation.invalid');
  });
});
