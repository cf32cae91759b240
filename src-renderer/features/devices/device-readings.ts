/**
 * Typed readings out of a `DeviceStatus.state` (the contract carries it as a JSON record). Each
 * reader checks the shape it needs and returns null when the device has not reported it, so a
 * partly-filled or foreign state never shows as a made-up number. Pure.
 */
import type { DeviceStatus } from '../../../src-shared/ipc/contract';

type Rec = Record<string, unknown>;

const rec = (v: unknown): Rec | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export interface MountReadings {
  /** J2000 pointing. */
  raHours: number | null;
  decDeg: number | null;
  /** Null when the site is unknown to the driver. */
  altitudeDeg: number | null;
  azimuthDeg: number | null;
  slewing: boolean;
  tracking: boolean;
  parked: boolean;
  pierSide: string | null;
  /** Last slew target (J2000), null before the first slew. */
  targetRaHours: number | null;
  targetDecDeg: number | null;
  minAltitudeDeg: number | null;
}

export function mountReadings(d: DeviceStatus): MountReadings | null {
  if (d.kind !== 'mount' || d.state.kind !== 'mount') return null;
  const s = d.state;
  const j2000 = rec(s.j2000);
  const hz = rec(s.horizontal);
  const target = rec(s.target);
  const limits = rec(s.limits);
  return {
    raHours: num(j2000?.raHours),
    decDeg: num(j2000?.decDeg),
    altitudeDeg: num(hz?.altitudeDeg),
    azimuthDeg: num(hz?.azimuthDeg),
    slewing: bool(s.slewing) ?? false,
    tracking: bool(s.tracking) ?? false,
    parked: bool(s.parked) ?? false,
    pierSide: str(s.pierSide),
    targetRaHours: num(target?.raHours),
    targetDecDeg: num(target?.decDeg),
    minAltitudeDeg: num(limits?.minAltitudeDeg),
  };
}

export interface EnclosureReadings {
  /** open, closed, opening, closing, error, unknown. */
  shutter: string;
  /** False for a roll-off roof. */
  isDome: boolean;
  azimuthDeg: number | null;
  parked: boolean;
  slewing: boolean;
}

export function enclosureReadings(d: DeviceStatus): EnclosureReadings | null {
  if (d.kind !== 'dome' || d.state.kind !== 'dome') return null;
  const s = d.state;
  return {
    shutter: str(s.shutter) ?? 'unknown',
    isDome: bool(rec(s.capabilities)?.canSetAzimuth) ?? false,
    azimuthDeg: num(s.azimuthDeg),
    parked: bool(s.parked) ?? false,
    slewing: bool(s.slewing) ?? false,
  };
}

export interface FilterReadings {
  names: string[];
  /** 0-based; null while moving or unknown. */
  slot: number | null;
  current: string | null;
  moving: boolean;
}

export function filterReadings(d: DeviceStatus): FilterReadings | null {
  if (d.kind !== 'filterWheel' || d.state.kind !== 'filterWheel') return null;
  const s = d.state;
  const names = Array.isArray(s.names) ? s.names.filter((n): n is string => typeof n === 'string') : [];
  const slot = num(s.slot);
  return { names, slot, current: slot === null ? null : (names[slot] ?? `#${slot + 1}`), moving: bool(s.moving) ?? false };
}

export interface FocuserReadings {
  position: number | null;
  maxPosition: number | null;
  moving: boolean;
  temperatureC: number | null;
}

export function focuserReadings(d: DeviceStatus): FocuserReadings | null {
  if (d.kind !== 'focuser' || d.state.kind !== 'focuser') return null;
  const s = d.state;
  return { position: num(s.position), maxPosition: num(s.maxPosition), moving: bool(s.moving) ?? false, temperatureC: num(s.temperatureC) };
}

export interface CameraReadings {
  activity: string;
  exposureRemainingSec: number | null;
  sensorTemperatureC: number | null;
  binning: number | null;
  widthPx: number | null;
  heightPx: number | null;
}

export function cameraReadings(d: DeviceStatus): CameraReadings | null {
  if (d.kind !== 'camera' || d.state.kind !== 'camera') return null;
  const s = d.state;
  const info = rec(s.info);
  return {
    activity: str(s.activity) ?? 'unknown',
    exposureRemainingSec: num(s.exposureRemainingSec),
    sensorTemperatureC: num(s.sensorTemperatureC),
    binning: num(rec(s.binning)?.x),
    widthPx: num(info?.sensorWidthPx),
    heightPx: num(info?.sensorHeightPx),
  };
}

export interface WeatherReadings {
  temperatureC: number | null;
  humidityPct: number | null;
  dewPointC: number | null;
  windSpeedMps: number | null;
  windGustMps: number | null;
  cloudCoverPct: number | null;
  rainRateMmPerHour: number | null;
  skyQualityMagPerArcsec2: number | null;
  /** The station's own verdict; null when it gives none. */
  safe: boolean | null;
}

export function weatherReadings(d: DeviceStatus): WeatherReadings | null {
  if (d.kind !== 'weather' || d.state.kind !== 'weather') return null;
  const r = rec(d.state.readings) ?? {};
  return {
    temperatureC: num(r.temperatureC),
    humidityPct: num(r.humidityPct),
    dewPointC: num(r.dewPointC),
    windSpeedMps: num(r.windSpeedMps),
    windGustMps: num(r.windGustMps),
    cloudCoverPct: num(r.cloudCoverPct),
    rainRateMmPerHour: num(r.rainRateMmPerHour),
    skyQualityMagPerArcsec2: num(r.skyQualityMagPerArcsec2),
    safe: bool(d.state.safe),
  };
}

/** The safety monitor's verdict; null before a reading. */
export function safetyVerdict(d: DeviceStatus): boolean | null {
  if (d.kind !== 'safety' || d.state.kind !== 'safety') return null;
  return bool(d.state.safe);
}

/** The first device of `kind` (the one manual control acts on by default). */
export function firstOfKind(devices: DeviceStatus[], kind: string): DeviceStatus | null {
  return devices.find((d) => d.kind === kind) ?? null;
}
