/**
 * Pure glue from the console's stores to what the sky view draws: request targets with a display
 * state, telescope pointings from mount status, and instrument fields of view. No DOM, no React.
 */
import type { DeviceStatus, QueueTarget, TelescopeSummary, Timeline } from '../../../src-shared/ipc/contract';
import type { SkyDome, SkyPointing } from './sky-model';
import type { SkyTarget, SkyTargetState } from './sky-targets';

/**
 * Sky targets from `visibility.queueTargets` (sidereal ICRS targets only; orbital elements and
 * satellites are not drawn yet), each request's state refined by tonight's timeline:
 * running (an observation block covers `nowMs` or is IN_PROGRESS), scheduled (a future block),
 * completed (request or block COMPLETED), not-visible (never rises above `minAltitudeDeg` at
 * `latitudeDeg`), else pending. Several configurations of one request share its id with a suffix.
 */
export function skyTargetsFrom(queue: readonly QueueTarget[], timeline: Timeline | null, nowMs: number, latitudeDeg: number, minAltitudeDeg: number): SkyTarget[] {
  const blocks = new Map<number, { startMs: number; endMs: number; state: string }[]>();
  for (const b of timeline?.blocks ?? []) {
    if (b.kind !== 'observation' || b.requestId === null) continue;
    const list = blocks.get(b.requestId) ?? [];
    list.push(b);
    blocks.set(b.requestId, list);
  }
  const seen = new Map<number, number>();
  const out: SkyTarget[] = [];
  for (const q of queue) {
    const t = q.target;
    if (t.type !== 'ICRS' || typeof t.ra !== 'number' || typeof t.dec !== 'number') continue;
    const n = seen.get(q.requestId) ?? 0;
    seen.set(q.requestId, n + 1);
    const decDeg = t.dec;
    const bs = blocks.get(q.requestId) ?? [];
    let state: SkyTargetState = 'pending';
    if (q.state === 'COMPLETED' || bs.some((b) => b.state === 'COMPLETED')) state = 'completed';
    else if (bs.some((b) => b.state === 'IN_PROGRESS' || (b.startMs <= nowMs && nowMs < b.endMs))) state = 'running';
    else if (bs.some((b) => b.endMs > nowMs)) state = 'scheduled';
    else if (90 - Math.abs(latitudeDeg - decDeg) < minAltitudeDeg) state = 'not-visible';
    out.push({
      id: n === 0 ? String(q.requestId) : `${q.requestId}#${n}`,
      requestId: q.requestId,
      name: typeof t.name === 'string' && t.name !== '' ? t.name : `request ${q.requestId}`,
      group: q.requestGroupName,
      raDeg: t.ra,
      decDeg,
      state,
    });
  }
  return out;
}

/** J2000 {raHours, decDeg} from a device state field as degrees, or null when absent or malformed. */
function j2000Deg(v: unknown): { raDeg: number; decDeg: number } | null {
  const j = v as { raHours?: unknown; decDeg?: unknown } | null | undefined;
  if (typeof j?.raHours !== 'number' || typeof j.decDeg !== 'number') return null;
  return { raDeg: j.raHours * 15, decDeg: j.decDeg };
}

/**
 * Mount pointings (J2000 from `state.j2000.raHours/decDeg`) of connected, unparked mounts, with the
 * slew target (`state.target`, J2000) while `state.slewing`.
 */
export function pointingsFrom(devices: Record<string, DeviceStatus>, telescopes: readonly Pick<TelescopeSummary, 'id' | 'name'>[]): SkyPointing[] {
  const out: SkyPointing[] = [];
  for (const d of Object.values(devices)) {
    if (d.kind !== 'mount' || d.connection !== 'connected') continue;
    const s = d.state;
    if (s.parked === true) continue;
    const at = j2000Deg(s.j2000);
    if (at === null) continue;
    const tel = telescopes.find((t) => t.id === d.telescopeId);
    const slewing = s.slewing === true;
    out.push({ telescopeId: d.telescopeId, label: tel?.name ?? d.telescopeId, raDeg: at.raDeg, decDeg: at.decDeg, tracking: s.tracking === true && !slewing, slewing, target: slewing ? j2000Deg(s.target) : null });
  }
  return out.sort((a, b) => a.telescopeId.localeCompare(b.telescopeId));
}

/**
 * Slit width assumed when the dome does not report one (`state.slitWidthDeg`), degrees: a 1.5 m slit
 * seen from the centre of a 4 m-radius dome is ≈ 21°.
 */
export const DEFAULT_SLIT_WIDTH_DEG = 20;

/** Dome slits of connected domes that report an azimuth (roll-off roofs report none: no slit). */
export function domesFrom(devices: Record<string, DeviceStatus>): SkyDome[] {
  const out: SkyDome[] = [];
  for (const d of Object.values(devices)) {
    if (d.kind !== 'dome' || d.connection !== 'connected') continue;
    const s = d.state;
    if (typeof s.azimuthDeg !== 'number' || !Number.isFinite(s.azimuthDeg)) continue;
    const width = typeof s.slitWidthDeg === 'number' && s.slitWidthDeg > 0 ? s.slitWidthDeg : DEFAULT_SLIT_WIDTH_DEG;
    out.push({ telescopeId: d.telescopeId, label: d.name.replace(/\s*\(sim\)$/, ''), azimuthDeg: s.azimuthDeg, slitWidthDeg: width, shutter: typeof s.shutter === 'string' ? s.shutter : 'unknown' });
  }
  return out.sort((a, b) => a.telescopeId.localeCompare(b.telescopeId));
}

/** A camera's field of view, arcmin (width along the detector x axis). */
export interface FieldOfView {
  widthArcmin: number;
  heightArcmin: number;
  /** Where the numbers came from ("1M0-SCICAM-NIGHTSHIFT 4096×4096 × 0.389″"). */
  source: string;
}

/** Pixel scale × pixels of the demo observatory's cameras (resources/demo/sites.json, configdb camera types). */
const CAMERAS: Record<string, { pixels: [number, number]; arcsecPerPixel: number }> = {
  '1M0-SCICAM-NIGHTSHIFT': { pixels: [4096, 4096], arcsecPerPixel: 0.389 },
  '0M4-SCICAM-NIGHTSHIFT': { pixels: [3000, 2000], arcsecPerPixel: 0.57 },
  '1M0-AG-NIGHTSHIFT': { pixels: [1024, 1024], arcsecPerPixel: 0.6 },
};

/** Field of view of an instrument type (demo camera table; 26.5′ square when unknown). */
export function fieldOfViewFor(instrumentType: string | null): FieldOfView {
  const c = instrumentType === null ? undefined : CAMERAS[instrumentType];
  if (c === undefined) return { widthArcmin: 26.5, heightArcmin: 26.5, source: 'default 26.5′ field' };
  return {
    widthArcmin: (c.pixels[0] * c.arcsecPerPixel) / 60,
    heightArcmin: (c.pixels[1] * c.arcsecPerPixel) / 60,
    source: `${instrumentType} ${c.pixels[0]}×${c.pixels[1]} px × ${c.arcsecPerPixel}″`,
  };
}
