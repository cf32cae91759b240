import { describe, expect, it } from 'vitest';
import { frameAt, prepareTarget, type GeoSite } from '../../../src-shared/astro';
import { fitViewport, projectAltAz } from '../../../src-shared/sky';
import { loadSkyCatalogs } from '../../../src-renderer/features/sky/sky-data';
import { SkyModel } from '../../../src-renderer/features/sky/sky-model';
import { DEFAULT_LAYERS, NO_LIMITS } from '../../../src-renderer/features/sky/sky-overlay-lines';
import { skyShiftPx } from '../../../src-renderer/features/sky/SkyView';

// References: src-shared/astro's per-target path (prepareTarget → positionIn), projected with the
// view's projection; tolerances as the model's star test (0.05 px) and the e2e's (≤ 2 px on screen).
const SITE: GeoSite = { latitudeDeg: 28.30036, longitudeDeg: -16.51172, elevationM: 2390 };
const UTC_MS = Date.UTC(2027, 0, 15, 23, 0, 0);
const VP = fitViewport(1200, 900, 'stereographic', 28);

describe('telescope overlays in the sky model', async () => {
  const catalogs = await loadSkyCatalogs();
  const engineXY = (raDeg: number, decDeg: number, utcMs = UTC_MS) => {
    const ref = prepareTarget({ type: 'ICRS', raDeg, decDeg }).positionIn(frameAt(SITE, utcMs));
    return projectAltAz(VP, ref.altitudeDeg, ref.azimuthDeg, 0);
  };

  it('puts the pointing marker where the engine puts the mount’s J2000 position, and the slew path from it to the target', () => {
    const model = new SkyModel(catalogs, UTC_MS);
    const from = { raDeg: 30, decDeg: 40 };
    const to = { raDeg: 83.82, decDeg: -5.39 };
    model.setPointings([{ telescopeId: 't1', label: '1 m', ...from, tracking: false, slewing: true, target: to }]);
    const f = model.update(SITE, UTC_MS, VP);
    const p = f.pointings[0]!;
    const want = engineXY(from.raDeg, from.decDeg)!;
    expect(Math.hypot(p.x - want.x, p.y - want.y)).toBeLessThan(0.05);
    const wantTarget = engineXY(to.raDeg, to.decDeg)!;
    expect(Math.hypot(p.targetXY!.x - wantTarget.x, p.targetXY!.y - wantTarget.y)).toBeLessThan(0.05);
    const path = f.lines.filter((l) => l.style === 'slew-path');
    expect(path.length).toBe(1);
    const xy = path[0]!.xy;
    expect(Math.hypot(xy[0]! - want.x, xy[1]! - want.y)).toBeLessThan(0.05);
    expect(Math.hypot(xy[xy.length - 2]! - wantTarget.x, xy[xy.length - 1]! - wantTarget.y)).toBeLessThan(0.05);
    // Sampled finely enough to look like a curve (2° steps over the ~60° slew).
    expect(xy.length / 2).toBeGreaterThan(10);

    // Tracking: no path; layer off: nothing.
    model.setPointings([{ telescopeId: 't1', label: '1 m', ...to, tracking: true, slewing: false, target: null }]);
    const g = model.update(SITE, UTC_MS, VP);
    expect(g.lines.some((l) => l.style === 'slew-path')).toBe(false);
    expect(g.pointings[0]!.targetXY).toBeNull();
    model.setLayers({ ...DEFAULT_LAYERS, telescopes: false });
    expect(model.update(SITE, UTC_MS, VP).pointings).toEqual([]);
  });

  it('shades the dome slit around its azimuth and the band below the telescope’s limit, each behind its own layer', () => {
    const model = new SkyModel(catalogs, UTC_MS);
    model.setDomes([{ telescopeId: 't1', label: 'Dome A', azimuthDeg: 90, slitWidthDeg: 20, shutter: 'open' }]);
    model.setLimits({ ...NO_LIMITS, horizonDeg: 15, horizonMask: [{ azimuthDeg: 180, altitudeDeg: 30 }, { azimuthDeg: 270, altitudeDeg: 10 }] });
    const f = model.update(SITE, UTC_MS, VP);
    const slit = f.bands.find((b) => b.style === 'dome-slit')!;
    expect(slit.dim).toBe(false);
    // The slit starts on the horizon at azimuths 90° ∓ 10° (half its width either side of east).
    const s0 = slit.strips[0]!;
    const ends = [projectAltAz(VP, 0, 80, 0)!, projectAltAz(VP, 0, 100, 0)!];
    const got = [{ x: s0[0]!, y: s0[1]! }, { x: s0[2]!, y: s0[3]! }];
    const d = (p: { x: number; y: number }, q: { x: number; y: number }): number => Math.hypot(p.x - q.x, p.y - q.y);
    expect(Math.min(d(got[0]!, ends[0]!) + d(got[1]!, ends[1]!), d(got[0]!, ends[1]!) + d(got[1]!, ends[0]!))).toBeLessThan(0.05);
    expect(f.lineLabels.some((l) => l.style === 'dome-slit' && l.text === 'Dome A slit 90°')).toBe(true);
    const mask = f.bands.find((b) => b.style === 'horizon-mask')!;
    // At azimuth 180° the band reaches the mask's 30°, above the 15° horizon.
    const south30 = projectAltAz(VP, 30, 180, 0)!;
    const m = mask.strips[0]!;
    const k = 4 * 90; // sample 90 of 180 = azimuth 180°
    expect(Math.hypot(m[k + 2]! - south30.x, m[k + 3]! - south30.y)).toBeLessThan(0.05);
    expect(f.lines.some((l) => l.style === 'horizon-mask')).toBe(true);

    model.setLayers({ ...DEFAULT_LAYERS, domeSlit: false, horizonMask: false });
    const g = model.update(SITE, UTC_MS, VP);
    expect(g.bands).toEqual([]);
  });

  it('render on demand: skyShiftPx bounds how far any drawn star moves, and is not loose by more than 2×', () => {
    const model = new SkyModel(catalogs, UTC_MS);
    const a = model.update(SITE, UTC_MS, VP);
    const xy0 = Float32Array.from(a.stars.xy);
    const vis0 = Uint8Array.from(a.stars.visible);
    const dtMs = 60_000;
    const b = model.update(SITE, UTC_MS + dtMs, VP);
    let worst = 0;
    for (let i = 0; i < b.stars.count; i++) {
      if (!vis0[i] || !b.stars.visible[i]) continue;
      worst = Math.max(worst, Math.hypot(b.stars.xy[2 * i]! - xy0[2 * i]!, b.stars.xy[2 * i + 1]! - xy0[2 * i + 1]!));
    }
    const bound = skyShiftPx(dtMs, VP.horizonRadiusPx);
    expect(worst, `worst star shift ${worst.toFixed(3)} px, bound ${bound.toFixed(3)} px`).toBeLessThanOrEqual(bound);
    expect(worst).toBeGreaterThan(bound / 2);
  });
});
