/**
 * Compact editor of one telescope's horizon mask: "azimuth, altitude" lines checked as you type
 * (the core's own rules), a preview against the flat horizon, and Save / Clear mask / Cancel
 * through `observatory.setHorizonMask` (a write: the console needs the access token).
 */
import { useMemo, useState } from 'react';
import { flattenFieldErrors } from '../../../src-shared/schemas';
import { useClient } from '../../app/client-context';
import { MaskPreview } from './MaskPreview';
import { formatMaskText, parseMaskText } from './mask-text';

export interface HorizonMaskEditorProps {
  telescopeId: string;
  /** The telescope's flat horizon, degrees of altitude (drawn dashed). */
  horizonDeg: number;
  /** The stored mask, or null for none. */
  mask: readonly { azimuthDeg: number; altitudeDeg: number }[] | null;
  /** Called after the core stored the change. */
  onSaved: () => void;
  onCancel: () => void;
}

export function HorizonMaskEditor({ telescopeId, horizonDeg, mask, onSaved, onCancel }: HorizonMaskEditorProps) {
  const client = useClient();
  const [text, setText] = useState(() => (mask && mask.length > 0 ? formatMaskText(mask) : ''));
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const parsed = useMemo(() => parseMaskText(text), [text]);

  const send = async (horizonMask: [number, number][] | null): Promise<void> => {
    setBusy(true);
    setServerError(null);
    const answer = await client.invoke('observatory.setHorizonMask', { telescopeId, horizonMask });
    setBusy(false);
    if (answer.ok) {
      onSaved();
      return;
    }
    const details = answer.error.details;
    const fields = details
      ? flattenFieldErrors(details as Parameters<typeof flattenFieldErrors>[0]).map(
          (f) => `${f.path.join('.')}: ${f.message}`,
        )
      : [];
    setServerError([answer.error.message, ...fields].join(' · '));
  };

  const nothingYet = text.trim() === '';
  return (
    <div className="mask-editor" data-testid={`mask-editor-${telescopeId}`}>
      <div className="mask-editor-help muted">
        One point per line: <span className="mono">azimuth, altitude</span> in degrees (azimuth 0–360 from north through
        east, altitude −10–90). The mask wraps at north; the higher of mask and flat horizon applies.
      </div>
      <div className="mask-editor-body">
        <textarea
          aria-label={`Horizon mask of ${telescopeId}`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          rows={9}
          placeholder={'0, 10\n90, 35\n180, 12\n270, 8'}
          data-testid="mask-text"
        />
        <div className="mask-editor-chart">
          <MaskPreview points={parsed.points} horizonDeg={horizonDeg} />
          <div className="mask-legend muted">
            <span className="mask-legend-line" /> mask <span className="mask-legend-dash" /> flat horizon {horizonDeg}°
          </div>
        </div>
      </div>
      <div className="mask-editor-status" data-testid="mask-validation" aria-live="polite">
        {nothingYet ? (
          <span className="muted">
            Enter at least 3 points, or clear the mask to use the flat horizon ({horizonDeg}°) alone.
          </span>
        ) : parsed.valid ? (
          <span className="mask-ok">{parsed.points.length} points, valid.</span>
        ) : (
          <ul className="mask-errors">
            {parsed.lineErrors.map((e, i) => (
              <li key={i}>
                Line {e.line}: {e.message}
              </li>
            ))}
            {parsed.maskError !== null && <li>{parsed.maskError}</li>}
          </ul>
        )}
        {serverError !== null && (
          <div className="mask-errors" data-testid="mask-server-error">
            Not saved: {serverError}
          </div>
        )}
      </div>
      <div className="btn-row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || !parsed.valid}
          onClick={() => void send(parsed.points)}
          data-testid="mask-save"
        >
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy || mask === null}
          onClick={() => void send(null)}
          data-testid="mask-clear"
          title="Remove the mask: only the flat horizon applies"
        >
          Clear mask
        </button>
        <button type="button" className="btn" disabled={busy} onClick={onCancel} data-testid="mask-cancel">
          Cancel
        </button>
      </div>
    </div>
  );
}
