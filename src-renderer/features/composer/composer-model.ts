/**
 * The request composer's draft (what the form holds, as typed) and its pure conversions: the OCS
 * request-group payload sent to `requests.validate` / `requests.submit`, client-side schema errors
 * (the same zod schema the portal parses with), errors at a field path, and site-local ↔ UTC
 * date-time fields. No IO: the store and components call these.
 */
import type { FieldErrors } from '../../../src-shared/errors';
import type { ComposerInstrument, ComposerOptions } from '../../../src-shared/ipc/contract';
import { NON_FIELD_ERRORS, formatOcsDatetime, requestGroupSchema, toFieldErrors, type PathMessage } from '../../../src-shared/schemas';
import { formatClock, formatDate, wallTimeToUtcMs } from '../../lib/time-format';
import { parseDecDeg, parseRaDeg } from '../planning/chart-geometry';

export interface InstrumentConfigDraft {
  exposureTime: string;
  exposureCount: string;
  /** Readout mode code ('' = the instrument's default). */
  readoutMode: string;
  /** Optical element per instrument-config key (`filter`, `slit`, …). */
  opticalElements: Record<string, string>;
}

export interface ConfigurationDraft {
  type: string;
  instrumentConfigs: InstrumentConfigDraft[];
  acquisitionMode: string;
  guidingMode: string;
  guidingOptional: boolean;
}

export interface TargetDraft {
  name: string;
  /** As typed: degrees or sexagesimal hours. */
  ra: string;
  /** As typed: degrees or sexagesimal. */
  dec: string;
  /** mas/yr (μα·cos δ), mas/yr, mas, Julian year. */
  pmRa: string;
  pmDec: string;
  parallax: string;
  epoch: string;
}

export interface WindowDraft {
  startMs: number | null;
  endMs: number | null;
}

export interface RequestDraft {
  instrumentType: string;
  /** '' = any site/enclosure/telescope of the class. */
  telescopeId: string;
  windows: WindowDraft[];
  target: TargetDraft;
  maxAirmass: string;
  minLunarDistance: string;
  maxLunarPhase: string;
  configurations: ConfigurationDraft[];
}

export interface GroupDraft {
  proposal: string;
  name: string;
  observationType: string;
  operator: string;
  ipp: string;
  requests: RequestDraft[];
}

const HOUR_MS = 3_600_000;

/** A typed number: '' → absent (the schema applies its default or says "required"); junk is sent as typed so the schema names it. */
function numberOrText(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/** The instrument a request draft names, or null. */
export function instrumentOf(options: ComposerOptions | null, instrumentType: string): ComposerInstrument | null {
  return options?.instruments.find((i) => i.instrumentType === instrumentType) ?? null;
}

/** Instrument types the proposal has time on (any semester); all of them when it names none. */
export function instrumentsForProposal(options: ComposerOptions, proposalId: string): ComposerInstrument[] {
  const p = options.proposals.find((x) => x.id === proposalId);
  const allowed = new Set(p?.allocations.flatMap((a) => a.instrumentTypes) ?? []);
  const list = options.instruments.filter((i) => allowed.has(i.instrumentType));
  return list.length > 0 ? list : options.instruments;
}

/** A fresh instrument configuration with the instrument's defaults (first element when a group has no default). */
export function defaultInstrumentConfig(inst: ComposerInstrument | null): InstrumentConfigDraft {
  const opticalElements: Record<string, string> = {};
  for (const g of inst?.opticalElementGroups ?? []) opticalElements[g.key] = g.default ?? g.elements[0]?.code ?? '';
  return { exposureTime: '30', exposureCount: '1', readoutMode: inst?.modes['readout']?.default ?? '', opticalElements };
}

export function defaultConfiguration(inst: ComposerInstrument | null): ConfigurationDraft {
  return {
    type: inst?.defaultConfigurationType ?? 'EXPOSE',
    instrumentConfigs: [defaultInstrumentConfig(inst)],
    acquisitionMode: inst?.modes['acquisition']?.default ?? '',
    guidingMode: inst?.modes['guiding']?.default ?? '',
    guidingOptional: true,
  };
}

/** A request on `inst` with one window from `nowMs` (rounded up to 10 min) for three days. */
export function defaultRequest(inst: ComposerInstrument | null, nowMs: number): RequestDraft {
  const startMs = Math.ceil(nowMs / 600_000) * 600_000;
  return {
    instrumentType: inst?.instrumentType ?? '',
    telescopeId: '',
    windows: [{ startMs, endMs: startMs + 72 * HOUR_MS }],
    target: { name: '', ra: '', dec: '', pmRa: '', pmDec: '', parallax: '', epoch: '' },
    maxAirmass: '1.6',
    minLunarDistance: '30',
    maxLunarPhase: '1',
    configurations: [defaultConfiguration(inst)],
  };
}

export function defaultGroup(options: ComposerOptions, nowMs: number): GroupDraft {
  const proposal = options.proposals[0]?.id ?? '';
  const inst = instrumentsForProposal(options, proposal)[0] ?? null;
  return { proposal, name: '', observationType: 'NORMAL', operator: 'SINGLE', ipp: '1.0', requests: [defaultRequest(inst, nowMs)] };
}

/** The OCS ICRS target of a draft; RA/Dec that do not parse are sent as typed (the schema rejects them). */
export function targetPayload(t: TargetDraft): Record<string, unknown> {
  const ra = parseRaDeg(t.ra);
  const dec = parseDecDeg(t.dec);
  return {
    type: 'ICRS',
    name: t.name.trim(),
    ra: ra ?? numberOrText(t.ra),
    dec: dec ?? numberOrText(t.dec),
    proper_motion_ra: numberOrText(t.pmRa),
    proper_motion_dec: numberOrText(t.pmDec),
    parallax: numberOrText(t.parallax),
    epoch: numberOrText(t.epoch),
  };
}

export function constraintsPayload(r: RequestDraft): Record<string, unknown> {
  return { max_airmass: numberOrText(r.maxAirmass), min_lunar_distance: numberOrText(r.minLunarDistance), max_lunar_phase: numberOrText(r.maxLunarPhase) };
}

/** The OCS request-group payload for a draft (OCS field names; what `/api/requestgroups/` accepts). */
export function toRequestGroup(draft: GroupDraft, options: ComposerOptions | null): Record<string, unknown> {
  return {
    proposal: draft.proposal,
    name: draft.name.trim(),
    observation_type: draft.observationType,
    operator: draft.operator,
    ipp_value: numberOrText(draft.ipp),
    requests: draft.requests.map((r) => {
      const inst = instrumentOf(options, r.instrumentType);
      const [site = '', enclosure = '', telescope = ''] = r.telescopeId === '' ? [] : r.telescopeId.split('.');
      return {
        location: { telescope_class: inst?.telescopeClass ?? '', site, enclosure, telescope },
        windows: r.windows.map((w) => ({ start: w.startMs === null ? undefined : formatOcsDatetime(w.startMs), end: w.endMs === null ? undefined : formatOcsDatetime(w.endMs) })),
        configurations: r.configurations.map((c) => ({
          type: c.type,
          instrument_type: r.instrumentType,
          instrument_configs: c.instrumentConfigs.map((ic) => ({
            exposure_time: numberOrText(ic.exposureTime),
            exposure_count: numberOrText(ic.exposureCount),
            mode: ic.readoutMode,
            optical_elements: Object.fromEntries(Object.entries(ic.opticalElements).filter(([, v]) => v !== '')),
          })),
          constraints: constraintsPayload(r),
          acquisition_config: { mode: c.acquisitionMode },
          guiding_config: { mode: c.guidingMode, optional: c.guidingOptional },
          target: targetPayload(r.target),
        })),
      };
    }),
  };
}

/**
 * Client-side errors: the portal's own zod schema (field-level, OCS messages) plus what only the
 * form knows (RA/Dec text that is not a coordinate, an end before its start). `{}` when none.
 */
export function clientErrors(draft: GroupDraft, payload: Record<string, unknown>): FieldErrors {
  const issues: PathMessage[] = [];
  draft.requests.forEach((r, i) => {
    const base = ['requests', i, 'configurations', 0, 'target'];
    if (r.target.ra.trim() !== '' && parseRaDeg(r.target.ra) === null) issues.push({ path: [...base, 'ra'], message: 'RA: degrees 0–360 (10.6847) or hours (00 42 44.3)' });
    if (r.target.dec.trim() !== '' && parseDecDeg(r.target.dec) === null) issues.push({ path: [...base, 'dec'], message: 'Dec: degrees (41.269) or sexagesimal (+41 16 09)' });
    r.windows.forEach((w, k) => {
      if (w.startMs !== null && w.endMs !== null && w.endMs <= w.startMs) issues.push({ path: ['requests', i, 'windows', k, 'end'], message: 'Window end must be after its start.' });
    });
  });
  // The form's own message says more than the schema's "A valid number is required." for the same field.
  const own = new Set(issues.map((x) => x.path.join('.')));
  const parsed = requestGroupSchema.safeParse(payload);
  if (!parsed.success) issues.push(...parsed.error.issues.filter((x) => !own.has(x.path.join('.'))).map((x) => ({ path: x.path, message: x.message })));
  return toFieldErrors(issues);
}

/** Messages at a field path (`['requests', 0, 'windows', 1, 'end']`); an object there gives its non_field_errors. */
export function errorsAt(errors: FieldErrors | null | undefined, path: readonly (string | number)[]): string[] {
  let node: unknown = errors ?? {};
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(node)) return [];
      node = node[key];
    } else {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return [];
      node = (node as Record<string, unknown>)[key];
    }
    if (node === undefined) return [];
  }
  if (Array.isArray(node)) return node.filter((m): m is string => typeof m === 'string');
  if (typeof node === 'object' && node !== null) return errorsAt(node as FieldErrors, [NON_FIELD_ERRORS]);
  return [];
}

/** Every message with its dotted path, for the summary list. */
export function flattenErrors(errors: FieldErrors, prefix: string[] = []): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  for (const [k, v] of Object.entries(errors)) {
    if (!Array.isArray(v)) {
      out.push(...flattenErrors(v, [...prefix, k]));
      continue;
    }
    v.forEach((e, i) => {
      if (typeof e === 'string') out.push({ path: [...prefix, k].join('.'), message: e });
      else out.push(...flattenErrors(e, [...prefix, k, String(i)]));
    });
  }
  return out;
}

/** `YYYY-MM-DDTHH:MM` (a datetime-local input's value) of `utcMs` in `timeZone`. */
export function toLocalInput(utcMs: number | null, timeZone: string): string {
  if (utcMs === null) return '';
  return `${formatDate(utcMs, timeZone)}T${formatClock(utcMs, timeZone, false)}`;
}

/**
 * UTC ms of a wall-clock `YYYY-MM-DDTHH:MM` in `timeZone`; null when unreadable. Inside a DST
 * gap or overlap the earlier offset is used (two passes of the offset at the guess).
 */
export function fromLocalInput(text: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (!Number.isFinite(asUtc)) return null;
  return wallTimeToUtcMs(asUtc, timeZone);
}

/** RA degrees as `HH MM SS.S` (hours). */
export function formatRaHms(raDeg: number): string {
  const totalTenths = Math.round((((raDeg % 360) + 360) % 360) / 15 * 36_000);
  const h = Math.floor(totalTenths / 36_000) % 24;
  const m = Math.floor((totalTenths % 36_000) / 600);
  const s = (totalTenths % 600) / 10;
  return `${String(h).padStart(2, '0')} ${String(m).padStart(2, '0')} ${s.toFixed(1).padStart(4, '0')}`;
}

/** Dec degrees as `±DD MM SS`. */
export function formatDecDms(decDeg: number): string {
  const totalSec = Math.round(Math.abs(decDeg) * 3600);
  const d = Math.floor(totalSec / 3600);
  const m = Math.floor((totalSec % 3600) / 60);
  const s = totalSec % 60;
  return `${decDeg < 0 ? '-' : '+'}${String(d).padStart(2, '0')} ${String(m).padStart(2, '0')} ${String(s).padStart(2, '0')}`;
}

/** The telescope the chart shows: the chosen one, else the instrument's first. */
export function chartTelescope(r: RequestDraft, inst: ComposerInstrument | null): { telescopeId: string; timeZone: string } | null {
  const list = inst?.telescopes ?? [];
  const t = list.find((x) => x.telescopeId === r.telescopeId) ?? list[0];
  return t ? { telescopeId: t.telescopeId, timeZone: t.timeZone } : null;
}
