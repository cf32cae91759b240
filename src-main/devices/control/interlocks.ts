/**
 * Interlocks for manual control: a pure verdict on one action given what the devices last reported.
 *
 * What real observatories do, and so the defaults here:
 * - **Roll-off roof**: the roof usually clears the tube only when the mount is parked (tube
 *   horizontal, below the roof line). So with the roof not fully open the mount may not slew or
 *   unpark, and the roof may not move while the mount is not parked. Parking, aborting and tracking
 *   changes are always allowed (they are how you get to safety). Installations whose roof clears
 *   the tube in any position set `mountMayMoveWhenClosed` / `enclosureMayMoveWhenMountUnparked`.
 * - **Dome**: the telescope sits inside, so it may slew with the shutter closed (with a warning) and
 *   the shutter and dome may move with the mount anywhere.
 * - **Opening** the roof or shutter needs every weather station and safety monitor the telescope
 *   has to be connected, fresh and saying safe (no rain, wind and gusts and humidity under the
 *   limits), and optionally the Sun below an altitude. Closing is never refused for weather.
 * - **Light frames** with the shutter closed are allowed with a warning; darks, bias and flats
 *   (dome flats) without.
 * When a fact needed to prove safety is missing (device disconnected, no reading yet, stale reading),
 * the action is refused: an interlock that assumes is no interlock.
 */
import type { DomeState, MountState, SafetyState, WeatherState } from '../types';
import type { ControlAction } from './actions';

/** A device's last report as the manager holds it. */
export interface DeviceView<S> {
  connected: boolean;
  /** Null before the first reading. */
  state: S | null;
}

/** The facts the interlocks look at; a device is null when the telescope has none of that kind. */
export interface InterlockSnapshot {
  nowUtcMs: number;
  mount: DeviceView<MountState> | null;
  enclosure: DeviceView<DomeState> | null;
  weather: DeviceView<WeatherState> | null;
  safety: DeviceView<SafetyState> | null;
  /** Sun altitude at the telescope now, degrees; null when the site is unknown. */
  sunAltitudeDeg: number | null;
}

/** Per-telescope interlock settings; every field optional (defaults above and below). */
export interface InterlockPolicy {
  /** `roof` or `dome`; default: from the enclosure's capabilities (no azimuth = roof), else roof. */
  enclosure?: 'roof' | 'dome';
  /** The mount may slew/unpark with the roof or shutter not open. Default: false for a roof, true for a dome. */
  mountMayMoveWhenClosed?: boolean;
  /** The roof/shutter may move while the mount is not parked. Default: false for a roof, true for a dome. */
  enclosureMayMoveWhenMountUnparked?: boolean;
  /** Refuse opening while the Sun is above this altitude, degrees; null (default) = no daylight check. */
  maxSunAltitudeToOpenDeg?: number | null;
  /** Opening limits on weather readings (defaults: wind 15 m/s, gust 20 m/s, humidity 90 %, any rain). */
  maxWindMps?: number;
  maxGustMps?: number;
  maxHumidityPct?: number;
  /** Weather and safety readings older than this are treated as missing, seconds (default 120). */
  maxReadingAgeSec?: number;
}

export type InterlockVerdict =
  | { allowed: true; warnings: string[] }
  | {
      allowed: false;
      /** Stable rule id, e.g. `mount.enclosureClosed`, for tests and logs. */
      rule: string;
      /** What an operator reads. */
      reason: string;
      warnings: string[];
    };

const ok = (warnings: string[] = []): InterlockVerdict => ({ allowed: true, warnings });
const refuse = (rule: string, reason: string): InterlockVerdict => ({ allowed: false, rule, reason, warnings: [] });

/** Decides whether `action` may run now. Pure: same inputs, same verdict. */
export function checkInterlocks(action: ControlAction, snapshot: InterlockSnapshot, policy: InterlockPolicy = {}): InterlockVerdict {
  switch (action.op) {
    case 'mount.slew':
    case 'mount.unpark':
      return mountMotion(action.op === 'mount.slew' ? 'slew' : 'unpark', snapshot, policy);
    case 'dome.open':
      return openEnclosure(snapshot, policy);
    case 'dome.close':
    case 'dome.park':
      return enclosureMotion(action.op === 'dome.close' ? 'close' : 'park', snapshot, policy);
    case 'camera.expose':
      return action.frameType === 'light' ? lightFrame(snapshot) : ok();
    case 'dome.slew':
    case 'mount.park':
    case 'mount.abort':
    case 'mount.tracking':
    case 'camera.abort':
    case 'filter.select':
    case 'focuser.moveTo':
    case 'focuser.moveBy':
    case 'rotator.moveTo':
    case 'connect':
    case 'disconnect':
      return ok();
  }
}

function enclosureKind(snapshot: InterlockSnapshot, policy: InterlockPolicy): 'roof' | 'dome' {
  if (policy.enclosure) return policy.enclosure;
  const caps = snapshot.enclosure?.state?.capabilities;
  return caps?.canSetAzimuth === true ? 'dome' : 'roof';
}

const word = (kind: 'roof' | 'dome'): string => (kind === 'roof' ? 'roof' : 'dome shutter');

function mountMotion(what: 'slew' | 'unpark', s: InterlockSnapshot, policy: InterlockPolicy): InterlockVerdict {
  const enc = s.enclosure;
  if (!enc) return ok();
  const kind = enclosureKind(s, policy);
  const mayMove = policy.mountMayMoveWhenClosed ?? kind === 'dome';
  const verb = what === 'slew' ? 'Slewing' : 'Unparking';
  if (!enc.connected || !enc.state) {
    if (mayMove) return ok([`The ${word(kind)} state is unknown (${enc.connected ? 'no reading yet' : 'not connected'}).`]);
    return refuse('mount.enclosureUnknown', `${verb} refused: the ${word(kind)} state is unknown (${enc.connected ? 'no reading yet' : 'not connected'}), so it cannot be proved the telescope clears it.`);
  }
  const shutter = enc.state.shutter;
  if (shutter === 'open') return ok();
  if (mayMove) return ok([`The ${word(kind)} is ${shutter}: the telescope will not see the sky.`]);
  return refuse(
    'mount.enclosureClosed',
    `${verb} refused: the ${word(kind)} is ${shutter}, and this telescope clears the roof only when parked. Open the ${word(kind)} first.`,
  );
}

function mountParkedProblem(s: InterlockSnapshot): string | null {
  const m = s.mount;
  if (!m) return null;
  if (!m.connected || !m.state) return `the mount position is unknown (${m.connected ? 'no reading yet' : 'not connected'})`;
  if (m.state.slewing) return 'the mount is slewing';
  if (!m.state.parked) return 'the mount is not parked';
  return null;
}

function enclosureMotion(what: 'open' | 'close' | 'park', s: InterlockSnapshot, policy: InterlockPolicy): InterlockVerdict {
  const kind = enclosureKind(s, policy);
  const mayMove = policy.enclosureMayMoveWhenMountUnparked ?? kind === 'dome';
  if (mayMove) return ok();
  const problem = mountParkedProblem(s);
  if (problem === null) return ok();
  const verb = what === 'open' ? 'Opening' : what === 'close' ? 'Closing' : 'Parking';
  return refuse('enclosure.mountNotParked', `${verb} the ${word(kind)} refused: ${problem}, and a moving roll-off roof can hit the telescope. Park the mount first.`);
}

function openEnclosure(s: InterlockSnapshot, policy: InterlockPolicy): InterlockVerdict {
  const kind = enclosureKind(s, policy);
  const maxAgeMs = (policy.maxReadingAgeSec ?? 120) * 1000;
  const warnings: string[] = [];
  const stale = (readUtcMs: number): boolean => s.nowUtcMs - readUtcMs > maxAgeMs;

  const safety = s.safety;
  if (safety) {
    if (!safety.connected || !safety.state || stale(safety.state.readUtcMs)) {
      return refuse('open.safetyUnknown', `Opening refused: the safety monitor ${safety.connected ? 'has no recent reading' : 'is not connected'}.`);
    }
    if (!safety.state.safe) return refuse('open.safetyUnsafe', 'Opening refused: the safety monitor says it is unsafe.');
  }
  const weather = s.weather;
  if (weather) {
    if (!weather.connected || !weather.state || stale(weather.state.readUtcMs)) {
      return refuse('open.weatherUnknown', `Opening refused: the weather station ${weather.connected ? 'has no recent reading' : 'is not connected'}.`);
    }
    const why = weatherProblems(weather.state, policy);
    if (why.length > 0) return refuse('open.weatherUnsafe', `Opening refused: ${why.join(', ')}.`);
    if (weather.state.safe === false) return refuse('open.weatherUnsafe', 'Opening refused: the weather station says it is unsafe.');
  }
  if (!safety && !weather) warnings.push('No weather station or safety monitor: opening on the operator’s judgement.');

  const maxSun = policy.maxSunAltitudeToOpenDeg ?? null;
  if (maxSun !== null) {
    if (s.sunAltitudeDeg === null) return refuse('open.sunUnknown', 'Opening refused: the Sun’s altitude is unknown (no site).');
    if (s.sunAltitudeDeg > maxSun) {
      return refuse('open.daylight', `Opening refused: the Sun is at ${s.sunAltitudeDeg.toFixed(1)}°, above the ${maxSun.toFixed(1)}° limit.`);
    }
  }
  const motion = enclosureMotion('open', s, { ...policy, enclosure: kind });
  if (!motion.allowed) return motion;
  return ok(warnings);
}

/** Human reasons why the readings are unsafe to open (empty when fine or unknown). */
export function weatherProblems(w: WeatherState, policy: InterlockPolicy = {}): string[] {
  const r = w.readings;
  const out: string[] = [];
  if (r.rainRateMmPerHour !== null && r.rainRateMmPerHour > 0) out.push(`it is raining (${r.rainRateMmPerHour.toFixed(1)} mm/h)`);
  const maxWind = policy.maxWindMps ?? 15;
  if (r.windSpeedMps !== null && r.windSpeedMps > maxWind) out.push(`wind ${r.windSpeedMps.toFixed(1)} m/s is above ${maxWind} m/s`);
  const maxGust = policy.maxGustMps ?? 20;
  if (r.windGustMps !== null && r.windGustMps > maxGust) out.push(`gusts ${r.windGustMps.toFixed(1)} m/s are above ${maxGust} m/s`);
  const maxHum = policy.maxHumidityPct ?? 90;
  if (r.humidityPct !== null && r.humidityPct > maxHum) out.push(`humidity ${r.humidityPct.toFixed(0)} % is above ${maxHum} %`);
  return out;
}

function lightFrame(s: InterlockSnapshot): InterlockVerdict {
  const enc = s.enclosure;
  if (!enc) return ok();
  const shutter = enc.state?.shutter ?? 'unknown';
  if (enc.connected && shutter === 'open') return ok();
  return ok([`The ${enc.state?.capabilities.canSetAzimuth === true ? 'dome shutter' : 'roof'} is ${enc.connected ? shutter : 'not connected'}: this light frame will not see the sky.`]);
}
