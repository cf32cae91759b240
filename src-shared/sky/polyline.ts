/** Projection of sampled curves (grid lines, outlines) into screen polylines broken where they leave the view. */
import { projectHorizontal, type SkyViewport } from './projection';

/**
 * Projects horizontal unit vectors `h` ([north, west, zenith, …]) and returns the runs of ≥ 2
 * consecutive drawn points as [x0, y0, x1, y1, …] pixel arrays, so a curve is never drawn across the
 * part of the sky that is not shown. `minSinAlt` as in `projectHorizontal` (default 0: the horizon).
 */
export function projectPolyline(vp: SkyViewport, h: ArrayLike<number>, minSinAlt = 0): Float32Array[] {
  const n = Math.floor(h.length / 3);
  const runs: Float32Array[] = [];
  const p = { x: 0, y: 0 };
  let run: number[] = [];
  const flush = (): void => {
    if (run.length >= 4) runs.push(Float32Array.from(run));
    run = [];
  };
  for (let i = 0; i < n; i++) {
    if (projectHorizontal(vp, h[3 * i] ?? 0, h[3 * i + 1] ?? 0, h[3 * i + 2] ?? 0, p, minSinAlt)) run.push(p.x, p.y);
    else flush();
  }
  flush();
  return runs;
}
