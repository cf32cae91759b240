/**
 * The reference lines of the all-sky view, projected per frame: alt-az grid, RA/Dec grid (J2000,
 * rotating with the sky), meridian, the selected telescope's horizon limit, HA-limit contours and
 * airmass contours. Curves fixed in the horizontal frame are built once per site/limits; the RA/Dec
 * grid goes through the same batch rotation as the stars.
 */
import { altitudeForAirmassDeg, type Frame, type HorizonMaskPoint } from '../../../src-shared/astro';
import { altitudeCircle, azimuthSpoke, horizontalBatch, hourAngleCurve, projectPolyline, raDecGridVectors, type SkyViewport } from '../../../src-shared/sky';

export type SkyLineStyle = 'altaz-grid' | 'radec-grid' | 'meridian' | 'horizon-limit' | 'ha-limit' | 'airmass' | 'slew-path' | 'dome-slit' | 'horizon-mask';

export interface SkyPolyline {
  style: SkyLineStyle;
  /** [x0, y0, x1, y1, …] CSS pixels. */
  xy: Float32Array;
}

/** What the selected telescope adds to the view (null fields are not drawn). */
export interface SkyLimits {
  /** Telescope horizon (minimum altitude), degrees. */
  horizonDeg: number | null;
  /** Hour-angle limits, hours (negative east, positive west). */
  haLimitNegHours: number | null;
  haLimitPosHours: number | null;
  /** Airmass values to draw contours for (e.g. [1.5, 2, 3]). */
  airmassContours: readonly number[];
  /** Azimuth-dependent horizon (lowest usable altitude per azimuth); null or absent = flat. */
  horizonMask?: readonly HorizonMaskPoint[] | null;
}

export interface SkyLayers {
  altAzGrid: boolean;
  raDecGrid: boolean;
  meridian: boolean;
  constellations: boolean;
  milkyWay: boolean;
  /** Telescope pointings and, while slewing, their slew paths. */
  telescopes: boolean;
  /** Dome slits (domes with an azimuth). */
  domeSlit: boolean;
  /** The selected telescope's unreachable band: horizon limit and horizon mask, shaded. */
  horizonMask: boolean;
}

export const DEFAULT_LAYERS: SkyLayers = { altAzGrid: true, raDecGrid: false, meridian: true, constellations: true, milkyWay: true, telescopes: true, domeSlit: true, horizonMask: true };
export const NO_LIMITS: SkyLimits = { horizonDeg: null, haLimitNegHours: null, haLimitPosHours: null, airmassContours: [] };

/** A text label placed on a line (altitude or airmass value). */
export interface SkyLineLabel {
  style: SkyLineStyle;
  text: string;
  x: number;
  y: number;
}

interface FixedCurve {
  style: SkyLineStyle;
  h: Float64Array;
  label: string | null;
  /** Altitude of the label, degrees (placed due south-east on the circle). */
  labelAltDeg: number | null;
}

export class SkyOverlayLines {
  private readonly raDec = raDecGridVectors(2, 30, 96);
  private readonly raDecH = this.raDec.map((v) => new Float64Array(v.length));
  private fixedKey = '';
  private fixed: FixedCurve[] = [];

  /** Polylines and labels for this frame. */
  compute(frame: Frame, latitudeDeg: number, vp: SkyViewport, layers: SkyLayers, limits: SkyLimits): { lines: SkyPolyline[]; labels: SkyLineLabel[] } {
    const lines: SkyPolyline[] = [];
    const labels: SkyLineLabel[] = [];
    if (layers.raDecGrid) {
      this.raDec.forEach((v, i) => {
        const h = horizontalBatch(frame, v, this.raDecH[i]);
        for (const xy of projectPolyline(vp, h)) lines.push({ style: 'radec-grid', xy });
      });
    }
    this.ensureFixed(latitudeDeg, layers, limits);
    for (const c of this.fixed) {
      for (const xy of projectPolyline(vp, c.h)) lines.push({ style: c.style, xy });
      if (c.label !== null && c.labelAltDeg !== null) {
        const p = labelPoint(vp, c.labelAltDeg);
        labels.push({ style: c.style, text: c.label, x: p.x, y: p.y });
      }
    }
    return { lines, labels };
  }

  private ensureFixed(latitudeDeg: number, layers: SkyLayers, limits: SkyLimits): void {
    const key = JSON.stringify([latitudeDeg, layers.altAzGrid, layers.meridian, limits]);
    if (key === this.fixedKey) return;
    this.fixedKey = key;
    const f: FixedCurve[] = [];
    if (layers.altAzGrid) {
      for (const alt of [30, 60]) f.push({ style: 'altaz-grid', h: altitudeCircle(alt), label: `${alt}°`, labelAltDeg: alt });
      for (let az = 0; az < 360; az += 45) if (!(layers.meridian && az % 180 === 0)) f.push({ style: 'altaz-grid', h: azimuthSpoke(az), label: null, labelAltDeg: null });
    }
    if (layers.meridian) f.push({ style: 'meridian', h: hourAngleCurve(latitudeDeg, 0, 180), label: null, labelAltDeg: null });
    if (limits.horizonDeg !== null && limits.horizonDeg > 0) {
      f.push({ style: 'horizon-limit', h: altitudeCircle(limits.horizonDeg), label: `limit ${limits.horizonDeg}°`, labelAltDeg: limits.horizonDeg });
    }
    for (const x of limits.airmassContours) {
      const alt = altitudeForAirmassDeg(x);
      if (Number.isFinite(alt) && alt > 0) f.push({ style: 'airmass', h: altitudeCircle(alt), label: `X ${x}`, labelAltDeg: alt });
    }
    for (const ha of [limits.haLimitNegHours, limits.haLimitPosHours]) {
      if (ha !== null) f.push({ style: 'ha-limit', h: hourAngleCurve(latitudeDeg, ha, 180), label: null, labelAltDeg: null });
    }
    this.fixed = f;
  }
}

/** Where an altitude circle's label goes: on the circle towards azimuth 160° (just east of south, clear of the meridian). */
function labelPoint(vp: SkyViewport, altitudeDeg: number): { x: number; y: number } {
  const a = (altitudeDeg * Math.PI) / 180;
  const z = (160 * Math.PI) / 180;
  const n = Math.cos(a) * Math.cos(z);
  const w = -Math.cos(a) * Math.sin(z);
  const s = Math.sin(a);
  const k = vp.kind === 'stereographic' ? 1 / (1 + s) : 1;
  return { x: vp.centreXPx + vp.horizonRadiusPx * w * k, y: vp.centreYPx - vp.horizonRadiusPx * n * k };
}
