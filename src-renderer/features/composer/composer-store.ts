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
import { chartTelescope, constraintsPayload, defaultConfiguration, defaultGroup, formatDecDms, formatRaHms, instrumentOf, targetPayload, toRequestGroup, type GroupDraft } from './composer-model';

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
  /** Sky PA (degrees) for the rotator of request 0, set by framing in the atlas; sent on submit. Null = none. */
  rotatorAngleDeg: number | null;
}

/** A request framed elsewhere (the atlas): target centre, instrument and rotator angle. */
export interface ComposerPrefill {
  name: string;
  /** ICRS degrees. */
  raDeg: number;
  decDeg: number;
  /** Null = keep the draft's instrument. */
  instrumentType: string | null;
  /** Sky PA for the rotator, degrees, or null when the instrument has none. */
  rotatorAngleDeg: number | null;
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
  /** Opens the composer with the first request's target (and instrument) set from `p`. */
  prefill: (client: CoreClient, nowMs: number, p: ComposerPrefill) => Promise<void>;
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
  rotatorAngleDeg: null,
};

/**
 * `group` with the rotator angle on every instrument configuration of its first request: OCS takes
 * it as `extra_params.rotator_angle` (degrees) with the rotator mode that follows the sky (`SKY`
 * when the instrument offers it, else its default mode). Unchanged when `angleDeg` is null.
 */
export function withRotatorAngle(group: Record<string, unknown>, angleDeg: number | null, options: ComposerOptions | null): Record<string, unknown> {
  const requests = group['requests'];
  if (angleDeg === null || !Array.isArray(requests) || requests.length === 0) return group;
  const [first, ...rest] = requests as Record<string, unknown>[];
  if (first === undefined) return group;
  const inst = instrumentOf(options, typeof first['instrument_type'] === 'string' ? first['instrument_type'] : '');
  const rot = inst?.modes['rotator'];
  if (!rot || rot.modes.length === 0) return group;
  const mode = rot.modes.some((m) => m.code === 'SKY') ? 'SKY' : (rot.default ?? rot.modes[0]?.code ?? '');
  const configurations = (Array.isArray(first['configurations']) ? (first['configurations'] as Record<string, unknown>[]) : []).map((c) => ({
    ...c,
    instrument_configs: (Array.isArray(c['instrument_configs']) ? (c['instrument_configs'] as Record<string, unknown>[]) : []).map((ic) => ({
      ...ic,
      rotator_mode: mode,
      extra_params: { ...(typeof ic['extra_params'] === 'object' && ic['extra_params'] !== null ? (ic['extra_params'] as Record<string, unknown>) : {}), rotator_angle: angleDeg },
    })),
  }));
  return { ...group, requests: [{ ...first, configurations }, ...rest] };
}

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
    if (t['type'] !== 'ICRS' || typeof t['ra'] !== 'number' || typeof t['dec'] !== 'number') {
      // The form edits ICRS targets only: say what was found instead of filling RA/Dec with junk.
      return set({ lookup: { status: 'error', message: `${v.canonicalName ?? name} is a ${v.objectType ?? 'moving object'} (${String(t['type'])}${typeof t['scheme'] === 'string' ? ` ${t['scheme']}` : ''} from ${v.resolver}): this form takes ICRS targets; submit orbital elements through the API` } });
    }
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
    set({ lookup: { status: 'found', message: `${v.canonicalName ?? name}${aka ? ` (${aka})` : ''} · ${v.objectType ?? ''}${v.vMag !== null ? ` · V ${v.vMag.toFixed(1)}` : ''} · ${v.resolver === 'catalog' ? 'bundled catalog (offline)' : v.resolver}` } });
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
    const answer = await client.invoke('requests.submit', { requestGroup: withRotatorAngle(toRequestGroup(draft, options), get().rotatorAngleDeg, options) });
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
      rotatorAngleDeg: null,
    });
    return true;
  },
  prefill: async (client, nowMs, p) => {
    await get().openComposer(client, nowMs);
    const { draft, options } = get();
    if (!draft) return;
    const inst = p.instrumentType === null ? null : instrumentOf(options, p.instrumentType);
    // Degrees with 6 decimals (0.004″): the form takes degrees or sexagesimal, and OCS wants degrees.
    const target = { name: p.name.slice(0, 50), ra: p.raDeg.toFixed(6), dec: p.decDeg.toFixed(6), pmRa: '', pmDec: '', parallax: '', epoch: '' };
    get().update((d) => ({
      ...d,
      // A blank group name would only draw an error: name it after the framed target.
      name: d.name.trim() === '' ? `${p.name} (framed)`.slice(0, 50) : d.name,
      requests: d.requests.map((r, i) => {
        if (i !== 0) return r;
        const switchInstrument = inst !== null && inst.instrumentType !== r.instrumentType;
        return switchInstrument ? { ...r, instrumentType: inst.instrumentType, telescopeId: '', configurations: [defaultConfiguration(inst)], target } : { ...r, target };
      }),
    }));
    const rotator = p.rotatorAngleDeg === null ? '' : ` · rotator at PA ${p.rotatorAngleDeg.toFixed(1)}°`;
    set({ activeRequest: 0, rotatorAngleDeg: p.rotatorAngleDeg, lookup: { status: 'found', message: `Framed in the atlas: centre ${formatRaHms(p.raDeg)} ${formatDecDms(p.decDeg)}${inst ? ` on ${inst.name}` : ''}${rotator}` } });
  },
}));
