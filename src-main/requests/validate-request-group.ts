/**
 * The full OCS RequestGroup validation (spec ocs-contract §2.2) for one observatory: zod parse,
 * then group rules 1–9, request rules 10–12 and configuration rules 13–21, in the OCS error shape.
 * Pure: every fact (configdb, proposal, semesters, time used, now, visibility) is passed in.
 */
import type { FieldErrors } from '../../src-shared/errors';
import type { PathMessage } from '../../src-shared/schemas/field-errors';
import { toFieldErrors } from '../../src-shared/schemas/field-errors';
import { formatOcsDatetime, parseOcsDatetimeMs } from '../../src-shared/schemas/drf-fields';
import type { Proposal, Semester } from '../../src-shared/schemas/demo';
import type { Request, RequestGroupInput } from '../../src-shared/schemas/request-group';
import { MAX_IPP_VALUE, MIN_IPP_VALUE, NON_SCHEDULED_TYPES, requestGroupSchema } from '../../src-shared/schemas/request-group';
import type { ConfigdbIndex, OverheadsLookup, ValidateRequestDurations } from '../../src-shared/ocs';
import { maxAllowableIpp, overheadsFor, placementsAt, requestDuration, timePool, validateConfiguration, validateRequestDurations } from '../../src-shared/ocs';

/** Proposal time over-use the portal tolerates (PROPOSAL_TIME_OVERUSE_ALLOWANCE). */
export const PROPOSAL_TIME_OVERUSE_ALLOWANCE = 1.1;
const HOUR_MS = 3_600_000;

/**
 * The visibility seam (rule 12): the largest visible interval of the request within its windows,
 * seconds (already truncated at now, downtime removed), or null when it cannot be computed
 * (the rule is then skipped).
 */
export type VisibilityFn = (request: Request, requestIndex: number) => number | null;

export interface ValidationContext {
  index: ConfigdbIndex;
  nowUtcMs: number;
  user: { username: string; isStaff: boolean };
  /** The proposal named by the payload, or null when it does not exist. */
  proposal: Proposal | null;
  semesters: readonly Semester[];
  /** Hours the user already used on this proposal (rule 4). */
  userTimeUsedHours: number;
  visibility: VisibilityFn | null;
  ippBounds?: { min: number; max: number };
}

/** Durations per (semester, instrument type), seconds. */
export type TakDurations = Record<string, Record<string, number>>;

export interface ValidationResult {
  ok: boolean;
  /** `{}` when valid. */
  errors: FieldErrors;
  /** The group with every default filled (null when the payload did not parse). */
  group: RequestGroupInput | null;
  /** `/validate/`'s `request_durations` (`{}` when the payload did not parse). */
  requestDurations: { duration: number; requests: ValidateRequestDurations[] } | Record<string, never>;
  /** Semester id of each request (null when its windows are not in one semester or it has none). */
  requestSemesters: (string | null)[];
  /** For allocation accounting: SINGLE → per-TAK sum, MANY → per-TAK max (§4.2). */
  takDurationsSec: TakDurations;
  /** Per-TAK sum over all requests (the IPP debit at creation uses this). */
  takDurationSumSec: TakDurations;
}

function semesterOf(semesters: readonly Semester[], startMs: number, endMs: number): Semester | null {
  return (
    semesters.find((s) => {
      const a = parseOcsDatetimeMs(s.start) ?? Infinity;
      const b = parseOcsDatetimeMs(s.end) ?? -Infinity;
      return startMs >= a && endMs <= b;
    }) ?? null
  );
}

/** Validates a raw submission. Never throws for bad input. */
export function validateRequestGroup(raw: unknown, ctx: ValidationContext): ValidationResult {
  const empty = { requestSemesters: [], takDurationsSec: {}, takDurationSumSec: {} };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: { non_field_errors: ['Invalid data. Expected a dictionary, but got ' + (Array.isArray(raw) ? 'list' : typeof raw) + '.'] }, group: null, requestDurations: {}, ...empty };
  }
  const parsed = requestGroupSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: toFieldErrors(parsed.error.issues), group: null, requestDurations: {}, ...empty };
  const g = parsed.data;
  const errs: PathMessage[] = [];
  const scheduled = !NON_SCHEDULED_TYPES.includes(g.observation_type);
  const bounds = ctx.ippBounds ?? { min: MIN_IPP_VALUE, max: MAX_IPP_VALUE };

  // Rule 1
  const proposal = ctx.proposal;
  if (!proposal || proposal.id !== g.proposal) errs.push({ path: ['proposal'], message: `Invalid pk "${g.proposal}" - object does not exist.` });
  const member = proposal?.members.find((m) => m.username === ctx.user.username) ?? null;
  if (proposal && !member) errs.push({ path: [], message: 'You do not belong to the proposal you are trying to submit with' });
  if (proposal && !proposal.active) errs.push({ path: ['proposal'], message: `Proposal ${proposal.id} is not active` });
  // Rule 2
  if (g.ipp_value < bounds.min) errs.push({ path: ['ipp_value'], message: `Ensure this value is greater than or equal to ${bounds.min}.` });
  if (g.ipp_value > bounds.max) errs.push({ path: ['ipp_value'], message: `Ensure this value is less than or equal to ${bounds.max}.` });
  // Rule 3
  if (g.operator === 'SINGLE' && g.requests.length !== 1) errs.push({ path: ['operator'], message: 'SINGLE operator must have exactly one request' });
  if (g.operator === 'MANY' && g.requests.length < 2) errs.push({ path: ['operator'], message: 'MANY operator must have more than one request' });

  // Configuration level, then request level.
  const requestSemesters: (string | null)[] = [];
  g.requests.forEach((r, ri) => {
    const rp: PropertyKey[] = ['requests', ri];
    r.configurations = r.configurations.map((c, ci) => {
      const cp = [...rp, 'configurations', ci];
      if (scheduled && c.target.type === 'HOUR_ANGLE') {
        errs.push({ path: [...cp, 'target', 'type'], message: 'HOUR_ANGLE Target type not supported in scheduled observations' });
      }
      const check = validateConfiguration(c, ctx.index, ctx.user.isStaff);
      for (const e of check.errors) errs.push({ path: [...cp, ...e.path], message: e.message });
      return check.configuration;
    });
    if (r.configurations.filter((c) => c.fill_window).length > 1) {
      errs.push({ path: [...rp, 'non_field_errors'], message: 'Only one configuration can have fill_window set' });
    }
    if (r.acceptability_threshold === null) {
      const thresholds = r.configurations.map((c) => ctx.index.instrumentTypes.get(c.instrument_type)?.def.default_acceptability_threshold ?? 90);
      r.acceptability_threshold = Math.max(...thresholds);
    }
    let semesterId: string | null = null;
    if (scheduled) {
      if (!r.location) errs.push({ path: [...rp, 'location'], message: 'This field is required.' });
      if (r.windows.length === 0) errs.push({ path: [...rp, 'windows'], message: 'You must specify at least 1 window' });
      const sems = new Set<string>();
      r.windows.forEach((w, wi) => {
        const wp = [...rp, 'windows', wi, 'non_field_errors'];
        const startMs = w.start !== undefined ? (parseOcsDatetimeMs(w.start) ?? ctx.nowUtcMs) : ctx.nowUtcMs;
        if (w.start === undefined) w.start = formatOcsDatetime(ctx.nowUtcMs);
        const endMs = parseOcsDatetimeMs(w.end) ?? 0;
        if (endMs <= startMs) errs.push({ path: wp, message: `Window end '${w.end}' cannot be earlier than window start '${w.start}'` });
        if (endMs <= ctx.nowUtcMs) errs.push({ path: wp, message: `Window end '${w.end}' must be in the future` });
        const sem = semesterOf(ctx.semesters, startMs, endMs);
        if (!sem) errs.push({ path: wp, message: 'The observation window does not fit within any defined semester.' });
        else sems.add(sem.id);
      });
      if (sems.size > 1) errs.push({ path: [...rp, 'windows'], message: 'The observation windows must all be within the same semester' });
      if (sems.size === 1) semesterId = [...sems][0] ?? null;
      // Rule 11
      const loc = r.location;
      if (loc) {
        const fullySpecified = loc.site !== '' && loc.enclosure !== '' && loc.telescope !== '';
        if (loc.enclosure !== '' && loc.site === '') errs.push({ path: [...rp, 'location', 'enclosure'], message: 'Must specify a site with an enclosure.' });
        if (loc.telescope !== '' && loc.enclosure === '') errs.push({ path: [...rp, 'location', 'telescope'], message: 'Must specify an enclosure with a telescope.' });
        for (const c of r.configurations) {
          const entry = ctx.index.instrumentTypes.get(c.instrument_type);
          if (!entry) continue;
          const ok = placementsAt(entry, loc).some((p) => p.state === 'SCHEDULABLE' || (ctx.user.isStaff && fullySpecified));
          if (!ok) {
            errs.push({ path: [...rp, 'non_field_errors'], message: `Invalid instrument type ${c.instrument_type} at site=${loc.site || '*'}, enc=${loc.enclosure || '*'}, tel=${loc.telescope || '*'}, class=${loc.telescope_class}` });
          }
        }
      }
    }
    requestSemesters.push(semesterId);
  });

  const lookup: OverheadsLookup = (code) => {
    const e = ctx.index.instrumentTypes.get(code);
    return e ? overheadsFor(e) : null;
  };
  const perRequest = g.requests.map((r) => validateRequestDurations(r, lookup));
  const breakdowns = g.requests.map((r) => requestDuration(r, lookup));

  // Rule 12: visibility seam.
  if (scheduled && ctx.visibility) {
    g.requests.forEach((r, ri) => {
      const largest = ctx.visibility?.(r, ri) ?? null;
      const d = perRequest[ri];
      if (largest === null || !d) return;
      d.largest_interval = largest;
      const p = ['requests', ri, 'non_field_errors'];
      if (largest <= 0) {
        errs.push({ path: p, message: 'According to the constraints of the request, the target will not be visible within the time window. Check that the target is in the nighttime sky. Consider modifying the time window or loosening the airmass or lunar separation constraints. If the target is non sidereal, double check that the provided elements are correct.' });
      } else if (largest <= d.duration) {
        errs.push({ path: p, message: `According to the constraints of the request, the target will only be visible for a maximum of ${(largest / 3600).toFixed(2)} hours within the time window. This is less than the duration of your request ${(d.duration / 3600).toFixed(2)} hours. Consider expanding the time window or loosening the airmass or lunar separation constraints.` });
      }
    });
  }

  // TAK durations (seconds, ceil per request as the portal charges).
  const takSum: TakDurations = {};
  const takMax: TakDurations = {};
  breakdowns.forEach((b, ri) => {
    const sem = requestSemesters[ri] ?? null;
    if (sem === null) return;
    for (const [type, sec] of Object.entries(b.perInstrumentTypeSec)) {
      const s = Math.ceil(sec - 1e-9);
      const sumRow = (takSum[sem] ??= {});
      sumRow[type] = (sumRow[type] ?? 0) + s;
      const maxRow = (takMax[sem] ??= {});
      maxRow[type] = Math.max(maxRow[type] ?? 0, s);
    }
  });
  const takForAllocation = g.operator === 'MANY' ? takMax : takSum;

  if (scheduled && proposal && member) {
    // Rule 4
    const groupHours = breakdowns.reduce((s, b) => s + b.durationSec, 0) / 3600;
    if (member.time_limit_hours >= 0 && ctx.userTimeUsedHours + groupHours > member.time_limit_hours) {
      errs.push({ path: [], message: `This request's duration will exceed the time limit set for your account on this proposal.` });
    }
    const pool = timePool(g.observation_type);
    for (const [sem, row] of Object.entries(takForAllocation)) {
      for (const [type, sec] of Object.entries(row)) {
        const hours = sec / 3600;
        const alloc = proposal.time_allocations.find((a) => a.semester === sem && a.instrument_types.includes(type));
        // Rule 6
        if (!alloc || pool === null) {
          errs.push({ path: [], message: `You do not have sufficient ${type} time allocated on the proposal for this observation type in semester ${sem}.` });
          continue;
        }
        const available = alloc[`${pool}_allocation`] - alloc[`${pool}_time_used`];
        if (available <= 0 || available * PROPOSAL_TIME_OVERUSE_ALLOWANCE < hours) {
          errs.push({ path: [], message: `You do not have sufficient ${type} time allocated on the proposal for this observation type in semester ${sem}.` });
        }
        // Rule 8
        if (g.observation_type === 'NORMAL' && g.ipp_value > 1) {
          const sumHours = (takSum[sem]?.[type] ?? sec) / 3600;
          if (alloc.ipp_time_available < sumHours * (g.ipp_value - 1)) {
            const maxIpp = maxAllowableIpp(alloc.ipp_time_available, sumHours * 3600);
            errs.push({ path: [], message: `An IPP Value of ${g.ipp_value} requires more IPP time than you have available for ${sem} ${type}. Try an IPP value of ${maxIpp.toFixed(3)}` });
          }
        }
      }
    }
    // Rule 7
    if (g.observation_type === 'RAPID_RESPONSE') {
      g.requests.forEach((r, ri) => {
        const dur = breakdowns[ri]?.durationSec ?? 0;
        r.windows.forEach((w, wi) => {
          const p = ['requests', ri, 'windows', wi, 'non_field_errors'];
          const s = parseOcsDatetimeMs(w.start ?? '') ?? ctx.nowUtcMs;
          const e = parseOcsDatetimeMs(w.end) ?? 0;
          if (s > ctx.nowUtcMs) errs.push({ path: p, message: 'The Rapid Response observation window start time cannot be in the future.' });
          if (e > ctx.nowUtcMs + dur * 1000 + 24 * HOUR_MS) {
            errs.push({ path: p, message: 'A Rapid Response observation must end within the next 24 hours plus its duration.' });
          }
        });
      });
    }
  }

  const errors = toFieldErrors(errs.map((e) => normaliseNonField(e)));
  const ok = errs.length === 0;
  return {
    ok,
    errors,
    group: g,
    requestDurations: { duration: perRequest.reduce((s, r) => s + r.duration, 0), requests: perRequest },
    requestSemesters,
    takDurationsSec: takForAllocation,
    takDurationSumSec: takSum,
  };
}

/** A path ending in `non_field_errors` is the object's own error: drop the marker (addFieldError re-adds it). */
function normaliseNonField(e: PathMessage): PathMessage {
  const last = e.path.at(-1);
  return last === 'non_field_errors' ? { path: e.path.slice(0, -1), message: e.message } : e;
}
