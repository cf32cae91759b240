/**
 * Device capability interfaces: what every protocol family (sim, indi, alpaca, lx200) implements.
 *
 * Rules every implementation follows (the manager, the executor and the console rely on them):
 * - Every method is async, takes an optional {@link CallOptions} (AbortSignal + timeout) and never
 *   waits past its timeout: it rejects with `AppError('device.timeout')`.
 * - A command resolves only after its post-condition was read back from the device (the mount really
 *   is parked, the shutter really is open, the filter really is in slot 3). Otherwise it rejects with
 *   `device.postcondition`.
 * - Failures are `AppError` with a `device.*` code (src-shared/errors.ts):
 *   `device.timeout` no answer in time · `device.disconnected` link down / not connected ·
 *   `device.error` the device reported a failure · `device.postcondition` the device said yes but the
 *   state read back disagrees · `device.unsafe` refused because unsafe (e.g. slewing below limits) ·
 *   `device.busy` another operation in progress that this one may not pre-empt · `device.protocol`
 *   unparsable / garbage reply · `device.unsupported` the device or family cannot do this.
 * - Aborting the signal cancels the wait and, where the protocol allows, the operation on the device
 *   (exposure abort, slew abort); the promise then rejects with the signal's reason.
 * - Units are in names. Angles in degrees unless named `…Hours`; RA in hours [0, 24); Dec in
 *   degrees [−90, +90]; azimuth degrees [0, 360) from north through east; temperatures °C.
 * - Absence is `null` (a device without a temperature sensor reports `temperatureC: null`).
 *
 * Stability: other families are written against this file; change it only additively.
 */
import type { AppErrorShape } from '../../src-shared/errors';
import type { Clock } from '../clock';

// ---------------------------------------------------------------------------------------------
// Kinds, families, call options, connection state
// ---------------------------------------------------------------------------------------------

/** The device kinds a telescope can name. A roll-off roof is a `dome` without azimuth. */
export const DEVICE_KINDS = [
  'mount',
  'camera',
  'filterWheel',
  'focuser',
  'dome',
  'rotator',
  'weather',
  'safety',
] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** Protocol families. `registry.ts` maps every one exhaustively. */
export const FAMILIES = ['sim', 'indi', 'alpaca', 'lx200'] as const;
export type Family = (typeof FAMILIES)[number];

/** Options every device call accepts. */
export interface CallOptions {
  /** Cancels the call (and, where possible, the operation on the device). */
  signal?: AbortSignal;
  /**
   * Upper bound for the whole call in clock milliseconds, including waiting for the post-condition.
   * Each driver has per-command defaults (e.g. a slew allows minutes, a read seconds).
   */
  timeoutMs?: number;
}

export type ConnectionStatus = 'disconnected' | 'connecting' | 'connected' | 'faulted';

/**
 * The manager's view of a device link. `reason` is set when `faulted` (and kept on `connecting`
 * while retrying after a fault); null otherwise.
 */
export interface ConnectionState {
  status: ConnectionStatus;
  reason: AppErrorShape | null;
  /** When the status last changed, UTC ms (clock time). */
  sinceUtcMs: number;
  /** Consecutive failed connect attempts since the last success (0 when connected). */
  attempts: number;
}

// ---------------------------------------------------------------------------------------------
// Per-kind state snapshots (plain JSON: numbers, strings, booleans, null, arrays, objects)
// ---------------------------------------------------------------------------------------------

export interface EquatorialCoords {
  /** Right ascension, hours [0, 24). */
  raHours: number;
  /** Declination, degrees [−90, +90]. */
  decDeg: number;
}

export interface HorizontalCoords {
  /** Altitude above the horizon, degrees [−90, +90]. */
  altitudeDeg: number;
  /** Azimuth, degrees [0, 360), north 0, east 90. */
  azimuthDeg: number;
}

/** `jnow`: equator and equinox of date (topocentric apparent as mounts use it); `j2000`: ICRS/J2000. */
export type Equinox = 'jnow' | 'j2000';

export type PierSide = 'east' | 'west' | 'unknown';

/** Mount software limits enforced before any slew (a violating target fails with `device.unsafe`). */
export interface MountLimits {
  /** Lowest altitude a slew target may have, degrees. */
  minAltitudeDeg: number;
  /** Highest altitude, degrees (90 = none). */
  maxAltitudeDeg: number;
  /** Largest |hour angle| of a slew target, hours; null = no hour-angle limit. */
  maxHourAngleHours: number | null;
}

interface StateBase {
  /** Human-readable device name reported by the driver (e.g. `Telescope Simulator`). */
  name: string;
  /** When these readings were taken, UTC ms (clock time). */
  readUtcMs: number;
}

export interface MountState extends StateBase {
  kind: 'mount';
  /** Pointing in equinox of date. */
  jnow: EquatorialCoords;
  /** Pointing in J2000 (converted by the driver when the device speaks only JNow). */
  j2000: EquatorialCoords;
  /** Null when the site is unknown to the driver. */
  horizontal: HorizontalCoords | null;
  slewing: boolean;
  tracking: boolean;
  parked: boolean;
  pierSide: PierSide;
  limits: MountLimits;
  /** Last slew target (J2000), null before the first slew. */
  target: EquatorialCoords | null;
}

export type FrameType = 'light' | 'dark' | 'bias' | 'flat';

/** Sub-frame in unbinned sensor pixels, origin top-left. */
export interface Subframe {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Binning {
  x: number;
  y: number;
}

export interface CameraInfo {
  /** Full sensor size, unbinned pixels. */
  sensorWidthPx: number;
  sensorHeightPx: number;
  /** Physical pixel size, micrometres; null when unknown. */
  pixelSizeUm: number | null;
  maxBinning: number;
  /** Readout mode names; the index is the mode number. At least one entry. */
  readoutModes: string[];
  canCool: boolean;
  canAbort: boolean;
  /** Largest ADU a pixel can hold (65535 for 16-bit). */
  maxAdu: number;
}

export type CameraActivity = 'idle' | 'exposing' | 'reading' | 'downloading' | 'error';

export interface CameraState extends StateBase {
  kind: 'camera';
  info: CameraInfo;
  activity: CameraActivity;
  binning: Binning;
  /** Null = full frame. */
  subframe: Subframe | null;
  readoutMode: number;
  /** Sensor temperature, °C; null without a sensor. */
  sensorTemperatureC: number | null;
  coolerOn: boolean;
  /** Null when the cooler has no set-point. */
  coolerSetpointC: number | null;
  /** Cooler power, percent [0, 100]; null when unknown. */
  coolerPowerPct: number | null;
  /** Seconds left in the current exposure; null when not exposing. */
  exposureRemainingSec: number | null;
}

export interface FilterWheelState extends StateBase {
  kind: 'filterWheel';
  /** Filter names by slot, slot 0 first. */
  names: string[];
  /** Current slot, 0-based (INDI's 1-based slots are converted); null while moving or unknown. */
  slot: number | null;
  moving: boolean;
}

export interface FocuserState extends StateBase {
  kind: 'focuser';
  /** Position in steps; null on a relative-only focuser. */
  position: number | null;
  maxPosition: number;
  absolute: boolean;
  moving: boolean;
  /** Focuser temperature probe, °C; null without one. */
  temperatureC: number | null;
}

export type ShutterStatus = 'open' | 'closed' | 'opening' | 'closing' | 'error' | 'unknown';

export interface DomeCapabilities {
  /** False for a roll-off roof. */
  canSetAzimuth: boolean;
  canSlave: boolean;
  canPark: boolean;
  canSetShutter: boolean;
}

export interface DomeState extends StateBase {
  kind: 'dome';
  capabilities: DomeCapabilities;
  shutter: ShutterStatus;
  /** Null for a roof or when unknown. */
  azimuthDeg: number | null;
  slewing: boolean;
  slaved: boolean;
  parked: boolean;
}

export interface RotatorState extends StateBase {
  kind: 'rotator';
  /** Sky position angle, degrees [0, 360). */
  positionDeg: number;
  /** Mechanical angle, degrees [0, 360). Equal to positionDeg until synced. */
  mechanicalDeg: number;
  moving: boolean;
  reversed: boolean;
}

/** Observing conditions. Every reading is null when the station does not measure it. */
export interface WeatherReadings {
  temperatureC: number | null;
  /** Relative humidity, percent [0, 100]. */
  humidityPct: number | null;
  dewPointC: number | null;
  pressureHPa: number | null;
  /** Mean wind speed, metres per second. */
  windSpeedMps: number | null;
  windGustMps: number | null;
  /** Direction the wind comes from, degrees [0, 360). */
  windDirectionDeg: number | null;
  /** Cloud cover, percent [0, 100]. */
  cloudCoverPct: number | null;
  /** Sky minus ambient infrared temperature, °C (cloud sensors); more negative = clearer. */
  skyTemperatureC: number | null;
  /** Rain rate, millimetres per hour (0 = dry). */
  rainRateMmPerHour: number | null;
  /** Sky quality, magnitudes per square arcsecond (higher = darker). */
  skyQualityMagPerArcsec2: number | null;
}

export interface WeatherState extends StateBase {
  kind: 'weather';
  readings: WeatherReadings;
  /** The station's own verdict; null when it gives none (then the app's weather rules decide). */
  safe: boolean | null;
}

export interface SafetyState extends StateBase {
  kind: 'safety';
  safe: boolean;
}

/** A state snapshot of one device, discriminated by `kind`. Plain JSON, for the console. */
export type DeviceState =
  | MountState
  | CameraState
  | FilterWheelState
  | FocuserState
  | DomeState
  | RotatorState
  | WeatherState
  | SafetyState;

export type DeviceStateOf<K extends DeviceKind> = Extract<DeviceState, { kind: K }>;

// ---------------------------------------------------------------------------------------------
// Capability interfaces
// ---------------------------------------------------------------------------------------------

/** What every device does, whatever its kind. */
export interface DeviceBase<K extends DeviceKind> {
  readonly kind: K;
  readonly family: Family;
  /** The configured id (unique within the telescope), see {@link DeviceConfig}. */
  readonly id: string;
  /** Opens the link and brings the device to "connected" (INDI CONNECTION, Alpaca Connected…). */
  connect(opts?: CallOptions): Promise<void>;
  /** Closes the link. Never rejects for a link that is already down. */
  disconnect(opts?: CallOptions): Promise<void>;
  /** True while the driver believes the link is up (the heartbeat is what proves it). */
  isConnected(): boolean;
  /**
   * A cheap round trip to the device proving it answers (the manager's heartbeat). Rejects with
   * `device.timeout` / `device.disconnected` / `device.protocol` when it does not.
   */
  ping(opts?: CallOptions): Promise<void>;
  /** Reads a fresh state snapshot from the device. */
  readState(opts?: CallOptions): Promise<DeviceStateOf<K>>;
  /**
   * Optional push notification for protocols that report changes themselves (INDI): the listener
   * is called (without arguments) when the state may have changed; the manager then re-reads it.
   * Returns the unsubscribe function.
   */
  onChange?(listener: () => void): () => void;
}

export interface Mount extends DeviceBase<'mount'> {
  /** Slews to a target and resolves once the mount has stopped on it (within the driver's tolerance) and tracks. */
  slewToCoordinates(target: EquatorialCoords, equinox: Equinox, opts?: CallOptions): Promise<void>;
  /** Slews to a horizontal position (tracking off afterwards). */
  slewToHorizontal(target: HorizontalCoords, opts?: CallOptions): Promise<void>;
  /** Tells the mount it is pointing at `target`; verified by reading the position back. */
  syncToCoordinates(target: EquatorialCoords, equinox: Equinox, opts?: CallOptions): Promise<void>;
  setTracking(on: boolean, opts?: CallOptions): Promise<void>;
  /** Parks; resolves once the mount reports parked. */
  park(opts?: CallOptions): Promise<void>;
  unpark(opts?: CallOptions): Promise<void>;
  /** Stops any motion; resolves once the mount reports not slewing. */
  abort(opts?: CallOptions): Promise<void>;
  /** Sets the software limits (applied by the driver before every slew). */
  setLimits(limits: MountLimits, opts?: CallOptions): Promise<void>;
}

export interface ExposureRequest {
  /** Exposure time, seconds (≥ 0; 0 only for bias). */
  durationSec: number;
  frameType: FrameType;
  /** Optional per-exposure overrides, applied (and verified) before the shutter opens. */
  binning?: Binning;
  /** Null = full frame. */
  subframe?: Subframe | null;
  readoutMode?: number;
}

export interface ImageMetadata {
  /** Shutter open, UTC ms (clock time). */
  startUtcMs: number;
  exposureSec: number;
  frameType: FrameType;
  binning: Binning;
  /** The area read, unbinned pixels (full frame when no subframe was set). */
  subframe: Subframe;
  readoutMode: number;
  sensorTemperatureC: number | null;
  cameraName: string;
  /** Pointing at shutter open if the driver knows it (sim, INDI snooping), else null. */
  pointingJ2000: EquatorialCoords | null;
  /** Filter name if the driver knows it, else null (the app writes its own FILTER key). */
  filter: string | null;
  /** Extra FITS-like header cards the driver had (keys upper case, ≤ 8 chars). */
  headers: Record<string, string | number | boolean>;
}

/**
 * An image: pixels row-major, top-down, index = y·width + x. Uint16 for ≤16-bit unsigned cameras,
 * Float32 otherwise (after BZERO/BSCALE). Colour/3-plane images are not represented yet.
 */
export interface CameraImage {
  pixels: Uint16Array | Float32Array;
  /** Width and height of the delivered (binned) image, pixels. */
  width: number;
  height: number;
  metadata: ImageMetadata;
  /** The original FITS bytes when the device delivered a FITS file (INDI); null otherwise. */
  fits: Uint8Array | null;
}

export interface Camera extends DeviceBase<'camera'> {
  /**
   * Takes one exposure and resolves with the image once it is downloaded. Aborting the signal aborts
   * the exposure on the device and rejects. Rejects `device.busy` if an exposure is in progress.
   */
  expose(request: ExposureRequest, opts?: CallOptions): Promise<CameraImage>;
  /** Aborts the exposure in progress (no image). Resolves once the camera is idle. */
  abortExposure(opts?: CallOptions): Promise<void>;
  setBinning(binning: Binning, opts?: CallOptions): Promise<void>;
  /** Null = full frame. */
  setSubframe(subframe: Subframe | null, opts?: CallOptions): Promise<void>;
  setReadoutMode(mode: number, opts?: CallOptions): Promise<void>;
  /**
   * Turns the cooler on with a set-point (°C) or off (null). Resolves when the set-point is accepted,
   * not when it is reached (poll state.sensorTemperatureC).
   */
  setCooler(setpointC: number | null, opts?: CallOptions): Promise<void>;
}

export interface FilterWheel extends DeviceBase<'filterWheel'> {
  /** Moves to a 0-based slot; resolves when the wheel reports that slot. */
  setSlot(slot: number, opts?: CallOptions): Promise<void>;
}

export interface Focuser extends DeviceBase<'focuser'> {
  /** Absolute move to `position` steps [0, maxPosition]; resolves when stopped there. */
  moveTo(position: number, opts?: CallOptions): Promise<void>;
  /** Relative move, steps (+ outward). */
  moveBy(deltaSteps: number, opts?: CallOptions): Promise<void>;
  halt(opts?: CallOptions): Promise<void>;
}

export interface Dome extends DeviceBase<'dome'> {
  openShutter(opts?: CallOptions): Promise<void>;
  closeShutter(opts?: CallOptions): Promise<void>;
  /** `device.unsupported` on a roof. */
  slewToAzimuth(azimuthDeg: number, opts?: CallOptions): Promise<void>;
  /** Slaving makes the dome follow the mount (driver- or app-side). */
  setSlaved(on: boolean, opts?: CallOptions): Promise<void>;
  park(opts?: CallOptions): Promise<void>;
  unpark(opts?: CallOptions): Promise<void>;
  /** Stops shutter and azimuth motion. */
  abort(opts?: CallOptions): Promise<void>;
}

export interface Rotator extends DeviceBase<'rotator'> {
  /** Moves to a sky position angle, degrees [0, 360). */
  moveTo(positionDeg: number, opts?: CallOptions): Promise<void>;
  moveBy(deltaDeg: number, opts?: CallOptions): Promise<void>;
  /** Declares the current position to be `positionDeg` (offsets sky vs mechanical). */
  sync(positionDeg: number, opts?: CallOptions): Promise<void>;
  halt(opts?: CallOptions): Promise<void>;
}

export type WeatherStation = DeviceBase<'weather'>;

export type SafetyMonitor = DeviceBase<'safety'>;

/** The capability interface for each kind. */
export interface DeviceByKind {
  mount: Mount;
  camera: Camera;
  filterWheel: FilterWheel;
  focuser: Focuser;
  dome: Dome;
  rotator: Rotator;
  weather: WeatherStation;
  safety: SafetyMonitor;
}

export type AnyDevice = DeviceByKind[DeviceKind];

// ---------------------------------------------------------------------------------------------
// Configuration: what the observatory model names per telescope
// ---------------------------------------------------------------------------------------------

/** Per-device timing overrides; every field optional, drivers/manager have defaults. */
export interface DeviceTimings {
  /** Heartbeat period, ms (default 2000). */
  heartbeatMs?: number;
  /** Heartbeat/ping timeout, ms (default 2000): a silent device is faulted after this. */
  pingTimeoutMs?: number;
  /** Connect timeout, ms (default 10000). */
  connectTimeoutMs?: number;
}

interface DeviceConfigBase<K extends DeviceKind = DeviceKind> {
  /** Unique within the telescope (e.g. `mount`, `main-camera`). */
  id: string;
  kind: K;
  /** Display name; the driver's name is used when absent. */
  name?: string;
  timings?: DeviceTimings;
}

/** Simulated device; `sim` options tune the simulation (see src-main/devices/sim). */
export interface SimDeviceConfig extends DeviceConfigBase {
  family: 'sim';
  /** Kind-specific knobs (slew rate, sensor size, filter names, weather script name…). */
  options?: Record<string, unknown>;
}

/** A device behind an INDI server. */
export interface IndiDeviceConfig extends DeviceConfigBase {
  family: 'indi';
  host: string;
  /** Default 7624. */
  port?: number;
  /** INDI device name, e.g. `Telescope Simulator`. */
  device: string;
}

/** An ASCOM Alpaca device. */
export interface AlpacaDeviceConfig extends DeviceConfigBase {
  family: 'alpaca';
  host: string;
  port: number;
  /** 0-based device number within its type on that server. */
  deviceNumber: number;
}

/** A serial LX200 mount. */
export interface Lx200DeviceConfig extends DeviceConfigBase<'mount'> {
  family: 'lx200';
  /** Serial device path, e.g. `/dev/ttyUSB0`. */
  path: string;
  /** Default 9600. */
  baudRate?: number;
  /** `auto` (default) switches the mount to high precision when it reports low. */
  precision?: 'auto' | 'high' | 'low';
  /** Send `:Sr05:30:00#` instead of `:Sr 05:30:00#` (some firmwares refuse the space). */
  noSpaceAfterCommand?: boolean;
}

export type DeviceConfig = SimDeviceConfig | IndiDeviceConfig | AlpacaDeviceConfig | Lx200DeviceConfig;

export type DeviceConfigOf<F extends Family> = Extract<DeviceConfig, { family: F }>;

/** Geographic site of the telescope, needed for alt/az and hour angles (east-positive longitude). */
export interface DeviceSite {
  latitudeDeg: number;
  longitudeDeg: number;
  elevationM: number;
}

/** The devices one telescope names. */
export interface TelescopeDevices {
  telescopeId: string;
  /** Null when unknown (mount alt/az then null). */
  site: DeviceSite | null;
  devices: DeviceConfig[];
}

/** One device as the manager reports it: link state plus the last readings. Plain JSON. */
export interface DeviceSnapshot {
  telescopeId: string;
  deviceId: string;
  kind: DeviceKind;
  family: Family;
  connection: ConnectionState;
  /** Last successfully read state; null before the first read. Kept (stale) while faulted. */
  state: DeviceState | null;
  /** The last command error on this device, null if the last command succeeded. */
  lastError: AppErrorShape | null;
}

// ---------------------------------------------------------------------------------------------
// Driver construction (registry.ts)
// ---------------------------------------------------------------------------------------------

/** What a family's factory gets besides the device's config. */
export interface DriverContext {
  /** The one clock for every wait and timestamp. */
  clock: Clock;
  telescopeId: string;
  site: DeviceSite | null;
  /**
   * Objects a family shares between its devices, owned by whoever created the devices (the manager:
   * one map per manager). E.g. INDI keeps one connection per `host:port`; sim keeps one simulated
   * world per telescope so the camera sees where the mount points. Keys are prefixed by family.
   */
  shared: Map<string, unknown>;
}

/** Builds a (not yet connected) device from its config. Must not do IO. */
export type DeviceFactory<F extends Family> = (config: DeviceConfigOf<F>, ctx: DriverContext) => AnyDevice;
