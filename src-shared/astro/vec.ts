/** Tiny 3-vector and 3×3 matrix helpers on plain tuples / row-major arrays (no allocation-heavy classes). */
export type Vec3 = [number, number, number];
/** Row-major 3×3 matrix: out = M · v. */
export type Mat3 = [number, number, number, number, number, number, number, number, number];

export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const norm = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);
export const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const scale = (a: Vec3, k: number): Vec3 => [a[0] * k, a[1] * k, a[2] * k];
export function unit(a: Vec3): Vec3 {
  const n = norm(a);
  return [a[0] / n, a[1] / n, a[2] / n];
}
export const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
export function mulMat(m: Mat3, v: Vec3): Vec3 {
  return [
    m[0] * v[0] + m[1] * v[1] + m[2] * v[2],
    m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
    m[6] * v[0] + m[7] * v[1] + m[8] * v[2],
  ];
}
/** Angle between two (not necessarily unit) vectors, radians, robust near 0 and π. */
export function angleBetweenRad(a: Vec3, b: Vec3): number {
  return Math.atan2(norm(cross(a, b)), dot(a, b));
}
/** Unit vector from spherical angles (degrees). */
export function fromRaDecDeg(raDeg: number, decDeg: number): Vec3 {
  const ra = (raDeg * Math.PI) / 180;
  const dec = (decDeg * Math.PI) / 180;
  const c = Math.cos(dec);
  return [c * Math.cos(ra), c * Math.sin(ra), Math.sin(dec)];
}
/** Right ascension in [0, 360) and declination in [−90, 90], degrees, of a vector. */
export function toRaDecDeg(v: Vec3): { raDeg: number; decDeg: number } {
  const ra = (Math.atan2(v[1], v[0]) * 180) / Math.PI;
  const dec = (Math.atan2(v[2], Math.hypot(v[0], v[1])) * 180) / Math.PI;
  return { raDeg: ra < 0 ? ra + 360 : ra, decDeg: dec };
}
