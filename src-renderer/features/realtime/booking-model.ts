/**
 * The booking form's arithmetic, pure: free intervals grouped by night, the site's local wall time to
 * UTC, the proposals that can pay for a telescope, and the checks the form shows live while the user
 * types (the core checks again on Book and its answer wins).
 */
import type { RealtimeAvailability } from '../../../src-shared/ipc/contract';
import { formatClock, formatDate, wallTimeToUtcMs } from '../../lib/time-format';

const HOUR_MS = 3_600_000;

export interface IntervalMs {
  startMs: number;
  endMs: number;
}

/** One night with free time: `key` is the local date (YYYY-MM-DD) of the evening it begins on. */
export interface NightOption {
  key: string;
  free: IntervalMs[];
}

/** The local date of the evening an instant belongs to (instants before local noon belong to the previous evening). */
export function nightKeyOf(utcMs: number, timeZone: string): string {
  return formatDate(utcMs - 12 * HOUR_MS, timeZone);
}

/** Free intervals grouped by night, nights in time order; intervals keep their order. */
export function nightsOf(free: readonly IntervalMs[], timeZone: string): NightOption[] {
  const out: NightOption[] = [];
  for (const i of [...free].sort((a, b) => a.startMs - b.startMs)) {
    const key = nightKeyOf(i.startMs, timeZone);
    const last = out[out.length - 1];
    if (last?.key === key) last.free.push(i);
    else out.push({ key, free: [i] });
  }
  return out;
}

/**
 * UTC ms of the wall-clock time `hhmm` (`HH:MM`, 24 h) in `timeZone` during the night that begins on
 * local date `nightKey`: times before 12:00 are the next morning. Null when either is malformed.
 */
export function localTimeToUtcMs(nightKey: string, hhmm: string, timeZone: string): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(nightKey);
  const t = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!d || !t) return null;
  const h = Number(t[1]);
  const m = Number(t[2]);
  if (h > 23 || m > 59) return null;
  return wallTimeToUtcMs(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]) + (h < 12 ? 1 : 0), h, m), timeZone);
}

/** `HH:MM` local for an instant, rounded up to the next whole `stepMin` minutes (for default start times). */
export function localTimeOf(utcMs: number, timeZone: string, stepMin = 5): string {
  const stepMs = stepMin * 60_000;
  return formatClock(Math.ceil(utcMs / stepMs) * stepMs, timeZone, false);
}

export interface ProposalChoice {
  id: string;
  title: string;
  /** Real-time hours left on the allocation covering the telescope (the largest, when several do). */
  hoursLeft: number;
}

/** Proposals with a real-time allocation covering `telescopeId`, best first; empty when none. */
export function proposalChoices(availability: RealtimeAvailability | null, telescopeId: string): ProposalChoice[] {
  if (availability === null) return [];
  const out: ProposalChoice[] = [];
  for (const p of availability.proposals) {
    const covering = p.allocations.filter((a) => a.telescopeIds.includes(telescopeId));
    if (covering.length === 0) continue;
    out.push({ id: p.id, title: p.title, hoursLeft: Math.max(...covering.map((a) => a.hoursLeft)) });
  }
  return out.sort((a, b) => b.hoursLeft - a.hoursLeft || a.id.localeCompare(b.id));
}

export interface BookingDraft {
  telescopeId: string;
  /** Local date (YYYY-MM-DD) the chosen night begins on; '' before one is chosen. */
  nightKey: string;
  /** `HH:MM` local wall time at the telescope's site. */
  startLocal: string;
  durationHours: number;
  proposalId: string;
}

/** Messages keyed as the `realtime.book` input (and `non_field_errors`). */
export type BookingErrors = Partial<Record<'telescopeId' | 'startUtcMs' | 'endUtcMs' | 'proposalId' | 'name' | 'non_field_errors', string[]>>;

export interface BookingCheck {
  startUtcMs: number | null;
  endUtcMs: number | null;
  errors: BookingErrors;
}

const hoursText = (h: number): string => `${Number(h.toFixed(2))} h`;

/**
 * The live checks: a telescope and proposal chosen, a start time, a positive duration, the whole
 * session inside one free interval of the chosen night and in the future, and no more hours than
 * the proposal has left. No errors = the core should accept it.
 */
export function checkBooking(draft: BookingDraft, availability: RealtimeAvailability | null, timeZone: string, nowMs: number): BookingCheck {
  const errors: BookingErrors = {};
  if (draft.telescopeId === '') errors.telescopeId = ['Choose a telescope'];
  const startUtcMs = draft.nightKey === '' ? null : localTimeToUtcMs(draft.nightKey, draft.startLocal, timeZone);
  if (startUtcMs === null) errors.startUtcMs = [draft.nightKey === '' ? 'No free night to start in' : 'Enter the start as HH:MM (site local time)'];
  const validDuration = Number.isFinite(draft.durationHours) && draft.durationHours > 0;
  if (!validDuration) errors.endUtcMs = ['The duration must be more than 0 h'];
  const endUtcMs = startUtcMs !== null && validDuration ? startUtcMs + Math.round(draft.durationHours * HOUR_MS) : null;
  if (startUtcMs !== null && endUtcMs !== null) {
    if (endUtcMs <= nowMs) errors.endUtcMs = ['The session must end in the future'];
    const free = availability?.telescopes.find((t) => t.telescopeId === draft.telescopeId)?.free ?? [];
    const inside = free.some((i) => i.startMs <= startUtcMs && endUtcMs <= i.endMs);
    if (!inside && errors.endUtcMs === undefined) {
      const span = `${formatClock(startUtcMs, timeZone, false)}–${formatClock(endUtcMs, timeZone, false)}`;
      errors.startUtcMs = [`${span} is not inside a free interval: pick a time within one of the free intervals listed`];
    }
  }
  const choice = proposalChoices(availability, draft.telescopeId).find((p) => p.id === draft.proposalId);
  if (draft.proposalId === '' || choice === undefined) errors.proposalId = ['Choose a proposal with real-time time on this telescope'];
  else if (validDuration && draft.durationHours > choice.hoursLeft + 1e-9) {
    errors.proposalId = [`${choice.id} has ${hoursText(choice.hoursLeft)} of real-time time left; ${hoursText(draft.durationHours)} asked`];
  }
  return { startUtcMs, endUtcMs, errors };
}

/** Field errors from a refused `realtime.book` (its `details`), keeping only string lists. */
export function bookingErrorsOf(details: unknown): BookingErrors {
  if (typeof details !== 'object' || details === null) return {};
  const out: BookingErrors = {};
  for (const key of ['telescopeId', 'startUtcMs', 'endUtcMs', 'proposalId', 'name', 'non_field_errors'] as const) {
    const v = (details as Record<string, unknown>)[key];
    if (Array.isArray(v)) out[key] = v.filter((m): m is string => typeof m === 'string');
  }
  return out;
}
