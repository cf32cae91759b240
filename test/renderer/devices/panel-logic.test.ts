/** Pure logic of the devices panel: readings out of DeviceStatus, interlock probes and gates, the control log. */
import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../src-shared/ipc/contract';
import { gateFor, interlockFingerprint, probeActions, refusalsOf } from '../../../src-renderer/features/devices/control-actions';
import { enclosureReadings, filterReadings, mountReadings, weatherReadings } from '../../../src-renderer/features/devices/device-readings';
import { queueSlewTargets } from '../../../src-renderer/features/devices/slew-targets';
import { CONTROL_LOG_LIMIT, INITIAL_DEVICES, controlLogOf, isRunning, reduceLogEnd, reduceLogStart, reduceVerdicts } from '../../../src-renderer/stores/devices';

const status = (kind: string, state: Record<string, unknown>, over: Partial<DeviceStatus> = {}): DeviceStatus => ({
  telescopeId: 't1',
  kind,
  name: `${kind} (sim)`,
  family: 'sim',
  connection: 'connected',
  summary: '',
  state: { kind, ...state },
  updatedMs: 1,
  error: null,
  ...over,
});

const mount = status('mount', { j2000: { raHours: 5.5, decDeg: 22 }, horizontal: { altitudeDeg: 40, azimuthDeg: 120 }, slewing: false, tracking: true, parked: false, pierSide: 'east', target: null, limits: { minAltitudeDeg: 20 } });
const roof = status('dome', { shutter: 'closed', capabilities: { canSetAzimuth: false }, azimuthDeg: null, parked: true, slewing: false });
const wheel = status('filterWheel', { names: ['air', 'B', 'V'], slot: 2, moving: false });
const weather = status('weather', { readings: { temperatureC: 8, humidityPct: 40, rainRateMmPerHour: 0, windSpeedMps: 3 }, safe: true });

describe('device readings', () => {
  it('reads the mount, roof, wheel and weather, and null for a state of another kind', () => {
    expect(mountReadings(mount)).toMatchObject({ raHours: 5.5, decDeg: 22, altitudeDeg: 40, tracking: true, parked: false, minAltitudeDeg: 20, targetRaHours: null });
    expect(enclosureReadings(roof)).toMatchObject({ shutter: 'closed', isDome: false, azimuthDeg: null });
    expect(filterReadings(wheel)).toMatchObject({ current: 'V', slot: 2 });
    expect(weatherReadings(weather)).toMatchObject({ temperatureC: 8, humidityPct: 40, cloudCoverPct: null, safe: true });
    expect(mountReadings(roof)).toBeNull();
    // A device that has not reported yet carries `{}`: no made-up numbers.
    expect(mountReadings(status('mount', {}, { state: {} }))).toBeNull();
    expect(mountReadings(status('mount', { j2000: 'x' }))?.raHours).toBeNull();
  });
});

describe('interlock probes and gates', () => {
  it('asks about the gated ops of the devices present only', () => {
    expect(probeActions([mount, roof]).map((a) => a.op)).toEqual(['mount.slew', 'mount.unpark', 'mount.park', 'dome.open', 'dome.close', 'dome.park']);
    expect(probeActions([wheel])).toEqual([]);
  });

  it('re-checks when an interlock fact changes, not on every heartbeat', () => {
    const a = interlockFingerprint([mount, roof, weather]);
    expect(interlockFingerprint([{ ...mount, updatedMs: 99 }, roof, weather])).toBe(a);
    expect(interlockFingerprint([mount, { ...roof, state: { ...roof.state, shutter: 'opening' } }, weather])).not.toBe(a);
    expect(interlockFingerprint([{ ...mount, state: { ...mount.state, parked: true } }, roof, weather])).not.toBe(a);
    expect(interlockFingerprint([mount, roof, { ...weather, connection: 'faulted' }])).not.toBe(a);
  });

  it('disables with the reason: read-only, disconnected, running, refused; warns when allowed with warnings', () => {
    const refused = { op: 'mount.unpark', allowed: false, rule: 'mount.enclosureClosed', reason: 'Unparking refused: the roof is closed', warnings: [] };
    const warned = { op: 'mount.slew', allowed: true, rule: null, reason: null, warnings: ['shutter closed'] };
    const on = { canWrite: true, connected: true, running: false };
    expect(gateFor(refused, { ...on, canWrite: false })).toMatchObject({ disabled: true, why: expect.stringMatching(/Read-only/) });
    expect(gateFor(undefined, { ...on, connected: false })).toMatchObject({ disabled: true });
    expect(gateFor(refused, on)).toEqual({ disabled: true, why: refused.reason, warn: false });
    expect(gateFor(warned, on)).toEqual({ disabled: false, why: 'shutter closed', warn: true });
    expect(gateFor(undefined, on)).toEqual({ disabled: false, why: null, warn: false });
    expect(refusalsOf({ 'mount.unpark': refused, 'mount.slew': { ...refused, op: 'mount.slew' }, 'mount.park': warned }, ['mount.slew', 'mount.unpark', 'mount.park'])).toEqual([refused.reason]);
  });
});

describe('control log and verdicts', () => {
  it('logs a run from start to end, newest first, bounded', () => {
    let s = reduceVerdicts(INITIAL_DEVICES, 't1', [{ op: 'dome.open', allowed: true, rule: null, reason: null, warnings: [] }]);
    expect(s.verdicts.t1?.['dome.open']?.allowed).toBe(true);
    const started = reduceLogStart(s, { telescopeId: 't1', op: 'dome.open', label: 'Open the roof', startedMs: 10 });
    s = started.state;
    expect(isRunning(s.log, 't1', 'dome.open')).toBe(true);
    s = reduceLogEnd(s, started.id, { outcome: 'failed', message: 'timeout', code: 'device.timeout', rule: null, warnings: [], image: null, endedMs: 20 });
    expect(isRunning(s.log, 't1', 'dome.open')).toBe(false);
    expect(controlLogOf(s.log, 't1')[0]).toMatchObject({ outcome: 'failed', code: 'device.timeout', label: 'Open the roof' });
    expect(controlLogOf(s.log, 't2')).toEqual([]);
    for (let i = 0; i < CONTROL_LOG_LIMIT + 5; i++) s = reduceLogStart(s, { telescopeId: 't2', op: 'mount.park', label: `#${i}`, startedMs: i }).state;
    expect(s.log).toHaveLength(CONTROL_LOG_LIMIT);
    expect(s.log[0]?.label).toBe(`#${CONTROL_LOG_LIMIT + 4}`);
  });
});

describe('slew targets from the queue', () => {
  it('keeps ICRS targets once by name, in hours, sorted by altitude now', () => {
    const q = (name: string, ra: number, dec: number, type = 'ICRS') => ({ requestId: 1, requestGroupName: 'g', state: 'PENDING', target: { name, type, ra, dec }, constraints: {} });
    const list = queueSlewTargets([q('Low', 0, -80), q('Pole', 37.95, 89.26), q('Pole', 1, 1), q('Comet', 1, 1, 'ORBITAL_ELEMENTS')], { latitudeDeg: 28.3, longitudeDeg: -16.5 }, Date.UTC(2026, 10, 21, 22));
    expect(list.map((t) => t.name)).toEqual(['Pole', 'Low']);
    expect(list[0]?.raHours).toBeCloseTo(37.95 / 15, 12);
    // Polaris sits 0.74° from the pole: its altitude is the latitude ± 0.74° (+0.5° for the approximation).
    expect(Math.abs((list[0]?.altitudeDeg ?? NaN) - 28.3)).toBeLessThan(0.74 + 0.5);
    expect(list[1]?.altitudeDeg).toBeLessThan(0);
  });
});
