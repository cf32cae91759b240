/**
 * Archive fields from a FITS header, the way the OCS ingester derives them (ocs-contract.md §10.2):
 * required keys, 'N/A'/'UNSPECIFIED'/'UNKNOWN' as absent, DAY-OBS from DATE-OBS when missing,
 * L1PUBDAT defaults, and the footprint from the WCS. Used to (re)index files found on disk.
 */
import type { FieldErrors } from '../../src-shared/errors';
import { dayObsToIsoDate, parseUtc } from './dates';
import type { FitsCard, FitsValue } from './fits/card';
import { headerValue } from './fits/header';
import type { ArchivedFrame, GeoJsonPolygon } from './frame-dict';
import { pixelToSky } from './wcs';
import type { TanWcs } from './wcs';

/** The ingester's default REQUIRED_HEADERS. */
export const REQUIRED_HEADERS = ['PROPID', 'DATE-OBS', 'DAY-OBS', 'INSTRUME', 'SITEID', 'TELID', 'OBSTYPE', 'BLKUID'] as const;

const ABSENT = new Set(['N/A', 'UNSPECIFIED', 'UNKNOWN', '']);
const CALIBRATION_TYPES = new Set(['BIAS', 'DARK', 'SKYFLAT', 'SKY_FLAT', 'EXPERIMENTAL']);
const YEAR_MS = 365 * 86_400_000;

/** Frame fields the header provides (no id, versions or related frames: those are the repo's). */
export type HeaderFrameFields = Omit<ArchivedFrame, 'id' | 'versions' | 'relatedFrameIds'>;

function present(v: FitsValue | null): FitsValue | null {
  if (v === null) return null;
  if (typeof v === 'string' && ABSENT.has(v.trim().toUpperCase())) return null;
  return v;
}

function asText(v: FitsValue | null): string {
  const p = present(v);
  return p === null ? '' : String(p);
}

function asInt(v: FitsValue | null): number | null {
  const p = present(v);
  if (p === null || typeof p === 'boolean') return null;
  const n = Number(p);
  return Number.isInteger(n) ? n : null;
}

/**
 * Public date when L1PUBDAT is absent: calibrations and EPO/calib/standard/pointing proposals are
 * public at once; engineering proposals and test/experimental basenames (-t00/-x00) never (+999 y);
 * everything else after a year. (Proposal tags private/public are not known here.)
 */
export function defaultPublicUtcMs(observationUtcMs: number, configurationType: string, proposalId: string, basename: string): number {
  const proposal = proposalId.toLowerCase();
  if (proposal.includes('lcoengineering') || basename.includes('-t00') || basename.includes('-x00')) return observationUtcMs + 999 * YEAR_MS;
  if (CALIBRATION_TYPES.has(configurationType.toUpperCase()) || ['epo', 'calib', 'standard', 'pointing'].some((w) => proposal.includes(w))) return observationUtcMs;
  return observationUtcMs + YEAR_MS;
}

/** TAN WCS from a header's CRVAL/CRPIX/CD keys, or null when any is missing. */
export function tanWcsFromHeader(cards: readonly FitsCard[]): TanWcs | null {
  const n = (k: string): number | null => {
    const v = headerValue(cards, k);
    return typeof v === 'number' ? v : null;
  };
  const keys = ['CRVAL1', 'CRVAL2', 'CRPIX1', 'CRPIX2', 'CD1_1', 'CD1_2', 'CD2_1', 'CD2_2'].map(n);
  if (keys.some((k) => k === null)) return null;
  const [crval1, crval2, crpix1, crpix2, cd11, cd12, cd21, cd22] = keys as number[];
  return { crval1: crval1 as number, crval2: crval2 as number, crpix1: crpix1 as number, crpix2: crpix2 as number, cd: [[cd11 as number, cd12 as number], [cd21 as number, cd22 as number]] };
}

/** Footprint polygon (pixel-edge corners, closed ring) of a `width`×`height` image, degrees. */
export function footprint(wcs: TanWcs, width: number, height: number): GeoJsonPolygon {
  const corners: [number, number][] = [
    [0.5, 0.5],
    [width + 0.5, 0.5],
    [width + 0.5, height + 0.5],
    [0.5, height + 0.5],
  ];
  const ring = corners.map(([x, y]) => {
    const s = pixelToSky(wcs, x, y);
    return [s.raDeg, s.decDeg] as [number, number];
  });
  ring.push(ring[0] as [number, number]);
  return { type: 'Polygon', coordinates: [ring] };
}

export type HeaderFieldsResult = { ok: true; fields: HeaderFrameFields } | { ok: false; errors: FieldErrors };

/**
 * Archive fields from a primary header. Fails (field-keyed) when a required key is missing or
 * DATE-OBS is unreadable; `basename` is the file name without extension.
 */
export function archiveFieldsFromHeader(cards: readonly FitsCard[], basename: string): HeaderFieldsResult {
  const errors: Record<string, string[]> = {};
  for (const key of REQUIRED_HEADERS) {
    // DAY-OBS may be filled from DATE-OBS, so only its absence together with DATE-OBS matters.
    if (key !== 'DAY-OBS' && headerValue(cards, key) === null) errors[key] = ['Could not find required keywords in headers!'];
  }
  const dateObs = headerValue(cards, 'DATE-OBS');
  const observationUtcMs = typeof dateObs === 'string' ? parseUtc(dateObs) : null;
  if (observationUtcMs === null && errors['DATE-OBS'] === undefined) errors['DATE-OBS'] = ['Enter a valid date/time.'];
  if (Object.keys(errors).length > 0 || observationUtcMs === null) return { ok: false, errors };

  const dayRaw = asText(headerValue(cards, 'DAY-OBS'));
  const dayIso = dayObsToIsoDate(dayRaw) ?? new Date(observationUtcMs).toISOString().slice(0, 10);
  const configurationType = asText(headerValue(cards, 'OBSTYPE'));
  const proposalId = asText(headerValue(cards, 'PROPID'));
  const pub = present(headerValue(cards, 'L1PUBDAT'));
  const publicUtcMs = (typeof pub === 'string' ? parseUtc(pub) : null) ?? defaultPublicUtcMs(observationUtcMs, configurationType, proposalId, basename);
  const exposure = present(headerValue(cards, 'EXPTIME'));
  const width = headerValue(cards, 'NAXIS1');
  const height = headerValue(cards, 'NAXIS2');
  const wcs = tanWcsFromHeader(cards);
  const area = wcs !== null && typeof width === 'number' && typeof height === 'number' && headerValue(cards, 'NAXIS3') === null ? footprint(wcs, width, height) : null;
  const submitter = present(headerValue(cards, 'USERID'));
  return {
    ok: true,
    fields: {
      basename,
      observationUtcMs,
      dayObs: dayIso.replace(/-/g, ''),
      proposalId,
      instrumentId: asText(headerValue(cards, 'INSTRUME')),
      targetName: asText(headerValue(cards, 'OBJECT')),
      reductionLevel: asInt(headerValue(cards, 'RLEVEL')) ?? 0,
      siteId: asText(headerValue(cards, 'SITEID')),
      telescopeId: asText(headerValue(cards, 'TELID')),
      exposureSec: typeof exposure === 'number' ? exposure : 0,
      primaryOpticalElement: asText(headerValue(cards, 'FILTER')),
      publicUtcMs,
      configurationType,
      observationId: asInt(headerValue(cards, 'BLKUID')),
      requestId: asInt(headerValue(cards, 'REQNUM')),
      submitter: submitter === null ? null : String(submitter),
      area,
    },
  };
}
