/** How a star looks: colour from B−V, point size from magnitude. */

/**
 * Effective temperature (K) from B−V (Ballesteros 2012, EPL 97 34008:
 * T = 4600 (1/(0.92 BV + 1.7) + 1/(0.92 BV + 0.62))). B−V is clamped to [−0.4, 2.0].
 */
export function bvToTemperatureK(bv: number): number {
  const b = Math.min(Math.max(Number.isFinite(bv) ? bv : 0.6, -0.4), 2);
  return 4600 * (1 / (0.92 * b + 1.7) + 1 / (0.92 * b + 0.62));
}

/**
 * Display colour (sRGB components 0…1) of a blackbody at `temperatureK`, white-balanced so that
 * ~6500 K is white: a smooth fit to the CIE 1931 blackbody locus (after Helland's published fit),
 * accurate to a few per cent, which is all a star dot needs.
 */
export function temperatureToRgb(temperatureK: number): [number, number, number] {
  const t = Math.min(Math.max(temperatureK, 1000), 40000) / 100;
  const r = t <= 66 ? 255 : 329.698727446 * Math.pow(t - 60, -0.1332047592);
  const g = t <= 66 ? 99.4708025861 * Math.log(t) - 161.1195681661 : 288.1221695283 * Math.pow(t - 60, -0.0755148492);
  const b = t >= 66 ? 255 : t <= 19 ? 0 : 138.5177312231 * Math.log(t - 10) - 305.0447927307;
  const c = (x: number): number => Math.min(Math.max(x, 0), 255) / 255;
  return [c(r), c(g), c(b)];
}

/** Star colour (sRGB 0…1) from B−V. */
export function bvToRgb(bv: number): [number, number, number] {
  return temperatureToRgb(bvToTemperatureK(bv));
}

export interface MagnitudeScale {
  /** Faintest magnitude drawn; it gets `minSizePx`. */
  limitMag: number;
  minSizePx: number;
  maxSizePx: number;
}

export const DEFAULT_MAGNITUDE_SCALE: MagnitudeScale = { limitMag: 6.5, minSizePx: 1.5, maxSizePx: 9 };

/**
 * Point diameter (pixels) for a magnitude: the area follows the flux (diameter ∝ 10^(−0.2 m)),
 * clamped to [minSizePx, maxSizePx]; 0 for stars fainter than the limit.
 */
export function magnitudeToSizePx(mag: number, scale: MagnitudeScale = DEFAULT_MAGNITUDE_SCALE): number {
  if (!(mag <= scale.limitMag)) return 0;
  const d = scale.minSizePx * Math.pow(10, -0.2 * (mag - scale.limitMag));
  return Math.min(d, scale.maxSizePx);
}
