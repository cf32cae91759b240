/**
 * The device manager: connects every device the observatory model names, heartbeats them, reconnects
 * with exponential backoff, serialises commands per device and publishes state changes.
 */
import type { AppErrorShape } from '../../../src-shared/errors';
import { toAppError } from '../../../src-shared/errors';
import type { Clock } from '../../clock';
import { deviceError } from '../errors';
import { createDevice as registryCreateDevice } from '../registry';
import type {
  AnyDevice,
  DeviceByKind,
  DeviceConfig,
  DeviceKind,
  DeviceSnapshot,
  DriverContext,
  TelescopeDevices,
} from '../types';
import type { SlotTimings } from './device-slot';
import { DeviceSlot } from './device-slot';

export type { SlotTimings } from './device-slot';

/** Called on every change of a device's connection, state or last error. */
export type DeviceStateListener = (telescopeId: string, kind: DeviceKind, snapshot: DeviceSnapshot) => void;

export interface DeviceManagerOptions {
  clock: Clock;
  devices: TelescopeDevices[];
  onState: DeviceStateListener;
  /** Manager-wide defaults; a device's `timings` override the first three. */
  timings?: Partial<SlotTimings>;
  /** Device construction (default: the family registry). */
  createDevice?: (config: DeviceConfig, ctx: DriverContext) => AnyDevice;
}

export interface CommandOptions {
  /** Which device when the telescope has several of the kind (default: the first). */
  deviceId?: string;
  signal?: AbortSignal;
}

export interface DeviceManager {
  /** Every managed device's connection and last state. Plain JSON. */
  snapshot(): DeviceSnapshot[];
  /** The device object (e.g. to arm sim faults in tests); null when unknown or not built. */
  device(telescopeId: string, deviceId: string): AnyDevice | null;
  /**
   * Runs `fn` on a device of `kind` once every earlier command on that device has finished. Rejects
   * `not_found`-like `device.unsupported` when the telescope has no such device, `device.disconnected`
   * when it is not connected, else with whatever `fn` rejects with. The state is re-read afterwards.
   */
  command<K extends DeviceKind, T>(
    telescopeId: string,
    kind: K,
    fn: (device: DeviceByKind[K], signal: AbortSignal) => Promise<T>,
    opts?: CommandOptions,
  ): Promise<T>;
  /** Operator: (re)connect a device (resets its backoff). */
  connect(telescopeId: string, deviceId: string): void;
  /** Operator: disconnect a device and keep it disconnected. */
  disconnect(telescopeId: string, deviceId: string): void;
  /** Stops heartbeats and reconnects, disconnects every device. */
  stop(): Promise<void>;
}

export const DEFAULT_TIMINGS: SlotTimings = {
  heartbeatMs: 2_000,
  pingTimeoutMs: 2_000,
  connectTimeoutMs: 10_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
};

export function createDeviceManager(options: DeviceManagerOptions): DeviceManager {
  const { clock, onState } = options;
  const build = options.createDevice ?? registryCreateDevice;
  const shared = new Map<string, unknown>();
  const slots: DeviceSlot[] = [];
  let stopped = false;

  for (const telescope of options.devices) {
    for (const config of telescope.devices) {
      const ctx: DriverContext = { clock, telescopeId: telescope.telescopeId, site: telescope.site, shared };
      let device: AnyDevice | null = null;
      let buildError: AppErrorShape | null = null;
      try {
        device = build(config, ctx);
      } catch (thrown) {
        buildError = toAppError(thrown);
      }
      const timings: SlotTimings = { ...DEFAULT_TIMINGS, ...options.timings, ...config.timings };
      const publish = (s: DeviceSnapshot): void => {
        if (!stopped) onState(s.telescopeId, s.kind, s);
      };
      slots.push(new DeviceSlot(telescope.telescopeId, config, device, clock, timings, publish, buildError));
    }
  }
  for (const slot of slots) slot.start();

  const find = (telescopeId: string, deviceId: string): DeviceSlot | null =>
    slots.find((s) => s.telescopeId === telescopeId && s.config.id === deviceId) ?? null;

  return {
    snapshot: () => slots.map((s) => s.snapshot()),
    device: (telescopeId, deviceId) => find(telescopeId, deviceId)?.device ?? null,
    command: <K extends DeviceKind, T>(
      telescopeId: string,
      kind: K,
      fn: (device: DeviceByKind[K], signal: AbortSignal) => Promise<T>,
      opts?: CommandOptions,
    ): Promise<T> => {
      const slot = slots.find(
        (s) => s.telescopeId === telescopeId && s.config.kind === kind && (opts?.deviceId === undefined || s.config.id === opts.deviceId),
      );
      if (!slot) {
        return Promise.reject(
          deviceError('device.unsupported', `telescope ${telescopeId} has no ${kind}${opts?.deviceId ? ` '${opts.deviceId}'` : ''}`),
        );
      }
      // The slot's kind matches K by the find above.
      return slot.command((d, signal) => fn(d as DeviceByKind[K], signal), opts?.signal);
    },
    connect: (telescopeId, deviceId) => find(telescopeId, deviceId)?.setWanted(true),
    disconnect: (telescopeId, deviceId) => find(telescopeId, deviceId)?.setWanted(false),
    stop: async () => {
      await Promise.all(slots.map((s) => s.stop()));
      stopped = true;
    },
  };
}
