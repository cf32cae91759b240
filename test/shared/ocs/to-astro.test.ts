/**
 * OCS → engine mapping and the validator's visibility seam (rule 12). Expected values come from
 * geometry (a target 102° from the zenith never rises), from the Sun's own events (a static target
 * is visible exactly from nautical dusk to dawn), or from the engine called directly with the
 * fixture's telescope numbers written out here, so the mapping itself is what is under test.
 */
import { describe, expect, it } from 'vitest';
import { validateRequestGroup, type ValidationContext } from '../../../src-main/requests';
import { nightEvents, requestVisibility, targetPosition, type TelescopeLimits } from '../../../src-shared/astro';
import {
  buildConfigdbIndex,
  makeVisibilityFn,
  observatoryTelescopes,
  telescopesForRequest,
  toAstroTarget,
  toObservingConstraints,
  toTelescopeLimits,
} from '../../../src-shared/ocs';
import { constraintsSchema, flattenFieldErrors, requestSchema, sitesResponseSchema, targetSchema, type Request, type SitesResponse } from '../../../src-shared/schemas';
import { groupWith, loadFixtureSites, requestWith, sbigConfig } from './helpers';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 21, 12);

/** The portal-like fixture plus a copy of its site moved to Tenerife (code `nth`), same instruments. */
function twoSites(): SitesResponse {
  const base = loadFixtureSites();
  const tst = structuredClone(base.results[0]!);
  const nth = structuredClone(tst);
  nth.code = 'nth';
  nth.lat = 28.3;
  nth.long = -16.51;
  nth.elevation = 2390;
  for (const e of nth.enclosure_set) for (const t of e.telescope_set) Object.assign(t, { lat: 28.3, long: -16.51 });
  return sitesResponseSchema.parse({ results: [tst, nth] });
}

const parseRequest = (raw: unknown): Request => requestSchema.parse(raw);
const polarTarget = { name: 'north70', type: 'ICRS', ra: 150, dec: 70 };
const ngc1365 = { name: 'NGC1365', type: 'ICRS', ra: 53.40155, dec: -36.14039 };
const decemberWeek = [{ start: '2026-12-01T00:00:00Z', end: '2026-12-08T00:00:00Z' }];

describe('toAstroTarget / toObservingConstraints / toTelescopeLimits', () => {
  it('maps ICRS fields with proper motion so positions match the engine fed the same numbers', () => {
    const ocs = targetSchema.parse({ name: 'Barnard', type: 'ICRS', ra: 269.452, dec: 4.6933, proper_motion_ra: -802.8, proper_motion_dec: 10362.5, parallax: 548.3, epoch: 2000 });
    const astro = toAstroTarget(ocs);
    expect(astro).toEqual({ type: 'ICRS', raDeg: 269.452, decDeg: 4.6933, properMotionRaMasPerYr: -802.8, properMotionDecMasPerYr: 10362.5, parallaxMas: 548.3, epochJulianYear: 2000 });
    // Barnard's star moves ~10.4″/yr: by 2026 the mapped target is ~4.5′ from its 2000 place.
    const site = { latitudeDeg: 28.3, longitudeDeg: -16.51, elevationM: 2390 };
    const t = Date.UTC(2026, 5, 1, 0);
    const moved = targetPosition(astro!, site, t);
    const still = targetPosition({ type: 'ICRS', raDeg: 269.452, decDeg: 4.6933 }, site, t);
    const sepArcmin = (Math.acos(Math.min(1, moved.apparentDirection.reduce((s, v, i) => s + v * (still.apparentDirection[i] ?? 0), 0))) * 180 * 60) / Math.PI;
    expect(sepArcmin).toBeGreaterThan(4.2);
    expect(sepArcmin).toBeLessThan(4.8);
  });

  it('fills OCS defaults (pm 0, parallax 0, epoch 2000) and maps the other target types', () => {
    expect(toAstroTarget(targetSchema.parse({ name: 'a', type: 'ICRS', ra: 10, dec: -5 }))).toMatchObject({ properMotionRaMasPerYr: 0, parallaxMas: 0, epochJulianYear: 2000 });
    expect(toAstroTarget(targetSchema.parse({ name: 'h', type: 'HOUR_ANGLE', hour_angle: 1.5, dec: 20 }))).toEqual({ type: 'HOUR_ANGLE', hourAngleHours: 1.5, decDeg: 20 });
    const comet = targetSchema.parse({ name: 'c', type: 'ORBITAL_ELEMENTS', scheme: 'MPC_COMET', epochofel: 60000, orbinc: 30, longascnode: 100, argofperih: 200, eccentricity: 1.0001, perihdist: 1.2, epochofperih: 60010 });
    expect(toAstroTarget(comet)).toEqual({ type: 'ORBITAL_ELEMENTS', scheme: 'MPC_COMET', epochofel: 60000, orbinc: 30, longascnode: 100, argofperih: 200, eccentricity: 1.0001, perihdist: 1.2, epochofperih: 60010 });
    const asa = targetSchema.parse({ name: 'x', type: 'ORBITAL_ELEMENTS', scheme: 'ASA_MINOR_PLANET', epochofel: 60000, orbinc: 3, longascnode: 10, argofperih: 20, eccentricity: 0.1, meandist: 2.5, meananom: 40 });
    expect(toAstroTarget(asa)).toBeNull();
    expect(toObservingConstraints(constraintsSchema.parse({}))).toEqual({ maxAirmass: 1.6, minLunarDistanceDeg: 30, maxLunarPhase: 1 });
    expect(toObservingConstraints(constraintsSchema.parse({ max_airmass: 2, min_lunar_distance: 10, max_lunar_phase: 0.4 }))).toEqual({ maxAirmass: 2, minLunarDistanceDeg: 10, maxLunarPhase: 0.4 });
  });

  it('takes telescope limits from configdb and the height from the site', () => {
    const sites = loadFixtureSites();
    const tels = observatoryTelescopes(sites);
    expect(tels.map((t) => t.id)).toEqual(['tst.doma.1m0a', 'tst.doma.1m0b', 'tst.clma.2m0a']);
    expect(tels[0]?.limits).toEqual({ site: { latitudeDeg: -32.38, longitudeDeg: 20.81, elevationM: 100 }, horizonDeg: 15, haLimitNegHours: -4.6, haLimitPosHours: 4.6, zenithBlindSpotDeg: 0, horizonMask: null });
    expect(toTelescopeLimits({ lat: 1, long: 2, horizon: 20, ha_limit_neg: -3, ha_limit_pos: 3, zenith_blind_spot: 1 }, undefined).site.elevationM).toBe(0);
    // The Nightshift extension `horizon_mask` ([[az, alt], …], degrees) becomes the engine's mask points.
    const masked = toTelescopeLimits({ lat: 1, long: 2, horizon: 20, ha_limit_neg: -3, ha_limit_pos: 3, zenith_blind_spot: 1, horizon_mask: [[0, 5], [90, 30], [180, 5]] }, 10);
    expect(masked.horizonMask).toEqual([{ azimuthDeg: 0, altitudeDeg: 5 }, { azimuthDeg: 90, altitudeDeg: 30 }, { azimuthDeg: 180, altitudeDeg: 5 }]);
    expect(toTelescopeLimits({ lat: 1, long: 2, horizon: 20, ha_limit_neg: -3, ha_limit_pos: 3, zenith_blind_spot: 1, horizon_mask: null }, 10).horizonMask).toBeNull();
  });
});

describe('makeVisibilityFn (rule 12 seam)', () => {
  const sites = twoSites();
  const index = buildConfigdbIndex(sites);

  it('honours the location: a dec +70° target never rises at −32° but is observable from +28°', () => {
    const vis = makeVisibilityFn(index, sites, NOW);
    const at = (loc: Record<string, string>) => vis(parseRequest(requestWith([sbigConfig({ target: polarTarget })], { location: loc, windows: decemberWeek })), 0);
    expect(at({ telescope_class: '1m0', site: 'tst' })).toBe(0);
    const north = at({ telescope_class: '1m0', site: 'nth' });
    expect(north).toBeGreaterThan(HOUR / 1000);
    expect(at({ telescope_class: '1m0' })).toBeCloseTo(north!, 0);
    // Telescope-level location narrows to one telescope; 1m0b carries the type but is COMMISSIONING.
    expect(telescopesForRequest(index, sites, { telescope_class: '1m0', site: 'nth', enclosure: 'doma', telescope: '1m0a' }, '1M0-SCICAM-SBIG').map((t) => t.id)).toEqual(['nth.doma.1m0a']);
    expect(telescopesForRequest(index, sites, { telescope_class: '2m0', site: '', enclosure: '', telescope: '' }, '1M0-SCICAM-SBIG')).toEqual([]);
  });

  it('equals requestVisibility called directly with the fixture numbers', () => {
    const raw = requestWith([sbigConfig({ target: ngc1365 }), sbigConfig({ target: { name: 'M42', type: 'ICRS', ra: 83.82208, dec: -5.39111 }, constraints: { max_airmass: 2.0, min_lunar_distance: 20 } })], {
      location: { telescope_class: '1m0', site: 'tst' },
      windows: decemberWeek,
    });
    const got = makeVisibilityFn(index, sites, NOW)(parseRequest(raw), 0);
    const tel = (lat: number, long: number, elevationM: number): TelescopeLimits => ({
      site: { latitudeDeg: lat, longitudeDeg: long, elevationM },
      horizonDeg: 15,
      haLimitNegHours: -4.6,
      haLimitPosHours: 4.6,
      zenithBlindSpotDeg: 0,
    });
    const direct = requestVisibility({
      pointings: [
        { target: { type: 'ICRS', raDeg: 53.40155, decDeg: -36.14039 }, constraints: { maxAirmass: 1.6, minLunarDistanceDeg: 30, maxLunarPhase: 1 } },
        { target: { type: 'ICRS', raDeg: 83.82208, decDeg: -5.39111 }, constraints: { maxAirmass: 2.0, minLunarDistanceDeg: 20, maxLunarPhase: 1 } },
      ],
      windows: [{ startMs: Date.UTC(2026, 11, 1), endMs: Date.UTC(2026, 11, 8) }],
      // 1m0b (COMMISSIONING) still carries the instrument type, as the portal's location walk does.
      telescopes: [{ id: 'a', limits: tel(-32.38, 20.81, 100) }, { id: 'b', limits: tel(-32.38, 20.81, 100) }],
      nowMs: NOW,
    });
    expect(direct.largest).not.toBeNull();
    expect(Math.abs((got ?? 0) - direct.largest!.durationMs / 1000)).toBeLessThanOrEqual(1);
    // Both pointings must hold at once: the pair is never longer than NGC 1365 alone.
    const ngcOnly = makeVisibilityFn(index, sites, NOW)(parseRequest(requestWith([sbigConfig({ target: ngc1365 })], { location: { telescope_class: '1m0', site: 'tst' }, windows: decemberWeek })), 0);
    expect(got!).toBeLessThanOrEqual(ngcOnly! + 1);
  });

  it('a static target is visible from nautical dusk to nautical dawn (largest night in the window)', () => {
    const sat = { name: 'geo', type: 'SATELLITE', altitude: 40, azimuth: 180, diff_altitude_rate: 0, diff_azimuth_rate: 0, diff_epoch: 61000, diff_altitude_acceleration: 0, diff_azimuth_acceleration: 0 };
    const window = [{ start: '2026-12-01T12:00:00Z', end: '2026-12-02T12:00:00Z' }];
    const got = makeVisibilityFn(index, sites, NOW)(parseRequest(requestWith([sbigConfig({ target: sat })], { location: { telescope_class: '1m0', site: 'tst' }, windows: window })), 0);
    const ev = nightEvents({ latitudeDeg: -32.38, longitudeDeg: 20.81, elevationM: 100 }, Date.UTC(2026, 11, 1, 12));
    expect(Math.abs(got! - (ev.nauticalDawnMs! - ev.nauticalDuskMs!) / 1000)).toBeLessThanOrEqual(2);
  });

  it('returns 0 for a daytime window and null when it cannot compute', () => {
    const vis = makeVisibilityFn(index, sites, NOW);
    // Local noon at 20.81° E is ~10:37 UT: a window 09:00–12:00 UT is broad daylight.
    const day = [{ start: '2026-12-03T09:00:00Z', end: '2026-12-03T12:00:00Z' }];
    expect(vis(parseRequest(requestWith([sbigConfig()], { location: { telescope_class: '1m0', site: 'tst' }, windows: day })), 0)).toBe(0);
    expect(vis(parseRequest(requestWith([sbigConfig()], { location: undefined })), 0)).toBeNull();
    const asa = { name: 'x', type: 'ORBITAL_ELEMENTS', scheme: 'ASA_MINOR_PLANET', epochofel: 60000, orbinc: 3, longascnode: 10, argofperih: 20, eccentricity: 0.1, meandist: 2.5, meananom: 40 };
    expect(vis(parseRequest(requestWith([sbigConfig({ target: asa })])), 0)).toBeNull();
    expect(vis(parseRequest(requestWith([sbigConfig({ instrument_type: 'NOPE' })])), 0)).toBeNull();
  });

  it('through the validator: a window with no visibility gets the OCS error, a good one passes rule 12', () => {
    const ctx = (): ValidationContext => ({
      index,
      nowUtcMs: NOW,
      user: { username: 'u', isStaff: false },
      proposal: {
        id: 'TEST-001', title: 't', abstract: '', tac_priority: 10, tac_rank: 0, active: true, public: false, non_science: false, direct_submission: false, tags: [],
        members: [{ username: 'u', role: 'PI', time_limit_hours: -1 }],
        time_allocations: [{ semester: '2026B', instrument_types: ['1M0-SCICAM-SBIG'], std_allocation: 10, std_time_used: 0, rr_allocation: 5, rr_time_used: 0, tc_allocation: 5, tc_time_used: 0, realtime_allocation: 0, realtime_time_used: 0, ipp_limit: 10, ipp_time_available: 5 }],
      },
      semesters: [{ id: '2026B', start: '2026-08-01T00:00:00Z', end: '2027-02-01T00:00:00Z' }],
      userTimeUsedHours: 0,
      visibility: makeVisibilityFn(index, sites, NOW),
    });
    const messages = (payload: unknown) => flattenFieldErrors(validateRequestGroup(payload, ctx()).errors).map((m) => `${m.path.join('.')}: ${m.message}`);
    const never = groupWith([requestWith([sbigConfig({ target: polarTarget })], { location: { telescope_class: '1m0', site: 'tst' }, windows: decemberWeek })]);
    expect(messages(never)).toEqual([expect.stringMatching(/^requests\.0\.non_field_errors: According to the constraints of the request, the target will not be visible within the time window/)]);
    const fine = groupWith([requestWith([sbigConfig({ target: ngc1365 })], { location: { telescope_class: '1m0', site: 'tst' }, windows: decemberWeek })]);
    expect(messages(fine)).toEqual([]);
    const r = validateRequestGroup(fine, ctx());
    expect((r.requestDurations as { requests: { largest_interval: number }[] }).requests[0]?.largest_interval).toBeGreaterThan(HOUR / 1000);
  });
});
