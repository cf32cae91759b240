/**
 * Compact form for one telescope's pointing limits (flat horizon, hour-angle limits, zenith blind
 * spot), checked as you type with the core's own rules and saved through
 * `observatory.setTelescopeLimits` (a write: the console needs the access token).
 */
import { useMemo, useState } from 'react';
import { flattenFieldErrors, type TelescopeLimitField, type TelescopeLimitsInput } from '../../../src-shared/schemas';
import { useClient } from '../../app/client-context';
import { LIMIT_FIELDS, checkLimitsDraft, draftOf, type LimitsDraft } from './limits-form';

export interface TelescopeLimitsEditorProps {
  telescopeId: string;
  /** The stored limits the form starts from. */
  limits: TelescopeLimitsInput;
  /** Called after the core stored the change. */
  onSaved: () => void;
  onCancel: () => void;
}

const FIELD_TEXT: Record<TelescopeLimitField, { label: string; unit: string; hint: string; configdb: string }> = {
  horizonDeg: { label: 'Flat horizon', unit: '°', hint: 'altitude, 0 to 90', configdb: 'horizon' },
  haLimitPosHours: { label: 'West hour-angle limit', unit: 'h', hint: '0 to +12 (12 = none)', configdb: 'ha_limit_pos' },
  haLimitNegHours: { label: 'East hour-angle limit', unit: 'h', hint: '−12 to 0 (−12 = none)', configdb: 'ha_limit_neg' },
  zenithBlindSpotDeg: { label: 'Zenith blind spot', unit: '°', hint: 'radius, 0 = none', configdb: 'zenith_blind_spot' },
};

export function TelescopeLimitsEditor({ telescopeId, limits, onSaved, onCancel }: TelescopeLimitsEditorProps) {
  const client = useClient();
  const [draft, setDraft] = useState<LimitsDraft>(() => draftOf(limits));
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const checked = useMemo(() => checkLimitsDraft(draft), [draft]);

  const save = async (valid: TelescopeLimitsInput): Promise<void> => {
    setBusy(true);
    setServerError(null);
    const answer = await client.invoke('observatory.setTelescopeLimits', { telescopeId, ...valid });
    setBusy(false);
    if (answer.ok) {
      onSaved();
      return;
    }
    const details = answer.error.details;
    const fields = details
      ? flattenFieldErrors(details as Parameters<typeof flattenFieldErrors>[0]).map((f) => `${f.path.join('.')}: ${f.message}`)
      : [];
    setServerError([answer.error.message, ...fields].join(' · '));
  };

  return (
    <form
      className="limits-editor"
      data-testid={`limits-editor-${telescopeId}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (checked.limits !== null && !busy) void save(checked.limits);
      }}
    >
      <div className="limits-grid">
        {LIMIT_FIELDS.map((field) => {
          const text = FIELD_TEXT[field];
          const error = checked.errors[field];
          const inputId = `limits-${telescopeId}-${field}`;
          return (
            <div key={field} className="limits-field">
              <label htmlFor={inputId}>{text.label}</label>
              <div className="limits-input">
                <input
                  id={inputId}
                  type="text"
                  inputMode="decimal"
                  autoComplete="off"
                  spellCheck={false}
                  value={draft[field]}
                  aria-invalid={error !== undefined}
                  aria-describedby={`${inputId}-note`}
                  onChange={(e) => {
                    const value = e.target.value;
                    setDraft((d) => ({ ...d, [field]: value }));
                  }}
                  data-testid={`limits-input-${field}`}
                />
                <span className="limits-unit">{text.unit}</span>
              </div>
              <div
                id={`${inputId}-note`}
                className={error === undefined ? 'limits-hint muted' : 'limits-hint limits-error'}
                data-testid={`limits-note-${field}`}
              >
                {error ?? (
                  <>
                    {text.hint} · <span className="mono">{text.configdb}</span>
                  </>
                )}
              </div>
            </div>
          );
        })}
      </div>
      <div className="limits-import-note muted">
        Saved in this observatory&apos;s model. A later <span className="mono">/sites/</span> import from an OCS configdb
        replaces these four values (a horizon mask set here is kept), and so does a demo reset.
      </div>
      {serverError !== null && (
        <div className="mask-errors" data-testid="limits-server-error">
          Not saved: {serverError}
        </div>
      )}
      <div className="btn-row">
        <button type="submit" className="btn btn-primary" disabled={busy || checked.limits === null} data-testid="limits-save">
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="btn" disabled={busy} onClick={onCancel} data-testid="limits-cancel">
          Cancel
        </button>
      </div>
    </form>
  );
}
