/**
 * Framing a request in the atlas (pure): the instrument's field as a frame at a centre and position
 * angle, moved by dragging and turned by its handle, hit-tested in screen space, and the composer
 * prefill it becomes. Works through two functions that map sky ↔ screen, so the same code serves
 * the offline chart (tangent plane) and aladin-lite's view.
 */
import type { ComposerInstrument } from '../../../src-shared/ipc/contract';
import { fieldCorners, gnomonicForward, gnomonicInverse } from '../../../src-shared/sky';
import { atlasPoint, atlasScale, type AtlasChart } from './atlas-offline-draw';
import type { FieldOfView } from './sky-page-data';

/** A frame on the sky: centre (ICRS degrees) and the detector's "up" axis at PA east of north (degrees, [0, 360)). */
export interface Frame {
  centreRaDeg: number;
  centreDecDeg: number;
  paDeg: number;
}

export interface ScreenPoint {
  x: number;
  y: number;
}

/** Sky ↔ screen (CSS px) for the view on show; null when the place or pixel is off the projection. */
export interface SkyScreen {
  project(raDeg: number, decDeg: number): ScreenPoint | null;
  unproject(p: ScreenPoint): { raDeg: number; decDeg: number } | null;
}

/** The offline chart's mapping (north up, east left), the inverse of `atlasPoint`. */
export function chartSkyScreen(chart: AtlasChart, widthPx: number, heightPx: number): SkyScreen {
  const k = atlasScale(widthPx, chart.fieldDeg);
  return {
    project: (ra, dec) => atlasPoint(chart, widthPx, heightPx, ra, dec),
    unproject: (p) => gnomonicInverse(chart.centreRaDeg, chart.centreDecDeg, (widthPx / 2 - p.x) / k, (heightPx / 2 - p.y) / k),
  };
}

const norm360 = (deg: number): number => ((deg % 360) + 360) % 360;

/** Field of view of a composer instrument from its configdb camera, or null when it has none. */
export function cameraFieldOfView(inst: Pick<ComposerInstrument, 'instrumentType' | 'camera'> | null): FieldOfView | null {
  const c = inst?.camera;
  if (c === null || c === undefined) return null;
  return {
    widthArcmin: (c.pixelsX * c.arcsecPerPixel) / 60,
    heightArcmin: (c.pixelsY * c.arcsecPerPixel) / 60,
    source: `${c.code} ${c.pixelsX}×${c.pixelsY} px × ${c.arcsecPerPixel}″`,
  };
}

/** True when the instrument has a rotator (a `rotator` mode group in configdb). */
export function hasRotator(inst: Pick<ComposerInstrument, 'modes'> | null): boolean {
  return (inst?.modes['rotator']?.modes.length ?? 0) > 0;
}

/** The frame's corners on the sky (see `fieldCorners` for the order). */
export function frameCorners(frame: Frame, fov: FieldOfView): { raDeg: number; decDeg: number }[] {
  return fieldCorners(frame.centreRaDeg, frame.centreDecDeg, fov.widthArcmin, fov.heightArcmin, frame.paDeg);
}

/** The rotation handle: on the detector's "up" axis, 15 % of the height beyond the top edge. */
export function frameHandle(frame: Frame, fov: FieldOfView): { raDeg: number; decDeg: number } {
  const r = (fov.heightArcmin / 60) * 0.65;
  const pa = (frame.paDeg * Math.PI) / 180;
  return gnomonicInverse(frame.centreRaDeg, frame.centreDecDeg, r * Math.sin(pa), r * Math.cos(pa));
}

/** Even-odd point-in-polygon. */
function inside(p: ScreenPoint, poly: readonly ScreenPoint[]): boolean {
  let hit = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i];
    const b = poly[j];
    if (a === undefined || b === undefined) continue;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) hit = !hit;
  }
  return hit;
}

/** What a pointer at `p` grabs: the rotation handle (within `handleRadiusPx`), the frame body, or nothing. */
export function hitFrame(frame: Frame, fov: FieldOfView, view: SkyScreen, p: ScreenPoint, handleRadiusPx = 10): 'rotate' | 'move' | null {
  const h = frameHandle(frame, fov);
  const hp = view.project(h.raDeg, h.decDeg);
  if (hp !== null && Math.hypot(hp.x - p.x, hp.y - p.y) <= handleRadiusPx) return 'rotate';
  const poly = frameCorners(frame, fov).map((c) => view.project(c.raDeg, c.decDeg));
  if (poly.some((q) => q === null)) return null;
  return inside(p, poly as ScreenPoint[]) ? 'move' : null;
}

/**
 * The frame after dragging its body from `from` to `to` (screen px): the centre moves by the sky
 * offset between the two pointer places, taken in the tangent plane at the frame's centre, so the
 * point under the pointer stays under it. PA is kept. Null when either pixel is off the sky.
 */
export function dragFrame(start: Frame, view: SkyScreen, from: ScreenPoint, to: ScreenPoint): Frame | null {
  const a = view.unproject(from);
  const b = view.unproject(to);
  if (a === null || b === null) return null;
  const pa = gnomonicForward(start.centreRaDeg, start.centreDecDeg, a.raDeg, a.decDeg);
  const pb = gnomonicForward(start.centreRaDeg, start.centreDecDeg, b.raDeg, b.decDeg);
  if (pa === null || pb === null) return null;
  const c = gnomonicInverse(start.centreRaDeg, start.centreDecDeg, pb.xiDeg - pa.xiDeg, pb.etaDeg - pa.etaDeg);
  return { centreRaDeg: c.raDeg, centreDecDeg: c.decDeg, paDeg: start.paDeg };
}

/**
 * The frame after dragging its handle to `to`: the detector's "up" axis points at the pointer, so
 * PA is the position angle (east of north) of the pointer's sky place seen from the centre,
 * rounded to 0.1°. Null when the pointer is off the sky or on the centre.
 */
export function rotateFrame(start: Frame, view: SkyScreen, to: ScreenPoint): Frame | null {
  const b = view.unproject(to);
  if (b === null) return null;
  const p = gnomonicForward(start.centreRaDeg, start.centreDecDeg, b.raDeg, b.decDeg);
  if (p === null || Math.hypot(p.xiDeg, p.etaDeg) < 1e-9) return null;
  const paDeg = Math.round(norm360((Math.atan2(p.xiDeg, p.etaDeg) * 180) / Math.PI) * 10) / 10;
  return { ...start, paDeg: paDeg >= 360 ? 0 : paDeg };
}

/** What "Request this field" hands to the composer. */
export interface FramePrefill {
  name: string;
  /** ICRS degrees, as OCS takes them. */
  raDeg: number;
  decDeg: number;
  instrumentType: string | null;
  /** The sky PA for the rotator (degrees) when the instrument has one, else null. */
  rotatorAngleDeg: number | null;
}

/** The composer prefill for `frame` on `inst` (the rotator angle only when `inst` has a rotator). */
export function framePrefill(frame: Frame, name: string, inst: Pick<ComposerInstrument, 'instrumentType' | 'modes'> | null): FramePrefill {
  return {
    name: name.trim() === '' ? `Field ${frame.centreRaDeg.toFixed(3)} ${frame.centreDecDeg >= 0 ? '+' : ''}${frame.centreDecDeg.toFixed(3)}` : name.trim().slice(0, 50),
    raDeg: norm360(frame.centreRaDeg),
    decDeg: frame.centreDecDeg,
    instrumentType: inst?.instrumentType ?? null,
    rotatorAngleDeg: hasRotator(inst) ? norm360(frame.paDeg) : null,
  };
}
