/**
 * A read-only window onto the all-sky view for end-to-end tests and the benchmark
 * (`window.__nightshiftSky`): the positions the renderer drew in its last frame, computed by the
 * same SkyModel, plus a frame counter. `setTargets` replaces the drawn targets (bench load only).
 */
import type { GeoSite } from '../../../src-shared/astro';
import type { SkyViewport } from '../../../src-shared/sky';
import type { SkyCatalogs } from './sky-data';
import type { SkyFrame } from './sky-model';
import type { SkyTarget } from './sky-targets';

export interface SkyProbePoint {
  name: string;
  raDeg: number;
  decDeg: number;
  /** CSS pixels relative to the sky canvas. */
  x: number;
  y: number;
  visible: boolean;
}

export interface SkyProbe {
  renderer: 'webgl' | 'canvas';
  /** Frames drawn since the view mounted (the view draws on demand: only when something changed). */
  frames: number;
  /** Animation-loop turns since the view mounted (drawn or not). */
  loops: number;
  /** Backing-store resolution of the last frame as a fraction of the device pixel ratio (dynamic resolution; 1 = sharp). */
  renderScale: number;
  utcMs: number;
  site: GeoSite;
  viewport: SkyViewport;
  /** Named stars (proper names), with proper motions for recomputation. */
  stars: (SkyProbePoint & { pmRaMasPerYr: number; pmDecMasPerYr: number })[];
  targets: (SkyProbePoint & { id: string; state: string })[];
  /** Telescope pointings drawn (markers above the horizon), as the overlay draws them. */
  pointings: { telescopeId: string; label: string; raDeg: number; decDeg: number; x: number; y: number; slewing: boolean }[];
  /** The selected telescope's horizon-mask outline as drawn: polylines of [x0, y0, x1, y1, …] CSS px (empty without a mask). */
  horizonMaskLines: number[][];
}

export interface SkyTestHook {
  probe(): SkyProbe | null;
  /** Draw these targets instead of the queue's (null restores the queue's). */
  setTargets(targets: SkyTarget[] | null): void;
  /** Advance the drawn time by `stepMs` per animation frame (null stops and returns to the clock): the sky moves every frame (bench). */
  setAnimation(stepMs: number | null): void;
  /** Dynamic resolution on (default) or off (always full resolution: the bench's comparison). */
  setDynamicResolution(on: boolean): void;
}

declare global {
  interface Window {
    __nightshiftSky?: SkyTestHook;
  }
}

/** Builds the probe of frame `f`. */
export function probeFrame(f: SkyFrame, renderer: 'webgl' | 'canvas', frames: number, loops: number, renderScale: number, site: GeoSite, catalogs: SkyCatalogs, targets: readonly SkyTarget[]): SkyProbe {
  const s = catalogs.stars;
  const stars: SkyProbe['stars'] = [];
  for (const [i, name] of s.properNames) {
    stars.push({
      name,
      raDeg: s.raDeg[i] ?? 0,
      decDeg: s.decDeg[i] ?? 0,
      pmRaMasPerYr: s.pmRaMasPerYr[i] ?? 0,
      pmDecMasPerYr: s.pmDecMasPerYr[i] ?? 0,
      x: f.stars.xy[2 * i] ?? 0,
      y: f.stars.xy[2 * i + 1] ?? 0,
      visible: f.stars.visible[i] === 1,
    });
  }
  const tg = targets.slice(0, 200).map((t, i) => ({
    id: t.id,
    name: t.name,
    state: t.state,
    raDeg: t.raDeg,
    decDeg: t.decDeg,
    x: f.targets.xy[2 * i] ?? 0,
    y: f.targets.xy[2 * i + 1] ?? 0,
    visible: f.targets.visible[i] === 1,
  }));
  const pointings = f.pointings
    .filter((p) => Number.isFinite(p.x))
    .map((p) => ({ telescopeId: p.telescopeId, label: p.label, raDeg: p.raDeg, decDeg: p.decDeg, x: p.x, y: p.y, slewing: p.slewing === true }));
  const horizonMaskLines = f.lines.filter((l) => l.style === 'horizon-mask').map((l) => Array.from(l.xy));
  return { renderer, frames, loops, renderScale, utcMs: f.utcMs, site, viewport: f.viewport, stars, targets: tg, pointings, horizonMaskLines };
}
