/**
 * Sky ↔ screen through aladin-lite's own projection, for dragging the frame on survey images.
 * `world2pix` / `pix2world` are part of aladin-lite's public API but not of the subset declared in
 * aladin-types.ts, so they are looked up at run time; without them the frame is not draggable online.
 */
import type { ScreenPoint, SkyScreen } from './framing';

interface AladinPixels {
  world2pix(raDeg: number, decDeg: number): unknown;
  pix2world(x: number, y: number): unknown;
}

const pair = (v: unknown): [number, number] | null =>
  Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'number' && Number.isFinite(v[0]) && Number.isFinite(v[1]) ? [v[0], v[1]] : null;

/** The view's mapping (CSS px of the aladin element), or null when this aladin-lite lacks it. */
export function aladinSkyScreen(view: object): SkyScreen | null {
  const v = view as Partial<AladinPixels>;
  if (typeof v.world2pix !== 'function' || typeof v.pix2world !== 'function') return null;
  const px = v as AladinPixels;
  return {
    project: (raDeg, decDeg): ScreenPoint | null => {
      const p = pair(px.world2pix(raDeg, decDeg));
      return p === null ? null : { x: p[0], y: p[1] };
    },
    unproject: (p) => {
      const w = pair(px.pix2world(p.x, p.y));
      return w === null ? null : { raDeg: ((w[0] % 360) + 360) % 360, decDeg: w[1] };
    },
  };
}
