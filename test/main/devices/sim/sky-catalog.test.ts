/**
 * The simulator's sky: the banded index of the bundled catalogue returns exactly what a brute-force
 * scan returns; the faint fill-in follows the star-count table (whole-sky totals, and the real
 * catalogue's own counts at V 6 / 6.5 as an independent check), is deterministic per sky position,
 * and the galactic-latitude factor keeps the whole-sky average; zero points follow the photon-flux
 * formula (V band: ~1000 photons s⁻¹ cm⁻² Å⁻¹ × 880 Å for a magnitude-0 star, Bessell 1979/1998).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeStarCatalog } from '../../../../src-shared/sky/catalog-decode';
import {
  FaintStarField,
  bundledStarCatalogPath,
  createSkyCatalog,
  galacticDensityFactor,
  galacticLatitudeDeg,
  loadBundledStarCatalog,
  separationDeg,
  starsPerSqDegBrighterThan,
  zeroPointMag,
  LayeredStarCatalog,
  createSimDevice,
  type SimWorld,
} from '../../../../src-main/devices/sim';
import { loadTelescopeDevices } from '../../../../src-main/devices/demo-devices';
import { newClock } from '../helpers';
import { RESOURCES_DIR } from '../helpers-sky';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PATH = bundledStarCatalogPath(RESOURCES_DIR);
const raw = decodeStarCatalog(JSON.parse(readFileSync(PATH, 'utf8')));

describe('bundled catalogue index', () => {
  it('cone queries equal a brute-force scan (random centres incl. poles and RA wrap, radii 0.1–30°, V limits)', () => {
    const catalog = loadBundledStarCatalog(PATH);
    expect(catalog.count).toBe(raw.count);
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 23.999, noNaN: true }),
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: 0.1, max: 30, noNaN: true }),
        fc.double({ min: 2, max: 7, noNaN: true }),
        (raHours, decDeg, radiusDeg, limit) => {
          const got = catalog.starsNear({ raHours, decDeg }, radiusDeg, limit).map((s) => `${(s.raHours * 15).toFixed(5)},${s.decDeg.toFixed(5)}`).sort();
          const want: string[] = [];
          for (let i = 0; i < raw.count; i++) {
            if ((raw.vMag[i] as number) > limit) continue;
            const star = { raHours: (raw.raDeg[i] as number) / 15, decDeg: raw.decDeg[i] as number };
            if (separationDeg(star, { raHours, decDeg }) <= radiusDeg) want.push(`${(star.raHours * 15).toFixed(5)},${star.decDeg.toFixed(5)}`);
          }
          // Stars exactly on the rim may differ by rounding; none are in practice.
          expect(got).toEqual(want.sort());
        },
      ),
      { numRuns: 150, seed: 4242 },
    );
  });

  it('is loaded once per process and shared', () => {
    expect(loadBundledStarCatalog(PATH)).toBe(loadBundledStarCatalog(PATH));
  });

  it('the real catalogue agrees with the star-count table at V 6 and V 6.5 within 15 %', () => {
    for (const v of [6, 6.5]) {
      let n = 0;
      for (let i = 0; i < raw.count; i++) if ((raw.vMag[i] as number) <= v) n++;
      const table = starsPerSqDegBrighterThan(v) * 41_252.96;
      expect(Math.abs(n / table - 1), `V ≤ ${v}: catalogue ${n}, table ${table.toFixed(0)}`).toBeLessThan(0.15);
    }
  });
});

describe('faint fill-in', () => {
  const field = new FaintStarField({ brightestMag: 6.5, faintestMag: 16 });

  it('the galactic factor averages to 1 over the sphere (±1 %) and is highest in the plane', () => {
    let sum = 0;
    let w = 0;
    for (let b = -89.95; b < 90; b += 0.1) {
      const c = Math.cos((b * Math.PI) / 180);
      sum += galacticDensityFactor(b) * c;
      w += c;
    }
    expect(Math.abs(sum / w - 1)).toBeLessThan(0.01);
    expect(galacticDensityFactor(0)).toBeGreaterThan(5 * galacticDensityFactor(90));
    // The north galactic pole is at α 192.86°, δ 27.13°; the galactic centre direction has b ≈ 0.
    expect(galacticLatitudeDeg(192.85948, 27.12825)).toBeCloseTo(90, 6);
    expect(Math.abs(galacticLatitudeDeg(266.405, -28.936))).toBeLessThan(0.1);
  });

  it('counts in a 2° cone follow the table × galactic factor within 5 Poisson σ (pole and plane)', () => {
    for (const c of [
      { raHours: 192.86 / 15, decDeg: 27.13 },
      { raHours: 266.405 / 15, decDeg: -28.936 },
    ]) {
      const stars = field.starsNear(c, 2, 13).filter((s) => s.mag > 10 && s.mag <= 13);
      const areaSqDeg = 2 * Math.PI * (1 - Math.cos((2 * Math.PI) / 180)) * (180 / Math.PI) ** 2;
      const expected = (starsPerSqDegBrighterThan(13) - starsPerSqDegBrighterThan(10)) * areaSqDeg * galacticDensityFactor(galacticLatitudeDeg(c.raHours * 15, c.decDeg));
      expect(Math.abs(stars.length - expected), `${stars.length} vs ${expected.toFixed(0)}`).toBeLessThan(5 * Math.sqrt(expected) + 0.05 * expected);
      expect(stars.every((s) => s.mag > 6.5 && separationDeg(s, c) <= 2)).toBe(true);
    }
  });

  it('is deterministic per sky position: repeated, overlapping and deeper queries agree on shared stars', () => {
    const key = (s: { raHours: number; decDeg: number; mag: number }): string => `${s.raHours.toFixed(9)},${s.decDeg.toFixed(9)},${s.mag.toFixed(6)}`;
    const c = { raHours: 5.5, decDeg: -5.4 };
    const a = field.starsNear(c, 0.3, 14).map(key).sort();
    expect(field.starsNear(c, 0.3, 14).map(key).sort()).toEqual(a);
    const wide = new Set(field.starsNear({ raHours: 5.51, decDeg: -5.3 }, 0.8, 15).map(key));
    expect(a.length).toBeGreaterThan(50);
    expect(a.every((k) => wide.has(k))).toBe(true);
  });
});

describe('layered sky catalogue and its wiring', () => {
  it('adds synthetic stars only below the catalogue limit and keeps the real bright stars', () => {
    const sky = createSkyCatalog(PATH);
    const vega = { raHours: 279.23473 / 15, decDeg: 38.78369 };
    const stars = sky.starsNear(vega, 0.5, 12);
    const bright = stars.filter((s) => s.mag <= 6.5);
    expect(bright.some((s) => s.mag < 0.1 && separationDeg(s, vega) < 0.01)).toBe(true);
    expect(stars.length - bright.length).toBeGreaterThan(25);
  });

  it('loadTelescopeDevices gives sim devices the bundled catalogue; the sim world then uses it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ns-devcat-'));
    const { telescopes } = loadTelescopeDevices(dataDir, RESOURCES_DIR);
    const cam = telescopes[0]?.devices.find((d) => d.kind === 'camera');
    expect(cam?.family).toBe('sim');
    if (cam?.family !== 'sim') return;
    expect(cam.options?.starCatalogPath).toBe(PATH);
    const shared = new Map<string, unknown>();
    const clock = newClock();
    createSimDevice(cam, { clock, telescopeId: 'tel', site: null, shared });
    expect((shared.get('sim:world:tel') as SimWorld).catalog).toBeInstanceOf(LayeredStarCatalog);
  });
});

describe('zero points', () => {
  it('V band, 200 mm, 30 % obstruction, η 0.5, gain 1: within 0.05 mag of 1000 ph/s/cm²/Å × 880 Å × area × η', () => {
    const area = Math.PI * 10 * 10 * (1 - 0.09);
    const reference = 2.5 * Math.log10(995.5 * 880 * area * 0.5);
    expect(Math.abs(zeroPointMag({ apertureMm: 200, filter: 'V' }) - reference)).toBeLessThan(0.05);
  });

  it('scales with aperture area and bandwidth; opaque filters pass no light', () => {
    const v200 = zeroPointMag({ apertureMm: 200, filter: 'V' });
    expect(zeroPointMag({ apertureMm: 400, filter: 'V' }) - v200).toBeCloseTo(5 * Math.log10(2), 6);
    // 7 nm Hα vs 88 nm V: 2.5·log10((7/656.3)/(88/551)) ≈ −2.94 mag.
    expect(zeroPointMag({ apertureMm: 200, filter: 'Ha' }) - v200).toBeCloseTo(2.5 * Math.log10(7 / 656.3 / (88 / 551)), 6);
    expect(zeroPointMag({ apertureMm: 200, filter: 'dark' })).toBe(Number.NEGATIVE_INFINITY);
  });
});
