/**
 * The telescopes' overlays of the all-sky view, per frame: each mount's pointing (projected through
 * the frame's batch rotation like the stars), its slew path while slewing (great-circle arc from the
 * current to the target position, J2000, so it turns with the sky), the dome slits (bands fixed in
 * alt/az) and the selected telescope's unreachable band (below its horizon limit and horizon mask).
 * Fixed alt/az geometry is rebuilt only when its inputs change; everything here is a few hundred points.
 */
import { maskAltitudeDeg, type Frame } from '../../../src-shared/astro';
import {
  domeSlitBand,
  greatCircleArc,
  horizontalBatch,
  horizonMaskBand,
  projectBand,
  projectHorizontal,
  projectPolyline,
  separationDeg,
  unitVectorsAt,
  type HorizontalBand,
  type SkyViewport,
} from '../../../src-shared/sky';
import type { SkyLayers, SkyLimits, SkyLineLabel, SkyPolyline } from './sky-overlay-lines';
import type { SkyBandStyle } from './sky-style';

/** A telescope's current pointing (J2000), as the devices store reports its mount. */
export interface SkyPointing {
  telescopeId: string;
  label: string;
  raDeg: number;
  decDeg: number;
  /** Tracking and not slewing (drawn solid; otherwise paler). */
  tracking: boolean;
  /** Slewing now: the path to `target` is drawn. */
  slewing?: boolean;
  /** The last slew target (J2000 degrees), or null before the first slew. */
  target?: { raDeg: number; decDeg: number } | null;
}

/** A dome's slit, as the devices store reports the dome (domes with an azimuth only; not roofs). */
export interface SkyDome {
  telescopeId: string;
  /** Display name, e.g. "Dome A". */
  label: string;
  /** Slit azimuth, degrees from north through east. */
  azimuthDeg: number;
  /** Angular width of the slit as seen from the telescope, degrees. */
  slitWidthDeg: number;
  /** open, closed, opening, closing, … (a closed slit is drawn fainter). */
  shutter: string;
}

export interface ProjectedPointing extends SkyPointing {
  x: number;
  y: number;
  altitudeDeg: number;
  /** Projected slew target while slewing, else null. */
  targetXY: { x: number; y: number } | null;
}

/** A shaded region: triangle strips [ax0, ay0, bx0, by0, …] in CSS pixels. */
export interface SkyBand {
  style: SkyBandStyle;
  strips: Float32Array[];
  /** Fainter (a closed dome's slit). */
  dim: boolean;
}

export interface TelescopeOverlay {
  pointings: ProjectedPointing[];
  lines: SkyPolyline[];
  labels: SkyLineLabel[];
  bands: SkyBand[];
}

/** Sample spacing of slew paths, degrees (≤ 1 px of sag at any realistic horizon radius). */
const SLEW_STEP_DEG = 2;
const RAD = Math.PI / 180;

export class TelescopeLayer {
  private maskKey = '';
  private mask: HorizontalBand | null = null;
  private slitKey = '';
  private slits: { band: HorizontalBand }[] = [];

  compute(frame: Frame, utcMs: number, vp: SkyViewport, layers: SkyLayers, limits: SkyLimits, pointings: readonly SkyPointing[], domes: readonly SkyDome[]): TelescopeOverlay {
    const out: TelescopeOverlay = { pointings: [], lines: [], labels: [], bands: [] };
    const p = { x: 0, y: 0 };

    if (layers.horizonMask) {
      const key = JSON.stringify([limits.horizonDeg, limits.horizonMask ?? null]);
      if (key !== this.maskKey) {
        this.maskKey = key;
        const m = limits.horizonMask ?? null;
        this.mask = limits.horizonDeg === null && (m === null || m.length === 0) ? null : horizonMaskBand(limits.horizonDeg ?? 0, (az) => maskAltitudeDeg(m, az));
      }
      if (this.mask !== null) {
        out.bands.push({ style: 'horizon-mask', strips: projectBand(vp, this.mask, 0), dim: false });
        if ((limits.horizonMask?.length ?? 0) > 0) {
          for (const xy of projectPolyline(vp, this.mask.b, 0)) out.lines.push({ style: 'horizon-mask', xy });
        }
        // Label inside the band, towards the north-east (clear of the altitude labels at azimuth 160°).
        const k = Math.round(((this.mask.b.length / 3 - 1) * 30) / 360);
        const h = midpoint(this.mask, k);
        if (projectHorizontal(vp, h[0], h[1], h[2], p, 0)) out.labels.push({ style: 'horizon-mask', text: 'below limit', x: p.x, y: p.y });
      }
    }

    if (layers.domeSlit) {
      const key = JSON.stringify(domes.map((d) => [d.azimuthDeg.toFixed(2), d.slitWidthDeg]));
      if (key !== this.slitKey) {
        this.slitKey = key;
        this.slits = domes.map((dome) => ({ band: domeSlitBand(dome.azimuthDeg, dome.slitWidthDeg) }));
      }
      this.slits.forEach(({ band }, i) => {
        const dome = domes[i];
        if (dome === undefined) return;
        const dim = dome.shutter !== 'open';
        out.bands.push({ style: 'dome-slit', strips: projectBand(vp, band, 0), dim });
        for (const xy of projectPolyline(vp, band.a, 0)) out.lines.push({ style: 'dome-slit', xy });
        for (const xy of projectPolyline(vp, band.b, 0)) out.lines.push({ style: 'dome-slit', xy });
        // Label at altitude ≈ 20° on the slit's centre line.
        const h = midpoint(band, Math.round((band.a.length / 3 - 1) * (20 / 95)));
        if (projectHorizontal(vp, h[0], h[1], h[2], p, 0)) {
          out.labels.push({ style: 'dome-slit', text: `${dome.label} slit ${Math.round(dome.azimuthDeg)}°${dim ? ` (${dome.shutter})` : ''}`, x: p.x, y: p.y });
        }
      });
    }

    if (layers.telescopes && pointings.length > 0) {
      const v = unitVectorsAt(pointings.map((q) => q.raDeg), pointings.map((q) => q.decDeg), utcMs);
      const h = horizontalBatch(frame, v);
      pointings.forEach((q, i) => {
        let targetXY: { x: number; y: number } | null = null;
        if (q.slewing === true && q.target) {
          const sep = separationDeg(q.raDeg, q.decDeg, q.target.raDeg, q.target.decDeg);
          const arc = greatCircleArc(q.raDeg, q.decDeg, q.target.raDeg, q.target.decDeg, Math.max(8, Math.ceil(sep / SLEW_STEP_DEG)));
          const ah = horizontalBatch(frame, arc);
          for (const xy of projectPolyline(vp, ah, 0)) out.lines.push({ style: 'slew-path', xy });
          const n = arc.length / 3 - 1;
          if (projectHorizontal(vp, ah[3 * n] ?? 0, ah[3 * n + 1] ?? 0, ah[3 * n + 2] ?? 0, p, 0)) targetXY = { x: p.x, y: p.y };
        }
        if (projectHorizontal(vp, h[3 * i] ?? 0, h[3 * i + 1] ?? 0, h[3 * i + 2] ?? 0, p, 0)) {
          out.pointings.push({ ...q, x: p.x, y: p.y, altitudeDeg: Math.asin(Math.max(-1, Math.min(1, h[3 * i + 2] ?? 0))) / RAD, targetXY });
        } else if (targetXY !== null) {
          // Below the horizon now (a park position): still show where the slew goes.
          out.pointings.push({ ...q, x: Number.NaN, y: Number.NaN, altitudeDeg: Math.asin(Math.max(-1, Math.min(1, h[3 * i + 2] ?? 0))) / RAD, targetXY });
        }
      });
    }
    return out;
  }
}

/** Unit vector halfway between the band's edges at sample k. */
function midpoint(band: HorizontalBand, k: number): [number, number, number] {
  const x = (band.a[3 * k] ?? 0) + (band.b[3 * k] ?? 0);
  const y = (band.a[3 * k + 1] ?? 0) + (band.b[3 * k + 1] ?? 0);
  const z = (band.a[3 * k + 2] ?? 0) + (band.b[3 * k + 2] ?? 0);
  const l = Math.hypot(x, y, z) || 1;
  return [x / l, y / l, z / l];
}
