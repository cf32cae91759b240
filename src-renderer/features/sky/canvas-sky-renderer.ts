/**
 * Canvas 2D back end for the all-sky view (the fallback when WebGL is unavailable): no dependency,
 * works in Electron, browsers and software rendering. Draws the model's buffers; all astronomy
 * happened in SkyModel. Text and symbols are drawn by the overlay above it (sky-overlay-draw).
 */
import type { SkyFrame } from './sky-model';
import type { SkyRenderer } from './sky-renderer';
import { BAND_STYLES, CONSTELLATION_STYLE, HORIZON_STYLE, LINE_STYLES, MILKY_WAY_STYLE, OUTSIDE_RGB, rgba, type SkyBandStyle } from './sky-style';

/** Fills the frame's bands of one style (each strip as one polygon: edge a forwards, edge b back). */
function fillBands(c: CanvasRenderingContext2D, f: SkyFrame, style: SkyBandStyle): void {
  const st = BAND_STYLES[style];
  for (const b of f.bands) {
    if (b.style !== style) continue;
    c.fillStyle = rgba(st.rgb, st.alpha * (b.dim ? 0.5 : 1));
    for (const xy of b.strips) {
      c.beginPath();
      for (let i = 0; i + 1 < xy.length; i += 4) c.lineTo(xy[i] ?? 0, xy[i + 1] ?? 0);
      for (let i = xy.length - 2; i >= 2; i -= 4) c.lineTo(xy[i] ?? 0, xy[i + 1] ?? 0);
      c.closePath();
      c.fill();
    }
  }
}

function strokePolyline(c: CanvasRenderingContext2D, xy: Float32Array): void {
  c.moveTo(xy[0] ?? 0, xy[1] ?? 0);
  for (let i = 2; i < xy.length; i += 2) c.lineTo(xy[i] ?? 0, xy[i + 1] ?? 0);
}

export class CanvasSkyRenderer implements SkyRenderer {
  readonly kind = 'canvas';
  private readonly ctx: CanvasRenderingContext2D;
  private widthPx = 0;
  private heightPx = 0;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new Error('Canvas 2D is not available');
    this.ctx = ctx;
  }

  setSize(widthPx: number, heightPx: number, pixelRatio: number): void {
    this.widthPx = widthPx;
    this.heightPx = heightPx;
    this.canvas.width = Math.round(widthPx * pixelRatio);
    this.canvas.height = Math.round(heightPx * pixelRatio);
    this.ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
  }

  draw(f: SkyFrame): void {
    const c = this.ctx;
    const { centreXPx: cx, centreYPx: cy, horizonRadiusPx: r } = f.viewport;
    c.fillStyle = rgba(OUTSIDE_RGB);
    c.fillRect(0, 0, this.widthPx, this.heightPx);
    c.save();
    c.beginPath();
    c.arc(cx, cy, r, 0, 2 * Math.PI);
    c.fillStyle = rgba(f.skyRgb);
    c.fill();
    c.clip();
    fillBands(c, f, 'dome-slit');

    c.lineWidth = 1;
    c.strokeStyle = rgba(MILKY_WAY_STYLE.rgb, MILKY_WAY_STYLE.alpha);
    c.beginPath();
    for (const line of f.milkyWayXY) strokePolyline(c, line);
    c.stroke();

    for (const l of f.lines) {
      const s = LINE_STYLES[l.style];
      c.strokeStyle = rgba(s.rgb, s.alpha);
      c.lineWidth = s.widthPx;
      c.setLineDash(s.dash);
      c.beginPath();
      strokePolyline(c, l.xy);
      c.stroke();
    }
    c.setLineDash([]);

    c.lineWidth = 1;
    c.strokeStyle = rgba(CONSTELLATION_STYLE.rgb, CONSTELLATION_STYLE.alpha);
    c.beginPath();
    for (let s = 0; s < f.constellationSegmentCount; s++) {
      const k = 4 * s;
      c.moveTo(f.constellationXY[k] ?? 0, f.constellationXY[k + 1] ?? 0);
      c.lineTo(f.constellationXY[k + 2] ?? 0, f.constellationXY[k + 3] ?? 0);
    }
    c.stroke();

    const st = f.stars;
    for (let i = 0; i < st.count; i++) {
      const d = st.sizePx[i] ?? 0;
      if (!st.visible[i] || d <= 0) continue;
      c.fillStyle = rgba(st.rgb, 1, 3 * i);
      c.beginPath();
      c.arc(st.xy[2 * i] ?? 0, st.xy[2 * i + 1] ?? 0, d / 2, 0, 2 * Math.PI);
      c.fill();
    }

    fillBands(c, f, 'horizon-mask');

    const tg = f.targets;
    c.lineWidth = 2;
    for (let i = 0; i < tg.count; i++) {
      if (!tg.visible[i]) continue;
      const half = (tg.sizePx[i] ?? 7) / 2;
      c.strokeStyle = rgba(tg.rgb, 1, 3 * i);
      c.strokeRect((tg.xy[2 * i] ?? 0) - half, (tg.xy[2 * i + 1] ?? 0) - half, 2 * half, 2 * half);
    }
    c.restore();

    c.strokeStyle = rgba(HORIZON_STYLE.rgb, HORIZON_STYLE.alpha);
    c.lineWidth = 1.5;
    c.beginPath();
    c.arc(cx, cy, r, 0, 2 * Math.PI);
    c.stroke();
  }

  dispose(): void {
    this.canvas.width = 0;
    this.canvas.height = 0;
  }
}
