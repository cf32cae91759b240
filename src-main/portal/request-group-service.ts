/**
 * Creating, validating and cancelling request groups. Create = validate + insert in ONE
 * transaction: the allocation and IPP checks read the balances the insert then debits, so two
 * concurrent submissions cannot both spend the same hours, and a failure leaves nothing behind.
 */
import { AppError } from '../../src-shared/errors';
import { cancelRequestGroup, ippOnSubmit, maxAllowableIpp, type RequestState } from '../../src-shared/ocs';
import { MAX_IPP_VALUE, MIN_IPP_VALUE } from '../../src-shared/schemas';
import { validateRequestGroup, type ValidationResult, type VisibilityFn } from '../requests';
import type { ConfigdbView } from './configdb-view';
import { listSemesters, loadProposal, memberTimeUsedHours, updateAllocation } from './proposals-repo';
import { insertRequestGroup, loadGroupDicts } from './request-groups-repo';
import type { Json } from './request-body';
import { setGroupState } from './state-changes';
import type { Caller, Db, Outcome } from './types';

export interface RequestGroupDeps {
  db: Db;
  configdb: () => ConfigdbView;
  /** The visibility seam (rule 12); null skips the rule until the visibility engine is wired. */
  visibility: VisibilityFn | null;
}

/** Runs the full validation against the stored proposal, semesters and balances (read through `db`). */
export async function validateAgainstStore(deps: RequestGroupDeps, db: Db, raw: unknown, caller: Caller, nowUtcMs: number): Promise<ValidationResult> {
  const proposalId = typeof raw === 'object' && raw !== null && typeof (raw as Json)['proposal'] === 'string' ? ((raw as Json)['proposal'] as string) : null;
  const proposal = proposalId === null ? null : await loadProposal(db, proposalId);
  return validateRequestGroup(raw, {
    index: deps.configdb().index,
    nowUtcMs,
    user: { username: caller.username, isStaff: caller.isStaff },
    proposal,
    semesters: await listSemesters(db),
    userTimeUsedHours: proposal ? await memberTimeUsedHours(db, proposal.id, caller.id) : 0,
    visibility: deps.visibility,
  });
}

/** `POST /api/requestgroups/`: 201 with the stored group, or 400 with OCS field errors. */
export function createRequestGroup(deps: RequestGroupDeps, raw: unknown, caller: Caller, nowUtcMs: number, reason = 'submitted'): Promise<Outcome<Json>> {
  return deps.db.transaction().execute((trx) => createRequestGroupIn(trx, deps, raw, caller, nowUtcMs, reason));
}

/** The create path inside a transaction the caller owns (the demo seed creates many in one). */
export async function createRequestGroupIn(trx: Db, deps: RequestGroupDeps, raw: unknown, caller: Caller, nowUtcMs: number, reason = 'submitted'): Promise<Outcome<Json>> {
  {
    const v = await validateAgainstStore(deps, trx, raw, caller, nowUtcMs);
    if (!v.ok || !v.group) return { ok: false, status: 400, body: v.errors };
    const g = v.group;
    const durations = v.requestDurations.requests?.map((r) => r.duration) ?? [];
    const { groupId } = await insertRequestGroup(trx, { group: g, submitter: caller.username, durationsSec: durations, semesters: v.requestSemesters, nowUtcMs, reason });
    // IPP debit at submission uses the per-TAK sum of all requests (§3.10, §4.2).
    if (g.observation_type === 'NORMAL' && g.ipp_value > 1) {
      for (const [sem, row] of Object.entries(v.takDurationSumSec)) {
        for (const [type, sec] of Object.entries(row)) {
          await updateAllocation(trx, g.proposal, sem, type, (a) => ({ ipp_time_available: ippOnSubmit(a.ipp_time_available, a.ipp_limit, g.ipp_value, sec) }));
        }
      }
    }
    const [dict] = await loadGroupDicts(trx, [groupId]);
    if (!dict) throw new AppError('internal', `Request group ${groupId} vanished inside its own transaction`);
    return { ok: true, value: dict };
  }
}

/** `POST /api/requestgroups/validate/`: always 200 `{request_durations, errors}`. */
export async function validateOnly(deps: RequestGroupDeps, raw: unknown, caller: Caller, nowUtcMs: number): Promise<{ request_durations: unknown; errors: unknown }> {
  const v = await validateAgainstStore(deps, deps.db, raw, caller, nowUtcMs);
  return { request_durations: v.ok ? v.requestDurations : v.group ? v.requestDurations : {}, errors: v.errors };
}

/** `POST /api/requestgroups/max_allowable_ipp/`: per semester and instrument type, or `{errors}`. */
export async function maxAllowableIppOf(deps: RequestGroupDeps, raw: unknown, caller: Caller, nowUtcMs: number): Promise<Outcome<Json>> {
  const v = await validateAgainstStore(deps, deps.db, raw, caller, nowUtcMs);
  // An IPP value beyond what is available is exactly what this endpoint answers, so only other errors refuse.
  if (!v.group) return { ok: false, status: 200, body: { errors: v.errors } };
  const proposal = await loadProposal(deps.db, v.group.proposal);
  if (!proposal) return { ok: false, status: 200, body: { errors: v.errors } };
  const out: Json = {};
  for (const [sem, row] of Object.entries(v.takDurationSumSec)) {
    const semOut: Json = {};
    for (const [type, sec] of Object.entries(row)) {
      const alloc = proposal.time_allocations.find((a) => a.semester === sem && a.instrument_types.includes(type));
      if (!alloc) continue;
      semOut[type] = {
        ipp_time_available: alloc.ipp_time_available,
        ipp_limit: alloc.ipp_limit,
        request_duration: Math.ceil(sec) / 3600,
        max_allowable_ipp_value: maxAllowableIpp(alloc.ipp_time_available, sec, MAX_IPP_VALUE),
        min_allowable_ipp_value: MIN_IPP_VALUE,
      };
    }
    out[sem] = semOut;
  }
  if (Object.keys(out).length === 0) return { ok: false, status: 200, body: { errors: v.errors } };
  return { ok: true, value: out };
}

/** `POST /api/requestgroups/{id}/cancel/`: 200 with the group, or 400 `{errors: [...]}`. */
export async function cancelGroup(db: Db, groupId: number, nowUtcMs: number, reason = 'canceled by user'): Promise<Outcome<Json>> {
  return db.transaction().execute(async (trx) => {
    const group = await trx.selectFrom('request_groups').select(['state']).where('id', '=', groupId).executeTakeFirst();
    if (!group) return { ok: false, status: 404, body: { detail: 'Not found.' } };
    const requests = await trx.selectFrom('requests').select(['id', 'state']).where('request_group_id', '=', groupId).orderBy('id').execute();
    const decision = cancelRequestGroup(groupId, group.state as RequestState, requests.map((r) => r.state as RequestState));
    if (!decision.ok) return { ok: false, status: 400, body: { errors: decision.errors } };
    await setGroupState(trx, groupId, group.state as RequestState, 'CANCELED', requests, nowUtcMs, reason);
    const [dict] = await loadGroupDicts(trx, [groupId]);
    return { ok: true, value: dict ?? {} };
  });
}
