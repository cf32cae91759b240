/** One configuration: type, acquisition and guiding, and its instrument configurations (optical elements, exposure, readout). */
import type { ComposerInstrument } from '../../../src-shared/ipc/contract';
import { defaultInstrumentConfig, type ConfigurationDraft, type InstrumentConfigDraft } from './composer-model';
import { Field, ObjectErrors, type ErrorsAt } from './Field';

interface Props {
  inst: ComposerInstrument | null;
  configuration: ConfigurationDraft;
  index: number;
  /** Errors under `requests[i].configurations[index]`. */
  errorsAt: ErrorsAt;
  onChange: (c: ConfigurationDraft) => void;
  onRemove: (() => void) | null;
}

function ModeSelect({ inst, type, value, onChange, testId }: { inst: ComposerInstrument | null; type: string; value: string; onChange: (v: string) => void; testId: string }) {
  const group = inst?.modes[type];
  return (
    <select className="search" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      <option value="">{group?.default ? `default (${group.default})` : 'default'}</option>
      {(group?.modes ?? []).map((m) => (
        <option key={m.code} value={m.code}>
          {m.name} · {m.overheadSec} s
        </option>
      ))}
    </select>
  );
}

export function ConfigurationFields({ inst, configuration: c, index, errorsAt, onChange, onRemove }: Props) {
  const setIc = (k: number, p: Partial<InstrumentConfigDraft>) => onChange({ ...c, instrumentConfigs: c.instrumentConfigs.map((x, j) => (j === k ? { ...x, ...p } : x)) });
  const groups = inst?.opticalElementGroups ?? [];
  return (
    <fieldset className="cmp-section" data-testid={`cmp-configuration-${index}`}>
      <legend>
        Configuration {index + 1}
        {onRemove && (
          <button type="button" className="chip cmp-remove" onClick={onRemove} aria-label={`Remove configuration ${index + 1}`}>
            ×
          </button>
        )}
      </legend>
      <ObjectErrors errors={errorsAt(['non_field_errors'])} />
      <div className="cmp-row">
        <Field label="Type" errors={errorsAt(['type'])}>
          <select className="search" value={c.type} onChange={(e) => onChange({ ...c, type: e.target.value })} data-testid="cmp-config-type">
            {(inst?.configurationTypes ?? [c.type]).map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Acquisition" errors={errorsAt(['acquisition_config', 'mode'])}>
          <ModeSelect inst={inst} type="acquisition" value={c.acquisitionMode} onChange={(v) => onChange({ ...c, acquisitionMode: v })} testId="cmp-acquisition" />
        </Field>
        <Field label="Guiding" errors={errorsAt(['guiding_config', 'mode'])}>
          <ModeSelect inst={inst} type="guiding" value={c.guidingMode} onChange={(v) => onChange({ ...c, guidingMode: v })} testId="cmp-guiding" />
        </Field>
        <label className="cmp-check">
          <input type="checkbox" checked={c.guidingOptional} onChange={(e) => onChange({ ...c, guidingOptional: e.target.checked })} /> guiding optional
        </label>
      </div>
      <ObjectErrors errors={errorsAt(['instrument_configs'])} />
      <table className="table cmp-ic-table">
        <thead>
          <tr>
            <th>#</th>
            {groups.map((g) => (
              <th key={g.type}>{g.key}</th>
            ))}
            <th className="num">Exposure s</th>
            <th className="num">Count</th>
            <th>Readout</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {c.instrumentConfigs.map((ic, k) => {
            const err = (p: (string | number)[]) => errorsAt(['instrument_configs', k, ...p]);
            return (
              <tr key={k} data-testid="cmp-ic-row">
                <td className="mono muted">{k + 1}</td>
                {groups.map((g) => (
                  <td key={g.type}>
                    <select
                      className="search mono"
                      value={ic.opticalElements[g.key] ?? ''}
                      onChange={(e) => setIc(k, { opticalElements: { ...ic.opticalElements, [g.key]: e.target.value } })}
                      data-testid={`cmp-oe-${g.key}`}
                    >
                      <option value="">—</option>
                      {g.elements.map((el) => (
                        <option key={el.code} value={el.code}>
                          {el.code === el.name ? el.code : `${el.code} · ${el.name}`}
                        </option>
                      ))}
                    </select>
                    {err(['optical_elements']).concat(err(['optical_elements', g.key])).map((m) => (
                      <div key={m} className="cmp-error">
                        {m}
                      </div>
                    ))}
                  </td>
                ))}
                <td className="num">
                  <input className="search mono cmp-num" value={ic.exposureTime} onChange={(e) => setIc(k, { exposureTime: e.target.value })} data-testid="cmp-exposure" />
                  {err(['exposure_time']).map((m) => (
                    <div key={m} className="cmp-error" data-testid="cmp-field-error">
                      {m}
                    </div>
                  ))}
                </td>
                <td className="num">
                  <input className="search mono cmp-num" value={ic.exposureCount} onChange={(e) => setIc(k, { exposureCount: e.target.value })} data-testid="cmp-count" />
                  {err(['exposure_count']).map((m) => (
                    <div key={m} className="cmp-error" data-testid="cmp-field-error">
                      {m}
                    </div>
                  ))}
                </td>
                <td>
                  <ModeSelect inst={inst} type="readout" value={ic.readoutMode} onChange={(v) => setIc(k, { readoutMode: v })} testId="cmp-readout" />
                  {err(['mode']).map((m) => (
                    <div key={m} className="cmp-error">
                      {m}
                    </div>
                  ))}
                </td>
                <td>
                  {c.instrumentConfigs.length > 1 && (
                    <button type="button" className="chip" onClick={() => onChange({ ...c, instrumentConfigs: c.instrumentConfigs.filter((_x, j) => j !== k) })} aria-label={`Remove instrument configuration ${k + 1}`}>
                      ×
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        type="button"
        className="chip"
        onClick={() => onChange({ ...c, instrumentConfigs: [...c.instrumentConfigs, { ...(c.instrumentConfigs[c.instrumentConfigs.length - 1] ?? defaultInstrumentConfig(inst)) }] })}
        data-testid="cmp-add-ic"
      >
        + instrument config
      </button>
    </fieldset>
  );
}
