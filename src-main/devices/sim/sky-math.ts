/**
 * The little spherical astronomy the device layer needs: sidereal time, equatorial ↔ horizontal,
 * and J2000 ↔ equinox-of-date precession (IAU 1976, no nutation or aberration: within ~20″ of a
 * full apparent-place reduction, well inside any mount's pointing error).
 *
 * Why here and not src-shared/astro: this folder is owned by the device layer for now; the lead may
 * move it behind src-shared/astro (astronomy-engine) — the signatures are pure and unit-named.
 */
import type { EquatorialCoords, HorizontalCoords } from '../types';

const DEG = Math.PI / 180;
const J2000_UTC_MS = Date.UTC(2000, 0, 1, 12, 0, 0);

export function normalizeHours(h: number): number {
  return ((h % 24) + 24) % 24;
}

export function normalizeDeg(d: number): number {
  return ((d % 360) + 360) % 360;
}

/** Signed difference a − b in hours, wrapped to [−12, 12). */
export function diffHours(a: number, b: number): number {
  return normalizeHours(a - b + 12) - 12;
}

/** Great-circle separation of two equatorial positions, degrees. */
export function separationDeg(a: EquatorialCoords, b: EquatorialCoords): number {
  const ra1 = a.raHours * 15 * DEG;
  const ra2 = b.raHours * 15 * DEG;
  const d1 = a.decDeg * DEG;
  const d2 = b.decDeg * DEG;
  const c = Math.sin(d1) * Math.sin(d2) + Math.cos(d1) * Math.cos(d2) * Math.cos(ra1 - ra2);
  return Math.acos(Math.min(1, Math.max(-1, c))) / DEG;
}

/** Greenwich mean sidereal time, hours [0, 24) (IAU 1982 expression; UT1 ≈ UTC). */
export function gmstHours(utcMs: number): number {
  const d = (utcMs - J2000_UTC_MS) / 86_400_000;
  const t = d / 36525;
  const deg = 280.46061837 + 360.98564736629 * d + 0.000387933 * t * t - (t * t * t) / 38_710_000;
  return normalizeHours(deg / 15);
}

/** Local mean sidereal time, hours; longitude east-positive, degrees. */
export function lstHours(utcMs: number, longitudeDeg: number): number {
  return normalizeHours(gmstHours(utcMs) + longitudeDeg / 15);
}

/** Equatorial (of date) → horizontal for an observer at `latitudeDeg` with local sidereal time `lst`. */
export function equatorialToHorizontal(eq: EquatorialCoords, lstH: number, latitudeDeg: number): HorizontalCoords {
  const ha = (lstH - eq.raHours) * 15 * DEG;
  const dec = eq.decDeg * DEG;
  const lat = latitudeDeg * DEG;
  const sinAlt = Math.sin(dec) * Math.sin(lat) + Math.cos(dec) * Math.cos(lat) * Math.cos(ha);
  const alt = Math.asin(Math.min(1, Math.max(-1, sinAlt)));
  const y = -Math.cos(dec) * Math.sin(ha);
  const x = Math.sin(dec) * Math.cos(lat) - Math.cos(dec) * Math.sin(lat) * Math.cos(ha);
  return { altitudeDeg: alt / DEG, azimuthDeg: normalizeDeg(Math.atan2(y, x) / DEG) };
}

/** Horizontal → equatorial (of date), inverse of {@link equatorialToHorizontal}. */
export function horizontalToEquatorial(hz: HorizontalCoords, lstH: number, latitudeDeg: number): EquatorialCoords {
  const alt = hz.altitudeDeg * DEG;
  const az = hz.azimuthDeg * DEG;
  const lat = latitudeDeg * DEG;
  const sinDec = Math.sin(alt) * Math.sin(lat) + Math.cos(alt) * Math.cos(lat) * Math.cos(az);
  const dec = Math.asin(Math.min(1, Math.max(-1, sinDec)));
  const y = -Math.cos(alt) * Math.sin(az);
  const x = Math.sin(alt) * Math.cos(lat) - Math.cos(alt) * Math.sin(lat) * Math.cos(az);
  const ha = Math.atan2(y, x) / DEG / 15;
  return { raHours: normalizeHours(lstH - ha), decDeg: dec / DEG };
}

/** IAU 1976 precession angles (ζ, z, θ) in radians from J2000 to the epoch at `utcMs`. */
function precessionAngles(utcMs: number): { zeta: number; z: number; theta: number } {
  const t = (utcMs - J2000_UTC_MS) / 86_400_000 / 36525;
  const as = DEG / 3600;
  return {
    zeta: (2306.2181 * t + 0.30188 * t * t + 0.017998 * t * t * t) * as,
    z: (2306.2181 * t + 1.09468 * t * t + 0.018203 * t * t * t) * as,
    theta: (2004.3109 * t - 0.42665 * t * t - 0.041833 * t * t * t) * as,
  };
}

/** J2000 mean position → mean position of date at `utcMs`. */
export function j2000ToJnow(c: EquatorialCoords, utcMs: number): EquatorialCoords {
  const { zeta, z, theta } = precessionAngles(utcMs);
  const ra = c.raHours * 15 * DEG;
  const dec = c.decDeg * DEG;
  const a = Math.cos(dec) * Math.sin(ra + zeta);
  const b = Math.cos(theta) * Math.cos(dec) * Math.cos(ra + zeta) - Math.sin(theta) * Math.sin(dec);
  const cc = Math.sin(theta) * Math.cos(dec) * Math.cos(ra + zeta) + Math.cos(theta) * Math.sin(dec);
  const raOut = Math.atan2(a, b) + z;
  const decOut = Math.asin(Math.min(1, Math.max(-1, cc)));
  return { raHours: normalizeHours(raOut / DEG / 15), decDeg: decOut / DEG };
}

/** Mean position of date at `utcMs` → J2000 (inverse rotation of {@link j2000ToJnow}). */
export function jnowToJ2000(c: EquatorialCoords, utcMs: number): EquatorialCoords {
  const { zeta, z, theta } = precessionAngles(utcMs);
  const ra = c.raHours * 15 * DEG - z;
  const dec = c.decDeg * DEG;
  const a = Math.cos(dec) * Math.sin(ra);
  const b = Math.cos(theta) * Math.cos(dec) * Math.cos(ra) + Math.sin(theta) * Math.sin(dec);
  const cc = -Math.sin(theta) * Math.cos(dec) * Math.cos(ra) + Math.cos(theta) * Math.sin(dec);
  const raOut = Math.atan2(a, b) - zeta;
  const decOut = Math.asin(Math.min(1, Math.max(-1, cc)));
  return { raHours: normalizeHours(raOut / DEG / 15), decDeg: decOut / DEG };
}
