/**
 * Device state per telescope: a `devices.snapshot` on (re)connect, then `devices.changed` events,
 * each carrying one device's full status. Keyed by telescope, kind and name.
 */
import { create } from 'zustand';
import type { DeviceStatus } from '../../src-shared/ipc/contract';
import type { Result } from '../../src-shared/ipc/result';
import type { CoreClient } from '../lib/transport';
import type { LoadState } from './async-status';
import { INITIAL_LOAD, reduceLoadStart } from './async-status';

export interface DevicesState extends LoadState {
  byKey: Record<string, DeviceStatus>;
}

export interface DevicesStore extends DevicesState {
  applyChange: (device: DeviceStatus) => void;
  refresh: (client: CoreClient) => Promise<void>;
}

export const INITIAL_DEVICES: DevicesState = { ...INITIAL_LOAD, byKey: {} };

export const deviceKey = (d: Pick<DeviceStatus, 'telescopeId' | 'kind' | 'name'>): string =>
  `${d.telescopeId}\u0000${d.kind}\u0000${d.name}`;

/** Replaces all devices with a snapshot (answer of load `seq`; older loads are dropped). */
export function reduceDevicesAnswer(
  state: DevicesState,
  seq: number,
  answer: Result<{ devices: DeviceStatus[] }>,
): DevicesState {
  if (seq !== state.seq) return state;
  if (!answer.ok) return { ...state, status: 'error', error: answer.error.message };
  const byKey: Record<string, DeviceStatus> = {};
  for (const d of answer.value.devices) {
    // Keep a change that arrived while the snapshot was in flight if it is newer.
    const key = deviceKey(d);
    const seen = state.byKey[key];
    byKey[key] = seen !== undefined && seen.updatedMs > d.updatedMs ? seen : d;
  }
  return { ...state, status: 'ready', error: null, byKey };
}

/** Applies one device's new status; a status older than the one held is ignored (events can cross a snapshot). */
export function reduceDeviceChange(state: DevicesState, device: DeviceStatus): DevicesState {
  const key = deviceKey(device);
  const seen = state.byKey[key];
  if (seen !== undefined && seen.updatedMs > device.updatedMs) return state;
  return { ...state, byKey: { ...state.byKey, [key]: device } };
}

/** Display order of device kinds: what an operator checks first comes first. */
export const DEVICE_KIND_ORDER = ['safety', 'weather', 'dome', 'mount', 'rotator', 'focuser', 'filterWheel', 'camera'];

const kindRank = (kind: string): number => {
  const i = DEVICE_KIND_ORDER.indexOf(kind);
  return i === -1 ? DEVICE_KIND_ORDER.length : i;
};

/** Devices of one telescope, in display order (kind, then name). */
export function devicesOfTelescope(byKey: Record<string, DeviceStatus>, telescopeId: string): DeviceStatus[] {
  return Object.values(byKey)
    .filter((d) => d.telescopeId === telescopeId)
    .sort(
      (a, b) => kindRank(a.kind) - kindRank(b.kind) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
    );
}

/** Telescope ids that have devices, sorted. */
export function telescopeIdsWithDevices(byKey: Record<string, DeviceStatus>): string[] {
  return [...new Set(Object.values(byKey).map((d) => d.telescopeId))].sort();
}

export const useDevicesStore = create<DevicesStore>()((set, get) => ({
  ...INITIAL_DEVICES,
  applyChange: (device) => set((s) => reduceDeviceChange(s, device)),
  refresh: async (client) => {
    set((s) => reduceLoadStart(s));
    const { seq } = get();
    const answer = await client.invoke('devices.snapshot', {});
    set((s) => reduceDevicesAnswer(s, seq, answer));
  },
}));
