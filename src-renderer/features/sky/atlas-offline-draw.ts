/**
 * The atlas without survey images: a tangent-plane chart around the centre drawn with Canvas 2D from
 * the bundled catalogs (stars to V 6.5, NGC/IC outlines), the request targets, telescope pointings
 * and the instrument's field of view to scale. North up, east left, as on the sky.
 */
import { fieldCorners, gnomonicForward } from '../../../src-shared/sky';
import { bvToRgb } from '../../../src-shared/sky';
import type { SkyCatalogs } from './sky-data';
import type { SkyPointing } from './sky-model';
import type { FieldOfView } from './sky-page-data';
import { frameHandle, type Frame } from './framing';
import { rgba } from './sky-style';
import { TARGET_STATE_RGB, type SkyTarget } from './sky-targets';

export interface AtlasChart {
  centreRaDeg: number;
  centreDecDeg: number;
  /** Width of the chart on the sky, degrees. */
  fieldDeg: number;
  fov: FieldOfView;
  rotationDeg: number;
}

/** Pixels per degree of the chart for a canvas width. */
export const atlasScale = (widthPx: number, fieldDeg: number): number => widthPx / fieldDeg;

/** Screen position (CSS px) of a sky place on the chart, null when behind the tangent plane. */
export function atlasPoint(chart: AtlasChart, widthPx: number, heightPx: number, raDeg: number, decDeg: number): { x: number; y: number } | null {
  const p = gnomonicForward(chart.centreRaDeg, chart.centreDecDeg, raDeg, decDeg);
  if (p === null) return null;
  const k = atlasScale(widthPx, chart.fieldDeg);
  return { x: widthPx / 2 - p.xiDeg * k, y: heightPx / 2 - p.etaDeg * k };
}

/** A frame being placed (framing mode): drawn instead of the chart's own field of view. */
export interface AtlasFraming {
  frame: Frame;
  fov: FieldOfView;
}

export function drawOfflineAtlas(
  c: CanvasRenderingContext2D,
  w: number,
  h: number,
  chart: AtlasChart,
  catalogs: SkyCatalogs | null,
  targets: readonly SkyTarget[],
  pointings: readonly SkyPointing[],
  framing: AtlasFraming | null = null,
): void {
  const k = atlasScale(w, chart.fieldDeg);
  const radiusDeg = (Math.hypot(w, h) / 2 / k) * 1.1;
  const near = (raDeg: number, decDeg: number): boolean => {
    const dd = Math.abs(decDeg - chart.centreDecDeg);
    if (dd > radiusDeg) return false;
    const cosDec = Math.max(Math.cos((Math.min(89.9, Math.abs(chart.centreDecDeg) + radiusDeg) * Math.PI) / 180), 1e-3);
    const da = Math.abs(((raDeg - chart.centreRaDeg + 540) % 360) - 180);
    return da * cosDec <= radiusDeg || Math.abs(chart.centreDecDeg) + radiusDeg > 89;
  };
  const at = (raDeg: number, decDeg: number) => atlasPoint(chart, w, h, raDeg, decDeg);

  const g = c.createRadialGradient(w / 2, h / 2, 0, w / 2, h / 2, Math.hypot(w, h) / 2);
  g.addColorStop(0, '#0d1424');
  g.addColorStop(1, '#05070d');
  c.fillStyle = g;
  c.fillRect(0, 0, w, h);

  // RA/Dec grid with a step that gives a few lines across the chart.
  const step = [0.05, 0.1, 0.25, 0.5, 1, 2, 5].find((s) => chart.fieldDeg / s <= 8) ?? 10;
  c.strokeStyle = 'rgba(110,140,190,0.18)';
  c.lineWidth = 1;
  c.beginPath();
  const decFrom = Math.max(-90, Math.floor((chart.centreDecDeg - radiusDeg) / step) * step);
  const decTo = Math.min(90, chart.centreDecDeg + radiusDeg);
  const raStep = step / Math.max(Math.cos((Math.min(85, Math.abs(chart.centreDecDeg)) * Math.PI) / 180), 0.05);
  const raNice = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30].find((s) => s >= raStep) ?? 30;
  const raSpan = Math.min(180, radiusDeg / Math.max(Math.cos((Math.min(89, Math.abs(chart.centreDecDeg) + radiusDeg) * Math.PI) / 180), 0.02));
  const raFrom = Math.floor((chart.centreRaDeg - raSpan) / raNice) * raNice;
  for (let dec = decFrom; dec <= decTo; dec += step) {
    let first = true;
    for (let ra = raFrom; ra <= chart.centreRaDeg + raSpan; ra += raNice / 8) {
      const p = at(ra, dec);
      if (p === null) continue;
      if (first) c.moveTo(p.x, p.y);
      else c.lineTo(p.x, p.y);
      first = false;
    }
  }
  for (let ra = raFrom; ra <= chart.centreRaDeg + raSpan; ra += raNice) {
    let first = true;
    for (let dec = decFrom; dec <= decTo; dec += step / 8) {
      const p = at(ra, dec);
      if (p === null) continue;
      if (first) c.moveTo(p.x, p.y);
      else c.lineTo(p.x, p.y);
      first = false;
    }
  }
  c.stroke();

  c.font = '11px system-ui, sans-serif';
  if (catalogs !== null) {
    const d = catalogs.dso;
    for (let i = 0; i < d.count; i++) {
      const ra = d.raDeg[i] ?? 0;
      const dec = d.decDeg[i] ?? 0;
      if (!near(ra, dec)) continue;
      const p = at(ra, dec);
      if (p === null) continue;
      const major = d.majorArcmin[i] ?? Number.NaN;
      const minor = d.minorArcmin[i] ?? Number.NaN;
      const a = Math.max(3, ((Number.isNaN(major) ? 1 : major) / 120) * k);
      const b = Math.max(3, ((Number.isNaN(minor) ? (Number.isNaN(major) ? 1 : major) : minor) / 120) * k);
      const pa = d.paDeg[i] ?? Number.NaN;
      c.strokeStyle = 'rgba(120,200,170,0.7)';
      c.beginPath();
      // Major axis at PA east of north: on this chart north is up and east left.
      c.ellipse(p.x, p.y, b, a, Number.isNaN(pa) ? 0 : (-pa * Math.PI) / 180, 0, 2 * Math.PI);
      c.stroke();
      const m = d.messier[i] ?? 0;
      const label = m > 0 ? `M ${m}` : (d.id[i] ?? '');
      c.fillStyle = 'rgba(140,215,185,0.8)';
      c.fillText(label, p.x + Math.min(a, 60) * 0.7 + 4, p.y - Math.min(a, 60) * 0.7);
    }
    const s = catalogs.stars;
    for (let i = 0; i < s.count; i++) {
      const ra = s.raDeg[i] ?? 0;
      const dec = s.decDeg[i] ?? 0;
      if (!near(ra, dec)) continue;
      const p = at(ra, dec);
      if (p === null) continue;
      const size = Math.max(1.5, 7 - (s.vMag[i] ?? 6));
      c.fillStyle = rgba(bvToRgb(s.bv[i] ?? 0.6));
      c.beginPath();
      c.arc(p.x, p.y, size / 2 + 0.5, 0, 2 * Math.PI);
      c.fill();
      const name = s.properNames.get(i);
      if (name !== undefined) {
        c.fillStyle = 'rgba(230,230,240,0.8)';
        c.fillText(name, p.x + size + 3, p.y + 4);
      }
    }
  }

  for (const t of targets) {
    if (!near(t.raDeg, t.decDeg)) continue;
    const p = at(t.raDeg, t.decDeg);
    if (p === null) continue;
    c.strokeStyle = rgba(TARGET_STATE_RGB[t.state]);
    c.lineWidth = 2;
    c.strokeRect(p.x - 5, p.y - 5, 10, 10);
    c.fillStyle = rgba(TARGET_STATE_RGB[t.state], 0.95);
    c.fillText(t.name, p.x + 9, p.y + 15);
  }
  c.lineWidth = 1.5;
  for (const q of pointings) {
    const p = at(q.raDeg, q.decDeg);
    if (p === null) continue;
    c.strokeStyle = '#ff5d8f';
    c.beginPath();
    c.arc(p.x, p.y, 9, 0, 2 * Math.PI);
    c.stroke();
    c.fillStyle = '#ff8fb0';
    c.fillText(q.label, p.x + 12, p.y - 10);
  }

  // The instrument's field of view, to scale, rotated by the position angle (the frame being placed, when framing).
  const fov = framing?.fov ?? chart.fov;
  const f = framing?.frame ?? { centreRaDeg: chart.centreRaDeg, centreDecDeg: chart.centreDecDeg, paDeg: chart.rotationDeg };
  const corners = fieldCorners(f.centreRaDeg, f.centreDecDeg, fov.widthArcmin, fov.heightArcmin, f.paDeg).map((q) => at(q.raDeg, q.decDeg));
  if (framing !== null) drawFrameMarks(c, framing, at);
  c.strokeStyle = '#4fc3ff';
  c.lineWidth = 2;
  c.beginPath();
  corners.forEach((p, i) => {
    if (p === null) return;
    if (i === 0) c.moveTo(p.x, p.y);
    else c.lineTo(p.x, p.y);
  });
  c.closePath();
  c.stroke();
  const top = corners[0];
  if (top) {
    c.fillStyle = '#4fc3ff';
    c.fillText(`${fov.widthArcmin.toFixed(1)}′ × ${fov.heightArcmin.toFixed(1)}′`, top.x, top.y - 6);
  }

  // Scale bar and compass.
  const barDeg = [1 / 60, 5 / 60, 10 / 60, 0.25, 0.5, 1, 2, 5].filter((b) => b * k <= w / 4).pop() ?? 1 / 60;
  const bx = 16;
  const by = h - 18;
  c.strokeStyle = '#d8dbe6';
  c.fillStyle = '#d8dbe6';
  c.lineWidth = 2;
  c.beginPath();
  c.moveTo(bx, by);
  c.lineTo(bx + barDeg * k, by);
  c.stroke();
  c.fillText(barDeg < 1 ? `${Math.round(barDeg * 60)}′` : `${barDeg}°`, bx, by - 6);
  const cx = w - 40;
  const cy = h - 40;
  c.lineWidth = 1.5;
  c.beginPath();
  c.moveTo(cx, cy);
  c.lineTo(cx, cy - 24);
  c.moveTo(cx, cy);
  c.lineTo(cx - 24, cy);
  c.stroke();
  c.fillText('N', cx - 4, cy - 28);
  c.fillText('E', cx - 36, cy + 4);
}

/** The frame's fill, centre cross and rotation handle (its outline is drawn with the field of view). */
function drawFrameMarks(c: CanvasRenderingContext2D, framing: AtlasFraming, at: (raDeg: number, decDeg: number) => { x: number; y: number } | null): void {
  const { frame, fov } = framing;
  const corners = fieldCorners(frame.centreRaDeg, frame.centreDecDeg, fov.widthArcmin, fov.heightArcmin, frame.paDeg).map((q) => at(q.raDeg, q.decDeg));
  const centre = at(frame.centreRaDeg, frame.centreDecDeg);
  const hs = frameHandle(frame, fov);
  const handle = at(hs.raDeg, hs.decDeg);
  if (centre === null || corners.some((p) => p === null)) return;
  c.fillStyle = 'rgba(79,195,255,0.08)';
  c.beginPath();
  corners.forEach((p, i) => (p === null ? undefined : i === 0 ? c.moveTo(p.x, p.y) : c.lineTo(p.x, p.y)));
  c.closePath();
  c.fill();
  c.strokeStyle = '#4fc3ff';
  c.lineWidth = 1.5;
  c.beginPath();
  c.moveTo(centre.x - 8, centre.y);
  c.lineTo(centre.x + 8, centre.y);
  c.moveTo(centre.x, centre.y - 8);
  c.lineTo(centre.x, centre.y + 8);
  c.stroke();
  if (handle === null) return;
  // The handle sits on the detector's "up" axis, joined to the top edge's midpoint.
  const a = corners[0];
  const b = corners[1];
  if (a && b) {
    c.setLineDash([4, 3]);
    c.beginPath();
    c.moveTo((a.x + b.x) / 2, (a.y + b.y) / 2);
    c.lineTo(handle.x, handle.y);
    c.stroke();
    c.setLineDash([]);
  }
  c.fillStyle = '#4fc3ff';
  c.beginPath();
  c.arc(handle.x, handle.y, 6, 0, 2 * Math.PI);
  c.fill();
  c.fillStyle = '#d8dbe6';
  c.fillText(`PA ${frame.paDeg.toFixed(1)}°`, handle.x + 10, handle.y - 4);
}
