/**
 * The Night page's live stream: each telescope's executor status (`executor.status`, then
 * `executor.changed`), its safety verdict (`safety.status`, then `safety.changed`), and the details
 * of the observations being run (`observations.get`, fetched once per observation id and again when
 * the executor moves to another configuration).
 */
import { create } from 'zustand';
import type { ExecutorStatus, ObservationDetail, SafetyVerdict } from '../../../src-shared/ipc/contract';
import type { CoreClient } from '../../lib/transport';

/** An observation's details as loaded: the detail, or why there is none. */
export type DetailEntry = { status: 'loading' } | { status: 'ready'; detail: ObservationDetail } | { status: 'error'; message: string };

export interface NightLiveState {
  executors: Record<string, ExecutorStatus>;
  safety: Record<string, SafetyVerdict>;
  details: Record<number, DetailEntry>;
}

export const INITIAL_NIGHT_LIVE: NightLiveState = { executors: {}, safety: {}, details: {} };

/**
 * Takes an executor status unless it is older than the one held (a snapshot answered after a newer
 * event must not step the display back).
 */
export function reduceExecutor(state: NightLiveState, s: ExecutorStatus): NightLiveState {
  const prev = state.executors[s.telescopeId];
  if (prev !== undefined && prev.utcMs > s.utcMs) return state;
  return { ...state, executors: { ...state.executors, [s.telescopeId]: s } };
}

/** Same rule for safety verdicts. */
export function reduceSafety(state: NightLiveState, v: SafetyVerdict): NightLiveState {
  const prev = state.safety[v.telescopeId];
  if (prev !== undefined && prev.utcMs > v.utcMs) return state;
  return { ...state, safety: { ...state.safety, [v.telescopeId]: v } };
}

/** Observation ids the executors run now whose details are neither loaded nor loading. */
export function missingDetails(state: NightLiveState): number[] {
  const ids = new Set<number>();
  for (const e of Object.values(state.executors)) {
    if (e.observationId !== null && state.details[e.observationId] === undefined) ids.add(e.observationId);
  }
  return [...ids];
}

/** Keeps the details of observations still being run, plus the newest `keep` (the cache does not grow all night). */
export function pruneDetails(state: NightLiveState, keep = 8): NightLiveState {
  const running = new Set(Object.values(state.executors).map((e) => e.observationId));
  const ids = Object.keys(state.details)
    .map(Number)
    .sort((a, b) => b - a);
  if (ids.length <= keep) return state;
  const details: Record<number, DetailEntry> = {};
  ids.forEach((id, i) => {
    const d = state.details[id];
    if (d !== undefined && (running.has(id) || i < keep)) details[id] = d;
  });
  return { ...state, details };
}

export interface NightLiveStore extends NightLiveState {
  applyExecutor: (s: ExecutorStatus) => void;
  applySafety: (v: SafetyVerdict) => void;
  /** Loads both snapshots (on mount and on every reconnect). */
  refresh: (client: CoreClient) => Promise<void>;
  /** Fetches details of running observations not loaded yet. */
  loadDetails: (client: CoreClient) => Promise<void>;
  /** Fetches one observation's details again, keeping the old ones shown meanwhile (its configuration states moved on). */
  reloadDetail: (client: CoreClient, observationId: number) => Promise<void>;
}

export const useNightLiveStore = create<NightLiveStore>()((set, get) => ({
  ...INITIAL_NIGHT_LIVE,
  applyExecutor: (s) => set((st) => reduceExecutor(st, s)),
  applySafety: (v) => set((st) => reduceSafety(st, v)),
  refresh: async (client) => {
    const [ex, sf] = await Promise.all([client.invoke('executor.status', {}), client.invoke('safety.status', {})]);
    if (ex.ok) set((st) => ex.value.executors.reduce(reduceExecutor, st));
    if (sf.ok) set((st) => sf.value.telescopes.reduce(reduceSafety, st));
  },
  loadDetails: async (client) => {
    const ids = missingDetails(get());
    if (ids.length === 0) return;
    const loading: Record<number, DetailEntry> = Object.fromEntries(ids.map((id) => [id, { status: 'loading' }]));
    set((st) => ({ ...st, details: { ...st.details, ...loading } }));
    await Promise.all(
      ids.map(async (id) => {
        const answer = await client.invoke('observations.get', { observationId: id });
        const entry: DetailEntry = answer.ok ? { status: 'ready', detail: answer.value } : { status: 'error', message: answer.error.message };
        set((st) => pruneDetails({ ...st, details: { ...st.details, [id]: entry } }));
      }),
    );
  },
  reloadDetail: async (client, observationId) => {
    const answer = await client.invoke('observations.get', { observationId });
    // A failed reload keeps what was shown: the states are a little stale, not wrong.
    if (answer.ok) set((st) => pruneDetails({ ...st, details: { ...st.details, [observationId]: { status: 'ready', detail: answer.value } } }));
  },
}));
