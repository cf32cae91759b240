/**
 * Approximate altitude of a J2000 position for the slew target picker: GMST (IAU 1982, UT1≈UTC),
 * no precession, nutation or refraction. Good to about 0.5° until ~2050, which is enough to sort
 * targets and flag those under the mount's limit; the mount itself checks its limits exactly.
 * Pure: the instant is an argument.
 */

const DEG = Math.PI / 180;

/** Greenwich mean sidereal time, hours [0, 24), at `utcMs`. */
export function gmstHours(utcMs: number): number {
  const d = (utcMs - Date.UTC(2000, 0, 1, 12)) / 86_400_000;
  const h = 18.697374558 + 24.06570982441908 * d;
  return ((h % 24) + 24) % 24;
}

/**
 * Altitude, degrees [−90, 90], of (raDeg, decDeg) seen from (latitudeDeg, longitudeDeg east-positive)
 * at `utcMs`.
 */
export function approxAltitudeDeg(raDeg: number, decDeg: number, latitudeDeg: number, longitudeDeg: number, utcMs: number): number {
  const lstDeg = gmstHours(utcMs) * 15 + longitudeDeg;
  const haRad = (lstDeg - raDeg) * DEG;
  const sinAlt = Math.sin(decDeg * DEG) * Math.sin(latitudeDeg * DEG) + Math.cos(decDeg * DEG) * Math.cos(latitudeDeg * DEG) * Math.cos(haRad);
  return Math.asin(Math.max(-1, Math.min(1, sinAlt))) / DEG;
}
