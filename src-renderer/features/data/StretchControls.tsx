/** Stretch and limits for the viewer: curve, automatic limits (zscale or percentiles), black and white points. */
import type { Limits, StretchKind } from './stretch';

export type LimitsMode = 'zscale' | '99' | '99.5' | '99.9' | 'minmax' | 'manual';

const MODES: { mode: LimitsMode; label: string; title: string }[] = [
  { mode: 'zscale', label: 'zscale', title: 'IRAF zscale: a line fitted to the sorted pixel values' },
  { mode: '99', label: '99%', title: 'Central 99 % of the pixel values' },
  { mode: '99.5', label: '99.5%', title: 'Central 99.5 % of the pixel values' },
  { mode: '99.9', label: '99.9%', title: 'Central 99.9 % of the pixel values' },
  { mode: 'minmax', label: 'min–max', title: 'Full range of the pixel values' },
];

const KINDS: { kind: StretchKind; label: string }[] = [
  { kind: 'linear', label: 'Linear' },
  { kind: 'log', label: 'Log' },
  { kind: 'asinh', label: 'Asinh' },
];

/** A number for an input box: enough digits to see a change, no float noise. */
function short(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(6))) : '';
}

interface Props {
  kind: StretchKind;
  mode: LimitsMode;
  limits: Limits;
  /** Data range of the preview, for the sliders. */
  range: Limits;
  onKind: (k: StretchKind) => void;
  onMode: (m: LimitsMode) => void;
  /** Black/white edited: the limits become manual. */
  onLimits: (l: Limits) => void;
}

export function StretchControls({ kind, mode, limits, range, onKind, onMode, onLimits }: Props) {
  const span = range.high - range.low;
  // Sliders move along a square-root scale so faint levels near the sky get most of the travel.
  const toSlider = (v: number): number => (span > 0 ? Math.round(Math.sqrt(Math.min(1, Math.max(0, (v - range.low) / span))) * 1000) : 0);
  const fromSlider = (s: number): number => range.low + (s / 1000) ** 2 * span;
  const point = (which: 'low' | 'high', label: string) => (
    <div className="point-row">
      <span className="point-label">{label}</span>
      <input
        type="range"
        min={0}
        max={1000}
        value={toSlider(limits[which])}
        onChange={(e) => onLimits({ ...limits, [which]: fromSlider(Number(e.target.value)) })}
        aria-label={`${label} point`}
        data-testid={`stretch-${which}-slider`}
      />
      <input
        className="search point-input mono"
        key={`${which}-${short(limits[which])}`}
        defaultValue={short(limits[which])}
        onBlur={(e) => {
          const v = Number(e.target.value);
          if (e.target.value.trim() !== '' && Number.isFinite(v)) onLimits({ ...limits, [which]: v });
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
        }}
        aria-label={`${label} value`}
        data-testid={`stretch-${which}`}
      />
    </div>
  );
  return (
    <div className="stretch-controls">
      <div className="control-row">
        <span className="control-label">Stretch</span>
        <div className="chips" role="group" aria-label="Stretch">
          {KINDS.map((k) => (
            <button type="button" key={k.kind} className={`chip ${kind === k.kind ? 'is-active' : ''}`} aria-pressed={kind === k.kind} onClick={() => onKind(k.kind)} data-testid={`stretch-${k.kind}`}>
              {k.label}
            </button>
          ))}
        </div>
      </div>
      <div className="control-row">
        <span className="control-label">Limits</span>
        <div className="chips" role="group" aria-label="Limits">
          {MODES.map((m) => (
            <button type="button" key={m.mode} className={`chip ${mode === m.mode ? 'is-active' : ''}`} aria-pressed={mode === m.mode} onClick={() => onMode(m.mode)} title={m.title} data-testid={`limits-${m.mode}`}>
              {m.label}
            </button>
          ))}
          {mode === 'manual' && <span className="chip is-active">manual</span>}
        </div>
      </div>
      {point('low', 'Black')}
      {point('high', 'White')}
    </div>
  );
}
