import { describe, expect, it } from 'vitest';
import {
  CatalogResolver,
  DEFAULT_MAGNITUDE_SCALE,
  bvToRgb,
  bvToTemperatureK,
  magnitudeToSizePx,
  nameKey,
  resolveWithFallback,
  type NameResolver,
  type ResolvedName,
} from '../../../src-shared/sky';
import { loadDso, loadStars } from './load-catalogs';

describe('star colours and sizes', () => {
  it('B−V → temperature follows Ballesteros (2012): Sun 0.65 → 5,700–5,900 K, Vega 0.0 → ~10,000 K', () => {
    // Reference: the Sun's B−V is 0.65 and its effective temperature 5,772 K (IAU 2015 B3); the
    // formula is quoted to ±~100 K on the main sequence.
    expect(Math.abs(bvToTemperatureK(0.65) - 5772)).toBeLessThan(150);
    expect(bvToTemperatureK(0)).toBeGreaterThan(9500);
    // K5–M0 stars (B−V ≈ 1.5) are ~3,800–4,000 K.
    expect(bvToTemperatureK(1.5)).toBeLessThan(4000);
  });
  it('hot stars are bluer than cool stars; a solar colour is near white', () => {
    const [rb, , bb] = bvToRgb(-0.2);
    const [rr, , br] = bvToRgb(1.6);
    expect(bb).toBeGreaterThan(rb);
    expect(rr).toBeGreaterThan(br);
    const sun = bvToRgb(0.65);
    expect(Math.min(...sun)).toBeGreaterThan(0.8);
  });
  it('size grows by 10^0.2 per magnitude, clamped, zero beyond the limit', () => {
    const s = DEFAULT_MAGNITUDE_SCALE;
    expect(magnitudeToSizePx(s.limitMag)).toBeCloseTo(s.minSizePx, 9);
    expect(magnitudeToSizePx(s.limitMag - 1) / magnitudeToSizePx(s.limitMag)).toBeCloseTo(Math.pow(10, 0.2), 9);
    expect(magnitudeToSizePx(-1.46)).toBe(s.maxSizePx);
    expect(magnitudeToSizePx(7)).toBe(0);
    expect(magnitudeToSizePx(Number.NaN)).toBe(0);
  });
});

describe('offline catalogue resolver', () => {
  const resolver = new CatalogResolver(loadStars(), loadDso());
  const place = (r: ResolvedName | null): { raDeg: number; decDeg: number } => {
    if (r?.target.kind !== 'sidereal') throw new Error('not sidereal');
    return r.target.place;
  };

  it('normalises names', () => {
    expect(nameKey('Messier 31')).toBe('m31');
    expect(nameKey('NGC 0224')).toBe('ngc224');
    expect(nameKey('α CMa')).toBe('alp cma');
    expect(nameKey('Alpha CMa')).toBe('alp cma');
    expect(nameKey('  hr   2491 ')).toBe('hr2491');
  });

  it('resolves Messier, NGC/IC and common names of one object to the same place (SIMBAD M 31 within 10″)', () => {
    const names = ['M 31', 'm31', 'Messier 31', 'NGC 224', 'ngc0224', 'Andromeda Galaxy'];
    const results = names.map((n) => resolver.lookup(n));
    for (const [k, r] of results.entries()) expect(r?.canonicalName, names[k]).toBe('NGC 224');
    const p = place(results[0] ?? null);
    expect(Math.abs(p.raDeg - 10.68471) * 3600 * Math.cos((41.27 * Math.PI) / 180)).toBeLessThan(10);
    expect(Math.abs(p.decDeg - 41.26875) * 3600).toBeLessThan(10);
    expect(results[0]?.otherNames).toContain('M 31');
    expect(resolver.lookup('Pleiades')?.canonicalName).toBe('M 45');
    expect(resolver.lookup('IC 434')?.objectType).toBe('nebula');
  });

  it('resolves stars by proper name, Bayer, Flamsteed and HR, with proper motion', () => {
    for (const n of ['Sirius', 'sirius', 'alp CMa', 'α CMa', 'alpha CMa', '9 CMa', 'HR 2491', 'BS 2491']) {
      expect(resolver.lookup(n)?.canonicalName, n).toBe('HR 2491');
    }
    const sirius = resolver.lookup('Sirius');
    if (sirius?.target.kind !== 'sidereal') throw new Error('Sirius not sidereal');
    // Hipparcos: μα* −546.01, μδ −1223.07 mas/yr, ϖ 379.21 mas (to the catalogue's 0.1).
    expect(sirius.target.place.properMotionRaMasPerYr).toBeCloseTo(-546.0, 0);
    expect(sirius.target.place.properMotionDecMasPerYr).toBeCloseTo(-1223.1, 0);
    expect(sirius.target.place.parallaxMas).toBeCloseTo(379.2, 0);
    expect(resolver.lookup('61 Cyg')?.objectType).toBe('star');
  });

  it('resolves the major bodies to engine targets', () => {
    expect(resolver.lookup('Jupiter')?.target).toEqual({ kind: 'major-body', body: 'jupiter' });
    expect(resolver.lookup('moon')?.target).toEqual({ kind: 'major-body', body: 'moon' });
  });

  it('answers not-found for unknown names, and offline when the online resolvers cannot be reached', async () => {
    expect(await resolver.resolve('NGC 99999')).toMatchObject({ status: 'not-found', resolver: 'catalog' });
    const unreachable: NameResolver = { id: 'sesame', resolve: () => Promise.resolve({ status: 'offline', resolver: 'sesame', message: 'no network' }) };
    const throwing: NameResolver = { id: 'horizons', resolve: () => Promise.reject(new Error('ECONNREFUSED')) };
    const answer = await resolveWithFallback([resolver, unreachable, throwing], '2MASS J05353166-0530177', { utcMs: 0 });
    expect(answer.status).toBe('offline');
    if (answer.status === 'offline') expect(answer.message).toMatch(/sesame, horizons/);
    expect((await resolveWithFallback([resolver, unreachable], 'Vega', { utcMs: 0 })).status).toBe('found');
    expect((await resolveWithFallback([resolver], 'Nowhere 1', { utcMs: 0 })).status).toBe('not-found');
  });
});
