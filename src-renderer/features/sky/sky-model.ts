/**
 * The sky view's per-frame model, independent of any drawing library: it turns the catalogs, the
 * targets, a site and an instant into projected screen buffers (typed arrays, reused between frames)
 * and answers hover picks. Renderers (Canvas 2D now, three.js in sky-scene) only draw these buffers.
 */
import { airmassHardie, frameAt, riseTransitSet, targetPosition, type GeoSite } from '../../../src-shared/astro';
import {
  bodiesInFrame,
  bvToRgb,
  horizontalBatch,
  magnitudeToSizePx,
  pickInLayers,
  projectBatch,
  projectHorizontal,
  projectPolyline,
  skyColourForSunAltitude,
  unitVectorsAt,
  type BodyPlace,
  type SkyBodies,
  type SkyViewport,
} from '../../../src-shared/sky';
import type { SkyCatalogs } from './sky-data';
import { DEFAULT_LAYERS, NO_LIMITS, SkyOverlayLines, type SkyLayers, type SkyLimits, type SkyLineLabel, type SkyPolyline } from './sky-overlay-lines';
import { TARGET_STATE_RGB, type SkyTarget } from './sky-targets';
import { TelescopeLayer, type ProjectedPointing, type SkyBand, type SkyDome, type SkyPointing } from './sky-telescope-layer';

export type { ProjectedPointing, SkyBand, SkyDome, SkyPointing } from './sky-telescope-layer';

/** Recompute proper motion when the date moves by more than this (≤ 0.3″ for any bright star). */
const VECTOR_REFRESH_MS = 30 * 86_400_000;
/** Recompute Sun, Moon and planets when the time moves by more than this (simulated ms). */
const BODIES_REFRESH_MS = 2_000;

/** A projected point set: xy pixels, visibility flags and per-point style. */
export interface PointBuffers {
  count: number;
  xy: Float32Array;
  visible: Uint8Array;
  /** Diameter, CSS pixels. */
  sizePx: Float32Array;
  /** sRGB 0…1, interleaved. */
  rgb: Float32Array;
}

export interface ProjectedBody extends BodyPlace {
  x: number;
  y: number;
}

export interface SkyFrame {
  utcMs: number;
  viewport: SkyViewport;
  skyRgb: [number, number, number];
  stars: PointBuffers;
  targets: PointBuffers;
  /** Constellation segments with both ends drawn: [x1, y1, x2, y2, …] for `constellationSegmentCount`. */
  constellationXY: Float32Array;
  constellationSegmentCount: number;
  /** Milky Way outline: each polyline's projected points, broken where it leaves the view. */
  milkyWayXY: Float32Array[];
  labels: { text: string; x: number; y: number }[];
  bodies: ProjectedBody[];
  moonIlluminatedFraction: number;
  moonWaxing: boolean;
  /** Screen angle (radians, atan2(dy, dx), y down) from the Moon towards the Sun: where its bright limb faces. */
  moonBrightLimbRad: number;
  sunAltitudeDeg: number;
  /** Grid, meridian and limit lines, and their labels. */
  lines: SkyPolyline[];
  lineLabels: SkyLineLabel[];
  /** Telescope pointings above the drawn horizon (or below it while slewing up: x, y NaN). */
  pointings: ProjectedPointing[];
  /** Shaded regions: dome slits, the selected telescope's unreachable band. */
  bands: SkyBand[];
  layers: SkyLayers;
}

/** What the pointer is over. */
export type SkyHover =
  | { kind: 'target'; target: SkyTarget; altitudeDeg: number; airmass: number | null; setsMs: number | null; x: number; y: number }
  | { kind: 'star'; index: number; name: string; vMag: number; altitudeDeg: number; x: number; y: number };

function emptyPoints(n: number): PointBuffers {
  return { count: n, xy: new Float32Array(2 * n), visible: new Uint8Array(n), sizePx: new Float32Array(n), rgb: new Float32Array(3 * n) };
}

function raDecPairsToVectors(flat: Float64Array, utcMs: number): Float64Array {
  const n = flat.length / 2;
  const ra = new Float64Array(n);
  const dec = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ra[i] = flat[2 * i] ?? 0;
    dec[i] = flat[2 * i + 1] ?? 0;
  }
  return unitVectorsAt(ra, dec, utcMs);
}

export class SkyModel {
  private starVectors: Float64Array;
  private vectorsUtcMs: number;
  private readonly starH: Float32Array;
  private readonly stars: PointBuffers;
  private targetList: readonly SkyTarget[] = [];
  private targetVectors: Float64Array = new Float64Array(0);
  private targetH: Float32Array = new Float32Array(0);
  private targets = emptyPoints(0);
  private readonly lineVectors: Float64Array;
  private readonly lineH: Float32Array;
  private readonly lineXY: Float32Array;
  private readonly milkyVectors: Float64Array[];
  private readonly labelVectors: Float64Array;
  private last: SkyFrame | null = null;
  private site: GeoSite | null = null;
  private readonly overlay = new SkyOverlayLines();
  private bodies: SkyBodies | null = null;
  private bodiesUtcMs = 0;
  private bodiesSite: GeoSite | null = null;
  private layers: SkyLayers = DEFAULT_LAYERS;
  private limits: SkyLimits = NO_LIMITS;
  private pointings: readonly SkyPointing[] = [];
  private domes: readonly SkyDome[] = [];
  private readonly telescopes = new TelescopeLayer();

  /** Which reference layers to draw. */
  setLayers(layers: SkyLayers): void {
    this.layers = layers;
  }

  /** The selected telescope's limits (horizon, HA, airmass contours). */
  setLimits(limits: SkyLimits): void {
    this.limits = limits;
  }

  /** Telescope pointings to mark (few: computed per frame with the engine's frame). */
  setPointings(pointings: readonly SkyPointing[]): void {
    this.pointings = pointings;
  }

  /** Dome slits to draw. */
  setDomes(domes: readonly SkyDome[]): void {
    this.domes = domes;
  }

  /** The last computed frame (null before the first update). */
  lastFrame(): SkyFrame | null {
    return this.last;
  }

  constructor(private readonly catalogs: SkyCatalogs, utcMs: number) {
    const s = catalogs.stars;
    this.vectorsUtcMs = utcMs;
    this.starVectors = unitVectorsAt(s.raDeg, s.decDeg, utcMs, s.pmRaMasPerYr, s.pmDecMasPerYr);
    this.starH = new Float32Array(3 * s.count);
    this.stars = emptyPoints(s.count);
    for (let i = 0; i < s.count; i++) {
      this.stars.sizePx[i] = magnitudeToSizePx(s.vMag[i] ?? 99);
      this.stars.rgb.set(bvToRgb(s.bv[i] ?? 0.6), 3 * i);
    }
    this.lineVectors = raDecPairsToVectors(catalogs.constellations.segmentsRaDecDeg, utcMs);
    this.lineH = new Float32Array(this.lineVectors.length);
    this.lineXY = new Float32Array((this.lineVectors.length / 3) * 2);
    this.milkyVectors = catalogs.milkyWay.polylinesRaDecDeg.map((l) => raDecPairsToVectors(l, utcMs));
    const labels = catalogs.constellations.labels;
    this.labelVectors = unitVectorsAt(labels.map((l) => l.raDeg), labels.map((l) => l.decDeg), utcMs);
  }

  /** Replaces the drawn targets (call when the request list changes, not per frame). */
  setTargets(targets: readonly SkyTarget[]): void {
    this.targetList = targets;
    this.targetVectors = unitVectorsAt(targets.map((t) => t.raDeg), targets.map((t) => t.decDeg), this.vectorsUtcMs);
    this.targetH = new Float32Array(3 * targets.length);
    this.targets = emptyPoints(targets.length);
    targets.forEach((t, i) => {
      this.targets.sizePx[i] = 7;
      this.targets.rgb.set(TARGET_STATE_RGB[t.state], 3 * i);
    });
  }

  /** Computes the frame for `site` at `utcMs` into the model's reused buffers. */
  update(site: GeoSite, utcMs: number, viewport: SkyViewport): SkyFrame {
    if (Math.abs(utcMs - this.vectorsUtcMs) > VECTOR_REFRESH_MS) {
      const s = this.catalogs.stars;
      this.vectorsUtcMs = utcMs;
      this.starVectors = unitVectorsAt(s.raDeg, s.decDeg, utcMs, s.pmRaMasPerYr, s.pmDecMasPerYr);
    }
    this.site = site;
    const frame = frameAt(site, utcMs);
    horizontalBatch(frame, this.starVectors, this.starH);
    projectBatch(viewport, this.starH, this.stars.xy, this.stars.visible, 0);
    horizontalBatch(frame, this.targetVectors, this.targetH);
    projectBatch(viewport, this.targetH, this.targets.xy, this.targets.visible, 0);

    const L = this.layers;
    let segs = 0;
    if (L.constellations) {
      horizontalBatch(frame, this.lineVectors, this.lineH);
      const endVisible = new Uint8Array(this.lineH.length / 3);
      const endXY = new Float32Array(endVisible.length * 2);
      projectBatch(viewport, this.lineH, endXY, endVisible, 0);
      for (let k = 0; k + 1 < endVisible.length; k += 2) {
        if (!endVisible[k] || !endVisible[k + 1]) continue;
        this.lineXY.set(endXY.subarray(2 * k, 2 * k + 4), 4 * segs);
        segs++;
      }
    }

    const milkyWayXY: Float32Array[] = [];
    if (L.milkyWay) {
      for (const v of this.milkyVectors) milkyWayXY.push(...projectPolyline(viewport, horizontalBatch(frame, v, new Float32Array(v.length))));
    }

    const labels: SkyFrame['labels'] = [];
    const p = { x: 0, y: 0 };
    if (L.constellations) {
      const labelH = horizontalBatch(frame, this.labelVectors);
      this.catalogs.constellations.labels.forEach((l, i) => {
        if (projectHorizontal(viewport, labelH[3 * i] ?? 0, labelH[3 * i + 1] ?? 0, labelH[3 * i + 2] ?? 0, p, 0.05)) labels.push({ text: l.name, x: p.x, y: p.y });
      });
    }

    // Sun, Moon and planets move < 0.1 px in a few seconds: ten engine calls every BODIES_REFRESH_MS, not every frame.
    if (this.bodies === null || Math.abs(utcMs - this.bodiesUtcMs) > BODIES_REFRESH_MS || this.bodiesSite !== site) {
      this.bodies = bodiesInFrame(frame);
      this.bodiesUtcMs = utcMs;
      this.bodiesSite = site;
    }
    const sky = this.bodies;
    const bodies: ProjectedBody[] = [];
    for (const b of sky.bodies) {
      if (projectHorizontal(viewport, b.horizontal[0], b.horizontal[1], b.horizontal[2], p, 0)) bodies.push({ ...b, x: p.x, y: p.y });
    }
    const overlay = this.overlay.compute(frame, site.latitudeDeg, viewport, L, this.limits);
    const tel = this.telescopes.compute(frame, utcMs, viewport, L, this.limits, this.pointings, this.domes);
    this.last = {
      utcMs,
      viewport,
      skyRgb: skyColourForSunAltitude(sky.sunAltitudeDeg),
      stars: this.stars,
      targets: this.targets,
      constellationXY: this.lineXY,
      constellationSegmentCount: segs,
      milkyWayXY,
      labels,
      bodies,
      moonIlluminatedFraction: sky.moonIlluminatedFraction,
      moonWaxing: sky.moonWaxing,
      moonBrightLimbRad: brightLimbAngle(viewport, sky.bodies),
      sunAltitudeDeg: sky.sunAltitudeDeg,
      lines: tel.lines.length === 0 ? overlay.lines : [...overlay.lines, ...tel.lines],
      lineLabels: tel.labels.length === 0 ? overlay.labels : [...overlay.labels, ...tel.labels],
      pointings: tel.pointings,
      bands: tel.bands,
      layers: L,
    };
    return this.last;
  }

  /**
   * What is under (xPx, yPx) in the last frame: a target within 8 px first, else a star within
   * 6 px; null when nothing is. A target's set time is searched over the next 24 h (null if it
   * does not set).
   */
  pick(xPx: number, yPx: number): SkyHover | null {
    const f = this.last;
    if (f === null || this.site === null) return null;
    const hit = pickInLayers(
      [
        { kind: 'target', xy: f.targets.xy, visible: f.targets.visible, radiusPx: 8 },
        { kind: 'star', xy: f.stars.xy, visible: f.stars.visible, radiusPx: 6 },
      ],
      xPx,
      yPx,
    );
    if (hit === null) return null;
    const i = hit.index;
    const h = hit.kind === 'target' ? this.targetH : this.starH;
    const altitudeDeg = (Math.asin(Math.max(-1, Math.min(1, h[3 * i + 2] ?? 0))) * 180) / Math.PI;
    const pts = hit.kind === 'target' ? f.targets : f.stars;
    const x = pts.xy[2 * i] ?? 0;
    const y = pts.xy[2 * i + 1] ?? 0;
    if (hit.kind === 'target') {
      const target = this.targetList[i];
      if (target === undefined) return null;
      // Exact for the one hovered target, at the drawn frame's time: the per-frame arrays may be
      // mid-update when the target list has just changed.
      const icrs = { type: 'ICRS' as const, raDeg: target.raDeg, decDeg: target.decDeg };
      const targetAltDeg = targetPosition(icrs, this.site, f.utcMs).altitudeDeg;
      const rts = riseTransitSet(this.site, icrs, f.utcMs, f.utcMs + 86_400_000, 0);
      return { kind: 'target', target, altitudeDeg: targetAltDeg, airmass: airmassHardie(targetAltDeg), setsMs: rts.setsMs[0] ?? null, x, y };
    }
    return { kind: 'star', index: i, name: starLabel(this.catalogs, i), vMag: this.catalogs.stars.vMag[i] ?? Number.NaN, altitudeDeg, x, y };
  }
}

/** The best display name of star i: proper name, else Bayer/Flamsteed + constellation, else HR. */
export function starLabel(c: SkyCatalogs, i: number): string {
  const proper = c.stars.properNames.get(i);
  if (proper) return proper;
  const d = c.stars.designations.get(i);
  if (d?.bayer) return `${d.bayer} ${d.constellation}`;
  if (d && d.flamsteed > 0) return `${d.flamsteed} ${d.constellation}`;
  const hr = c.stars.hr[i] ?? 0;
  return hr > 0 ? `HR ${hr}` : `star ${i}`;
}

/** Screen direction from the Moon to the Sun (both projected even below the horizon), radians. */
function brightLimbAngle(vp: SkyViewport, bodies: readonly BodyPlace[]): number {
  const sun = bodies.find((b) => b.body === 'sun');
  const moon = bodies.find((b) => b.body === 'moon');
  if (sun === undefined || moon === undefined) return 0;
  const ps = { x: 0, y: 0 };
  const pm = { x: 0, y: 0 };
  // The stereographic plane is finite everywhere except the nadir: good enough for a direction.
  projectHorizontal({ ...vp, kind: 'stereographic' }, sun.horizontal[0], sun.horizontal[1], sun.horizontal[2], ps, -0.999);
  projectHorizontal({ ...vp, kind: 'stereographic' }, moon.horizontal[0], moon.horizontal[1], moon.horizontal[2], pm, -0.999);
  return Math.atan2(ps.y - pm.y, ps.x - pm.x);
}
