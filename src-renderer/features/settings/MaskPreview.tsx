/**
 * A small chart of a horizon mask: azimuth 0–360° across (N E S W N), altitude 0–90° up, the flat
 * horizon as a dashed line and the mask as a filled outline. Points below 0° are drawn at the axis.
 */
import { maskOutline, type MaskPoint } from './mask-text';

const W = 360;
const H = 120;
const PAD = { left: 30, right: 8, top: 8, bottom: 20 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;

const xOf = (azDeg: number): number => PAD.left + (azDeg / 360) * PLOT_W;
const yOf = (altDeg: number): number => PAD.top + (1 - Math.max(0, Math.min(90, altDeg)) / 90) * PLOT_H;
const fmt = (n: number): string => n.toFixed(1);

const AZ_TICKS: [number, string][] = [
  [0, 'N'],
  [90, 'E'],
  [180, 'S'],
  [270, 'W'],
  [360, 'N'],
];
const ALT_TICKS = [0, 30, 60, 90];

export function MaskPreview({ points, horizonDeg }: { points: readonly MaskPoint[]; horizonDeg: number }) {
  const outline = maskOutline(points);
  const line = outline.map(([az, alt]) => `${fmt(xOf(az))},${fmt(yOf(alt))}`).join(' ');
  const area = outline.length > 0 ? `${fmt(xOf(0))},${fmt(yOf(0))} ${line} ${fmt(xOf(360))},${fmt(yOf(0))}` : '';
  return (
    <svg
      className="mask-preview"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={
        outline.length > 0 ? `Horizon mask preview, ${points.length} points` : 'Horizon mask preview: no mask'
      }
      data-testid="mask-preview"
    >
      {ALT_TICKS.map((alt) => (
        <g key={alt}>
          <line className="mask-grid" x1={xOf(0)} x2={xOf(360)} y1={yOf(alt)} y2={yOf(alt)} />
          <text className="mask-label" x={PAD.left - 4} y={yOf(alt) + 3} textAnchor="end">
            {alt}°
          </text>
        </g>
      ))}
      {AZ_TICKS.map(([az, name]) => (
        <g key={az}>
          <line className="mask-grid" x1={xOf(az)} x2={xOf(az)} y1={yOf(0)} y2={yOf(90)} />
          <text className="mask-label" x={xOf(az)} y={H - 6} textAnchor={az === 360 ? 'end' : 'middle'}>
            {name} {az}°
          </text>
        </g>
      ))}
      {area !== '' && <polygon className="mask-area" points={area} />}
      {line !== '' && <polyline className="mask-line" points={line} data-testid="mask-preview-outline" />}
      {points.map(([az, alt], i) => (
        <circle key={i} className="mask-point" cx={xOf(az)} cy={yOf(alt)} r={2} />
      ))}
      <line
        className="mask-horizon"
        x1={xOf(0)}
        x2={xOf(360)}
        y1={yOf(horizonDeg)}
        y2={yOf(horizonDeg)}
        data-testid="mask-preview-horizon"
      >
        <title>Flat horizon {horizonDeg}°</title>
      </line>
    </svg>
  );
}
