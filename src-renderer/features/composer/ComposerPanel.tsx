/**
 * The request composer: a new OCS request group built in the console, offline. As the user types,
 * the portal's zod schema checks fields at once; after a pause `requests.validate` applies every OCS
 * rule (allocation, IPP, modes, visibility) and returns the durations; the target's night is charted
 * at the chosen telescope. Submit goes through the portal's own create path (`requests.submit`).
 */
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useClient } from '../../app/client-context';
import { Empty, Panel } from '../../components/Panel';
import { useCoreNow } from '../../lib/use-core-now';
import { useTimelineStore } from '../../stores/timeline';
import { clientErrors, defaultConfiguration, defaultRequest, errorsAt, flattenErrors, instrumentOf, instrumentsForProposal, toRequestGroup, type GroupDraft } from './composer-model';
import { useComposerStore } from './composer-store';
import { DurationSummary, VisibilitySummary } from './ComposerSide';
import { Field, type ErrorsAt } from './Field';
import { RequestFields } from './RequestFields';
import '../planning/planning.css';
import './composer.css';

const DAY_MS = 86_400_000;
const VALIDATE_DEBOUNCE_MS = 400;
const VISIBILITY_DEBOUNCE_MS = 300;
const OBSERVATION_TYPES = ['NORMAL', 'RAPID_RESPONSE', 'TIME_CRITICAL'] as const;

/** Tonight's span shifted by whole days to the first night that ends after `startMs` (null: the core's tonight). */
export function nightSpanFor(tonight: { nightStartMs: number; nightEndMs: number } | null, startMs: number | null): { startMs: number; endMs: number } | null {
  if (tonight === null || startMs === null || startMs <= tonight.nightEndMs) return null;
  const k = Math.ceil((startMs - tonight.nightEndMs) / DAY_MS);
  return { startMs: tonight.nightStartMs + k * DAY_MS, endMs: tonight.nightEndMs + k * DAY_MS };
}

function GroupFields({ draft, errorsAt: err, onChange }: { draft: GroupDraft; errorsAt: ErrorsAt; onChange: (d: GroupDraft) => void }) {
  const options = useComposerStore((s) => s.options);
  return (
    <fieldset className="cmp-section">
      <legend>Request group</legend>
      <div className="cmp-row">
        <Field label="Proposal" errors={err(['proposal'])}>
          <select
            className="search mono"
            value={draft.proposal}
            onChange={(e) => {
              const proposal = e.target.value;
              const allowed = options ? instrumentsForProposal(options, proposal) : [];
              // Requests on an instrument the new proposal has no time on move to its first instrument.
              const requests = draft.requests.map((r) => {
                if (allowed.length === 0 || allowed.some((i) => i.instrumentType === r.instrumentType)) return r;
                const inst = allowed[0] ?? null;
                return { ...r, instrumentType: inst?.instrumentType ?? '', telescopeId: '', configurations: [defaultConfiguration(inst)] };
              });
              onChange({ ...draft, proposal, requests });
            }}
            data-testid="cmp-proposal"
          >
            {(options?.proposals ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.id} · {p.title}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Name" errors={err(['name'])} className="cmp-grow">
          <input className="search" value={draft.name} maxLength={60} onChange={(e) => onChange({ ...draft, name: e.target.value })} placeholder="M31 BVR" data-testid="cmp-name" />
        </Field>
        <Field label="Observation type" errors={err(['observation_type'])}>
          <select className="search" value={draft.observationType} onChange={(e) => onChange({ ...draft, observationType: e.target.value })} data-testid="cmp-observation-type">
            {OBSERVATION_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </Field>
        <Field label="Operator" errors={err(['operator'])}>
          <select className="search" value={draft.operator} onChange={(e) => onChange({ ...draft, operator: e.target.value })} data-testid="cmp-operator">
            <option>SINGLE</option>
            <option>MANY</option>
          </select>
        </Field>
        <Field label={`IPP ${options?.ipp.min ?? 0.5}–${options?.ipp.max ?? 2}`} errors={err(['ipp_value'])}>
          <input className="search mono cmp-num" value={draft.ipp} onChange={(e) => onChange({ ...draft, ipp: e.target.value })} data-testid="cmp-ipp" />
        </Field>
      </div>
    </fieldset>
  );
}

export function ComposerPanel() {
  const client = useClient();
  const now = useCoreNow();
  const s = useComposerStore(
    useShallow((x) => ({
      open: x.open, options: x.options, optionsError: x.optionsError, draft: x.draft, activeRequest: x.activeRequest, validating: x.validating,
      serverErrors: x.serverErrors, submitErrors: x.submitErrors, durations: x.durations, validateError: x.validateError, visibility: x.visibility,
      visibilityError: x.visibilityError, submitting: x.submitting, submitMessage: x.submitMessage,
    })),
  );
  const { close, update, setActiveRequest, validate, loadVisibility, submit } = useComposerStore(
    useShallow((x) => ({ close: x.close, update: x.update, setActiveRequest: x.setActiveRequest, validate: x.validate, loadVisibility: x.loadVisibility, submit: x.submit })),
  );
  const tonight = useTimelineStore((x) => x.timeline);
  const payload = useMemo(() => (s.draft ? toRequestGroup(s.draft, s.options) : null), [s.draft, s.options]);
  const payloadKey = payload === null ? '' : JSON.stringify(payload);
  const local = useMemo(() => (s.draft && payload ? clientErrors(s.draft, payload) : {}), [s.draft, payload]);

  useEffect(() => {
    if (!s.open || payload === null) return;
    const timer = setTimeout(() => void validate(client, payload), VALIDATE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // The key stands for the payload: re-validate only when what would be sent changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [s.open, payloadKey, client, validate]);

  const active = s.draft?.requests[s.activeRequest] ?? null;
  const firstStartMs = active?.windows[0]?.startMs ?? null;
  const span = useMemo(() => nightSpanFor(tonight, firstStartMs), [tonight, firstStartMs]);
  useEffect(() => {
    if (!s.open) return;
    const timer = setTimeout(() => void loadVisibility(client, span), VISIBILITY_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [s.open, payloadKey, s.activeRequest, span, client, loadVisibility]);

  if (!s.open)
    return s.submitMessage === null ? null : (
      <div className="cmp-toast" data-testid="cmp-submit-message">
        {s.submitMessage}
      </div>
    );
  const err: ErrorsAt = (p) => {
    const c = errorsAt(local, p);
    if (c.length > 0) return c;
    const sub = errorsAt(s.submitErrors, p);
    return sub.length > 0 ? sub : errorsAt(s.serverErrors, p);
  };
  const all = [...flattenErrors(local), ...flattenErrors(s.serverErrors).filter((e) => !flattenErrors(local).some((l) => l.path === e.path))];
  const valid = all.length === 0 && !s.validating && s.validateError === null;
  const draft = s.draft;

  return (
    <Panel
      title="New request group"
      testId="composer"
      className="cmp-panel"
      tools={
        <div className="toolbar">
          <span className="muted">offline · validated by the local portal ({s.options?.username ?? '…'})</span>
          <button type="button" className="chip" onClick={close} data-testid="cmp-close">
            Close
          </button>
        </div>
      }
    >
      {s.optionsError !== null ? (
        <Empty tone="error">Composer unavailable: {s.optionsError}</Empty>
      ) : draft === null || s.options === null ? (
        <Empty>Loading proposals and instruments…</Empty>
      ) : (
        <div className="cmp-grid">
          <form className="cmp-form" onSubmit={(e) => e.preventDefault()}>
            <GroupFields draft={draft} errorsAt={err} onChange={(d) => update(() => d)} />
            <div className="chips cmp-tabs" role="tablist">
              {draft.requests.map((_r, i) => (
                <button key={i} type="button" role="tab" className={`chip ${i === s.activeRequest ? 'is-active' : ''} ${flattenErrors(local).concat(flattenErrors(s.serverErrors)).some((e) => e.path.startsWith(`requests.${i}.`) || e.path === `requests.${i}`) ? 'cmp-tab-bad' : ''}`} onClick={() => setActiveRequest(i)}>
                  Request {i + 1}
                </button>
              ))}
              <button
                type="button"
                className="chip"
                onClick={() => {
                  const inst = instrumentOf(s.options, active?.instrumentType ?? '') ?? instrumentsForProposal(s.options!, draft.proposal)[0] ?? null;
                  update((d) => ({ ...d, operator: 'MANY', requests: [...d.requests, { ...defaultRequest(inst, now.utcMs ?? Date.now()), windows: active?.windows ?? [] }] }));
                  setActiveRequest(draft.requests.length);
                }}
              >
                + request
              </button>
              {draft.requests.length > 1 && (
                <button
                  type="button"
                  className="chip"
                  onClick={() => {
                    update((d) => ({ ...d, requests: d.requests.filter((_r, i) => i !== s.activeRequest), operator: d.requests.length - 1 === 1 ? 'SINGLE' : d.operator }));
                    setActiveRequest(0);
                  }}
                >
                  remove request {s.activeRequest + 1}
                </button>
              )}
            </div>
            {active && (
              <RequestFields
                options={s.options}
                proposal={draft.proposal}
                request={active}
                index={s.activeRequest}
                errorsAt={err}
                onChange={(r) => update((d) => ({ ...d, requests: d.requests.map((x, i) => (i === s.activeRequest ? r : x)) }))}
              />
            )}
          </form>
          <aside className="cmp-side">
            <div className={`cmp-verdict ${valid ? 'is-ok' : all.length > 0 ? 'is-bad' : ''}`} data-testid="cmp-verdict" data-valid={valid ? 'true' : 'false'}>
              {s.validating ? 'Checking with the portal…' : s.validateError !== null ? `Portal unavailable: ${s.validateError}` : valid ? 'Valid: the portal would accept this request group' : `${all.length} problem${all.length === 1 ? '' : 's'}`}
            </div>
            <DurationSummary durations={s.durations} activeRequest={s.activeRequest} />
            {all.length > 0 && (
              <ul className="cmp-error-list" data-testid="cmp-errors">
                {all.map((e) => (
                  <li key={`${e.path}:${e.message}`}>
                    <span className="mono muted">{e.path}</span> {e.message}
                  </li>
                ))}
              </ul>
            )}
            <VisibilitySummary result={s.visibility} name={active?.target.name ?? ''} nowMs={now.utcMs} error={s.visibilityError} />
            <div className="cmp-submit">
              <button type="button" className="btn cmp-submit-btn" disabled={s.submitting || flattenErrors(local).length > 0} onClick={() => void submit(client, now.utcMs ?? Date.now())} data-testid="cmp-submit">
                {s.submitting ? 'Submitting…' : 'Submit request group'}
              </button>
              {s.submitMessage !== null && (
                <span className="cmp-submit-message" data-testid="cmp-submit-message">
                  {s.submitMessage}
                </span>
              )}
            </div>
          </aside>
        </div>
      )}
    </Panel>
  );
}
