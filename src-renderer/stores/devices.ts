/**
 * Device state per telescope: a `devices.snapshot` on (re)connect, then `devices.changed` events,
 * each carrying one device's full status. Keyed by telescope, kind and name.
 */
import { create } from 'zustand';
import type {
  DeviceControlAction,
  DeviceControlVerdict,
  DeviceImageStats,
  DeviceStatus,
} from '../../src-shared/ipc/contract';
import type { Result } from '../../src-shared/ipc/result';
import type { CoreClient } from '../lib/transport';
import type { LoadState } from './async-status';
import { INITIAL_LOAD, reduceLoadStart } from './async-status';

export interface DevicesState extends LoadState, ControlState {
  byKey: Record<string, DeviceStatus>;
}

export interface DevicesStore extends DevicesState {
  applyChange: (device: DeviceStatus) => void;
  refresh: (client: CoreClient) => Promise<void>;
  /** Asks the core's interlocks about `actions` (to grey out buttons); keeps the verdicts by op. */
  checkControls: (client: CoreClient, telescopeId: string, actions: DeviceControlAction[]) => Promise<void>;
  /**
   * Runs one manual action: checks it first (a refusal is logged with its reason, nothing is sent),
   * then invokes `devices.control` and logs the result or the coded error. Never rejects.
   */
  runControl: (client: CoreClient, telescopeId: string, action: DeviceControlAction, label: string) => Promise<void>;
}

// ---------- manual control ----------

export type ControlOutcome = 'running' | 'ok' | 'refused' | 'failed';

/** One manual action as the activity log shows it. */
export interface ControlLogEntry {
  id: number;
  telescopeId: string;
  op: string;
  /** What the operator asked, e.g. "Slew to M42". */
  label: string;
  outcome: ControlOutcome;
  /** The refusal reason, the error message, or "" while running / on success. */
  message: string;
  /** Error code (e.g. `device.unsafe`) or null. */
  code: string | null;
  /** Interlock rule id of a refusal, else null. */
  rule: string | null;
  warnings: string[];
  image: DeviceImageStats | null;
  /** Wall-clock start and end in this browser, ms (end null while running). */
  startedMs: number;
  endedMs: number | null;
}

export interface ControlState {
  /** Interlock verdicts by telescope, then op (the last check of that op). */
  verdicts: Record<string, Record<string, DeviceControlVerdict>>;
  /** Newest first, at most CONTROL_LOG_LIMIT entries. */
  log: ControlLogEntry[];
  nextLogId: number;
}

export const CONTROL_LOG_LIMIT = 50;

export const INITIAL_DEVICES: DevicesState = { ...INITIAL_LOAD, byKey: {}, verdicts: {}, log: [], nextLogId: 1 };

/** Stores verdicts for a telescope, replacing those of the same ops. */
export function reduceVerdicts(state: ControlState, telescopeId: string, verdicts: DeviceControlVerdict[]): ControlState {
  const own = { ...(state.verdicts[telescopeId] ?? {}) };
  for (const v of verdicts) own[v.op] = v;
  return { ...state, verdicts: { ...state.verdicts, [telescopeId]: own } };
}

/** Adds a running entry; returns the state and the entry's id. */
export function reduceLogStart(
  state: ControlState,
  entry: Pick<ControlLogEntry, 'telescopeId' | 'op' | 'label' | 'startedMs'>,
): { state: ControlState; id: number } {
  const id = state.nextLogId;
  const row: ControlLogEntry = { ...entry, id, outcome: 'running', message: '', code: null, rule: null, warnings: [], image: null, endedMs: null };
  return { state: { ...state, nextLogId: id + 1, log: [row, ...state.log].slice(0, CONTROL_LOG_LIMIT) }, id };
}

/** Finishes entry `id` (unknown ids, e.g. trimmed away, are ignored). */
export function reduceLogEnd(
  state: ControlState,
  id: number,
  end: Pick<ControlLogEntry, 'outcome' | 'message' | 'code' | 'rule' | 'warnings' | 'image' | 'endedMs'>,
): ControlState {
  if (!state.log.some((e) => e.id === id)) return state;
  return { ...state, log: state.log.map((e) => (e.id === id ? { ...e, ...end } : e)) };
}

/** Log entries of one telescope, newest first. */
export function controlLogOf(log: ControlLogEntry[], telescopeId: string): ControlLogEntry[] {
  return log.filter((e) => e.telescopeId === telescopeId);
}

/** True while an action with `op` runs on the telescope. */
export function isRunning(log: ControlLogEntry[], telescopeId: string, op: string): boolean {
  return log.some((e) => e.telescopeId === telescopeId && e.op === op && e.outcome === 'running');
}

const detailRule = (details: unknown): string | null => {
  if (typeof details !== 'object' || details === null) return null;
  const rule = (details as { rule?: unknown }).rule;
  return typeof rule === 'string' ? rule : null;
};

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
  checkControls: async (client, telescopeId, actions) => {
    if (actions.length === 0) return;
    const answer = await client.invoke('devices.checkControl', { telescopeId, actions });
    if (answer.ok) set((s) => reduceVerdicts(s, telescopeId, answer.value.verdicts));
  },
  runControl: async (client, telescopeId, action, label) => {
    let id = 0;
    set((s) => {
      const started = reduceLogStart(s, { telescopeId, op: action.op, label, startedMs: Date.now() });
      id = started.id;
      return started.state;
    });
    const end = (e: Omit<Parameters<typeof reduceLogEnd>[2], 'endedMs'>): void =>
      set((s) => reduceLogEnd(s, id, { ...e, endedMs: Date.now() }));
    // Ask first: the state may have changed since the buttons were last checked.
    const check = await client.invoke('devices.checkControl', { telescopeId, actions: [action] });
    const verdict = check.ok ? check.value.verdicts[0] : undefined;
    if (check.ok && verdict) set((s) => reduceVerdicts(s, telescopeId, [verdict]));
    if (verdict && !verdict.allowed) {
      end({ outcome: 'refused', message: verdict.reason ?? 'refused', code: 'device.unsafe', rule: verdict.rule, warnings: [], image: null });
      return;
    }
    const answer = await client.invoke('devices.control', { telescopeId, action });
    if (answer.ok) {
      end({ outcome: 'ok', message: '', code: null, rule: null, warnings: answer.value.warnings, image: answer.value.image });
    } else {
      const rule = detailRule(answer.error.details);
      end({
        outcome: answer.error.code === 'device.unsafe' ? 'refused' : 'failed',
        message: answer.error.message,
        code: answer.error.code,
        rule,
        warnings: [],
        image: null,
      });
    }
  },
}));
