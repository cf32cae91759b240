/**
 * The OCS archive header set (ocs-contract.md §10.2: the ingester's required keys PROPID, DATE-OBS,
 * DAY-OBS, INSTRUME, SITEID, TELID, OBSTYPE, BLKUID and the mapped keys REQNUM, TRACKNUM, MOLUID,
 * OBJECT, FILTER, EXPTIME, RLEVEL, UTSTOP, L1PUBDAT …) built from a frame description, plus WCS.
 */
import { AppError } from '../../src-shared/errors';
import { dayObs, fitsDateTime, fitsTimeOfDay } from './dates';
import type { FitsCard } from './fits/card';
import { wcsCards } from './wcs';
import type { WcsPointing } from './wcs';

/** What the executor knows about one exposure; ids are the portal's numeric ids. */
export interface FrameDescription {
  /** Site code, e.g. `tfn`. */
  siteId: string;
  /** Enclosure code, e.g. `doma`; null when unknown. */
  enclosureId: string | null;
  /** Telescope code within the enclosure, e.g. `1m0a` (TELID). */
  telescopeId: string;
  /** Telescope name as in LCO's TELESCOP, e.g. `1m0-01`; null to omit. */
  telescopeName: string | null;
  /** Instrument (camera) code, e.g. `sc01` (INSTRUME). */
  instrumentId: string;
  /** Instrument type, e.g. `1M0-SCICAM-SINISTRO`; null to omit. */
  instrumentType: string | null;
  proposalId: string;
  /** Submitter username (USERID); null → 'N/A'. */
  userId: string | null;
  /** Request group name (GROUPID); null → 'N/A'. */
  groupId: string | null;
  /** Portal observation id (BLKUID); null for frames outside any observation (e.g. manual calibrations). */
  observationId: number | null;
  /** Request id (REQNUM). */
  requestId: number | null;
  /** Request group id (TRACKNUM, written zero-padded to 10 digits as LCO does). */
  requestGroupId: number | null;
  /** Configuration id (MOLUID). */
  configurationId: number | null;
  /** OCS configuration type (OBSTYPE), e.g. EXPOSE, BIAS, DARK, SKY_FLAT. */
  configurationType: string;
  /** Target name (OBJECT); null → 'N/A'. */
  targetName: string | null;
  /** Primary optical element, e.g. the filter code (FILTER); null → 'N/A'. */
  filter: string | null;
  /** Exposure start, UTC ms. */
  startUtcMs: number;
  /** Actual exposure length, seconds ≥ 0 (EXPTIME). */
  exposureSec: number;
  /** Requested exposure length, seconds; null when the same as `exposureSec`. */
  requestedExposureSec: number | null;
  /** Site's standard UTC offset in hours (configdb `site.timezone`), for DAY-OBS. */
  siteUtcOffsetHours: number;
  /** Public date (L1PUBDAT), UTC ms. */
  publicUtcMs: number;
  /** Reduction level (RLEVEL), 0 for raw. */
  reductionLevel: number;
  /** Frame number within the instrument's day (FRAMENUM). */
  frameNumber: number;
  /** Binning (x, y); CCDSUM as LCO writes it, 'x y'. */
  binning: [number, number];
  /** Pointing for WCS; null when the mount position is unknown (no WCS written then). */
  pointing: WcsPointing | null;
  /** Basename without extension (ORIGNAME). */
  basename: string;
  /** Site coordinates for SITELAT/SITELONG/HEIGHT; null to omit. */
  siteLocation: { latitudeDeg: number; longitudeDeg: number; heightM: number } | null;
  /** ORIGIN; TOM's OCS facility claims uploaded files whose ORIGIN is 'OCS'. Default 'OCS'. */
  origin?: string;
}

const NA = 'N/A';

function idOrNa(id: number | null): number | string {
  return id === null ? NA : id;
}

/** Sexagesimal `HH:MM:SS.sss` (RA, hours) or `±DD:MM:SS.ss` (Dec, degrees), the form LCO writes. */
export function sexagesimal(value: number, kind: 'ra' | 'dec'): string {
  const sign = value < 0 ? '-' : '+';
  const units = kind === 'ra' ? ((((value / 15) % 24) + 24) % 24) : Math.abs(value);
  const decimals = kind === 'ra' ? 3 : 2;
  const scale = 10 ** decimals;
  // Round once on the total to avoid 60.000 seconds.
  let total = Math.round(units * 3600 * scale);
  if (kind === 'ra') total %= 24 * 3600 * scale;
  const whole = Math.floor(total / (3600 * scale));
  const minutes = Math.floor((total % (3600 * scale)) / (60 * scale));
  const seconds = (total % (60 * scale)) / scale;
  const sec = seconds.toFixed(decimals).padStart(decimals + 3, '0');
  const head = `${String(whole).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:${sec}`;
  return kind === 'ra' ? head : `${sign}${head}`;
}

function assertDescription(d: FrameDescription): void {
  const problems: Record<string, string[]> = {};
  if (!(d.exposureSec >= 0)) problems.exposureSec = ['must be ≥ 0'];
  if (!Number.isFinite(d.startUtcMs)) problems.startUtcMs = ['must be a time'];
  for (const [k, v] of Object.entries({ siteId: d.siteId, telescopeId: d.telescopeId, instrumentId: d.instrumentId, proposalId: d.proposalId })) {
    if (v.trim() === '') problems[k] = ['must not be empty'];
  }
  if (Object.keys(problems).length > 0) throw new AppError('validation.invalid', 'frame description is incomplete', problems);
}

/**
 * Header cards for a frame (everything after the structural keywords). `writtenUtcMs` is when the
 * file is written (DATE). Throws `validation.invalid` for an incomplete description.
 */
export function ocsHeaderCards(d: FrameDescription, width: number, height: number, writtenUtcMs: number): FitsCard[] {
  assertDescription(d);
  const endUtcMs = d.startUtcMs + d.exposureSec * 1000;
  const cards: FitsCard[] = [
    { key: 'ORIGIN', value: d.origin ?? 'OCS', comment: 'organisation or institution' },
    { key: 'DATE', value: fitsDateTime(writtenUtcMs), comment: '[UTC] date this file was written' },
    { key: 'TIMESYS', value: 'UTC', comment: 'time scale of the time keywords' },
    { key: 'DAY-OBS', value: dayObs(d.startUtcMs, d.siteUtcOffsetHours), comment: '[UTC] date at start of local observing night' },
    { key: 'DATE-OBS', value: fitsDateTime(d.startUtcMs), comment: '[UTC] start date and time of the observation' },
    { key: 'UTSTART', value: fitsTimeOfDay(d.startUtcMs), comment: '[UTC] start time of the observation' },
    { key: 'UTSTOP', value: fitsTimeOfDay(endUtcMs), comment: '[UTC] end time of the observation' },
    { key: 'MJD-OBS', value: Number((d.startUtcMs / 86_400_000 + 40587).toFixed(8)), format: 'float', comment: '[day] MJD at the start of the observation' },
    { key: 'EXPTIME', value: d.exposureSec, format: 'float', comment: '[s] exposure length' },
    { key: 'REQTIME', value: d.requestedExposureSec ?? d.exposureSec, format: 'float', comment: '[s] requested exposure length' },
    { key: 'SITEID', value: d.siteId, comment: 'ID code of the observatory site' },
    { key: 'ENCID', value: d.enclosureId ?? NA, comment: 'ID code of the enclosure' },
    { key: 'TELID', value: d.telescopeId, comment: 'ID code of the telescope' },
  ];
  if (d.telescopeName !== null) cards.push({ key: 'TELESCOP', value: d.telescopeName, comment: 'telescope used' });
  cards.push({ key: 'INSTRUME', value: d.instrumentId, comment: 'instrument used' });
  if (d.instrumentType !== null) cards.push({ key: 'INSTYPE', value: d.instrumentType, comment: 'instrument type' });
  if (d.siteLocation !== null) {
    cards.push(
      { key: 'SITELAT', value: d.siteLocation.latitudeDeg, format: 'float', comment: '[deg] site latitude (north positive)' },
      { key: 'SITELONG', value: d.siteLocation.longitudeDeg, format: 'float', comment: '[deg] site longitude (east positive)' },
      { key: 'HEIGHT', value: d.siteLocation.heightM, format: 'float', comment: '[m] site altitude' },
    );
  }
  cards.push(
    { key: 'OBSTYPE', value: d.configurationType, comment: 'configuration type' },
    { key: 'FRAMENUM', value: d.frameNumber, comment: 'frame number of the instrument day' },
    { key: 'OBJECT', value: d.targetName ?? NA, comment: 'target name' },
    { key: 'FILTER', value: d.filter ?? NA, comment: 'primary optical element' },
    { key: 'CCDSUM', value: `${d.binning[0]} ${d.binning[1]}`, comment: 'on-chip binning' },
    { key: 'PROPID', value: d.proposalId, comment: 'proposal id' },
    { key: 'USERID', value: d.userId ?? NA, comment: 'submitter of the request' },
    { key: 'GROUPID', value: d.groupId ?? NA, comment: 'request group name' },
    { key: 'TRACKNUM', value: d.requestGroupId === null ? NA : String(d.requestGroupId).padStart(10, '0'), comment: 'request group id' },
    { key: 'REQNUM', value: idOrNa(d.requestId), comment: 'request id' },
    { key: 'BLKUID', value: idOrNa(d.observationId), comment: 'observation (block) id' },
    { key: 'MOLUID', value: idOrNa(d.configurationId), comment: 'configuration id' },
    { key: 'RLEVEL', value: d.reductionLevel, comment: 'reduction level' },
    { key: 'L1PUBDAT', value: fitsDateTime(d.publicUtcMs), comment: '[UTC] date the frame becomes public' },
    { key: 'ORIGNAME', value: d.basename, comment: 'basename when written' },
  );
  if (d.pointing !== null) {
    cards.push(
      { key: 'RA', value: sexagesimal(d.pointing.raDeg, 'ra'), comment: '[HH:MM:SS.sss] RA of the pointing' },
      { key: 'DEC', value: sexagesimal(d.pointing.decDeg, 'dec'), comment: '[sDD:MM:SS.ss] Dec of the pointing' },
      { key: 'PIXSCALE', value: d.pointing.pixelScaleArcsec, format: 'float', comment: '[arcsec/pixel] pixel scale' },
      ...wcsCards(d.pointing, width, height),
    );
  }
  return cards;
}
