/**
 * The request composer's state: the options (proposals, instruments) from `requests.options`, the
 * draft, client-side and server (OCS) errors with the computed durations, the name lookup, the
 * target's visibility for the chart, and the submission. Server answers are keyed by the payload
 * they were computed for, so a stale answer never shows against a newer draft.
 */
import { create } from 'zustand';
import type { FieldErrors } from '../../../src-shared/errors';
import type { ComposerDurations, ComposerOptions, InvocationInput, VisibilityTarget } from '../../../src-shared/ipc/contract';
import type { CoreClient } from '../../lib/transport';
import { chartTelescope, constraintsPayload, defaultGroup, formatDecDms, formatRaHms, instrumentOf, targetPayload, toRequestGroup, type GroupDraft } from './composer-model';

export interface ComposerState {
  open: boolean;
  options: ComposerOptions | null;
  optionsError: string | null;
  draft: GroupDraft | null;
  /** Which request's fields are shown. */
  activeRequest: number;
  /** Server validation for `validatedKey` (the payload JSON). */
  validatedKey: string | null;
  /** The payload JSON of the latest validation asked for (older answers are dropped). */
  requestedKey: string | null;
  validating: boolean;
  serverErrors: FieldErrors;
  durations: ComposerDurations;
  validateError: string | null;
  lookup: { status: 'idle' | 'busy' | 'found' | 'not-found' | 'offline' | 'error'; message: string | null };
  visibilityKey: string | null;
  visibility: VisibilityTarget | null;
  visibilityError: string | null;
  submitting: boolean;
  submitErrors: FieldErrors;
  submitMessage: string | null;
  lastSubmittedId: number | null;
}

export interface ComposerStore extends ComposerState {
  openComposer: (client: CoreClient, nowMs: number) => Promise<void>;
  close: () => void;
  update: (fn: (d: GroupDraft) => GroupDraft) => void;
  setActiveRequest: (i: number) => void;
  validate: (client: CoreClient, payload: Record<string, unknown>) => Promise<void>;
  lookupName: (client: CoreClient) => Promise<void>;
  loadVisibility: (client: CoreClient, span: { startMs: number; endMs: number } | null) => Promise<void>;
  submit: (client: CoreClient, nowMs: number) => Promise<boolean>;
}

export const INITIAL_COMPOSER: ComposerState = {
  open: false,
  options: null,
  optionsError: null,
  draft: null,
  activeRequest: 0,
  validatedKey: null,
  requestedKey: null,
  validating: false,
  serverErrors: {},
  durations: {},
  validateError: null,
  lookup: { status: 'idle', message: null },
  visibilityKey: null,
  visibility: null,
  visibilityError: null,
  submitting: false,
  submitErrors: {},
  submitMessage: null,
  lastSubmittedId: null,
};

/** The `visibility.target` input for the active request, or null when its target is not complete. */
export function visibilityInput(s: Pick<ComposerState, 'draft' | 'options' | 'activeRequest'>, span: { startMs: number; endMs: number } | null): InvocationInput<'visibility.target'> | null {
  const r = s.draft?.requests[s.activeRequest];
  if (!r) return null;
  const target = targetPayload(r.target);
  if (typeof target['ra'] !== 'number' || typeof target['dec'] !== 'number') return null;
  const tel = chartTelescope(r, instrumentOf(s.options, r.instrumentType));
  if (!tel) return null;
  const constraints = constraintsPayload(r);
  const c = Object.values(constraints).every((v) => v === undefined || typeof v === 'number') ? constraints : undefined;
  return {
    target: { ...target, name: (target['name']) || 'target' },
    constraints: c,
    telescopeId: tel.telescopeId,
    stepMin: 5,
    ...(span ? { startMs: span.startMs, endMs: span.endMs } : {}),
  } as InvocationInput<'visibility.target'>;
}

export const useComposerStore = create<ComposerStore>()((set, get) => ({
  ...INITIAL_COMPOSER,
  openComposer: async (client, nowMs) => {
    set({ open: true, submitMessage: null, submitErrors: {}, optionsError: null });
    const answer = await client.invoke('requests.options', {});
    if (!answer.ok) return set({ optionsError: answer.error.message });
    // Keep a draft in progress; start a fresh one otherwise.
    set((s) => ({ options: answer.value, draft: s.draft ?? defaultGroup(answer.value, nowMs), activeRequest: 0 }));
  },
  close: () => set({ open: false }),
  update: (fn) => set((s) => (s.draft ? { draft: fn(s.draft), submitErrors: {} } : {})),
  setActiveRequest: (activeRequest) => set({ activeRequest }),
  validate: async (client, payload) => {
    const key = JSON.stringify(payload);
    set({ validating: true, requestedKey: key });
    const answer = await client.invoke('requests.validate', { requestGroup: payload });
    // The draft moved on while this ran: the newer validation's answer is the one to show.
    if (get().requestedKey !== key) return;
    if (!answer.ok) return set({ validating: false, validateError: answer.error.message });
    set({ validating: false, validatedKey: key, serverErrors: answer.value.errors as FieldErrors, durations: answer.value.requestDurations, validateError: null });
  },
  lookupName: async (client) => {
    const s = get();
    const r = s.draft?.requests[s.activeRequest];
    const name = r?.target.name.trim() ?? '';
    if (name === '') return set({ lookup: { status: 'error', message: 'Type a name first (M31, Vega, NGC 7331…)' } });
    set({ lookup: { status: 'busy', message: null } });
    const answer = await client.invoke('targets.resolve', { name });
    if (!answer.ok) return set({ lookup: { status: 'error', message: answer.error.message } });
    const v = answer.value;
    if (v.status !== 'found' || v.target === null) return set({ lookup: { status: v.status === 'found' ? 'error' : v.status, message: v.message } });
    const t = v.target;
    const num = (x: unknown): string => (typeof x === 'number' && x !== 0 ? String(x) : '');
    get().update((d) => ({
      ...d,
      requests: d.requests.map((q, i) =>
        i !== s.activeRequest
          ? q
          : {
              ...q,
              target: {
                ...q.target,
                ra: formatRaHms(t['ra'] as number),
                dec: formatDecDms(t['dec'] as number),
                pmRa: num(t['proper_motion_ra']),
                pmDec: num(t['proper_motion_dec']),
                parallax: num(t['parallax']),
                epoch: typeof t['epoch'] === 'number' && t['epoch'] !== 2000 ? String(t['epoch']) : '',
              },
            },
      ),
    }));
    const aka = v.otherNames.slice(0, 3).join(', ');
    set({ lookup: { status: 'found', message: `${v.canonicalName ?? name}${aka ? ` (${aka})` : ''} · ${v.objectType ?? ''}${v.vMag !== null ? ` · V ${v.vMag.toFixed(1)}` : ''} · ${v.resolver} (offline)` } });
  },
  loadVisibility: async (client, span) => {
    const input = visibilityInput(get(), span);
    if (!input) return set({ visibility: null, visibilityKey: null, visibilityError: null });
    const key = JSON.stringify(input);
    if (key === get().visibilityKey) return;
    set({ visibilityKey: key });
    const answer = await client.invoke('visibility.target', input);
    if (get().visibilityKey !== key) return;
    if (answer.ok) set({ visibility: answer.value, visibilityError: null });
    else set({ visibility: null, visibilityError: answer.error.message });
  },
  submit: async (client, nowMs) => {
    const { draft, options } = get();
    if (!draft) return false;
    set({ submitting: true, submitMessage: null });
    const answer = await client.invoke('requests.submit', { requestGroup: toRequestGroup(draft, options) });
    if (!answer.ok) {
      const details = (answer.error.details ?? {}) as FieldErrors;
      set({ submitting: false, submitErrors: details, submitMessage: answer.error.code === 'auth.required' ? 'Submitting needs the access token (open the console with #token=…).' : answer.error.message });
      return false;
    }
    set({
      submitting: false,
      submitErrors: {},
      lastSubmittedId: answer.value.requestGroupId,
      submitMessage: `Request group #${answer.value.requestGroupId} submitted: ${answer.value.state}`,
      // A fresh draft for the next one, same proposal and instrument.
      draft: options ? { ...defaultGroup(options, nowMs), proposal: draft.proposal } : null,
      validatedKey: null,
      open: false,
    });
    return true;
  },
}));
