/**
 * Alpaca members served for each capability interface: a table member name → handler. Long
 * operations start in the background (Alpaca is asynchronous: the client polls a state member).
 */
import { AppError } from '../../../src-shared/errors';
import type { Dome, FilterWheel, Focuser, Mount, Rotator, WeatherReadings } from '../types';
import type { DeviceKind } from '../types';
import { camera } from './members-camera';
import { as, notImplemented, st, type Served, type Table } from './members-shared';

export { ALPACA_TYPE, BadRequest, INTERFACE_VERSION, LEGACY_INTERFACE_VERSION, OPERATION_ACTION } from './members-shared';
export type { OperationRecord, Params, Served, ServedCamera } from './members-shared';

const telescope: Table = {
  rightascension: { get: async (s) => (await st(s, 'mount')).jnow.raHours },
  declination: { get: async (s) => (await st(s, 'mount')).jnow.decDeg },
  altitude: { get: async (s) => (await st(s, 'mount')).horizontal?.altitudeDeg ?? notImplemented('altitude') },
  azimuth: { get: async (s) => (await st(s, 'mount')).horizontal?.azimuthDeg ?? notImplemented('azimuth') },
  slewing: { get: async (s) => (await st(s, 'mount')).slewing },
  atpark: { get: async (s) => (await st(s, 'mount')).parked },
  sideofpier: { get: async (s) => ({ east: 0, west: 1, unknown: -1 })[(await st(s, 'mount')).pierSide] },
  // The mount's own time (ISO 8601 UTC), from the state's reading instant: simulated mounts tell simulated time.
  utcdate: { get: async (s) => new Date((await st(s, 'mount')).readUtcMs).toISOString() },
  equatorialsystem: { get: () => 1 },
  alignmentmode: { get: () => 2 },
  canpark: { get: () => true },
  canunpark: { get: () => true },
  canslewasync: { get: () => true },
  cansync: { get: () => true },
  cansettracking: { get: () => true },
  tracking: {
    get: async (s) => (await st(s, 'mount')).tracking,
    put: (s, p) => as<Mount>(s).setTracking(p.bool('Tracking')),
  },
  slewtocoordinatesasync: {
    put: (s, p) => {
      const target = { raHours: p.num('RightAscension'), decDeg: p.num('Declination') };
      if (!(target.raHours >= 0 && target.raHours < 24 && Math.abs(target.decDeg) <= 90)) throw new AppError('validation.invalid', 'coordinates out of range');
      s.background('slew', as<Mount>(s).slewToCoordinates(target, 'jnow'));
    },
  },
  synctocoordinates: { put: (s, p) => as<Mount>(s).syncToCoordinates({ raHours: p.num('RightAscension'), decDeg: p.num('Declination') }, 'jnow') },
  abortslew: { put: (s) => as<Mount>(s).abort() },
  park: { put: (s) => s.background('park', as<Mount>(s).park()) },
  unpark: { put: (s) => as<Mount>(s).unpark() },
  canslewaltazasync: { get: () => true },
  athome: { get: () => false },
  canfindhome: { get: () => false },
  slewtoaltazasync: {
    put: (s, p) => {
      const target = { azimuthDeg: p.num('Azimuth'), altitudeDeg: p.num('Altitude') };
      if (!(target.azimuthDeg >= 0 && target.azimuthDeg < 360 && Math.abs(target.altitudeDeg) <= 90)) throw new AppError('validation.invalid', 'alt/az out of range');
      s.background('slewToHorizontal', as<Mount>(s).slewToHorizontal(target));
    },
  },
};

const filterwheel: Table = {
  names: { get: async (s) => (await st(s, 'filterWheel')).names },
  focusoffsets: { get: async (s) => (await st(s, 'filterWheel')).names.map(() => 0) },
  position: {
    get: async (s) => (await st(s, 'filterWheel')).slot ?? -1,
    put: (s, p) => {
      const slot = p.num('Position');
      s.background('setSlot', as<FilterWheel>(s).setSlot(slot));
    },
  },
};

const focuser: Table = {
  position: { get: async (s) => (await st(s, 'focuser')).position ?? notImplemented('position') },
  ismoving: { get: async (s) => (await st(s, 'focuser')).moving },
  maxstep: { get: async (s) => (await st(s, 'focuser')).maxPosition },
  maxincrement: { get: async (s) => (await st(s, 'focuser')).maxPosition },
  absolute: { get: async (s) => (await st(s, 'focuser')).absolute },
  temperature: { get: async (s) => (await st(s, 'focuser')).temperatureC ?? notImplemented('temperature') },
  tempcomp: { get: () => false },
  tempcompavailable: { get: () => false },
  move: {
    put: async (s, p) => {
      const f = as<Focuser>(s);
      const pos = p.num('Position');
      const absolute = (await st(s, 'focuser')).absolute;
      s.background('move', absolute ? f.moveTo(pos) : f.moveBy(pos));
    },
  },
  halt: { put: (s) => as<Focuser>(s).halt() },
};

const SHUTTER = { open: 0, closed: 1, opening: 2, closing: 3, error: 4, unknown: 4 } as const;

const dome: Table = {
  shutterstatus: { get: async (s) => SHUTTER[(await st(s, 'dome')).shutter] },
  azimuth: { get: async (s) => (await st(s, 'dome')).azimuthDeg ?? notImplemented('azimuth') },
  slewing: { get: async (s) => (await st(s, 'dome')).slewing },
  atpark: { get: async (s) => (await st(s, 'dome')).parked },
  slaved: {
    get: async (s) => (await st(s, 'dome')).slaved,
    put: (s, p) => as<Dome>(s).setSlaved(p.bool('Slaved')),
  },
  cansetshutter: { get: async (s) => (await st(s, 'dome')).capabilities.canSetShutter },
  cansetazimuth: { get: async (s) => (await st(s, 'dome')).capabilities.canSetAzimuth },
  canpark: { get: async (s) => (await st(s, 'dome')).capabilities.canPark },
  canslave: { get: async (s) => (await st(s, 'dome')).capabilities.canSlave },
  openshutter: { put: (s) => s.background('openShutter', as<Dome>(s).openShutter()) },
  closeshutter: { put: (s) => s.background('closeShutter', as<Dome>(s).closeShutter()) },
  slewtoazimuth: { put: (s, p) => s.background('slewToAzimuth', as<Dome>(s).slewToAzimuth(p.num('Azimuth'))) },
  park: { put: (s) => s.background('park', as<Dome>(s).park()) },
  abortslew: { put: (s) => as<Dome>(s).abort() },
};

const reading =
  (key: keyof WeatherReadings) =>
  async (s: Served): Promise<number> => {
    const v = (await st(s, 'weather')).readings[key];
    return v ?? notImplemented(key);
  };

const observingconditions: Table = {
  temperature: { get: reading('temperatureC') },
  humidity: { get: reading('humidityPct') },
  dewpoint: { get: reading('dewPointC') },
  pressure: { get: reading('pressureHPa') },
  windspeed: { get: reading('windSpeedMps') },
  windgust: { get: reading('windGustMps') },
  winddirection: { get: reading('windDirectionDeg') },
  cloudcover: { get: reading('cloudCoverPct') },
  skytemperature: { get: reading('skyTemperatureC') },
  rainrate: { get: reading('rainRateMmPerHour') },
  skyquality: { get: reading('skyQualityMagPerArcsec2') },
  averageperiod: { get: () => 0 },
  refresh: { put: () => undefined },
};

const safetymonitor: Table = {
  issafe: { get: async (s) => (await st(s, 'safety')).safe },
};

const rotator: Table = {
  position: { get: async (s) => (await st(s, 'rotator')).positionDeg },
  mechanicalposition: { get: async (s) => (await st(s, 'rotator')).mechanicalDeg },
  ismoving: { get: async (s) => (await st(s, 'rotator')).moving },
  reverse: { get: async (s) => (await st(s, 'rotator')).reversed },
  canreverse: { get: () => false },
  moveabsolute: { put: (s, p) => s.background('moveTo', as<Rotator>(s).moveTo(p.num('Position'))) },
  move: { put: (s, p) => s.background('moveBy', as<Rotator>(s).moveBy(p.num('Position'))) },
  sync: { put: (s, p) => as<Rotator>(s).sync(p.num('Position')) },
  halt: { put: (s) => as<Rotator>(s).halt() },
};

export const MEMBERS: Record<DeviceKind, Table> = {
  mount: telescope,
  camera,
  filterWheel: filterwheel,
  focuser,
  dome,
  rotator,
  weather: observingconditions,
  safety: safetymonitor,
};
