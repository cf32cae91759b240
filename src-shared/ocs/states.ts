/**
 * OCS state machines (spec ocs-contract §3) as pure functions: allowed transitions, derived
 * observation/request/group states, and cancellation/end-time arithmetic. Times are UTC ms.
 */
import { AppError } from '../errors';

export const REQUEST_STATES = ['PENDING', 'COMPLETED', 'WINDOW_EXPIRED', 'FAILURE_LIMIT_REACHED', 'CANCELED'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
export const TERMINAL_REQUEST_STATES: readonly RequestState[] = ['COMPLETED', 'WINDOW_EXPIRED', 'FAILURE_LIMIT_REACHED', 'CANCELED'];

export const OBSERVATION_STATES = ['PENDING', 'IN_PROGRESS', 'NOT_ATTEMPTED', 'COMPLETED', 'CANCELED', 'ABORTED', 'FAILED', 'BAD_DATA'] as const;
export type ObservationState = (typeof OBSERVATION_STATES)[number];
export const TERMINAL_OBSERVATION_STATES: readonly ObservationState[] = ['NOT_ATTEMPTED', 'COMPLETED', 'CANCELED', 'ABORTED', 'FAILED', 'BAD_DATA'];

export const CONFIGURATION_STATUS_STATES = ['PENDING', 'ATTEMPTED', 'NOT_ATTEMPTED', 'COMPLETED', 'FAILED', 'BAD_DATA'] as const;
export type ConfigurationStatusState = (typeof CONFIGURATION_STATUS_STATES)[number];
/** Terminal for PATCH purposes (`ABORTED` is named by OCS but is not an accepted value, §12.10). */
export const TERMINAL_CONFIGURATION_STATUS_STATES: readonly ConfigurationStatusState[] = ['COMPLETED', 'FAILED', 'NOT_ATTEMPTED'];

/** `new ← allowed old` (§3.2). */
const ALLOWED_FROM: Record<RequestState, readonly RequestState[]> = {
  COMPLETED: ['PENDING', 'WINDOW_EXPIRED', 'CANCELED', 'FAILURE_LIMIT_REACHED'],
  WINDOW_EXPIRED: ['PENDING'],
  CANCELED: ['PENDING'],
  FAILURE_LIMIT_REACHED: ['PENDING'],
  PENDING: ['COMPLETED'],
};

export function isRequestTransitionAllowed(from: RequestState, to: RequestState): boolean {
  return from === to || ALLOWED_FROM[to].includes(from);
}

/** The portal's message for a refused transition (cancel answers 400 `{"errors": [message]}`). */
export function requestTransitionError(from: RequestState, to: RequestState, id: number | string): string {
  return `Cannot transition from request state ${from} to ${to} for ${id}`;
}

/** Throws `conflict.state` when the transition is not allowed; same-state is a no-op. */
export function assertRequestTransition(from: RequestState, to: RequestState, id: number | string): void {
  if (!isRequestTransitionAllowed(from, to)) throw new AppError('conflict.state', requestTransitionError(from, to, id));
}

/**
 * Observation state from its configuration statuses (§3.4, rules in order). `null` means
 * "unchanged" (rule 10); the caller also keeps the state when the observation is already terminal.
 * `ABORTED` is accepted in the input because OCS logic mentions it.
 */
export function deriveObservationState(
  statuses: readonly (ConfigurationStatusState | 'ABORTED')[],
): ObservationState | null {
  const all = (pred: (s: string) => boolean) => statuses.every(pred);
  const any = (s: string) => statuses.includes(s as ConfigurationStatusState);
  if (all((s) => s === 'PENDING')) return 'PENDING';
  if (all((s) => s === 'NOT_ATTEMPTED')) return 'NOT_ATTEMPTED';
  if (all((s) => s === 'PENDING' || s === 'NOT_ATTEMPTED')) return 'PENDING';
  if (all((s) => s === 'PENDING' || s === 'ATTEMPTED')) return 'IN_PROGRESS';
  if (any('BAD_DATA')) return 'BAD_DATA';
  if (any('NOT_ATTEMPTED')) return 'FAILED';
  if (any('FAILED')) return 'FAILED';
  if (any('ABORTED')) return 'ABORTED';
  if (all((s) => s === 'COMPLETED')) return 'COMPLETED';
  return null;
}

/** Next observation state after a status change: derived, unless already terminal. */
export function nextObservationState(
  current: ObservationState,
  statuses: readonly (ConfigurationStatusState | 'ABORTED')[],
): ObservationState {
  if (TERMINAL_OBSERVATION_STATES.includes(current)) return current;
  return deriveObservationState(statuses) ?? current;
}

/** Whether the scheduler must re-plan (the "last changed" bump): FAILED, ABORTED or NOT_ATTEMPTED results. */
export function observationOutcomeNeedsReplan(state: ObservationState): boolean {
  return state === 'FAILED' || state === 'ABORTED' || state === 'NOT_ATTEMPTED';
}

/**
 * ConfigurationStatus PATCH of `state` (§3.3): free while not terminal; once terminal only
 * BAD_DATA is honoured (others silently ignored → returns the current state).
 */
export function patchConfigurationStatusState(
  current: ConfigurationStatusState,
  requested: ConfigurationStatusState,
): ConfigurationStatusState {
  if (!TERMINAL_CONFIGURATION_STATUS_STATES.includes(current)) return requested;
  return requested === 'BAD_DATA' ? 'BAD_DATA' : current;
}

/** What §3.5 needs of a configuration status. */
export interface StatusForCompletion {
  /** Configuration type, e.g. `REPEAT_EXPOSE`. */
  configurationType: string;
  repeatDurationSec: number | null;
  /** Σ exposure_count × exposure_time over the configuration's instrument configs, seconds. */
  requestedExposureSec: number;
  summary: { startUtcMs: number; endUtcMs: number; timeCompletedSec: number } | null;
}

/** Completion percentage of one observation (§3.5); 100 when nothing was requested. */
export function completionPercent(statuses: readonly StatusForCompletion[]): number {
  let completed = 0;
  let requested = 0;
  for (const s of statuses) {
    const repeat = s.configurationType.includes('REPEAT') && s.repeatDurationSec !== null;
    if (repeat) {
      requested += s.repeatDurationSec ?? 0;
      if (s.summary) completed += (s.summary.endUtcMs - s.summary.startUtcMs) / 1000;
    } else {
      requested += s.requestedExposureSec;
      if (s.summary) completed += s.summary.timeCompletedSec;
    }
  }
  return requested === 0 ? 100 : (completed / requested) * 100;
}

/** Python math.isclose defaults (rel 1e-9). */
function isClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

export interface RequestStateInput {
  current: RequestState;
  observationType: string;
  observationState: ObservationState;
  completionPercent: number;
  acceptabilityThreshold: number;
  /** 0 = unlimited (portal default MAX_FAILURES_PER_REQUEST). */
  maxFailuresPerRequest: number;
  /** FAILED observations of the request, including this one. */
  failedObservationCount: number;
  /** Last window end of the request group (scheduled types), UTC ms; null for DIRECT/REAL_TIME. */
  lastWindowEndUtcMs: number | null;
  nowUtcMs: number;
}

/** Request state after one of its observations changed (§3.5). */
export function deriveRequestState(i: RequestStateInput): RequestState {
  if (i.current === 'COMPLETED') return 'COMPLETED';
  if (i.observationType === 'REAL_TIME') return i.observationState === 'COMPLETED' ? 'COMPLETED' : i.current;
  if (
    i.completionPercent >= i.acceptabilityThreshold ||
    isClose(i.completionPercent, i.acceptabilityThreshold) ||
    i.observationState === 'COMPLETED'
  ) {
    return 'COMPLETED';
  }
  let next = i.current;
  if (
    i.maxFailuresPerRequest > 0 &&
    i.observationState === 'FAILED' &&
    i.failedObservationCount >= i.maxFailuresPerRequest &&
    next === 'PENDING'
  ) {
    next = 'FAILURE_LIMIT_REACHED';
  }
  if (next === 'PENDING' && i.lastWindowEndUtcMs !== null && i.lastWindowEndUtcMs < i.nowUtcMs) next = 'WINDOW_EXPIRED';
  return next;
}

/**
 * The periodic expiry (§3.7): a PENDING request expires when its last window ended (scheduled
 * types) or, for DIRECT/REAL_TIME, when its observation ended. Returns the new state.
 */
export function expireRequestState(
  current: RequestState,
  endUtcMs: number | null,
  nowUtcMs: number,
): RequestState {
  return current === 'PENDING' && endUtcMs !== null && endUtcMs < nowUtcMs ? 'WINDOW_EXPIRED' : current;
}

const SINGLE_ORDER: readonly RequestState[] = ['WINDOW_EXPIRED', 'PENDING', 'COMPLETED', 'FAILURE_LIMIT_REACHED', 'CANCELED'];
const MANY_ORDER: readonly RequestState[] = ['PENDING', 'COMPLETED', 'WINDOW_EXPIRED', 'FAILURE_LIMIT_REACHED', 'CANCELED'];

/** RequestGroup state from its requests (§3.6); null when there are none. */
export function aggregateRequestGroupState(operator: string, requestStates: readonly RequestState[]): RequestState | null {
  const order = operator === 'MANY' ? MANY_ORDER : SINGLE_ORDER;
  return order.find((s) => requestStates.includes(s)) ?? null;
}

/** When a group becomes CANCELED or WINDOW_EXPIRED its PENDING requests follow (§3.6). */
export function cascadeGroupStateToRequests(
  groupState: RequestState,
  requestStates: readonly RequestState[],
): RequestState[] {
  if (groupState !== 'CANCELED' && groupState !== 'WINDOW_EXPIRED') return [...requestStates];
  return requestStates.map((s) => (s === 'PENDING' ? groupState : s));
}

/** Cancelling a group: refused unless PENDING; otherwise the group and its PENDING requests become CANCELED. */
export function cancelRequestGroup(
  groupId: number | string,
  groupState: RequestState,
  requestStates: readonly RequestState[],
): { ok: true; groupState: 'CANCELED'; requestStates: RequestState[] } | { ok: false; errors: string[] } {
  if (!isRequestTransitionAllowed(groupState, 'CANCELED') || groupState === 'CANCELED') {
    return { ok: false, errors: [requestTransitionError(groupState, 'CANCELED', groupId)] };
  }
  return { ok: true, groupState: 'CANCELED', requestStates: cascadeGroupStateToRequests('CANCELED', requestStates) };
}

/** What happens to one observation when it is cancelled (§3.8). */
export type ObservationCancelAction = 'DELETE' | 'CANCELED' | 'ABORTED' | 'UNTOUCHED';

const CANCEL_DELETE_AHEAD_MS = 72 * 3_600_000;

export function observationCancelAction(startUtcMs: number, endUtcMs: number, nowUtcMs: number): ObservationCancelAction {
  if (startUtcMs >= nowUtcMs + CANCEL_DELETE_AHEAD_MS) return 'DELETE';
  if (startUtcMs > nowUtcMs) return 'CANCELED';
  if (nowUtcMs < endUtcMs) return 'ABORTED';
  return 'UNTOUCHED';
}

/**
 * The cancel endpoint's selection rule: only PENDING/IN_PROGRESS are selected, and an
 * IN_PROGRESS one needs `preemption_enabled`. Returns the error message or null.
 */
export function cancelSelectionError(states: readonly ObservationState[], preemptionEnabled: boolean): string | null {
  if (!preemptionEnabled && states.includes('IN_PROGRESS')) {
    return 'Cannot cancel IN_PROGRESS observations unless preemption_enabled is True';
  }
  return null;
}

/**
 * §3.9 `PATCH observations/{id}/ {end}`: which other PENDING observations on the same telescope
 * an extension cancels (those starting in [oldEnd, newEnd]; RR spared unless the extended one is RR).
 */
export function observationsCancelledByExtension<T extends { startUtcMs: number; state: ObservationState; observationType: string }>(
  oldEndUtcMs: number,
  newEndUtcMs: number,
  extendedIsRapidResponse: boolean,
  sameTelescopeObservations: readonly T[],
): T[] {
  if (newEndUtcMs <= oldEndUtcMs) return [];
  return sameTelescopeObservations.filter(
    (o) =>
      o.state === 'PENDING' &&
      o.startUtcMs >= oldEndUtcMs &&
      o.startUtcMs <= newEndUtcMs &&
      (extendedIsRapidResponse || o.observationType !== 'RAPID_RESPONSE'),
  );
}

/**
 * §3.9 end-time update from a configuration status: new observation end =
 * `tUtcMs + remainingSec × 1000`, where the caller computes `remainingSec` with the duration
 * code over the later configurations and remaining repeats (plus, for `exposures_start_at`, this
 * configuration's exposure time and optical-element change overhead).
 */
export function observationEndAfter(tUtcMs: number, remainingSec: number): number {
  return tUtcMs + Math.round(remainingSec * 1000);
}
