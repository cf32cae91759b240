/**
 * All-sky projections of the local sky onto a disc, as seen from below looking up: zenith at the
 * centre, north up, EAST LEFT of north (west right), the horizon on the rim. Inputs are horizontal
 * unit vectors [north, west, zenith] (the batch output), so forward projection needs no trig.
 * Screen coordinates are CSS pixels, y down.
 */

export type ProjectionKind = 'stereographic' | 'orthographic';

export interface SkyViewport {
  kind: ProjectionKind;
  /** Disc centre (the zenith), pixels. */
  centreXPx: number;
  centreYPx: number;
  /** Radius of the horizon circle, pixels (> 0). */
  horizonRadiusPx: number;
}

/** A viewport with the horizon circle inscribed in a width × height box, with `marginPx` to spare. */
export function fitViewport(widthPx: number, heightPx: number, kind: ProjectionKind = 'stereographic', marginPx = 16): SkyViewport {
  return { kind, centreXPx: widthPx / 2, centreYPx: heightPx / 2, horizonRadiusPx: Math.max(1, Math.min(widthPx, heightPx) / 2 - marginPx) };
}

/**
 * Projects a horizontal unit vector. Returns false (and leaves `out` untouched) below the horizon
 * for orthographic and below `minAltitude` (sin of it, `minSinAlt`, default −0.2 ≈ −11.5°) for
 * stereographic, which stays finite down to the nadir but is not worth drawing there.
 */
export function projectHorizontal(vp: SkyViewport, n: number, w: number, z: number, out: { x: number; y: number }, minSinAlt = -0.2): boolean {
  let u: number;
  let v: number;
  if (vp.kind === 'stereographic') {
    if (z < minSinAlt) return false;
    const k = 1 / (1 + z);
    u = w * k;
    v = n * k;
  } else {
    if (z < 0) return false;
    u = w;
    v = n;
  }
  out.x = vp.centreXPx + vp.horizonRadiusPx * u;
  out.y = vp.centreYPx - vp.horizonRadiusPx * v;
  return true;
}

/**
 * Projects a whole batch into `xy` ([x0, y0, x1, y1, …] pixels) and `visible` (1 when drawn).
 * Returns how many were visible.
 */
export function projectBatch(vp: SkyViewport, h: ArrayLike<number>, xy: Float32Array, visible: Uint8Array, minSinAlt = -0.2): number {
  const n = Math.min(Math.floor(h.length / 3), visible.length, Math.floor(xy.length / 2));
  const p = { x: 0, y: 0 };
  let shown = 0;
  for (let i = 0; i < n; i++) {
    if (projectHorizontal(vp, h[3 * i] ?? 0, h[3 * i + 1] ?? 0, h[3 * i + 2] ?? 0, p, minSinAlt)) {
      xy[2 * i] = p.x;
      xy[2 * i + 1] = p.y;
      visible[i] = 1;
      shown++;
    } else {
      visible[i] = 0;
    }
  }
  return shown;
}

/** Projects altitude/azimuth (degrees; azimuth from north through east); null when not drawn. */
export function projectAltAz(vp: SkyViewport, altitudeDeg: number, azimuthDeg: number, minSinAlt = -0.2): { x: number; y: number } | null {
  const a = (altitudeDeg * Math.PI) / 180;
  const z = (azimuthDeg * Math.PI) / 180;
  const out = { x: 0, y: 0 };
  return projectHorizontal(vp, Math.cos(a) * Math.cos(z), -Math.cos(a) * Math.sin(z), Math.sin(a), out, minSinAlt) ? out : null;
}

/**
 * Inverse projection for picking: the horizontal direction under a screen point, as altitude and
 * azimuth in degrees. Null outside the orthographic disc (the stereographic plane maps everywhere).
 */
export function unprojectToAltAz(vp: SkyViewport, xPx: number, yPx: number): { altitudeDeg: number; azimuthDeg: number } | null {
  const u = (xPx - vp.centreXPx) / vp.horizonRadiusPx;
  const v = (vp.centreYPx - yPx) / vp.horizonRadiusPx;
  const r2 = u * u + v * v;
  let n: number;
  let w: number;
  let z: number;
  if (vp.kind === 'stereographic') {
    const k = 2 / (1 + r2);
    n = v * k;
    w = u * k;
    z = (1 - r2) / (1 + r2);
  } else {
    if (r2 > 1) return null;
    n = v;
    w = u;
    z = Math.sqrt(1 - r2);
  }
  let az = (Math.atan2(-w, n) * 180) / Math.PI;
  if (az < 0) az += 360;
  return { altitudeDeg: (Math.atan2(z, Math.hypot(n, w)) * 180) / Math.PI, azimuthDeg: az };
}
