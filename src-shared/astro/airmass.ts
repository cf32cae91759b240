/**
 * Airmass. OCS constraints use the plane-parallel model (ocs-contract §8.3): airmass = sec z, so
 * `max_airmass` is an altitude cut at asin(1 / max_airmass) (1.6 → 38.68°, 2.0 → 30°).
 */

/** Plane-parallel airmass sec z for a (geometric) altitude in degrees; null at or below the horizon. */
export function airmassPlaneParallel(altitudeDeg: number): number | null {
  if (altitudeDeg <= 0) return null;
  return 1 / Math.sin((altitudeDeg * Math.PI) / 180);
}

/**
 * Hardie (1962) polynomial airmass, better than sec z near the horizon (used by SLALIB `airmas`).
 * For charts only; null at or below the horizon. Valid to ~ airmass 6.8.
 */
export function airmassHardie(altitudeDeg: number): number | null {
  if (altitudeDeg <= 0) return null;
  const zDeg = Math.min(90 - altitudeDeg, 87);
  const secm1 = 1 / Math.cos((zDeg * Math.PI) / 180) - 1;
  return 1 + secm1 * (0.9981833 - secm1 * (0.002875 + 0.0008083 * secm1));
}

/** Lowest altitude (degrees) at which the plane-parallel airmass is ≤ `maxAirmass` (≥ 1). */
export function altitudeForAirmassDeg(maxAirmass: number): number {
  if (!(maxAirmass >= 1)) return 90;
  return (Math.asin(1 / maxAirmass) * 180) / Math.PI;
}
