/**
 * The atlas's framing bar: show the instrument's field as a movable frame, pick the instrument,
 * set the position angle, read the frame centre, and "Request this field".
 */
import type { ComposerInstrument } from '../../../src-shared/ipc/contract';
import { formatDecDms, formatRaHms } from '../composer/composer-model';
import type { Frame } from './framing';

export interface FramingControlsProps {
  on: boolean;
  frame: Frame;
  instruments: readonly ComposerInstrument[];
  instrumentType: string | null;
  rotator: boolean;
  busy: boolean;
  onToggle: () => void;
  onInstrument: (instrumentType: string) => void;
  onPa: (paDeg: number) => void;
  onRecentre: () => void;
  onRequest: () => void;
}

const bar: React.CSSProperties = {
  position: 'absolute', top: 38, left: 8, right: 8, display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, padding: '6px 10px',
  background: 'rgba(8,12,22,0.82)', border: '1px solid rgba(79,195,255,0.35)', borderRadius: 4, color: '#d8dbe6', fontSize: 12, zIndex: 5,
};

export function FramingControls(p: FramingControlsProps) {
  if (!p.on) {
    return (
      <div style={{ ...bar, right: 'auto' }}>
        <button type="button" className="btn" onClick={p.onToggle} data-testid="atlas-frame-toggle">
          Frame a request…
        </button>
      </div>
    );
  }
  return (
    <div style={bar} data-testid="atlas-framing">
      <button type="button" className="chip is-active" onClick={p.onToggle} data-testid="atlas-frame-toggle" title="Hide the frame">
        Framing
      </button>
      <label>
        Instrument{' '}
        <select value={p.instrumentType ?? ''} onChange={(e) => p.onInstrument(e.target.value)} data-testid="atlas-frame-instrument">
          {p.instruments.length === 0 && <option value="">field of the chart</option>}
          {p.instruments.map((i) => (
            <option key={i.instrumentType} value={i.instrumentType}>
              {i.name}
            </option>
          ))}
        </select>
      </label>
      <label title={p.rotator ? 'Sky position angle for the rotator' : 'This instrument has no rotator: the angle only turns the drawing'}>
        PA{' '}
        <input type="number" min={0} max={359.9} step={0.5} value={p.frame.paDeg} style={{ width: 64 }} onChange={(e) => p.onPa(Number(e.target.value))} data-testid="atlas-frame-pa" />
        {' °'}
      </label>
      <span>
        Centre{' '}
        <span className="mono" style={{ color: '#bfe9ff' }} data-testid="atlas-frame-centre">
          {formatRaHms(p.frame.centreRaDeg)} {formatDecDms(p.frame.centreDecDeg)}
        </span>
      </span>
      <span style={{ opacity: 0.7 }}>{p.rotator ? 'rotator follows PA' : 'no rotator'} · drag the frame, turn it by its handle</span>
      <span style={{ flex: 1 }} />
      <button type="button" className="btn" onClick={p.onRecentre} data-testid="atlas-frame-recentre">
        Recentre
      </button>
      <button type="button" className="btn" style={{ borderColor: '#4fc3ff', color: '#bfe9ff', fontWeight: 600 }} onClick={p.onRequest} disabled={p.busy} data-testid="atlas-request-field">
        Request this field
      </button>
    </div>
  );
}
