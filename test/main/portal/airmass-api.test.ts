import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sunAltitudeDeg } from '../../../src-shared/astro';
import { buildConfigdbIndex } from '../../../src-shared/ocs';
import { parseOcsDatetimeMs, requestSchema, sitesResponseSchema } from '../../../src-shared/schemas';
import { AIRMASS_STEP_MS, requestAirmass } from '../../../src-main/portal/http/airmass-routes';
import { RESOURCES_DIR, demoGroup, startPortal, type PortalFixture } from './portal-fixture';

const REFERENCE = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/ephemeris/astropy-reference.json'), 'utf8')) as {
  sites: { name: string; latitudeDeg: number; longitudeDeg: number; elevationM: number }[];
  stars: { name: string; raDeg: number; decDeg: number; properMotionRaMasPerYr: number; properMotionDecMasPerYr: number; parallaxMas: number; epochJulianYear: number }[];
  positions: { site: string; utcMs: number; stars: [number, number][]; sun: [number, number] }[];
};

/** Hardie (1962) airmass from the zenith distance, written out here from the paper's polynomial. */
function hardie(altitudeDeg: number): number {
  const s = 1 / Math.cos(((90 - altitudeDeg) * Math.PI) / 180) - 1;
  return 1 + s - 0.0018167 * s - 0.002875 * s * s - 0.0008083 * s * s * s;
}

/** Bennett (1982) refraction, arcmin, scaled to 1013.25 hPa and 0 °C (good to ~0.1′ above 15°). */
function bennettArcmin(altitudeDeg: number): number {
  const h = altitudeDeg + 10.3 / (altitudeDeg + 5.11);
  return (1.02 / Math.tan((h * Math.PI) / 180)) * (1013.25 / 1010) * (283 / 273.15);
}

const minutes = (t: string): number => parseOcsDatetimeMs(`${t}:00Z`) ?? NaN;

describe('airmass over a request (OCS /api/requests/{id}/airmass/)', () => {
  let f: PortalFixture;
  beforeAll(async () => {
    f = await startPortal();
  });
  afterAll(() => f.close());

  it('samples every 10 min, only in dark time with the target above its airmass limit, keyed by site', async () => {
    const created = await f.call('POST', '/api/requestgroups/', { body: demoGroup({ name: 'airmass M1' }, { constraints: { max_airmass: 2 } }) });
    expect(created.status).toBe(201);
    const id = created.json.requests[0].id as number;
    // Private proposal: anonymous callers and non-members see 404, as for the request itself.
    expect((await f.call('GET', `/api/requests/${id}/airmass/`, { token: null })).status).toBe(404);
    expect((await f.call('GET', `/api/requests/${id}/airmass/`, { token: f.tokens['alice'] })).status).toBe(404);
    const r = await f.call('GET', `/api/requests/${id}/airmass/`);
    expect(r.status).toBe(200);
    expect(r.json.airmass_limit).toBe(2);
    expect(Object.keys(r.json.airmass_data)).toEqual(['tfn']);
    const { times, airmasses } = r.json.airmass_data.tfn as { times: string[]; airmasses: number[] };
    expect(times.length).toBe(airmasses.length);
    // 7 nights of a winter target at Teide: several hours a night.
    expect(times.length).toBeGreaterThan(7 * 6 * 4);
    const site = { latitudeDeg: 28.30036, longitudeDeg: -16.51172, elevationM: 2390 };
    const windowStart = Date.parse('2026-11-22T00:00:00Z');
    const windowEnd = Date.parse('2026-11-29T00:00:00Z');
    let steps10 = 0;
    let worstSun = -90;
    for (let i = 0; i < times.length; i++) {
      const t = minutes(times[i] as string);
      expect(t).toBeGreaterThanOrEqual(windowStart - 60_000);
      expect(t).toBeLessThan(windowEnd);
      worstSun = Math.max(worstSun, sunAltitudeDeg(site, t + 30_000));
      const x = airmasses[i] as number;
      expect(x).toBeGreaterThanOrEqual(1);
      // Refraction and Hardie lower the airmass slightly below sec z: never above the limit.
      expect(x).toBeLessThanOrEqual(2 + 1e-9);
      if (i > 0 && t - minutes(times[i - 1] as string) === AIRMASS_STEP_MS) steps10++;
    }
    // Samples are 10 min apart within a night (a few gaps between nights); the Sun is below −12°
    // (with a minute of slack for the minute-truncated time strings).
    expect(steps10).toBeGreaterThan(times.length - 3 * 7);
    expect(worstSun).toBeLessThan(-11.8);
  });

  it('answers 404 for unknown requests and an empty series for a window with no dark time', async () => {
    expect((await f.call('GET', '/api/requests/999999/airmass/', { token: null })).status).toBe(404);
    const day = demoGroup({}, { constraints: { max_airmass: 2 } }).requests as Record<string, unknown>[];
    const body = { ...day[0], windows: [{ start: '2026-11-22T11:00:00Z', end: '2026-11-22T15:00:00Z' }] };
    const r = await f.call('POST', '/api/airmass/', { token: null, body });
    expect(r).toEqual({ status: 200, json: { airmass_data: {}, airmass_limit: 2 } });
    const bad = await f.call('POST', '/api/airmass/', { token: null, body: { windows: 'x' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json)).toContain('configurations');
  });
});

describe('airmass values against astropy (McDonald, 2022-01-16)', () => {
  it('matches Hardie airmass of the astropy altitude (refracted, standard atmosphere) to 2e-4', () => {
    const mcd = REFERENCE.sites.find((s) => s.name === 'mcdonald');
    if (!mcd) throw new Error('fixture lacks McDonald');
    // The demo observatory moved to McDonald, with wide HA limits so only dark + airmass matter.
    const dump = JSON.parse(readFileSync(join(RESOURCES_DIR, 'demo/sites.json'), 'utf8'));
    for (const s of dump.results) {
      s.lat = mcd.latitudeDeg;
      s.long = mcd.longitudeDeg;
      s.elevation = mcd.elevationM;
      for (const e of s.enclosure_set)
        for (const t of e.telescope_set) Object.assign(t, { lat: mcd.latitudeDeg, long: mcd.longitudeDeg, ha_limit_neg: -12, ha_limit_pos: 12, zenith_blind_spot: 0, horizon: 15 });
    }
    const sites = sitesResponseSchema.parse(dump);
    const index = buildConfigdbIndex(sites);
    // A dark instant (Sun at −59°) with several stars between 40° and 75°.
    const pos = REFERENCE.positions.find((p) => p.site === 'mcdonald' && p.sun[0] < -50 && p.utcMs < 1.65e12);
    if (!pos) throw new Error('fixture lacks a dark McDonald instant');
    let worst = 0;
    let checked = 0;
    REFERENCE.stars.forEach((star, i) => {
      const alt = (pos.stars[i] as [number, number])[0];
      if (alt < 35 || alt > 80) return;
      const request = requestSchema.parse({
        location: { telescope_class: '1m0' },
        windows: [{ start: new Date(pos.utcMs).toISOString(), end: new Date(pos.utcMs + 3_600_000).toISOString() }],
        configurations: [
          {
            type: 'EXPOSE',
            instrument_type: '1M0-SCICAM-NIGHTSHIFT',
            target: { name: star.name, type: 'ICRS', ra: star.raDeg, dec: star.decDeg, proper_motion_ra: star.properMotionRaMasPerYr, proper_motion_dec: star.properMotionDecMasPerYr, parallax: star.parallaxMas, epoch: star.epochJulianYear },
            instrument_configs: [{ exposure_time: 30, exposure_count: 1, optical_elements: { filter: 'V' } }],
            constraints: { max_airmass: 3, min_lunar_distance: 0, max_lunar_phase: 1 },
            acquisition_config: {},
            guiding_config: {},
          },
        ],
      });
      const answer = requestAirmass(index, sites, request, pos.utcMs);
      const series = answer.airmass_data['tfn'];
      expect(series?.times[0]).toBe(new Date(pos.utcMs).toISOString().slice(0, 16));
      const expected = hardie(alt + bennettArcmin(alt) / 60);
      worst = Math.max(worst, Math.abs((series?.airmasses[0] ?? NaN) - expected));
      checked++;
    });
    console.info(`airmass vs astropy: ${checked} stars, worst |ΔX| = ${worst.toExponential(2)}`);
    expect(checked).toBeGreaterThanOrEqual(4);
    expect(worst).toBeLessThan(2e-4);
  });
});
