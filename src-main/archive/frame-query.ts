/**
 * The `/frames/` list filters (ocs-contract.md §10.1), parsed from query parameters into a typed
 * query, and the same semantics as an in-memory predicate (the reference the SQL repo must match).
 * Legacy upper-case names and new names are aliases of one field.
 */
import type { FieldErrors } from '../../src-shared/errors';
import { dayObsToIsoDate, parseUtc } from './dates';
import type { ArchivedFrame } from './frame-dict';

/** Configuration types kept by `exclude_calibrations=true` (the archive's science types). */
export const SCIENCE_CONFIGURATION_TYPES: readonly string[] = ['EXPOSE', 'TARGET', 'SPECTRUM', 'CATALOG', 'OBJECT'];

export const FRAME_ORDERING_FIELDS = [
  'id',
  'basename',
  'observation_date',
  'primary_optical_element',
  'configuration_type',
  'proposal_id',
  'instrument_id',
  'target_name',
  'reduction_level',
  'exposure_time',
] as const;
export type FrameOrderingField = (typeof FRAME_ORDERING_FIELDS)[number];

export interface FrameQuery {
  /** observation_date ≥ (UTC ms). */
  startUtcMs: number | null;
  /** observation_date ≤ (UTC ms). */
  endUtcMs: number | null;
  /** observation_date = (UTC ms). */
  dateObsUtcMs: number | null;
  /** observation_day =, `YYYYMMDD`. */
  dayObs: string | null;
  basenameContains: string | null;
  basenameExact: string | null;
  /** Case- and accent-insensitive substring of the target name. */
  targetContains: string | null;
  targetExact: string | null;
  /** true: only frames without a target name; false: only frames with one. */
  emptyTargetName: boolean | null;
  /** public_date = (UTC ms). */
  publicDateUtcMs: number | null;
  /**
   * `public=false` narrows to non-public frames (for anonymous callers) or to the caller's proposals;
   * that depends on the caller, so the repo applies it with the access scope. Null when absent.
   */
  public: boolean | null;
  minExposureSec: number | null;
  configurationType: string | null;
  includeConfigurationTypes: string[];
  excludeConfigurationTypes: string[];
  excludeCalibrations: boolean;
  proposalId: string | null;
  instrumentId: string | null;
  siteId: string | null;
  telescopeId: string | null;
  primaryOpticalElement: string | null;
  observationId: number | null;
  requestId: number | null;
  reductionLevel: number | null;
  /** `covers=POINT(ra dec)`: frames whose footprint contains the point (degrees). */
  covers: { raDeg: number; decDeg: number } | null;
  submitter: string | null;
  includeThumbnails: boolean;
  includeRelatedFrames: boolean;
  /** Ordering, first key first; default `-observation_date`. */
  ordering: { field: FrameOrderingField; descending: boolean }[];
  limit: number;
  offset: number;
}

export type QueryParams = URLSearchParams | Record<string, string | string[] | undefined>;

export type FrameQueryResult = { ok: true; query: FrameQuery } | { ok: false; errors: FieldErrors };

export const DEFAULT_FRAME_LIMIT = 100;
export const MAX_FRAME_LIMIT = 1000;

function valuesOf(params: QueryParams, name: string): string[] {
  if (params instanceof URLSearchParams) return params.getAll(name);
  const v = params[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Case- and accent-folded form used for `icontains` on target names. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/**
 * Parses query parameters. Errors are field-keyed (OCS/DRF style); unknown parameters are ignored
 * as django-filter does, except `intersects`, which we cannot honour and refuse rather than silently
 * return unfiltered frames.
 */
export function parseFrameQuery(params: QueryParams): FrameQueryResult {
  const errors: Record<string, string[]> = {};
  const fail = (name: string, message: string): null => {
    errors[name] = [message];
    return null;
  };
  // The first non-empty value among aliases; an empty string means "not given", as in django-filter.
  const first = (...names: string[]): { name: string; value: string } | null => {
    for (const name of names) {
      const v = valuesOf(params, name).find((x) => x !== '');
      if (v !== undefined) return { name, value: v };
    }
    return null;
  };
  const text = (...names: string[]): string | null => first(...names)?.value ?? null;
  const time = (...names: string[]): number | null => {
    const f = first(...names);
    if (f === null) return null;
    return parseUtc(f.value) ?? fail(f.name, 'Enter a valid date/time.');
  };
  const num = (integer: boolean, ...names: string[]): number | null => {
    const f = first(...names);
    if (f === null) return null;
    const n = Number(f.value);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) return fail(f.name, integer ? 'Enter a whole number.' : 'Enter a number.');
    return n;
  };
  const bool = (...names: string[]): boolean | null => {
    const f = first(...names);
    if (f === null) return null;
    const v = f.value.toLowerCase();
    if (['true', '1', 'yes'].includes(v)) return true;
    if (['false', '0', 'no'].includes(v)) return false;
    return fail(f.name, 'Enter true or false.');
  };
  const list = (...names: string[]): string[] => names.flatMap((n) => valuesOf(params, n)).flatMap((v) => v.split(',')).filter((v) => v !== '');

  let dayObs: string | null = null;
  const day = first('DAY_OBS', 'dayobs');
  if (day !== null) {
    const iso = dayObsToIsoDate(day.value);
    dayObs = iso === null ? fail(day.name, 'Enter a valid date.') : iso.replace(/-/g, '');
  }

  let covers: FrameQuery['covers'] = null;
  const coversText = text('covers');
  if (coversText !== null) {
    const m = /^\s*POINT\s*\(\s*([-+\d.eE]+)\s+([-+\d.eE]+)\s*\)\s*$/i.exec(coversText);
    const ra = Number(m?.[1]);
    const dec = Number(m?.[2]);
    if (m === null || !Number.isFinite(ra) || !Number.isFinite(dec) || dec < -90 || dec > 90) {
      fail('covers', "Error with covers query: Point must be specified with exact format 'POINT(RA DEC)'");
    } else covers = { raDeg: ra, decDeg: dec };
  }
  if (text('intersects') !== null) fail('intersects', 'intersects is not supported by this archive; use covers=POINT(RA DEC).');

  const ordering: FrameQuery['ordering'] = [];
  for (const raw of list('ordering')) {
    const descending = raw.startsWith('-');
    const field = (descending ? raw.slice(1) : raw) as FrameOrderingField;
    if (!(FRAME_ORDERING_FIELDS as readonly string[]).includes(field)) fail('ordering', `Cannot order by "${raw}".`);
    else ordering.push({ field, descending });
  }
  if (ordering.length === 0) ordering.push({ field: 'observation_date', descending: true });

  const limitRaw = num(true, 'limit');
  const offsetRaw = num(true, 'offset');
  if (limitRaw !== null && limitRaw < 1) fail('limit', 'Ensure this value is at least 1.');
  if (offsetRaw !== null && offsetRaw < 0) fail('offset', 'Ensure this value is at least 0.');

  const query: FrameQuery = {
    startUtcMs: time('start'),
    endUtcMs: time('end'),
    dateObsUtcMs: time('DATE_OBS'),
    dayObs,
    basenameContains: text('basename'),
    basenameExact: text('basename_exact'),
    targetContains: text('OBJECT', 'target_name'),
    targetExact: text('target_name_exact'),
    emptyTargetName: bool('empty_target_name'),
    publicDateUtcMs: time('L1PUBDAT'),
    public: bool('public'),
    minExposureSec: num(false, 'EXPTIME', 'exposure_time'),
    configurationType: text('OBSTYPE', 'configuration_type'),
    includeConfigurationTypes: list('include_configuration_type'),
    excludeConfigurationTypes: list('exclude_configuration_type', 'exclude_OBSTYPE'),
    excludeCalibrations: bool('exclude_calibrations') ?? false,
    proposalId: text('PROPID', 'proposal_id'),
    instrumentId: text('INSTRUME', 'instrument_id'),
    siteId: text('SITEID', 'site_id'),
    telescopeId: text('TELID', 'telescope_id'),
    primaryOpticalElement: text('FILTER', 'primary_optical_element'),
    observationId: num(true, 'BLKUID', 'observation_id'),
    requestId: num(true, 'REQNUM', 'request_id'),
    reductionLevel: num(true, 'RLEVEL', 'reduction_level'),
    covers,
    submitter: text('submitter'),
    includeThumbnails: bool('include_thumbnails') ?? false,
    includeRelatedFrames: bool('include_related_frames') ?? true,
    ordering,
    limit: Math.min(limitRaw ?? DEFAULT_FRAME_LIMIT, MAX_FRAME_LIMIT),
    offset: offsetRaw ?? 0,
  };
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, query };
}

/** Ray-casting point-in-polygon on the (RA, Dec) plane; fine for frame-sized footprints away from RA 0/360. */
export function polygonContains(ring: [number, number][], ra: number, dec: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > dec !== yj > dec && ra < ((xj - xi) * (dec - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether `frame` passes every filter of `q` except `public` (access-dependent) and paging. */
export function matchesFrameQuery(frame: ArchivedFrame, q: FrameQuery): boolean {
  const t = frame.observationUtcMs;
  if (q.startUtcMs !== null && t < q.startUtcMs) return false;
  if (q.endUtcMs !== null && t > q.endUtcMs) return false;
  if (q.dateObsUtcMs !== null && t !== q.dateObsUtcMs) return false;
  if (q.dayObs !== null && frame.dayObs !== q.dayObs) return false;
  if (q.basenameContains !== null && !frame.basename.toLowerCase().includes(q.basenameContains.toLowerCase())) return false;
  if (q.basenameExact !== null && frame.basename !== q.basenameExact) return false;
  if (q.targetContains !== null && !foldText(frame.targetName).includes(foldText(q.targetContains))) return false;
  if (q.targetExact !== null && frame.targetName !== q.targetExact) return false;
  if (q.emptyTargetName !== null && (frame.targetName === '') !== q.emptyTargetName) return false;
  if (q.publicDateUtcMs !== null && frame.publicUtcMs !== q.publicDateUtcMs) return false;
  if (q.minExposureSec !== null && frame.exposureSec < q.minExposureSec) return false;
  if (q.configurationType !== null && frame.configurationType !== q.configurationType) return false;
  if (q.includeConfigurationTypes.length > 0 && !q.includeConfigurationTypes.includes(frame.configurationType)) return false;
  if (q.excludeConfigurationTypes.includes(frame.configurationType)) return false;
  if (q.excludeCalibrations && !SCIENCE_CONFIGURATION_TYPES.includes(frame.configurationType)) return false;
  if (q.proposalId !== null && frame.proposalId !== q.proposalId) return false;
  if (q.instrumentId !== null && frame.instrumentId !== q.instrumentId) return false;
  if (q.siteId !== null && frame.siteId !== q.siteId) return false;
  if (q.telescopeId !== null && frame.telescopeId !== q.telescopeId) return false;
  if (q.primaryOpticalElement !== null && frame.primaryOpticalElement !== q.primaryOpticalElement) return false;
  if (q.observationId !== null && frame.observationId !== q.observationId) return false;
  if (q.requestId !== null && frame.requestId !== q.requestId) return false;
  if (q.reductionLevel !== null && frame.reductionLevel !== q.reductionLevel) return false;
  if (q.submitter !== null && frame.submitter !== q.submitter) return false;
  if (q.covers !== null) {
    const ring = frame.area?.coordinates[0];
    if (ring === undefined || !polygonContains(ring, q.covers.raDeg, q.covers.decDeg)) return false;
  }
  return true;
}

function orderValue(frame: ArchivedFrame, field: FrameOrderingField): number | string {
  switch (field) {
    case 'id':
      return frame.id;
    case 'basename':
      return frame.basename;
    case 'observation_date':
      return frame.observationUtcMs;
    case 'primary_optical_element':
      return frame.primaryOpticalElement;
    case 'configuration_type':
      return frame.configurationType;
    case 'proposal_id':
      return frame.proposalId;
    case 'instrument_id':
      return frame.instrumentId;
    case 'target_name':
      return frame.targetName;
    case 'reduction_level':
      return frame.reductionLevel;
    case 'exposure_time':
      return frame.exposureSec;
  }
}

/** Comparator for `q.ordering`, with `id` as the final tie-break so pages are stable. */
export function compareFrames(q: Pick<FrameQuery, 'ordering'>): (a: ArchivedFrame, b: ArchivedFrame) => number {
  return (a, b) => {
    for (const { field, descending } of q.ordering) {
      const x = orderValue(a, field);
      const y = orderValue(b, field);
      if (x === y) continue;
      const c = x < y ? -1 : 1;
      return descending ? -c : c;
    }
    return a.id - b.id;
  };
}
