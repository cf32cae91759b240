/**
 * Persisted state transitions (spec ocs-contract §3): every change is checked against the state
 * machine, written with its time and reason to state_history, and carries its IPP bookkeeping
 * (§3.10). Run inside a transaction.
 */
import {
  aggregateRequestGroupState,
  assertRequestTransition,
  cascadeGroupStateToRequests,
  isRequestTransitionAllowed,
  ippOnRequestTransition,
  observationCancelAction,
  type ObservationState,
  type RequestState,
} from '../../src-shared/ocs';
import { updateAllocation } from './proposals-repo';
import type { Db } from './types';

type Entity = 'request_group' | 'request' | 'observation' | 'configuration_status';

export async function recordHistory(db: Db, entity: Entity, id: number, from: string | null, to: string, nowUtcMs: number, reason: string): Promise<void> {
  await db.insertInto('state_history').values({ entity, entity_id: id, from_state: from, to_state: to, utc_ms: nowUtcMs, reason }).execute();
}

/**
 * Moves one request to `to` (throws `conflict.state` when the machine forbids it), with history
 * and, for NORMAL groups, the IPP credit/debit of the transition. Returns false for a no-op.
 */
export async function transitionRequest(db: Db, requestId: number, to: RequestState, nowUtcMs: number, reason: string): Promise<boolean> {
  const row = await db
    .selectFrom('requests')
    .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
    .select(['requests.state', 'requests.duration_sec', 'requests.semester_id', 'requests.body_json', 'request_groups.observation_type', 'request_groups.ipp_value', 'request_groups.proposal_id'])
    .where('requests.id', '=', requestId)
    .executeTakeFirst();
  if (!row) return false;
  const from = row.state as RequestState;
  if (from === to) return false;
  assertRequestTransition(from, to, requestId);
  await db.updateTable('requests').set({ state: to, modified_utc_ms: nowUtcMs }).where('id', '=', requestId).execute();
  await recordHistory(db, 'request', requestId, from, to, nowUtcMs, reason);
  if (row.observation_type === 'NORMAL' && row.semester_id !== null && row.duration_sec !== null) {
    const durationSec = row.duration_sec;
    const types = new Set((JSON.parse(row.body_json) as { configurations?: { instrument_type?: string }[] }).configurations?.map((c) => c.instrument_type ?? '') ?? []);
    for (const type of types) {
      await updateAllocation(db, row.proposal_id, row.semester_id, type, (a) => ({
        ipp_time_available: ippOnRequestTransition(a.ipp_time_available, a.ipp_limit, row.ipp_value, durationSec, from, to),
      }));
    }
  }
  if (to === 'CANCELED') await cancelObservationsOfRequest(db, requestId, nowUtcMs, reason);
  return true;
}

/** §3.8 for a canceled request: its PENDING/IN_PROGRESS observations are deleted, canceled or aborted by time. */
export async function cancelObservationsOfRequest(db: Db, requestId: number, nowUtcMs: number, reason: string): Promise<number> {
  const obs = await db
    .selectFrom('observations')
    .select(['id', 'state', 'start_utc_ms', 'end_utc_ms'])
    .where('request_id', '=', requestId)
    .where('state', 'in', ['PENDING', 'IN_PROGRESS'])
    .execute();
  let n = 0;
  for (const o of obs) n += (await applyObservationCancel(db, o, nowUtcMs, reason)) ? 1 : 0;
  return n;
}

export async function applyObservationCancel(db: Db, o: { id: number; state: string; start_utc_ms: number; end_utc_ms: number }, nowUtcMs: number, reason: string): Promise<boolean> {
  const action = observationCancelAction(o.start_utc_ms, o.end_utc_ms, nowUtcMs);
  switch (action) {
    case 'DELETE':
      await db.deleteFrom('observations').where('id', '=', o.id).execute();
      await recordHistory(db, 'observation', o.id, o.state, 'DELETED', nowUtcMs, reason);
      return true;
    case 'CANCELED':
    case 'ABORTED': {
      const to: ObservationState = action;
      await db.updateTable('observations').set({ state: to, modified_utc_ms: nowUtcMs }).where('id', '=', o.id).execute();
      await recordHistory(db, 'observation', o.id, o.state, to, nowUtcMs, reason);
      return true;
    }
    case 'UNTOUCHED':
      return false;
  }
}

/**
 * Re-derives the group's state from its requests (§3.6); when it becomes CANCELED or
 * WINDOW_EXPIRED its PENDING requests follow. Returns the group's state.
 */
export async function refreshGroupState(db: Db, groupId: number, nowUtcMs: number, reason: string): Promise<RequestState | null> {
  const group = await db.selectFrom('request_groups').select(['state', 'operator']).where('id', '=', groupId).executeTakeFirst();
  if (!group) return null;
  const requests = await db.selectFrom('requests').select(['id', 'state']).where('request_group_id', '=', groupId).orderBy('id').execute();
  const states = requests.map((r) => r.state as RequestState);
  const next = aggregateRequestGroupState(group.operator, states);
  if (next === null || next === group.state) return group.state as RequestState;
  // An aggregate the machine forbids (e.g. CANCELED → WINDOW_EXPIRED in a MANY group) keeps the group as it is.
  if (!isRequestTransitionAllowed(group.state as RequestState, next)) return group.state as RequestState;
  await setGroupState(db, groupId, group.state as RequestState, next, requests, nowUtcMs, reason);
  return next;
}

/** Writes a group state (checked) and cascades it to PENDING requests. */
export async function setGroupState(
  db: Db,
  groupId: number,
  from: RequestState,
  to: RequestState,
  requests: readonly { id: number; state: string }[],
  nowUtcMs: number,
  reason: string,
): Promise<void> {
  assertRequestTransition(from, to, groupId);
  await db.updateTable('request_groups').set({ state: to, modified_utc_ms: nowUtcMs }).where('id', '=', groupId).execute();
  await recordHistory(db, 'request_group', groupId, from, to, nowUtcMs, reason);
  const cascaded = cascadeGroupStateToRequests(to, requests.map((r) => r.state as RequestState));
  for (const [i, r] of requests.entries()) {
    const s = cascaded[i];
    if (s !== undefined && s !== r.state) await transitionRequest(db, r.id, s, nowUtcMs, reason);
  }
}

/**
 * The periodic expiry (§3.7): PENDING requests whose last window (or DIRECT observation) ended
 * become WINDOW_EXPIRED, then their groups are re-derived. Returns the touched group ids.
 */
export async function expireRequests(db: Db, nowUtcMs: number, batch = 500): Promise<number[]> {
  const due = await db
    .selectFrom('requests')
    .select(['id', 'request_group_id'])
    .where('state', '=', 'PENDING')
    .where('window_end_utc_ms', '<', nowUtcMs)
    .orderBy('window_end_utc_ms')
    .limit(batch)
    .execute();
  const groups = new Set<number>();
  for (const r of due) {
    await transitionRequest(db, r.id, 'WINDOW_EXPIRED', nowUtcMs, 'window expired');
    groups.add(r.request_group_id);
  }
  for (const g of groups) await refreshGroupState(db, g, nowUtcMs, 'window expired');
  return [...groups];
}
