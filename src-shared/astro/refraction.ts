/**
 * Atmospheric refraction, two-term model  R = A·tan z + B·tan³ z  with A and B computed from the
 * site's pressure, temperature, humidity and wavelength (the model of Green, "Spherical Astronomy"
 * 1985, §4.31, with Stone 1996's optical refractivity as used by SLALIB/SOFA `refco`). Accurate to
 * ~1″ above 15° altitude, degrading towards the horizon (it is not meant for rise/set at 0°:
 * constraints in this engine use geometric altitudes, as OCS does).
 */

/** Site weather for refraction. Pressure 0 disables refraction. */
export interface RefractionConditions {
  /** Station pressure, hPa (≈ 1013.25 × exp(−heightM / 8150) when unknown). */
  pressureHpa: number;
  /** Ambient temperature, °C. */
  temperatureC: number;
  /** Relative humidity 0–1. Default 0. */
  relativeHumidity?: number;
  /** Effective wavelength, µm (optical range 0.3–2). Default 0.55. */
  wavelengthUm?: number;
}

/** Refraction constants A and B (radians) of `R = A tan z + B tan³ z`. */
export function refractionConstants(c: RefractionConditions): { aRad: number; bRad: number } {
  const t = Math.min(Math.max(c.temperatureC, -150), 200);
  const p = Math.min(Math.max(c.pressureHpa, 0), 10_000);
  const rh = Math.min(Math.max(c.relativeHumidity ?? 0, 0), 1);
  const wl = Math.min(Math.max(c.wavelengthUm ?? 0.55, 0.1), 100);
  // Saturated water-vapour pressure (hPa) and partial pressure of water vapour.
  let pw = 0;
  if (p > 0) {
    const ps = Math.pow(10, (0.7859 + 0.03477 * t) / (1 + 0.00412 * t)) * (1 + p * (4.5e-6 + 6e-10 * t * t));
    pw = (rh * ps) / (1 - ((1 - rh) * ps) / p);
  }
  const tk = t + 273.15;
  const wl2 = wl * wl;
  const gamma = ((77.53484e-6 + (4.39108e-7 + 3.666e-9 / wl2) / wl2) * p - 11.2684e-6 * pw) / tk;
  const beta = 4.4474e-6 * tk;
  return { aRad: gamma * (1 - beta), bRad: -gamma * (beta - gamma / 2) };
}

/**
 * Refracts a unit horizontal vector (north, west, zenith) in place of a copy: returns the observed
 * (lifted) direction. The correction is one Newton step of the inverse model, so the observed
 * altitude satisfies z_obs + A tan z_obs + B tan³ z_obs ≈ z_geometric.
 */
export function refractHorizontal(h: readonly [number, number, number], k: { aRad: number; bRad: number }): [number, number, number] {
  const [x, y, z] = h;
  const r = Math.max(Math.hypot(x, y), 1e-6);
  // Below ~2.9° altitude the model is meaningless: clamp as SOFA does (z ≥ 0.05).
  const zc = Math.max(z, 0.05);
  const tz = r / zc;
  const w = k.bRad * tz * tz;
  const del = ((k.aRad + w) * tz) / (1 + (k.aRad + 3 * w) / (zc * zc));
  const cosdel = 1 - (del * del) / 2;
  const f = cosdel - (del * zc) / r;
  return [x * f, y * f, cosdel * zc + del * r];
}

/** Standard pressure (hPa) at a height above sea level, isothermal scale height 8150 m. */
export function standardPressureHpa(heightM: number): number {
  return 1013.25 * Math.exp(-heightM / 8150);
}
