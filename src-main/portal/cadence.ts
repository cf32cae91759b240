/**
 * `POST /api/requestgroups/cadence/` (spec ocs-contract §1.3, §5.1): a group whose single request
 * carries `cadence: {start, end, period, jitter}` (hours) becomes a group of requests, one per
 * cadence window: windows centred every `period` hours from `start`, `jitter` hours wide, clipped
 * to [start, end]. A window is kept when it ends in the future and (once the visibility engine is
 * wired) the target is visible in it for at least the request's duration. The answer is the
 * expanded group (operator MANY when more than one request), validated as a plain submission;
 * nothing is stored.
 */
import { z } from 'zod';
import type { FieldErrors } from '../../src-shared/errors';
import { formatOcsDatetime, parseOcsDatetimeMs, reqDatetime, reqFloat, requestSchema, toFieldErrors } from '../../src-shared/schemas';
import type { Json } from './request-body';
import { validateAgainstStore, type RequestGroupDeps } from './request-group-service';
import type { Caller, Outcome } from './types';

const HOUR_MS = 3_600_000;
/** The portal's minimum period and jitter, hours. */
export const MIN_CADENCE_HOURS = 0.02;
/** More windows than this is refused (the portal has no limit; an absurd cadence is a 400, not a hang). */
export const MAX_CADENCE_WINDOWS = 1000;

export const cadenceSchema = z.object({
  start: reqDatetime(),
  end: reqDatetime(),
  /** Hours between window centres, ≥ 0.02. */
  period: reqFloat({ min: MIN_CADENCE_HOURS }),
  /** Window width, hours, ≥ 0.02. */
  jitter: reqFloat({ min: MIN_CADENCE_HOURS }),
});

export interface CadenceWindow {
  startUtcMs: number;
  endUtcMs: number;
}

/**
 * The cadence windows over [start, end): centres at start + k·period, each ±jitter/2 clipped to
 * the cadence span. Pure.
 */
export function cadenceWindows(startUtcMs: number, endUtcMs: number, periodHours: number, jitterHours: number): CadenceWindow[] {
  const half = (jitterHours / 2) * HOUR_MS;
  const out: CadenceWindow[] = [];
  for (let k = 0; ; k++) {
    // Multiplying (not accumulating) keeps late windows free of rounding drift.
    const centre = startUtcMs + k * periodHours * HOUR_MS;
    if (centre >= endUtcMs) break;
    out.push({ startUtcMs: Math.max(centre - half, startUtcMs), endUtcMs: Math.min(centre + half, endUtcMs) });
  }
  return out;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Expands and validates; 200 with the expanded group, or 400 with DRF-shaped errors. */
export async function expandCadence(deps: RequestGroupDeps, raw: unknown, caller: Caller, nowUtcMs: number): Promise<Outcome<Json>> {
  if (!isObject(raw)) return { ok: false, status: 400, body: { non_field_errors: ['Invalid data. Expected a dictionary, but got ' + (Array.isArray(raw) ? 'list' : typeof raw) + '.'] } };
  const requests = raw['requests'];
  if (!Array.isArray(requests) || requests.length === 0) return { ok: false, status: 400, body: { requests: ['You must specify at least 1 request'] } };
  if (requests.length > 1) return { ok: false, status: 400, body: { non_field_errors: ['Cadence requestgroups may only contain a single request'] } };
  const request: unknown = requests[0];
  if (!isObject(request)) return { ok: false, status: 400, body: { requests: [{ non_field_errors: ['Invalid data. Expected a dictionary.'] }] } };
  if (request['cadence'] === undefined || request['cadence'] === null) return { ok: false, status: 400, body: { requests: [{ cadence: ['This field is required.'] }] } };
  const parsed = cadenceSchema.safeParse(request['cadence']);
  if (!parsed.success) return { ok: false, status: 400, body: { requests: [{ cadence: toFieldErrors(parsed.error.issues) }] } };
  const c = parsed.data;
  const startMs = parseOcsDatetimeMs(c.start) ?? 0;
  const endMs = parseOcsDatetimeMs(c.end) ?? 0;
  const cadenceErrors: FieldErrors = {};
  if (endMs < nowUtcMs) cadenceErrors['end'] = ['End time must be in the future'];
  if (startMs >= endMs) cadenceErrors['non_field_errors'] = [`Cadence end '${c.end}' cannot be earlier than cadence start '${c.start}'.`];
  else if ((endMs - startMs) / (c.period * HOUR_MS) > MAX_CADENCE_WINDOWS) {
    cadenceErrors['non_field_errors'] = [`This cadence makes more than ${MAX_CADENCE_WINDOWS} windows; use a longer period or a shorter span.`];
  }
  if (Object.keys(cadenceErrors).length > 0) return { ok: false, status: 400, body: { requests: [{ cadence: cadenceErrors }] } };

  const { cadence: _cadence, ...template } = request;
  const withWindow = (w: CadenceWindow): Json => ({ ...template, windows: [{ start: formatOcsDatetime(w.startUtcMs), end: formatOcsDatetime(w.endUtcMs) }] });
  const future = cadenceWindows(startMs, endMs, c.period, c.jitter).filter((w) => w.endUtcMs > nowUtcMs);
  const first = future[0];
  if (!first) return { ok: false, status: 400, body: { errors: 'No visible requests within cadence window parameters' } };

  // The request itself (configurations, target, location…) is checked once on the first window,
  // without the visibility rule: its errors are the submission's errors, and its duration is what
  // every window must fit.
  const probe = await validateAgainstStore({ ...deps, visibility: null }, deps.db, { ...raw, operator: 'SINGLE', requests: [withWindow(first)] }, caller, nowUtcMs);
  if (!probe.ok) return { ok: false, status: 400, body: probe.errors };
  const durationSec = probe.requestDurations.requests?.[0]?.duration ?? 0;

  const kept: Json[] = [];
  for (const w of future) {
    const body = withWindow(w);
    if (deps.visibility) {
      const r = requestSchema.safeParse(body);
      const largestSec = r.success ? deps.visibility(r.data, 0) : null;
      if (largestSec !== null && largestSec < durationSec) continue;
    }
    kept.push(body);
  }
  if (kept.length === 0) return { ok: false, status: 400, body: { errors: 'No visible requests within cadence window parameters' } };
  const expanded: Json = { ...raw, requests: kept };
  if (kept.length > 1) expanded['operator'] = 'MANY';
  const v = await validateAgainstStore(deps, deps.db, expanded, caller, nowUtcMs);
  if (!v.ok) return { ok: false, status: 400, body: v.errors };
  return { ok: true, value: expanded };
}
