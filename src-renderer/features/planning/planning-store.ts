/**
 * The planning view's state: the targets being planned (each with its `visibility.target` answer
 * for tonight), the telescope the chart shows, the chart mode, and the queue's targets to pick from.
 * Results are keyed by the night they were computed for, so a new night re-fetches them. The
 * semester calendar (one `visibility.calendar` answer per target, semester and telescope) and the
 * night picked in it (null = tonight, as the timeline shows it) live here too.
 */
import { create } from 'zustand';
import type { InvocationInput, QueueTarget, VisibilityCalendar, VisibilityTarget } from '../../../src-shared/ipc/contract';
import { semesterRequest, type SemesterSpan } from './calendar-geometry';
import type { CoreClient } from '../../lib/transport';
import type { ChartMode } from './chart-geometry';

export interface PlanTarget {
  /** Stable key: the target's JSON plus its constraints. */
  key: string;
  name: string;
  /** OCS target object (OCS field names), as sent to `visibility.target`. */
  target: Record<string, unknown>;
  constraints: Record<string, unknown>;
  /** Where it came from, for the list ("typed", or "RG name · request 12"). */
  origin: string;
  /** Palette slot 0–7. */
  colour: number;
  result: VisibilityTarget | null;
  /** `nightStartMs` the result belongs to. */
  nightKey: number | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
}

export interface PlanningState {
  targets: PlanTarget[];
  mode: ChartMode;
  /** Telescope shown in the chart and table; null = the first of the answer. */
  telescopeId: string | null;
  queueTargets: QueueTarget[];
  queueStatus: 'idle' | 'loading' | 'ready' | 'error';
  /** The night charted, picked in the calendar; null = tonight. */
  selectedNight: PickedNight | null;
  semesters: SemesterSpan[];
  /** Semester shown in the calendar; null = the current one. */
  semesterId: string | null;
  /** Calendar answers by `calendarKey`. */
  calendars: Record<string, CalendarEntry>;
}

/** A night picked in the calendar: the chart span (sunset − 1 h … sunrise + 1 h), UTC ms. */
export interface PickedNight {
  noonMs: number;
  startMs: number;
  endMs: number;
}

export interface CalendarEntry {
  status: 'loading' | 'ready' | 'error';
  result: VisibilityCalendar | null;
  error: string | null;
}

export const calendarKey = (targetKeyText: string, semesterId: string, telescopeId: string): string => `${semesterId}|${telescopeId}|${targetKeyText}`;

/** The chart span for a calendar night: sunset − 1 h to sunrise + 1 h, or noon to noon without them. */
export function pickedNight(n: { noonMs: number; sunsetMs: number | null; sunriseMs: number | null }): PickedNight {
  const hour = 3_600_000;
  return n.sunsetMs !== null && n.sunriseMs !== null
    ? { noonMs: n.noonMs, startMs: n.sunsetMs - hour, endMs: n.sunriseMs + hour }
    : { noonMs: n.noonMs, startMs: n.noonMs, endMs: n.noonMs + 24 * hour };
}

export interface PlanningStore extends PlanningState {
  addTarget: (t: { name: string; target: Record<string, unknown>; constraints?: Record<string, unknown>; origin: string }) => boolean;
  removeTarget: (key: string) => void;
  setMode: (mode: ChartMode) => void;
  setTelescope: (id: string | null) => void;
  /** Fetches every target whose result is missing or for another night. */
  refresh: (client: CoreClient, nightKey: number | null) => Promise<void>;
  loadQueueTargets: (client: CoreClient) => Promise<void>;
  /** Charts `night` (null = back to tonight); every target is fetched again. */
  setNight: (night: PickedNight | null) => void;
  setSemester: (id: string) => void;
  loadSemesters: (client: CoreClient) => Promise<void>;
  /** Fetches the calendar of every target missing one for `semester` on `telescopeId`. */
  loadCalendars: (client: CoreClient, semester: SemesterSpan, telescopeId: string) => Promise<void>;
}

export const PALETTE_SIZE = 8;

export const targetKey = (target: Record<string, unknown>, constraints: Record<string, unknown>): string => JSON.stringify([target, constraints]);

/** Adds a target unless the same one is already there; the colour is the first free slot. */
export function reduceAdd(state: PlanningState, t: { name: string; target: Record<string, unknown>; constraints?: Record<string, unknown>; origin: string }): PlanningState {
  const constraints = t.constraints ?? {};
  const key = targetKey(t.target, constraints);
  if (state.targets.some((x) => x.key === key)) return state;
  const used = new Set(state.targets.map((x) => x.colour));
  let colour = 0;
  while (used.has(colour) && colour < PALETTE_SIZE - 1) colour++;
  const entry: PlanTarget = { key, name: t.name, target: t.target, constraints, origin: t.origin, colour, result: null, nightKey: null, status: 'idle', error: null };
  return { ...state, targets: [...state.targets, entry] };
}

/** Targets whose answer is missing, failed or for another night. */
export function staleTargets(targets: readonly PlanTarget[], nightKey: number | null): PlanTarget[] {
  return targets.filter((t) => t.status !== 'loading' && (t.result === null || t.nightKey !== nightKey) && t.status !== 'error');
}

export const INITIAL_PLANNING: PlanningState = {
  targets: [],
  mode: 'altitude',
  telescopeId: null,
  queueTargets: [],
  queueStatus: 'idle',
  selectedNight: null,
  semesters: [],
  semesterId: null,
  calendars: {},
};

const patch = (key: string, p: Partial<PlanTarget>) => (s: PlanningState) => ({ targets: s.targets.map((t) => (t.key === key ? { ...t, ...p } : t)) });

export const usePlanningStore = create<PlanningStore>()((set, get) => ({
  ...INITIAL_PLANNING,
  addTarget: (t) => {
    const before = get().targets.length;
    set((s) => reduceAdd(s, t));
    return get().targets.length > before;
  },
  removeTarget: (key) => set((s) => ({ targets: s.targets.filter((t) => t.key !== key) })),
  setMode: (mode) => set({ mode }),
  setTelescope: (telescopeId) => set({ telescopeId }),
  refresh: async (client, nightKey) => {
    const todo = staleTargets(get().targets, nightKey);
    await Promise.all(
      todo.map(async (t) => {
        set(patch(t.key, { status: 'loading' }));
        const picked = get().selectedNight;
        const answer = await client.invoke('visibility.target', {
          ...(picked ? { startMs: picked.startMs, endMs: picked.endMs } : {}),
          target: t.target,
          // Stored OCS constraints are sent as they are; the core fills the defaults.
          constraints: t.constraints as InvocationInput<'visibility.target'>['constraints'],
          stepMin: 5,
        });
        if (answer.ok) set(patch(t.key, { status: 'ready', result: answer.value, nightKey, error: null }));
        else set(patch(t.key, { status: 'error', error: answer.error.message }));
      }),
    );
  },
  loadQueueTargets: async (client) => {
    set({ queueStatus: 'loading' });
    const answer = await client.invoke('visibility.queueTargets', {});
    if (answer.ok) set({ queueTargets: answer.value.targets, queueStatus: 'ready' });
    else set({ queueStatus: 'error' });
  },
  setNight: (selectedNight) => set((s) => ({ selectedNight, targets: s.targets.map((t) => ({ ...t, result: null, nightKey: null, status: 'idle' as const, error: null })) })),
  setSemester: (semesterId) => set({ semesterId }),
  loadSemesters: async (client) => {
    const answer = await client.invoke('requests.options', {});
    if (answer.ok) set({ semesters: answer.value.semesters });
  },
  loadCalendars: async (client, semester, telescopeId) => {
    const { startMs, nights } = semesterRequest(semester);
    const todo = get().targets.filter((t) => get().calendars[calendarKey(t.key, semester.id, telescopeId)] === undefined);
    const put = (key: string, entry: CalendarEntry) => set((s) => ({ calendars: { ...s.calendars, [key]: entry } }));
    await Promise.all(
      todo.map(async (t) => {
        const key = calendarKey(t.key, semester.id, telescopeId);
        put(key, { status: 'loading', result: null, error: null });
        const answer = await client.invoke('visibility.calendar', {
          target: t.target,
          constraints: t.constraints as InvocationInput<'visibility.calendar'>['constraints'],
          telescopeId,
          startMs,
          nights,
        });
        put(key, answer.ok ? { status: 'ready', result: answer.value, error: null } : { status: 'error', result: null, error: answer.error.message });
      }),
    );
  },
}));
