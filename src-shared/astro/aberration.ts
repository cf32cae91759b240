import { dot, type Vec3 } from './vec';

/**
 * Relativistic aberration of a unit direction `p` for an observer moving with velocity/c `beta`
 * (special-relativistic formula, as in the IAU SOFA treatment; light deflection by the Sun is
 * neglected: < 0.05″ more than 10° from the Sun). Returns a unit vector.
 */
export function aberrate(p: Vec3, beta: Vec3): Vec3 {
  const b2 = dot(beta, beta);
  const bm1 = Math.sqrt(1 - b2);
  const pdv = dot(p, beta);
  const w1 = 1 + pdv / (1 + bm1);
  const x = p[0] * bm1 + w1 * beta[0];
  const y = p[1] * bm1 + w1 * beta[1];
  const z = p[2] * bm1 + w1 * beta[2];
  const n = Math.hypot(x, y, z);
  return [x / n, y / n, z / n];
}
