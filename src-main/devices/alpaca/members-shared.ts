/**
 * Types and helpers shared by the Alpaca server's member tables (members.ts, members-camera.ts).
 */
import { AppError } from '../../../src-shared/errors';
import type { AnyDevice, CameraImage, DeviceKind, DeviceState } from '../types';

export class BadRequest extends Error {}

/** Parameter access: GET keys case-insensitive, PUT keys exact (devices.md §1.1). */
export interface Params {
  str(name: string): string;
  num(name: string): number;
  bool(name: string): boolean;
}

/** A long operation started by a PUT and finished in the background. */
export interface OperationRecord {
  state: 'running' | 'done' | 'failed';
  error: unknown;
  /** A failed connect/disconnect has been reported through GET connecting (it is reported once). */
  reported?: boolean;
}

/** Server-side camera bookkeeping (ASCOM's ROI is in binned pixels and applies at StartExposure). */
export interface ServedCamera {
  image: CameraImage | null;
  exposing: boolean;
  error: unknown;
  durationSec: number;
  startMs: number;
  /** StartX/StartY/NumX/NumY as the client set them (binned pixels); null = not set (full frame). */
  roi: { startX: number; startY: number; numX: number; numY: number } | null;
  /** SetCCDTemperature, °C, remembered while the cooler is off. */
  setpointC: number;
  /** The client aborted the exposure in progress (its rejection is then not an error). */
  aborting: boolean;
}

/** Per-device server-side bookkeeping. */
export interface Served {
  device: AnyDevice;
  /** State read at the start of this request. */
  state: () => Promise<DeviceState>;
  /** Runs a long operation in the background, recorded under `what` (see {@link OPERATION_ACTION}). */
  background(what: string, op: Promise<unknown>): void;
  /** The latest background operation of each name. */
  ops: Map<string, OperationRecord>;
  camera: ServedCamera;
}

/**
 * Nightshift's custom Alpaca action (listed in SupportedActions): `PUT action` with
 * `Action=NightshiftOperation`, `Parameters=<operation name>` returns a JSON string
 * `{"state":"none|running|done|failed","errorNumber":n,"errorMessage":"…"}`. Alpaca reports a
 * failed asynchronous operation only indirectly (the state property never reaches its goal); this
 * lets our client turn a server-side failure into the same coded error it had on the server.
 */
export const OPERATION_ACTION = 'NightshiftOperation';

export const ALPACA_TYPE: Record<DeviceKind, string> = {
  mount: 'telescope',
  camera: 'camera',
  filterWheel: 'filterwheel',
  focuser: 'focuser',
  dome: 'dome',
  rotator: 'rotator',
  weather: 'observingconditions',
  safety: 'safetymonitor',
};

export const INTERFACE_VERSION: Record<DeviceKind, number> = {
  mount: 4,
  camera: 4,
  filterWheel: 3,
  focuser: 4,
  dome: 3,
  rotator: 4,
  weather: 2,
  safety: 3,
};

/**
 * Interface versions before ASCOM Platform 7 (no Connect/Disconnect/Connecting/DeviceState): what
 * a legacy server reports. {@link INTERFACE_VERSION} holds the Platform 7 ones.
 */
export const LEGACY_INTERFACE_VERSION: Record<DeviceKind, number> = {
  mount: 3,
  camera: 3,
  filterWheel: 2,
  focuser: 3,
  dome: 2,
  rotator: 3,
  weather: 1,
  safety: 2,
};

/**
 * ASCOM Platform 7 `DeviceState`: the operational properties each device type reports in one call
 * (names as the ASCOM interface documents list them, in PascalCase; the Alpaca member of each is
 * its lower-cased name). `TimeStamp` (ISO 8601 UTC of the reading) is added to any non-empty list.
 * Configuration properties (sizes, capabilities, names) are deliberately not part of it.
 */
export const DEVICE_STATE_NAMES: Record<DeviceKind, readonly string[]> = {
  mount: ['Altitude', 'AtHome', 'AtPark', 'Azimuth', 'Declination', 'IsPulseGuiding', 'RightAscension', 'SideOfPier', 'SiderealTime', 'Slewing', 'Tracking', 'UTCDate'],
  camera: ['CameraState', 'CCDTemperature', 'CoolerPower', 'HeatSinkTemperature', 'ImageReady', 'IsPulseGuiding', 'PercentCompleted'],
  filterWheel: ['Position'],
  focuser: ['IsMoving', 'Position', 'Temperature'],
  dome: ['Altitude', 'AtHome', 'AtPark', 'Azimuth', 'ShutterStatus', 'Slewing'],
  rotator: ['IsMoving', 'MechanicalPosition', 'Position'],
  weather: ['CloudCover', 'DewPoint', 'Humidity', 'Pressure', 'RainRate', 'SkyBrightness', 'SkyQuality', 'SkyTemperature', 'StarFWHM', 'Temperature', 'WindDirection', 'WindGust', 'WindSpeed'],
  safety: ['IsSafe'],
};

/** One entry of a DeviceState answer. */
export interface DeviceStateEntry {
  Name: string;
  Value: unknown;
}

export const notImplemented = (what: string): never => {
  throw new AppError('device.unsupported', `${what} is not implemented`);
};

export type Table = Record<string, { get?: (s: Served, p: Params) => unknown; put?: (s: Served, p: Params) => unknown }>;

export async function st<K extends DeviceKind>(s: Served, kind: K): Promise<Extract<DeviceState, { kind: K }>> {
  const v = await s.state();
  if (v.kind !== kind) throw new AppError('internal', 'state kind mismatch');
  return v as Extract<DeviceState, { kind: K }>;
}

export function as<T extends AnyDevice>(s: Served): T {
  return s.device as T;
}

