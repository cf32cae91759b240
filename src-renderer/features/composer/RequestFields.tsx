/** One request of the draft: location, windows (site-local and UTC), target with offline lookup, constraints. */
import type { ComposerOptions } from '../../../src-shared/ipc/contract';
import { useClient } from '../../app/client-context';
import { formatZoneOffset } from '../../lib/time-format';
import { chartTelescope, defaultConfiguration, fromLocalInput, instrumentOf, instrumentsForProposal, toLocalInput, type RequestDraft, type TargetDraft } from './composer-model';
import { useComposerStore } from './composer-store';
import { ConfigurationFields } from './ConfigurationFields';
import { Field, ObjectErrors, type ErrorsAt } from './Field';

interface Props {
  options: ComposerOptions;
  proposal: string;
  request: RequestDraft;
  index: number;
  errorsAt: ErrorsAt;
  onChange: (r: RequestDraft) => void;
}

const HOUR_MS = 3_600_000;

function WindowRow({ w, k, timeZone, errorsAt, set, remove }: { w: RequestDraft['windows'][number]; k: number; timeZone: string; errorsAt: ErrorsAt; set: (p: Partial<RequestDraft['windows'][number]>) => void; remove: (() => void) | null }) {
  const input = (which: 'startMs' | 'endMs', zone: string, testId: string) => (
    <input
      type="datetime-local"
      className="search mono"
      value={toLocalInput(w[which], zone)}
      onChange={(e) => set({ [which]: fromLocalInput(e.target.value, zone) })}
      data-testid={testId}
    />
  );
  return (
    <div className="cmp-window">
      <Field label={`Start · site (${formatZoneOffset(w.startMs ?? 0, timeZone)})`} errors={errorsAt(['windows', k, 'start'])}>
        {input('startMs', timeZone, `cmp-window-start-local-${k}`)}
      </Field>
      <Field label="Start · UTC">{input('startMs', 'UTC', `cmp-window-start-utc-${k}`)}</Field>
      <Field label={`End · site`} errors={errorsAt(['windows', k, 'end'])}>
        {input('endMs', timeZone, `cmp-window-end-local-${k}`)}
      </Field>
      <Field label="End · UTC">{input('endMs', 'UTC', `cmp-window-end-utc-${k}`)}</Field>
      {remove && (
        <button type="button" className="chip cmp-remove" onClick={remove} aria-label={`Remove window ${k + 1}`}>
          ×
        </button>
      )}
      <ObjectErrors errors={errorsAt(['windows', k, 'non_field_errors'])} />
    </div>
  );
}

export function RequestFields({ options, proposal, request: r, index, errorsAt: rootErrorsAt, onChange }: Props) {
  const client = useClient();
  const lookup = useComposerStore((s) => s.lookup);
  const lookupName = useComposerStore((s) => s.lookupName);
  const errorsAt: ErrorsAt = (p) => rootErrorsAt(['requests', index, ...p]);
  const targetErrors: ErrorsAt = (p) => errorsAt(['configurations', 0, 'target', ...p]);
  const constraintErrors: ErrorsAt = (p) => errorsAt(['configurations', 0, 'constraints', ...p]);
  const inst = instrumentOf(options, r.instrumentType);
  const instruments = instrumentsForProposal(options, proposal);
  const timeZone = chartTelescope(r, inst)?.timeZone ?? 'UTC';
  const setTarget = (p: Partial<TargetDraft>) => onChange({ ...r, target: { ...r.target, ...p } });
  const text = (label: string, value: string, set: (v: string) => void, errors: string[], testId: string, placeholder = '') => (
    <Field label={label} errors={errors}>
      <input className="search mono" value={value} placeholder={placeholder} onChange={(e) => set(e.target.value)} data-testid={testId} />
    </Field>
  );

  return (
    <div className="cmp-request" data-testid={`cmp-request-${index}`}>
      <ObjectErrors errors={errorsAt(['non_field_errors'])} testId="cmp-request-errors" />
      <fieldset className="cmp-section">
        <legend>Location</legend>
        <div className="cmp-row">
          <Field label="Instrument type" errors={errorsAt(['configurations', 0, 'instrument_type'])}>
            <select
              className="search"
              value={r.instrumentType}
              data-testid="cmp-instrument"
              onChange={(e) => {
                const next = instrumentOf(options, e.target.value);
                // A new instrument brings its own optical elements and modes.
                onChange({ ...r, instrumentType: e.target.value, telescopeId: '', configurations: [defaultConfiguration(next)] });
              }}
            >
              {instruments.map((i) => (
                <option key={i.instrumentType} value={i.instrumentType}>
                  {i.instrumentType} · {i.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Telescope class">
            <span className="cmp-static mono">{inst?.telescopeClass ?? '—'}</span>
          </Field>
          <Field label="Site · enclosure · telescope" errors={errorsAt(['location', 'non_field_errors'])}>
            <select className="search mono" value={r.telescopeId} onChange={(e) => onChange({ ...r, telescopeId: e.target.value })} data-testid="cmp-telescope">
              <option value="">any {inst?.telescopeClass ?? ''}</option>
              {(inst?.telescopes ?? []).map((t) => (
                <option key={t.telescopeId} value={t.telescopeId}>
                  {t.telescopeId}
                </option>
              ))}
            </select>
          </Field>
        </div>
      </fieldset>

      <fieldset className="cmp-section">
        <legend>
          Windows <span className="muted">site time {timeZone} and UTC</span>
        </legend>
        <ObjectErrors errors={errorsAt(['windows'])} />
        {r.windows.map((w, k) => (
          <WindowRow
            key={k}
            w={w}
            k={k}
            timeZone={timeZone}
            errorsAt={errorsAt}
            set={(p) => onChange({ ...r, windows: r.windows.map((x, j) => (j === k ? { ...x, ...p } : x)) })}
            remove={r.windows.length > 1 ? () => onChange({ ...r, windows: r.windows.filter((_x, j) => j !== k) }) : null}
          />
        ))}
        <button
          type="button"
          className="chip"
          onClick={() => {
            const last = r.windows[r.windows.length - 1];
            const startMs = last?.endMs ?? null;
            onChange({ ...r, windows: [...r.windows, { startMs, endMs: startMs === null ? null : startMs + 24 * HOUR_MS }] });
          }}
        >
          + window
        </button>
      </fieldset>

      <fieldset className="cmp-section">
        <legend>Target · ICRS</legend>
        <div className="cmp-row">
          <Field label="Name" errors={targetErrors(['name'])} className="cmp-grow">
            <span className="cmp-inline">
              <input
                className="search"
                value={r.target.name}
                placeholder="M31, Vega, NGC 7331…"
                onChange={(e) => setTarget({ name: e.target.value })}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    void lookupName(client);
                  }
                }}
                data-testid="cmp-target-name"
              />
              <button type="button" className="btn" onClick={() => void lookupName(client)} disabled={lookup.status === 'busy'} data-testid="cmp-lookup">
                {lookup.status === 'busy' ? 'Looking…' : 'Look up'}
              </button>
            </span>
          </Field>
          {text('RA (deg or h m s)', r.target.ra, (v) => setTarget({ ra: v }), targetErrors(['ra']), 'cmp-ra', '00 42 44.3')}
          {text('Dec (deg or d m s)', r.target.dec, (v) => setTarget({ dec: v }), targetErrors(['dec']), 'cmp-dec', '+41 16 09')}
        </div>
        {lookup.message !== null && (
          <div className={`cmp-lookup cmp-lookup-${lookup.status}`} data-testid="cmp-lookup-message" data-status={lookup.status}>
            {lookup.message}
          </div>
        )}
        <div className="cmp-row">
          {text('PM RA·cosδ mas/yr', r.target.pmRa, (v) => setTarget({ pmRa: v }), targetErrors(['proper_motion_ra']), 'cmp-pmra', '0')}
          {text('PM Dec mas/yr', r.target.pmDec, (v) => setTarget({ pmDec: v }), targetErrors(['proper_motion_dec']), 'cmp-pmdec', '0')}
          {text('Parallax mas', r.target.parallax, (v) => setTarget({ parallax: v }), targetErrors(['parallax']), 'cmp-parallax', '0')}
          {text('Epoch', r.target.epoch, (v) => setTarget({ epoch: v }), targetErrors(['epoch']), 'cmp-epoch', '2000')}
        </div>
      </fieldset>

      <fieldset className="cmp-section">
        <legend>Constraints</legend>
        <div className="cmp-row">
          {text('Max airmass', r.maxAirmass, (v) => onChange({ ...r, maxAirmass: v }), constraintErrors(['max_airmass']), 'cmp-airmass')}
          {text('Min Moon distance °', r.minLunarDistance, (v) => onChange({ ...r, minLunarDistance: v }), constraintErrors(['min_lunar_distance']), 'cmp-moon-distance')}
          {text('Max Moon phase 0–1', r.maxLunarPhase, (v) => onChange({ ...r, maxLunarPhase: v }), constraintErrors(['max_lunar_phase']), 'cmp-moon-phase')}
        </div>
      </fieldset>

      {r.configurations.map((c, j) => (
        <ConfigurationFields
          key={j}
          inst={inst}
          configuration={c}
          index={j}
          errorsAt={(p) => errorsAt(['configurations', j, ...p])}
          onChange={(next) => onChange({ ...r, configurations: r.configurations.map((x, m) => (m === j ? next : x)) })}
          onRemove={r.configurations.length > 1 ? () => onChange({ ...r, configurations: r.configurations.filter((_x, m) => m !== j) }) : null}
        />
      ))}
      <button type="button" className="chip" onClick={() => onChange({ ...r, configurations: [...r.configurations, defaultConfiguration(inst)] })} data-testid="cmp-add-configuration">
        + configuration
      </button>
    </div>
  );
}
