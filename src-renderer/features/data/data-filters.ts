/**
 * The Data page's filter form as typed text, and the `frames.list` input it stands for. Empty
 * fields are no filter; a field that cannot be read is reported, not silently dropped.
 */
import type { InvocationInput } from '../../../src-shared/ipc/contract';

export interface FrameFilters {
  /** Night as an `<input type="date">` gives it (`YYYY-MM-DD`), or ''. */
  night: string;
  /** TELID, or '' for every telescope. */
  telescopeId: string;
  /** Text within OBJECT. */
  target: string;
  /** REQNUM as typed. */
  requestId: string;
  /** BLKUID as typed. */
  observationId: string;
}

export const NO_FILTERS: FrameFilters = { night: '', telescopeId: '', target: '', requestId: '', observationId: '' };

export type ListInput = InvocationInput<'frames.list'>;

/** Problems per field (`requestId` / `observationId` not whole numbers, `night` not a date). */
export type FilterErrors = Partial<Record<keyof FrameFilters, string>>;

/** The `frames.list` input for the filters and page, or the fields that cannot be read. */
export function listInputFor(f: FrameFilters, offset: number, limit: number): { ok: true; input: ListInput } | { ok: false; errors: FilterErrors } {
  const errors: FilterErrors = {};
  const input: ListInput = { limit, offset };
  const night = f.night.trim();
  if (night !== '') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(night)) input.dayObs = night.replace(/-/g, '');
    else errors.night = 'Enter a date';
  }
  if (f.telescopeId !== '') input.telescopeId = f.telescopeId;
  const target = f.target.trim();
  if (target !== '') input.targetContains = target.slice(0, 100);
  const id = (text: string, key: 'requestId' | 'observationId'): void => {
    const t = text.trim().replace(/^#/, '');
    if (t === '') return;
    if (/^\d{1,15}$/.test(t)) input[key] = Number(t);
    else errors[key] = 'Enter a whole number';
  };
  id(f.requestId, 'requestId');
  id(f.observationId, 'observationId');
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
}

/** `2026-11-21 23:04:05` UTC from epoch milliseconds. */
export function formatUtc(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 19).replace('T', ' ');
}

/** `20261121` → `2026-11-21`; other text unchanged. */
export function formatDayObs(dayObs: string): string {
  return /^\d{8}$/.test(dayObs) ? `${dayObs.slice(0, 4)}-${dayObs.slice(4, 6)}-${dayObs.slice(6)}` : dayObs;
}

/** Exposure time as the list shows it: `30 s`, `0.5 s`, `120 s`. */
export function formatExposureSec(sec: number): string {
  return `${Number.isInteger(sec) ? sec : Number(sec.toPrecision(3))} s`;
}

/** "1–50 of 1 234" for a page. */
export function pageLabel(offset: number, shown: number, count: number): string {
  if (count === 0) return '0 frames';
  const fmt = (n: number): string => n.toLocaleString('en-GB');
  return `${fmt(offset + 1)}–${fmt(offset + shown)} of ${fmt(count)}`;
}
