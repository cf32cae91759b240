/**
 * The science archive's frame dict (ocs-contract.md §10.1, ocs-clients.md §1.6) as a pure function
 * of stored metadata: new field names, the legacy upper-case aliases TOM and older clients read
 * (`DATE_OBS`, `REQNUM`, …), `version_set`, a directly downloadable `url`, and `filename`.
 */
import { apiDateTime, dayObsToIsoDate } from './dates';

/** One stored file version of a frame. */
export interface FrameVersion {
  id: number;
  /** Storage key (our relative archive path). */
  key: string;
  md5: string;
  /** Including the dot, e.g. `.fits`. */
  extension: string;
  createdUtcMs: number;
}

/** GeoJSON polygon in degrees (RA, Dec), closed ring. */
export interface GeoJsonPolygon {
  type: 'Polygon';
  coordinates: [number, number][][];
}

/** A frame as the archive stores it (one row plus its versions). */
export interface ArchivedFrame {
  id: number;
  basename: string;
  /** DATE-OBS, UTC ms. */
  observationUtcMs: number;
  /** DAY-OBS, `YYYYMMDD`. */
  dayObs: string;
  proposalId: string;
  instrumentId: string;
  /** '' when the frame has no target (calibrations), as the archive stores it. */
  targetName: string;
  reductionLevel: number;
  siteId: string;
  telescopeId: string;
  exposureSec: number;
  /** '' when there is no optical element. */
  primaryOpticalElement: string;
  /** L1PUBDAT, UTC ms. */
  publicUtcMs: number;
  configurationType: string;
  observationId: number | null;
  requestId: number | null;
  /** USERID of the request's submitter; null when unknown. */
  submitter: string | null;
  area: GeoJsonPolygon | null;
  relatedFrameIds: number[];
  versions: FrameVersion[];
}

/** The dict as served by `GET /frames/` and `GET /frames/{id}/`. */
export interface FrameDict {
  id: number;
  basename: string;
  observation_date: string;
  observation_day: string;
  proposal_id: string;
  instrument_id: string;
  target_name: string;
  reduction_level: number;
  site_id: string;
  telescope_id: string;
  exposure_time: number;
  primary_optical_element: string;
  public_date: string;
  configuration_type: string;
  observation_id: number | null;
  request_id: number | null;
  version_set: { id: number; key: string; md5: string; extension: string; created: string; url: string }[];
  url: string | null;
  filename: string | null;
  area: GeoJsonPolygon | null;
  related_frames: number[];
  thumbnails?: { size: string; url: string }[];
  DATE_OBS: string;
  DAY_OBS: string;
  PROPID: string;
  INSTRUME: string;
  OBJECT: string;
  RLEVEL: number;
  SITEID: string;
  TELID: string;
  EXPTIME: number;
  FILTER: string;
  L1PUBDAT: string;
  OBSTYPE: string;
  BLKUID: number | null;
  REQNUM: number | null;
}

export interface FrameDictOptions {
  /**
   * Absolute URL from which a version's bytes can be fetched WITHOUT auth (TOM downloads with a
   * plain GET): e.g. a signed, expiring link on our own server.
   */
  versionUrl: (frame: ArchivedFrame, version: FrameVersion) => string;
  /** Thumbnail links to include (`include_thumbnails=true`); omitted when undefined. */
  thumbnails?: { size: string; url: string }[];
}

/** The newest version (latest created; ties broken by the higher id), or null when there is none. */
export function latestVersion(frame: ArchivedFrame): FrameVersion | null {
  let best: FrameVersion | null = null;
  for (const v of frame.versions) {
    if (best === null || v.createdUtcMs > best.createdUtcMs || (v.createdUtcMs === best.createdUtcMs && v.id > best.id)) best = v;
  }
  return best;
}

/** Builds the API dict for one frame. */
export function frameDict(frame: ArchivedFrame, options: FrameDictOptions): FrameDict {
  const observationDate = apiDateTime(frame.observationUtcMs);
  const observationDay = dayObsToIsoDate(frame.dayObs) ?? frame.dayObs;
  const publicDate = apiDateTime(frame.publicUtcMs);
  const latest = latestVersion(frame);
  // The archive lists versions newest first.
  const versions = [...frame.versions].sort((a, b) => b.createdUtcMs - a.createdUtcMs || b.id - a.id);
  const dict: FrameDict = {
    id: frame.id,
    basename: frame.basename,
    observation_date: observationDate,
    observation_day: observationDay,
    proposal_id: frame.proposalId,
    instrument_id: frame.instrumentId,
    target_name: frame.targetName,
    reduction_level: frame.reductionLevel,
    site_id: frame.siteId,
    telescope_id: frame.telescopeId,
    exposure_time: frame.exposureSec,
    primary_optical_element: frame.primaryOpticalElement,
    public_date: publicDate,
    configuration_type: frame.configurationType,
    observation_id: frame.observationId,
    request_id: frame.requestId,
    version_set: versions.map((v) => ({ id: v.id, key: v.key, md5: v.md5, extension: v.extension, created: apiDateTime(v.createdUtcMs), url: options.versionUrl(frame, v) })),
    url: latest === null ? null : options.versionUrl(frame, latest),
    filename: latest === null ? null : `${frame.basename}${latest.extension}`,
    area: frame.area,
    related_frames: [...frame.relatedFrameIds],
    DATE_OBS: observationDate,
    DAY_OBS: observationDay,
    PROPID: frame.proposalId,
    INSTRUME: frame.instrumentId,
    OBJECT: frame.targetName,
    RLEVEL: frame.reductionLevel,
    SITEID: frame.siteId,
    TELID: frame.telescopeId,
    EXPTIME: frame.exposureSec,
    FILTER: frame.primaryOpticalElement,
    L1PUBDAT: publicDate,
    OBSTYPE: frame.configurationType,
    BLKUID: frame.observationId,
    REQNUM: frame.requestId,
  };
  if (options.thumbnails !== undefined) dict.thumbnails = options.thumbnails;
  return dict;
}

/** DRF limit/offset page: `{count, next, previous, results}` with absolute `next`/`previous` URLs or null. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/**
 * Wraps one page of results. `pageUrl` is the absolute URL of the list request; `next` and
 * `previous` keep its other parameters and replace `limit`/`offset` (as DRF does; `previous`
 * drops `offset` when it reaches 0).
 */
export function paginate<T>(results: T[], count: number, limit: number, offset: number, pageUrl: string): Page<T> {
  const withPage = (newOffset: number): string => {
    const url = new URL(pageUrl);
    url.searchParams.set('limit', String(limit));
    if (newOffset <= 0) url.searchParams.delete('offset');
    else url.searchParams.set('offset', String(newOffset));
    return url.toString();
  };
  return {
    count,
    next: offset + limit < count ? withPage(offset + limit) : null,
    previous: offset > 0 ? withPage(Math.max(0, offset - limit)) : null,
    results,
  };
}
