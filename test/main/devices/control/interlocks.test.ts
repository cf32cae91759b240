/**
 * checkInterlocks, table-driven: each row is a situation an operator meets, the action tried, and
 * the verdict (allowed, or the rule that refuses). Defaults: roll-off roof = mount must be parked
 * for roof motion and roof open for mount motion; dome = free, with warnings.
 */
import { describe, expect, it } from 'vitest';
import { checkInterlocks, controlActionSchema, weatherProblems } from '../../../../src-main/devices/control';
import type { ControlActionInput, InterlockPolicy, InterlockSnapshot } from '../../../../src-main/devices/control';
import { CLEAR_NIGHT } from '../../../../src-main/devices/sim';
import type { DomeState, MountState, SafetyState, ShutterStatus, WeatherReadings, WeatherState } from '../../../../src-main/devices/types';

const NOW = Date.UTC(2026, 10, 21, 23, 0, 0);

function mount(parked: boolean, slewing = false): MountState {
  const c = { raHours: 1, decDeg: 2 };
  return {
    kind: 'mount', name: 'm', readUtcMs: NOW, jnow: c, j2000: c, horizontal: null, slewing, tracking: !parked, parked,
    pierSide: 'unknown', limits: { minAltitudeDeg: 0, maxAltitudeDeg: 90, maxHourAngleHours: null }, target: null,
  };
}

function enclosure(shutter: ShutterStatus, roof: boolean): DomeState {
  return {
    kind: 'dome', name: 'd', readUtcMs: NOW, shutter, azimuthDeg: roof ? null : 0, slewing: false, slaved: false, parked: true,
    capabilities: { canSetAzimuth: !roof, canSlave: !roof, canPark: true, canSetShutter: true },
  };
}

function weather(readings: Partial<WeatherReadings> = {}, safe: boolean | null = true, ageSec = 0): WeatherState {
  return { kind: 'weather', name: 'w', readUtcMs: NOW - ageSec * 1000, readings: { ...CLEAR_NIGHT, ...readings }, safe };
}

const safety = (safe: boolean): SafetyState => ({ kind: 'safety', name: 's', readUtcMs: NOW, safe });
const up = <S>(state: S | null, connected = true) => ({ connected, state });

interface Situation {
  roof?: ShutterStatus | 'none' | 'disconnected';
  dome?: ShutterStatus;
  mount?: 'parked' | 'unparked' | 'slewing' | 'disconnected' | 'none';
  weather?: WeatherState | 'none' | 'disconnected';
  safety?: boolean | 'none';
  sunAltitudeDeg?: number | null;
}

function snapshot(s: Situation): InterlockSnapshot {
  const m = s.mount ?? 'parked';
  let enc: InterlockSnapshot['enclosure'] = null;
  if (s.dome) enc = up(enclosure(s.dome, false));
  else if (s.roof === 'disconnected') enc = up(enclosure('closed', true), false);
  else if (s.roof !== 'none') enc = up(enclosure(s.roof ?? 'closed', true));
  const w = s.weather ?? weather();
  return {
    nowUtcMs: NOW,
    mount: m === 'none' ? null : m === 'disconnected' ? up(mount(true), false) : up(mount(m === 'parked', m === 'slewing')),
    enclosure: enc,
    weather: w === 'none' ? null : w === 'disconnected' ? up<WeatherState>(null, false) : up(w),
    safety: s.safety === 'none' || s.safety === undefined ? null : up(safety(s.safety)),
    sunAltitudeDeg: s.sunAltitudeDeg === undefined ? -30 : s.sunAltitudeDeg,
  };
}

const SLEW: ControlActionInput = { op: 'mount.slew', raHours: 5.5, decDeg: 20 };
const OPEN: ControlActionInput = { op: 'dome.open' };
const CLOSE: ControlActionInput = { op: 'dome.close' };

type Row = [label: string, action: ControlActionInput, situation: Situation, expected: string, policy?: InterlockPolicy];

const ROWS: Row[] = [
  // mount motion vs enclosure
  ['slew, roof open', SLEW, { roof: 'open', mount: 'unparked' }, 'allowed'],
  ['slew, roof closed (roll-off: clears only when parked)', SLEW, { roof: 'closed', mount: 'unparked' }, 'mount.enclosureClosed'],
  ['slew, roof opening', SLEW, { roof: 'opening', mount: 'unparked' }, 'mount.enclosureClosed'],
  ['slew, roof state unknown (disconnected)', SLEW, { roof: 'disconnected', mount: 'unparked' }, 'mount.enclosureUnknown'],
  ['slew, roof closed but the site says the tube clears it', SLEW, { roof: 'closed', mount: 'unparked' }, 'allowed', { mountMayMoveWhenClosed: true }],
  ['slew, dome shutter closed (telescope inside the dome)', SLEW, { dome: 'closed', mount: 'unparked' }, 'allowed'],
  ['slew, dome closed, site forbids it', SLEW, { dome: 'closed', mount: 'unparked' }, 'mount.enclosureClosed', { mountMayMoveWhenClosed: false }],
  ['slew, no enclosure at all', SLEW, { roof: 'none', mount: 'unparked' }, 'allowed'],
  ['unpark, roof closed', { op: 'mount.unpark' }, { roof: 'closed' }, 'mount.enclosureClosed'],
  ['unpark, roof open', { op: 'mount.unpark' }, { roof: 'open' }, 'allowed'],
  ['park, roof closed (parking is how you get safe)', { op: 'mount.park' }, { roof: 'closed', mount: 'unparked' }, 'allowed'],
  ['abort, roof closed', { op: 'mount.abort' }, { roof: 'closed', mount: 'slewing' }, 'allowed'],
  ['tracking off, roof closed', { op: 'mount.tracking', on: false }, { roof: 'closed', mount: 'unparked' }, 'allowed'],
  // roof motion vs mount
  ['close roof, mount unparked', CLOSE, { roof: 'open', mount: 'unparked' }, 'enclosure.mountNotParked'],
  ['close roof, mount slewing', CLOSE, { roof: 'open', mount: 'slewing' }, 'enclosure.mountNotParked'],
  ['close roof, mount parked', CLOSE, { roof: 'open', mount: 'parked' }, 'allowed'],
  ['close roof, mount disconnected', CLOSE, { roof: 'open', mount: 'disconnected' }, 'enclosure.mountNotParked'],
  ['park roof, mount unparked', { op: 'dome.park' }, { roof: 'open', mount: 'unparked' }, 'enclosure.mountNotParked'],
  ['close roof, mount unparked, roof clears the tube', CLOSE, { roof: 'open', mount: 'unparked' }, 'allowed', { enclosureMayMoveWhenMountUnparked: true }],
  ['close dome shutter, mount unparked', CLOSE, { dome: 'open', mount: 'unparked' }, 'allowed'],
  ['open roof, mount unparked', OPEN, { roof: 'closed', mount: 'unparked' }, 'enclosure.mountNotParked'],
  ['close roof in rain, mount parked (closing is never refused for weather)', CLOSE, { roof: 'open', weather: weather({ rainRateMmPerHour: 3 }, false) }, 'allowed'],
  // opening vs weather, safety, Sun
  ['open roof, clear night', OPEN, { roof: 'closed' }, 'allowed'],
  ['open roof in rain', OPEN, { roof: 'closed', weather: weather({ rainRateMmPerHour: 0.5 }, null) }, 'open.weatherUnsafe'],
  ['open roof in wind', OPEN, { roof: 'closed', weather: weather({ windSpeedMps: 18 }, null) }, 'open.weatherUnsafe'],
  ['open roof in gusts', OPEN, { roof: 'closed', weather: weather({ windGustMps: 25 }, null) }, 'open.weatherUnsafe'],
  ['open roof at 95 % humidity', OPEN, { roof: 'closed', weather: weather({ humidityPct: 95 }, null) }, 'open.weatherUnsafe'],
  ['open roof at 95 % humidity, site allows 97 %', OPEN, { roof: 'closed', weather: weather({ humidityPct: 95 }, null) }, 'allowed', { maxHumidityPct: 97 }],
  ['open roof, station verdict unsafe (readings fine)', OPEN, { roof: 'closed', weather: weather({}, false) }, 'open.weatherUnsafe'],
  ['open roof, weather station disconnected', OPEN, { roof: 'closed', weather: 'disconnected' }, 'open.weatherUnknown'],
  ['open roof, weather reading 10 min old', OPEN, { roof: 'closed', weather: weather({}, true, 600) }, 'open.weatherUnknown'],
  ['open roof, safety monitor unsafe', OPEN, { roof: 'closed', safety: false }, 'open.safetyUnsafe'],
  ['open roof, safety monitor safe', OPEN, { roof: 'closed', safety: true }, 'allowed'],
  ['open roof, no weather and no safety device (warn)', OPEN, { roof: 'closed', weather: 'none' }, 'allowed'],
  ['open roof in daylight, no daylight rule', OPEN, { roof: 'closed', sunAltitudeDeg: 20 }, 'allowed'],
  ['open roof in daylight, daylight rule', OPEN, { roof: 'closed', sunAltitudeDeg: 20 }, 'open.daylight', { maxSunAltitudeToOpenDeg: 0 }],
  ['open roof at night, daylight rule', OPEN, { roof: 'closed', sunAltitudeDeg: -20 }, 'allowed', { maxSunAltitudeToOpenDeg: 0 }],
  ['open roof, daylight rule, site unknown', OPEN, { roof: 'closed', sunAltitudeDeg: null }, 'open.sunUnknown', { maxSunAltitudeToOpenDeg: -6 }],
  // camera
  ['light frame, roof closed (warn, allowed)', { op: 'camera.expose', durationSec: 10, frameType: 'light' }, { roof: 'closed' }, 'allowed'],
  ['dark frame, roof closed', { op: 'camera.expose', durationSec: 10, frameType: 'dark' }, { roof: 'closed' }, 'allowed'],
  // the rest is never interlocked
  ['filter change, roof closed', { op: 'filter.select', name: 'R' }, { roof: 'closed' }, 'allowed'],
  ['focus move, roof closed', { op: 'focuser.moveBy', steps: 100 }, { roof: 'closed' }, 'allowed'],
];

describe('checkInterlocks', () => {
  it.each(ROWS)('%s', (_label, action, situation, expected, policy) => {
    const v = checkInterlocks(controlActionSchema.parse(action), snapshot(situation), policy);
    if (expected === 'allowed') {
      expect(v).toMatchObject({ allowed: true });
    } else {
      expect(v).toMatchObject({ allowed: false, rule: expected });
      if (!v.allowed) expect(v.reason.length).toBeGreaterThan(20); // a sentence an operator can act on
    }
  });

  it('warns (but allows) a light frame with the roof closed, and not a dark', () => {
    const light = checkInterlocks(controlActionSchema.parse({ op: 'camera.expose', durationSec: 1 }), snapshot({ roof: 'closed' }));
    expect(light.allowed && light.warnings.join(' ')).toMatch(/roof is closed/);
    const dark = checkInterlocks(controlActionSchema.parse({ op: 'camera.expose', durationSec: 1, frameType: 'dark' }), snapshot({ roof: 'closed' }));
    expect(dark.warnings).toEqual([]);
  });

  it('says why in words: rain and wind together are both named', () => {
    const v = checkInterlocks(controlActionSchema.parse(OPEN), snapshot({ roof: 'closed', weather: weather({ rainRateMmPerHour: 2, windSpeedMps: 20 }, false) }));
    expect(v.allowed).toBe(false);
    if (!v.allowed) {
      expect(v.reason).toMatch(/raining \(2\.0 mm\/h\)/);
      expect(v.reason).toMatch(/wind 20\.0 m\/s/);
    }
    expect(weatherProblems(weather())).toEqual([]);
  });

  it('is pure: the same inputs give the same verdict', () => {
    const a = controlActionSchema.parse(SLEW);
    const s = snapshot({ roof: 'closed', mount: 'unparked' });
    expect(checkInterlocks(a, s)).toEqual(checkInterlocks(a, structuredClone(s)));
  });
});
