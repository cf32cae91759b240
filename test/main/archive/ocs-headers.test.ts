import { describe, expect, it } from 'vitest';
import {
  archiveFieldsFromHeader,
  dayObs,
  fitsDateTime,
  headerValue,
  ocsHeaderCards,
  pixelToSky,
  sexagesimal,
  tanWcsFor,
  wcsCards,
} from '../../../src-main/archive';
import type { FrameDescription, WcsPointing } from '../../../src-main/archive';
import { frameToWrite } from '../../helpers/archive-fixture';

const utc = (iso: string): number => Date.parse(iso);

describe('DAY-OBS: local date of the evening, rolling over at local noon', () => {
  // Expected values worked by hand from local time = UTC + offset.
  it.each([
    ['elp, evening of the 21st (20:00 local)', '2026-11-22T02:00:00Z', -6, '20261121'],
    ['elp, 11:59 local next morning', '2026-11-22T17:59:00Z', -6, '20261121'],
    ['elp, 12:01 local next day', '2026-11-22T18:01:00Z', -6, '20261122'],
    ['coj, 19:00 local', '2026-11-21T09:00:00Z', 10, '20261121'],
    ['coj, 11:00 local (still the previous night)', '2026-11-21T01:00:00Z', 10, '20261120'],
    ['tfn (UTC), 03:12 UTC', '2026-11-21T03:12:45Z', 0, '20261120'],
    ['year boundary, lsc (−4) at 01:00 local on Jan 1', '2027-01-01T05:00:00Z', -4, '20261231'],
  ])('%s', (_label, iso, offset, expected) => {
    expect(dayObs(utc(iso), offset)).toBe(expected);
  });

  it('rejects impossible offsets', () => {
    expect(() => dayObs(0, 15)).toThrow(/offset/);
  });
});

describe('sexagesimal RA/Dec', () => {
  it('formats hours and signed degrees without 60-second overflow', () => {
    expect(sexagesimal(150.1, 'ra')).toBe('10:00:24.000');
    expect(sexagesimal(-20.5, 'dec')).toBe('-20:30:00.00');
    expect(sexagesimal(359.99999999, 'ra')).toBe('00:00:00.000');
    expect(sexagesimal(0.5 / 3600 - 1e-9, 'dec')).toBe('+00:00:00.50');
  });
});

/** Great-circle separation and position angle (east of north) from a to b, degrees: spherical trigonometry. */
function sepAndPa(a: { raDeg: number; decDeg: number }, b: { raDeg: number; decDeg: number }): { sepDeg: number; paDeg: number } {
  const r = Math.PI / 180;
  const d1 = a.decDeg * r;
  const d2 = b.decDeg * r;
  const da = (b.raDeg - a.raDeg) * r;
  // Haversine: accurate for the sub-arcsecond separations tested here (acos is not).
  const h = Math.sin((d2 - d1) / 2) ** 2 + Math.cos(d1) * Math.cos(d2) * Math.sin(da / 2) ** 2;
  const sep = 2 * Math.asin(Math.sqrt(h));
  const pa = Math.atan2(Math.sin(da) * Math.cos(d2), Math.cos(d1) * Math.sin(d2) - Math.sin(d1) * Math.cos(d2) * Math.cos(da));
  return { sepDeg: sep / r, paDeg: ((pa / r) % 360 + 360) % 360 };
}

describe('TAN WCS from the pointing', () => {
  const pointing: WcsPointing = { raDeg: 150.1, decDeg: -20.5, pixelScaleArcsec: 0.389, rotationDeg: 30 };

  it('puts CRPIX at the centre and CRVAL at the pointing', () => {
    const cards = wcsCards(pointing, 4096, 4000);
    expect(headerValue(cards, 'CRPIX1')).toBe(2048.5);
    expect(headerValue(cards, 'CRPIX2')).toBe(2000.5);
    expect(headerValue(cards, 'CRVAL1')).toBe(150.1);
    expect(headerValue(cards, 'CTYPE1')).toBe('RA---TAN');
    const det = (headerValue(cards, 'CD1_1') as number) * (headerValue(cards, 'CD2_2') as number) - (headerValue(cards, 'CD1_2') as number) * (headerValue(cards, 'CD2_1') as number);
    // |det| = scale², negative for the usual east-left parity.
    expect(det).toBeCloseTo(-((0.389 / 3600) ** 2), 16);
  });

  it('+y points at the position angle, +x 90° further west; separations are n × scale (tolerance 1e-6″)', () => {
    const wcs = tanWcsFor(pointing, 101, 101);
    const centre = pixelToSky(wcs, 51, 51);
    expect(centre.raDeg).toBeCloseTo(150.1, 12);
    expect(centre.decDeg).toBeCloseTo(-20.5, 12);
    const up = sepAndPa(centre, pixelToSky(wcs, 51, 52));
    expect(up.paDeg).toBeCloseTo(30, 5);
    expect(up.sepDeg * 3600).toBeCloseTo(0.389, 6);
    const right = sepAndPa(centre, pixelToSky(wcs, 52, 51));
    expect(right.paDeg).toBeCloseTo(30 - 90 + 360, 5);
    const flipped = sepAndPa(centre, pixelToSky(tanWcsFor({ ...pointing, flipped: true }, 101, 101), 52, 51));
    expect(flipped.paDeg).toBeCloseTo(120, 5);
  });

  it('refuses a non-positive pixel scale', () => {
    expect(() => wcsCards({ ...pointing, pixelScaleArcsec: 0 }, 10, 10)).toThrow(/pixel scale/);
  });
});

/** The shared description as tfn's sc01 saw M31 (binned 2 × 2), with its basename: the values the expectations below are worked from. */
function description(overrides: Partial<FrameDescription> = {}): FrameDescription {
  return {
    ...frameToWrite({
      siteId: 'tfn',
      instrumentId: 'sc01',
      proposalId: 'LCO2026B-001',
      userId: 'someone',
      groupId: 'my group',
      observationId: 11,
      requestId: 22,
      requestGroupId: 33,
      configurationId: 44,
      targetName: 'M31',
      startUtcMs: utc('2026-11-21T03:12:45.250Z'),
      exposureSec: 30,
      siteUtcOffsetHours: 0,
      publicUtcMs: utc('2027-11-21T03:12:45.250Z'),
      frameNumber: 7,
      binning: [2, 2],
      pointing: { raDeg: 10.68, decDeg: 41.27, pixelScaleArcsec: 0.778, rotationDeg: 0 },
    }),
    basename: 'tfn1m001-sc01-20261120-0007-e00',
    ...overrides,
  };
}

describe('OCS archive header set', () => {
  it('writes the ingester keys with LCO formats', () => {
    const cards = ocsHeaderCards(description(), 100, 100, utc('2026-11-21T03:13:20Z'));
    const v = (k: string): unknown => headerValue(cards, k);
    expect(v('DATE-OBS')).toBe('2026-11-21T03:12:45.250');
    expect(v('DAY-OBS')).toBe('20261120');
    expect(v('UTSTOP')).toBe('03:13:15.250');
    expect(v('EXPTIME')).toBe(30);
    expect(cards.find((c) => c.key === 'EXPTIME')?.format).toBe('float');
    expect(v('TRACKNUM')).toBe('0000000033');
    expect([v('REQNUM'), v('BLKUID'), v('MOLUID')]).toEqual([22, 11, 44]);
    expect(v('L1PUBDAT')).toBe('2027-11-21T03:12:45.250');
    expect(v('CCDSUM')).toBe('2 2');
    expect(v('ORIGIN')).toBe('OCS');
    expect(v('RA')).toBe('00:42:43.200');
    expect(v('MJD-OBS')).toBeCloseTo(61365.13385706, 8);
  });

  it("writes 'N/A' for absent ids and names, which the ingester maps back to null", () => {
    const cards = ocsHeaderCards(description({ observationId: null, requestId: null, targetName: null, filter: null, pointing: null }), 10, 10, 0);
    expect(headerValue(cards, 'BLKUID')).toBe('N/A');
    expect(headerValue(cards, 'CTYPE1')).toBeNull();
    const parsed = archiveFieldsFromHeader(cards, 'x');
    expect(parsed.ok && parsed.fields.observationId).toBeNull();
    expect(parsed.ok && parsed.fields.targetName).toBe('');
  });

  it('derives the same archive fields the description started from', () => {
    const d = description();
    const size = [
      { key: 'NAXIS1', value: 100 },
      { key: 'NAXIS2', value: 80 },
    ];
    const parsed = archiveFieldsFromHeader([...size, ...ocsHeaderCards(d, 100, 80, 0)], d.basename);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { area, ...rest } = parsed.fields;
    expect(rest).toEqual({
      basename: d.basename,
      observationUtcMs: d.startUtcMs,
      dayObs: '20261120',
      proposalId: 'LCO2026B-001',
      instrumentId: 'sc01',
      targetName: 'M31',
      reductionLevel: 0,
      siteId: 'tfn',
      telescopeId: '1m0a',
      exposureSec: 30,
      primaryOpticalElement: 'V',
      publicUtcMs: d.publicUtcMs,
      configurationType: 'EXPOSE',
      observationId: 11,
      requestId: 22,
      submitter: 'someone',
    });
    // Footprint: 100 × 80 pixels of 0.778″ → sides 77.8″ and 62.24″ (tolerance 1e-6″).
    const ring = area?.coordinates[0] ?? [];
    expect(ring).toHaveLength(5);
    const side = (i: number): number => {
      const [a, b] = [ring[i], ring[i + 1]] as [[number, number], [number, number]];
      return sepAndPa({ raDeg: a[0], decDeg: a[1] }, { raDeg: b[0], decDeg: b[1] }).sepDeg * 3600;
    };
    expect(side(0)).toBeCloseTo(77.8, 5);
    expect(side(1)).toBeCloseTo(62.24, 5);
  });

  it('reports missing required keys field by field and fills L1PUBDAT and DAY-OBS like the ingester', () => {
    const bad = archiveFieldsFromHeader([{ key: 'PROPID', value: 'P' }], 'x');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['BLKUID', 'DATE-OBS', 'INSTRUME', 'OBSTYPE', 'SITEID', 'TELID']);
    const base = [
      { key: 'PROPID', value: 'calibrate' },
      { key: 'DATE-OBS', value: fitsDateTime(utc('2026-01-02T03:04:05Z')) },
      { key: 'INSTRUME', value: 'sc01' },
      { key: 'SITEID', value: 'tfn' },
      { key: 'TELID', value: '1m0a' },
      { key: 'OBSTYPE', value: 'EXPOSE' },
      { key: 'BLKUID', value: 'N/A' },
    ];
    const cal = archiveFieldsFromHeader(base, 'tfn1m001-sc01-20260101-0001-e00');
    expect(cal.ok && cal.fields.dayObs).toBe('20260102');
    expect(cal.ok && cal.fields.publicUtcMs).toBe(utc('2026-01-02T03:04:05Z'));
    const sci = archiveFieldsFromHeader(base.map((c) => (c.key === 'PROPID' ? { ...c, value: 'SCIENCE-1' } : c)), 'b');
    expect(sci.ok && sci.fields.publicUtcMs).toBe(utc('2026-01-02T03:04:05Z') + 365 * 86_400_000);
  });
});
