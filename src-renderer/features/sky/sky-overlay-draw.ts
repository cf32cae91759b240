/**
 * The text and the few symbols of the all-sky view, drawn with Canvas 2D on a transparent canvas
 * above either back end (WebGL has no text): constellation names, grid and limit labels, the Sun,
 * the Moon with its phase, planets, telescope pointings and slew targets, the selected target,
 * cardinal points.
 */
import type { ProjectedBody, SkyFrame } from './sky-model';
import { LINE_STYLES, POINTING_RGB, rgba } from './sky-style';

const PLANET_RGB: Record<string, string> = {
  mercury: '#c9b8a0',
  venus: '#fff4d0',
  mars: '#ff8a5c',
  jupiter: '#f2d7a8',
  saturn: '#e8d49a',
  uranus: '#a8e0e8',
  neptune: '#8fb0ff',
  pluto: '#b0a090',
};

const title = (s: string): string => (s[0]?.toUpperCase() ?? '') + s.slice(1);

/** Draws the Moon as a lit disc: bright limb towards `limbRad`, terminator an ellipse by phase. */
function drawMoon(c: CanvasRenderingContext2D, b: ProjectedBody, fraction: number, limbRad: number, r: number): void {
  c.save();
  c.translate(b.x, b.y);
  c.rotate(limbRad);
  c.fillStyle = '#2a2c33';
  c.beginPath();
  c.arc(0, 0, r, 0, 2 * Math.PI);
  c.fill();
  // Lit part: the half facing +x, plus or minus the terminator ellipse (semi-axis |1 − 2f|·r).
  const k = 1 - 2 * fraction;
  c.fillStyle = '#eeeadc';
  c.beginPath();
  c.arc(0, 0, r, -Math.PI / 2, Math.PI / 2, false);
  c.ellipse(0, 0, Math.abs(k) * r, r, 0, Math.PI / 2, -Math.PI / 2, k > 0);
  c.fill();
  c.restore();
}

export interface OverlayExtras {
  /** Selected target's screen position, or null. */
  selected: { x: number; y: number; name: string } | null;
  /** Draw target names next to their markers when fewer than this many are visible. */
  maxTargetNames: number;
  targetNames: readonly { name: string }[];
}

export function drawSkyOverlay(c: CanvasRenderingContext2D, f: SkyFrame, widthPx: number, heightPx: number, extras: OverlayExtras): void {
  c.clearRect(0, 0, widthPx, heightPx);
  const { centreXPx: cx, centreYPx: cy, horizonRadiusPx: r } = f.viewport;
  c.save();
  c.beginPath();
  c.arc(cx, cy, r, 0, 2 * Math.PI);
  c.clip();

  c.textAlign = 'center';
  c.textBaseline = 'middle';
  c.font = '11px system-ui, sans-serif';
  c.fillStyle = 'rgba(140,170,225,0.6)';
  for (const l of f.labels) c.fillText(l.text, l.x, l.y);

  c.font = '10px system-ui, sans-serif';
  for (const l of f.lineLabels) {
    const s = LINE_STYLES[l.style];
    c.fillStyle = rgba(s.rgb, Math.min(1, s.alpha + 0.3));
    c.fillText(l.text, l.x, l.y);
  }

  // Target names when few are shown (readable demo queue; 10⁴ would be noise).
  const tg = f.targets;
  let shown = 0;
  for (let i = 0; i < tg.count; i++) shown += tg.visible[i] ?? 0;
  if (shown <= extras.maxTargetNames) {
    c.textAlign = 'left';
    c.font = '11px system-ui, sans-serif';
    for (let i = 0; i < tg.count; i++) {
      if (!tg.visible[i]) continue;
      c.fillStyle = rgba(tg.rgb, 0.85, 3 * i);
      c.fillText(extras.targetNames[i]?.name ?? '', (tg.xy[2 * i] ?? 0) + 7, (tg.xy[2 * i + 1] ?? 0) - 6);
    }
    c.textAlign = 'center';
  }

  for (const b of f.bodies) {
    c.font = '11px system-ui, sans-serif';
    if (b.body === 'sun') {
      const g = c.createRadialGradient(b.x, b.y, 2, b.x, b.y, 22);
      g.addColorStop(0, 'rgba(255,230,120,0.9)');
      g.addColorStop(1, 'rgba(255,200,80,0)');
      c.fillStyle = g;
      c.beginPath();
      c.arc(b.x, b.y, 22, 0, 2 * Math.PI);
      c.fill();
      c.fillStyle = '#ffd54a';
      c.beginPath();
      c.arc(b.x, b.y, 8, 0, 2 * Math.PI);
      c.fill();
    } else if (b.body === 'moon') {
      drawMoon(c, b, f.moonIlluminatedFraction, f.moonBrightLimbRad, 8);
    } else {
      c.fillStyle = PLANET_RGB[b.body] ?? '#ffb070';
      c.beginPath();
      c.arc(b.x, b.y, 3.5, 0, 2 * Math.PI);
      c.fill();
    }
    c.fillStyle = 'rgba(255,225,190,0.85)';
    const label = b.body === 'moon' ? `Moon ${Math.round(f.moonIlluminatedFraction * 100)}%` : title(b.body);
    c.fillText(label, b.x, b.y - (b.body === 'sun' || b.body === 'moon' ? 15 : 10));
  }

  for (const p of f.pointings) {
    const colour = rgba(p.tracking ? POINTING_RGB.tracking : POINTING_RGB.moving);
    c.strokeStyle = colour;
    c.fillStyle = colour;
    c.lineWidth = 1.5;
    if (p.targetXY !== null) {
      // Slew target: a small diamond where the path ends.
      const { x, y } = p.targetXY;
      c.beginPath();
      c.moveTo(x, y - 6);
      c.lineTo(x + 6, y);
      c.lineTo(x, y + 6);
      c.lineTo(x - 6, y);
      c.closePath();
      c.stroke();
    }
    if (!Number.isFinite(p.x)) continue;
    // Reticle: ring plus four ticks, centred exactly on the pointing.
    c.beginPath();
    c.arc(p.x, p.y, 10, 0, 2 * Math.PI);
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
      c.moveTo(p.x + dx * 6, p.y + dy * 6);
      c.lineTo(p.x + dx * 15, p.y + dy * 15);
    }
    c.stroke();
    c.textAlign = 'left';
    c.font = '11px system-ui, sans-serif';
    c.fillText(p.slewing === true ? `${p.label} · slewing` : p.label, p.x + 14, p.y + 12);
    c.textAlign = 'center';
  }

  if (extras.selected !== null) {
    const s = extras.selected;
    c.strokeStyle = '#ffffff';
    c.lineWidth = 1.5;
    c.beginPath();
    c.arc(s.x, s.y, 9, 0, 2 * Math.PI);
    c.stroke();
  }
  c.restore();

  // Cardinal points outside the rim: east is LEFT when looking up.
  c.fillStyle = 'rgba(230,230,240,0.9)';
  c.font = 'bold 13px system-ui, sans-serif';
  c.textAlign = 'center';
  c.textBaseline = 'middle';
  c.fillText('N', cx, cy - r - 8);
  c.fillText('S', cx, cy + r + 8);
  c.fillText('E', cx - r - 9, cy);
  c.fillText('W', cx + r + 9, cy);
}
