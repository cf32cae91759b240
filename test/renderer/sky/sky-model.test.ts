import { describe, expect, it } from 'vitest';
import { airmassHardie, prepareTarget, riseTransitSet, frameAt, type GeoSite } from '../../../src-shared/astro';
import { fitViewport, projectAltAz } from '../../../src-shared/sky';
import { loadSkyCatalogs } from '../../../src-renderer/features/sky/sky-data';
import { SkyModel, starLabel } from '../../../src-renderer/features/sky/sky-model';
import { tooltipLines } from '../../../src-renderer/features/sky/tooltip-lines';
import type { SkyTarget } from '../../../src-renderer/features/sky/sky-targets';

// References: src-shared/astro's per-target path (itself tested against external tables).
const SITE: GeoSite = { latitudeDeg: 28.7606, longitudeDeg: -17.8816, elevationM: 2332 };
const UTC_MS = Date.UTC(2025, 0, 15, 23, 30, 0);
const VP = fitViewport(1000, 800, 'stereographic', 16);

describe('SkyModel (the view’s per-frame glue)', async () => {
  const catalogs = await loadSkyCatalogs();
  const model = new SkyModel(catalogs, UTC_MS);
  const targets: SkyTarget[] = [
    { id: 'req-1', name: 'M 42', raDeg: 83.8221, decDeg: -5.3911, state: 'scheduled' },
    { id: 'req-2', name: 'Far south', raDeg: 0, decDeg: -85, state: 'not-visible' },
  ];
  model.setTargets(targets);
  const frame = model.update(SITE, UTC_MS, VP);
  const f0 = frameAt(SITE, UTC_MS);

  it('draws named bright stars within 0.05 px of the engine’s alt/az projected', () => {
    let checked = 0;
    let worst = 0;
    for (const name of ['Sirius', 'Betelgeuse', 'Rigel', 'Capella', 'Aldebaran', 'Procyon', 'Pollux', 'Polaris']) {
      const i = [...catalogs.stars.properNames].find(([, n]) => n === name)?.[0] ?? -1;
      expect(i, name).toBeGreaterThanOrEqual(0);
      const s = catalogs.stars;
      const ref = prepareTarget({ type: 'ICRS', raDeg: s.raDeg[i] as number, decDeg: s.decDeg[i] as number, properMotionRaMasPerYr: s.pmRaMasPerYr[i] as number, properMotionDecMasPerYr: s.pmDecMasPerYr[i] as number }).positionIn(f0);
      const p = projectAltAz(VP, ref.altitudeDeg, ref.azimuthDeg, 0);
      if (p === null) continue;
      expect(frame.stars.visible[i], name).toBe(1);
      worst = Math.max(worst, Math.hypot((frame.stars.xy[2 * i] as number) - p.x, (frame.stars.xy[2 * i + 1] as number) - p.y));
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(6);
    expect(worst, `worst ${worst.toFixed(4)} px`).toBeLessThan(0.05);
  });

  it('draws constellation lines, labels, the Milky Way and the bodies above the horizon', () => {
    expect(frame.constellationSegmentCount).toBeGreaterThan(100);
    expect(frame.labels.map((l) => l.text)).toContain('Orion');
    expect(frame.milkyWayXY.length).toBeGreaterThan(0);
    for (const b of frame.bodies) expect(b.altitudeDeg).toBeGreaterThanOrEqual(0);
    expect(frame.bodies.some((b) => b.body === 'sun')).toBe(false);
    expect(frame.skyRgb).toEqual([0.01, 0.01, 0.03]);
  });

  it('hides targets below the horizon and picks a target with altitude, airmass and set time from the engine', () => {
    expect(frame.targets.visible[1]).toBe(0);
    expect(frame.targets.visible[0]).toBe(1);
    const x = frame.targets.xy[0] as number;
    const y = frame.targets.xy[1] as number;
    const hover = model.pick(x + 2, y - 1);
    expect(hover?.kind).toBe('target');
    if (hover?.kind !== 'target') return;
    expect(hover.target.id).toBe('req-1');
    const ref = prepareTarget({ type: 'ICRS', raDeg: 83.8221, decDeg: -5.3911 }).positionIn(f0);
    expect(Math.abs(hover.altitudeDeg - ref.altitudeDeg)).toBeLessThan(0.001);
    expect(hover.airmass).toBeCloseTo(airmassHardie(ref.altitudeDeg) as number, 3);
    const sets = riseTransitSet(SITE, { type: 'ICRS', raDeg: 83.8221, decDeg: -5.3911 }, UTC_MS, UTC_MS + 86_400_000, 0).setsMs[0];
    expect(hover.setsMs).toBe(sets);
    const { title, lines } = tooltipLines(hover);
    expect(title).toBe('M 42');
    expect(lines[0]).toBe(`altitude ${ref.altitudeDeg.toFixed(1)}°`);
    expect(lines[2]).toMatch(/^sets \d\d:\d\d UTC$/);
  });

  it('picks the nearest star when no target is near, and names it', () => {
    const i = [...catalogs.stars.properNames].find(([, n]) => n === 'Sirius')?.[0] ?? -1;
    const hover = model.pick(frame.stars.xy[2 * i] as number, frame.stars.xy[2 * i + 1] as number);
    expect(hover).toMatchObject({ kind: 'star', index: i, name: 'Sirius' });
    expect(starLabel(catalogs, i)).toBe('Sirius');
    expect(model.pick(-500, -500)).toBeNull();
  });

  it('follows time: a star rising in the east moves towards the zenith (centre) an hour later', () => {
    const i = [...catalogs.stars.properNames].find(([, n]) => n === 'Regulus')?.[0] ?? -1;
    const r = (t: number): number => {
      const f = model.update(SITE, t, VP);
      return Math.hypot((f.stars.xy[2 * i] as number) - VP.centreXPx, (f.stars.xy[2 * i + 1] as number) - VP.centreYPx);
    };
    const ref = prepareTarget({ type: 'ICRS', raDeg: catalogs.stars.raDeg[i] as number, decDeg: catalogs.stars.decDeg[i] as number }).positionIn(f0);
    expect(ref.azimuthDeg).toBeGreaterThan(45);
    expect(ref.azimuthDeg).toBeLessThan(135);
    expect(r(UTC_MS + 3_600_000)).toBeLessThan(r(UTC_MS));
  });
});
