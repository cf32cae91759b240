/** Slew targets from the queue for the picker: ICRS positions, deduplicated, sorted by altitude now. Pure. */
import type { QueueTarget } from '../../../src-shared/ipc/contract';
import { approxAltitudeDeg } from './sky-position';

export interface SlewTarget {
  name: string;
  raHours: number;
  decDeg: number;
  /** Approximate altitude now, degrees; null when the site is unknown. */
  altitudeDeg: number | null;
}

/** Sidereal targets of the queue (ICRS `ra`/`dec` in degrees), one per name; others are left out. */
export function queueSlewTargets(
  targets: QueueTarget[],
  site: { latitudeDeg: number; longitudeDeg: number } | null,
  utcMs: number | null,
): SlewTarget[] {
  const byName = new Map<string, SlewTarget>();
  for (const q of targets) {
    const t = q.target;
    const ra = t.ra;
    const dec = t.dec;
    if (typeof ra !== 'number' || typeof dec !== 'number' || (t.type !== undefined && t.type !== 'ICRS')) continue;
    const name = typeof t.name === 'string' && t.name !== '' ? t.name : q.requestGroupName;
    if (byName.has(name) || ra < 0 || ra >= 360 || dec < -90 || dec > 90) continue;
    const altitudeDeg = site && utcMs !== null ? approxAltitudeDeg(ra, dec, site.latitudeDeg, site.longitudeDeg, utcMs) : null;
    byName.set(name, { name, raHours: ra / 15, decDeg: dec, altitudeDeg });
  }
  return [...byName.values()].sort((a, b) => (b.altitudeDeg ?? -99) - (a.altitudeDeg ?? -99) || a.name.localeCompare(b.name));
}
