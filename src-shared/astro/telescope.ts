/** A telescope's pointing limits, as configdb carries them (plus an optional horizon mask). */
import type { GeoSite } from './observer';

/** One point of an azimuth-dependent horizon: the lowest usable altitude at that azimuth. */
export interface HorizonMaskPoint {
  /** Azimuth, degrees from north through east, [0, 360). */
  azimuthDeg: number;
  /** Minimum altitude there, degrees. */
  altitudeDeg: number;
}

export interface TelescopeLimits {
  site: GeoSite;
  /** Fixed horizon, degrees altitude (configdb `horizon`). */
  horizonDeg: number;
  /** Eastern hour-angle limit, hours (≤ 0, configdb `ha_limit_neg`); ≤ −12 means none. */
  haLimitNegHours: number;
  /** Western hour-angle limit, hours (≥ 0, configdb `ha_limit_pos`); ≥ 12 means none. */
  haLimitPosHours: number;
  /** Radius of the unreachable cap around the zenith, degrees (configdb `zenith_blind_spot`); 0 = none. */
  zenithBlindSpotDeg: number;
  /** Optional azimuth-dependent horizon, linearly interpolated (wrapping at 360°); null = flat. */
  horizonMask?: readonly HorizonMaskPoint[] | null;
}

/** Mask altitude at an azimuth (degrees), or −90 without a mask. */
export function maskAltitudeDeg(mask: readonly HorizonMaskPoint[] | null | undefined, azimuthDeg: number): number {
  if (!mask || mask.length === 0) return -90;
  const pts = [...mask].sort((a, b) => a.azimuthDeg - b.azimuthDeg);
  if (pts.length === 1) return (pts[0] as HorizonMaskPoint).altitudeDeg;
  const az = ((azimuthDeg % 360) + 360) % 360;
  for (let i = 0; i < pts.length; i++) {
    const a = pts[i] as HorizonMaskPoint;
    const b = pts[(i + 1) % pts.length] as HorizonMaskPoint;
    const span = (((b.azimuthDeg - a.azimuthDeg) % 360) + 360) % 360 || 360;
    const off = (((az - a.azimuthDeg) % 360) + 360) % 360;
    if (off <= span) return a.altitudeDeg + ((b.altitudeDeg - a.altitudeDeg) * off) / span;
  }
  return (pts[0] as HorizonMaskPoint).altitudeDeg;
}
