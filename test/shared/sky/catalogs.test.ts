import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { decodeStarCatalog } from '../../../src-shared/sky';
import { loadConstellations, loadDso, loadMilkyWay, loadStars, readCatalogJson } from './load-catalogs';

const hms = (h: number, m: number, s: number): number => (h + m / 60 + s / 3600) * 15;
const dms = (sign: number, d: number, m: number, s: number): number => sign * (d + m / 60 + s / 3600);
const sepArcsec = (ra1: number, dec1: number, ra2: number, dec2: number): number => {
  const r = Math.PI / 180;
  const c = Math.sin(dec1 * r) * Math.sin(dec2 * r) + Math.cos(dec1 * r) * Math.cos(dec2 * r) * Math.cos((ra1 - ra2) * r);
  return (Math.acos(Math.min(1, c)) / r) * 3600;
};

// ICRS J2000 positions from SIMBAD (CDS), V from the Yale BSC 5th ed. Tolerances: stars 1″ (the
// catalogue is Hipparcos at epoch 2000, rounded to 0.01 s / 0.1″), V 0.05 mag.
const STARS = [
  { name: 'Sirius', hr: 2491, ra: hms(6, 45, 8.917), dec: dms(-1, 16, 42, 58.02), v: -1.46 },
  { name: 'Vega', hr: 7001, ra: hms(18, 36, 56.336), dec: dms(1, 38, 47, 1.28), v: 0.03 },
  { name: 'Betelgeuse', hr: 2061, ra: hms(5, 55, 10.305), dec: dms(1, 7, 24, 25.43), v: 0.5 },
  { name: 'Polaris', hr: 424, ra: hms(2, 31, 49.095), dec: dms(1, 89, 15, 50.79), v: 2.02 },
];

describe('bundled star catalog', () => {
  const stars = loadStars();
  it('holds the stars to V 6.5, brightest first', () => {
    expect(stars.count).toBeGreaterThan(8500);
    expect(stars.count).toBeLessThan(9500);
    for (let i = 1; i < stars.count; i++) expect(stars.vMag[i]).toBeGreaterThanOrEqual(stars.vMag[i - 1] as number);
    expect(Math.max(...stars.vMag)).toBeLessThanOrEqual(6.5);
  });
  it('matches SIMBAD positions and BSC numbers for named stars (≤ 1″, ≤ 0.1 mag)', () => {
    let worst = 0;
    for (const ref of STARS) {
      const i = [...stars.properNames].find(([, n]) => n === ref.name)?.[0];
      expect(i, ref.name).toBeDefined();
      const k = i as number;
      expect(stars.hr[k]).toBe(ref.hr);
      const sep = sepArcsec(stars.raDeg[k] as number, stars.decDeg[k] as number, ref.ra, ref.dec);
      worst = Math.max(worst, sep);
      expect(Math.abs((stars.vMag[k] as number) - ref.v)).toBeLessThan(0.1);
    }
    expect(worst, `worst separation ${worst.toFixed(2)}″`).toBeLessThan(1);
  });
  it('has Bayer designations and B−V colours (Betelgeuse red, Rigel blue)', () => {
    const idx = (n: string): number => [...stars.properNames].find(([, x]) => x === n)?.[0] ?? -1;
    expect(stars.designations.get(idx('Betelgeuse'))).toEqual({ bayer: 'alp', flamsteed: 58, constellation: 'Ori' });
    // Hipparcos B−V of Betelgeuse is 1.50 (BSC: 1.85); Rigel −0.03.
    expect(stars.bv[idx('Betelgeuse')]).toBeGreaterThan(1.4);
    expect(stars.bv[idx('Rigel')]).toBeLessThan(0);
  });
  it('rejects a malformed file with config.invalid', () => {
    const raw = readCatalogJson('stars.json') as Record<string, unknown>;
    const bad = { ...raw, raDeg: (raw.raDeg as number[]).slice(1) };
    expect(() => decodeStarCatalog(bad)).toThrow(AppError);
    try {
      decodeStarCatalog({ ...raw, format: 'x' });
    } catch (e) {
      expect((e as AppError).code).toBe('config.invalid');
    }
  });
});

describe('bundled DSO, constellation and Milky Way catalogs', () => {
  it('holds NGC/IC with Messier numbers; M 31 and M 42 at SIMBAD positions (≤ 10″)', () => {
    const dso = loadDso();
    expect(dso.count).toBeGreaterThan(13000);
    expect(dso.messier.filter((m) => m > 0).length).toBeGreaterThanOrEqual(109);
    const m31 = dso.messier.indexOf(31);
    expect(dso.id[m31]).toBe('NGC 224');
    expect(dso.type[m31]).toBe('galaxy');
    expect(sepArcsec(dso.raDeg[m31] as number, dso.decDeg[m31] as number, hms(0, 42, 44.33), dms(1, 41, 16, 7.5))).toBeLessThan(10);
    const m42 = dso.messier.indexOf(42);
    expect(dso.id[m42]).toBe('NGC 1976');
    expect(sepArcsec(dso.raDeg[m42] as number, dso.decDeg[m42] as number, hms(5, 35, 17.3), dms(-1, 5, 23, 28))).toBeLessThan(60);
    expect(dso.majorArcmin[m31]).toBeGreaterThan(100);
  });
  it('has the 88 IAU constellations and line ends on catalogue stars', () => {
    const c = loadConstellations();
    expect(new Set(c.labels.map((l) => l.abbr)).size).toBe(88);
    expect(c.segmentsRaDecDeg.length / 4).toBeGreaterThan(600);
    const stars = loadStars();
    // Every end snapped to a star lies exactly on one (to the file's 5 decimals).
    const keys = new Set<string>();
    for (let i = 0; i < stars.count; i++) keys.add(`${(stars.raDeg[i] as number).toFixed(5)},${(stars.decDeg[i] as number).toFixed(5)}`);
    let onStar = 0;
    for (let k = 0; k < c.segmentsRaDecDeg.length; k += 2) if (keys.has(`${(c.segmentsRaDecDeg[k] as number).toFixed(5)},${(c.segmentsRaDecDeg[k + 1] as number).toFixed(5)}`)) onStar++;
    expect(onStar / (c.segmentsRaDecDeg.length / 2)).toBeGreaterThan(0.99);
  });
  it('has a Milky Way outline crossing Cygnus and Sagittarius', () => {
    const mw = loadMilkyWay();
    expect(mw.polylinesRaDecDeg.length).toBeGreaterThan(5);
    const all = mw.polylinesRaDecDeg.flatMap((l) => [...l]);
    expect(all.length).toBeGreaterThan(1000);
    for (let k = 0; k < all.length; k += 2) {
      expect(all[k]).toBeGreaterThanOrEqual(0);
      expect(all[k]).toBeLessThanOrEqual(360);
      expect(Math.abs(all[k + 1] as number)).toBeLessThanOrEqual(90);
    }
  });
});
