/**
 * Observations: schedulers place requests (`POST /api/observations/`), users submit DIRECT
 * observations (`POST /api/schedule/`), schedulers cancel ranges, and sites report
 * configuration statuses, which drive the observation, request and group states (§3.3–3.6)
 * and the time accounting (§3.10). Every write is one transaction.
 */
import type { FieldErrors } from '../../src-shared/errors';
import { cancelSelectionError, completionPercent, deriveRequestState, nextObservationState, overheadsFor, patchConfigurationStatusState, placementsAt, summaryChargeDeltaHours, timePool } from '../../src-shared/ocs';
import type { ConfigurationStatusState, ObservationState, RequestState } from '../../src-shared/ocs';
import { parseOcsDatetimeMs, toFieldErrors } from '../../src-shared/schemas';
import type { ConfigdbView } from './configdb-view';
import { cancelBodySchema, configurationStatusPatchSchema, directObservationSchema, scheduledObservationSchema, type ScheduledObservationBody } from './observation-bodies';
import { loadObservationDicts, statusDict } from './observations-repo';
import { loadProposal, updateAllocation } from './proposals-repo';
import type { Json } from './request-body';
import { validateAgainstStore, type RequestGroupDeps } from './request-group-service';
import { insertRequestGroup } from './request-groups-repo';
import { applyObservationCancel, recordHistory, refreshGroupState, transitionRequest } from './state-changes';
import type { Caller, Db, Outcome } from './types';

/** 0 = unlimited, the portal default (MAX_FAILURES_PER_REQUEST). */
const MAX_FAILURES_PER_REQUEST = 0;

const ms = (iso: string): number => parseOcsDatetimeMs(iso) ?? 0;

export async function bumpMeta(db: Db, key: string, nowUtcMs: number): Promise<void> {
  await db
    .insertInto('meta')
    .values({ key, value: String(nowUtcMs) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(nowUtcMs) }))
    .execute();
}

/** `last_schedule_time` of a site (UTC ms), null when never scheduled. */
export async function lastScheduledMs(db: Db, site: string): Promise<number | null> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', `last_scheduled.${site}`).executeTakeFirst();
  return row ? Number(row.value) : null;
}

export async function lastChangedMs(db: Db): Promise<number | null> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', 'last_changed').executeTakeFirst();
  return row ? Number(row.value) : null;
}

/** May `caller` create/cancel observations for `proposalId` (staff, or a member of a direct-submission proposal)? */
export async function mayManageObservations(db: Db, caller: Caller, proposalId: string): Promise<boolean> {
  if (caller.isStaff) return true;
  const p = await loadProposal(db, proposalId);
  return !!p && p.direct_submission && p.members.some((m) => m.username === caller.username);
}

function instrumentsAt(view: ConfigdbView, site: string, enclosure: string, telescope: string): { code: string; type: string; state: string; autoguider: string | null }[] {
  const out: { code: string; type: string; state: string; autoguider: string | null }[] = [];
  for (const entry of view.index.instrumentTypes.values()) {
    for (const p of entry.placements) {
      if (p.site === site && p.enclosure === enclosure && p.telescope === telescope) {
        out.push({ code: p.instrumentCode, type: entry.code, state: p.state, autoguider: p.autoguiderCamera?.code ?? null });
      }
    }
  }
  return out;
}

/** Validates and inserts one scheduler observation; errors are DRF-shaped. */
async function insertScheduled(db: Db, view: ConfigdbView, body: unknown, caller: Caller, nowUtcMs: number): Promise<Outcome<number>> {
  const parsed = scheduledObservationSchema.safeParse(body);
  if (!parsed.success) return { ok: false, status: 400, body: toFieldErrors(parsed.error.issues) };
  const o: ScheduledObservationBody = parsed.data;
  const req = await db
    .selectFrom('requests')
    .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
    .select(['requests.id', 'requests.body_json', 'requests.state', 'request_groups.proposal_id'])
    .where('requests.id', '=', o.request)
    .executeTakeFirst();
  if (!req) return { ok: false, status: 400, body: { request: [`Invalid pk "${o.request}" - object does not exist.`] } };
  if (!(await mayManageObservations(db, caller, req.proposal_id))) return { ok: false, status: 403, body: { detail: 'You do not have permission to perform this action.' } };
  const errors: string[] = [];
  const start = ms(o.start);
  const end = ms(o.end);
  if (end <= start) errors.push('End time must be after start time');
  const rb = JSON.parse(req.body_json) as { windows?: { start: string; end: string }[]; location?: { telescope_class?: string; site?: string; enclosure?: string; telescope?: string }; configurations?: { id: number; instrument_type: string }[] };
  if (!(rb.windows ?? []).some((w) => start >= ms(w.start) && end <= ms(w.end))) errors.push('The observation must be within one of the request windows');
  const loc = rb.location ?? {};
  if ((loc.site && loc.site !== o.site) || (loc.enclosure && loc.enclosure !== o.enclosure) || (loc.telescope && loc.telescope !== o.telescope)) {
    errors.push('The observation site, enclosure and telescope must match the request location');
  }
  const here = instrumentsAt(view, o.site, o.enclosure, o.telescope);
  for (const c of rb.configurations ?? []) {
    const entry = view.index.instrumentTypes.get(c.instrument_type);
    const ok = !!entry && placementsAt(entry, { telescope_class: loc.telescope_class ?? '', site: o.site, enclosure: o.enclosure, telescope: o.telescope }).length > 0;
    if (!ok) errors.push(`Instrument type ${c.instrument_type} is not available at ${o.site}.${o.enclosure}.${o.telescope}`);
  }
  const configIds = new Set((rb.configurations ?? []).map((c) => c.id));
  const statusErrors: FieldErrors[] = o.configuration_statuses.map((s) => {
    const e: FieldErrors = {};
    if (!configIds.has(s.configuration)) e['configuration'] = [`Configuration ${s.configuration} does not belong to request ${o.request}`];
    if (!here.some((i) => i.code === s.instrument_name && i.state !== 'DISABLED')) e['instrument_name'] = [`Invalid instrument name ${s.instrument_name} at site ${o.site}`];
    return e;
  });
  if (errors.length > 0 || statusErrors.some((e) => Object.keys(e).length > 0)) {
    const out: FieldErrors = {};
    if (errors.length > 0) out['non_field_errors'] = errors;
    if (statusErrors.some((e) => Object.keys(e).length > 0)) out['configuration_statuses'] = statusErrors;
    return { ok: false, status: 400, body: out };
  }
  const { id } = await db
    .insertInto('observations')
    .values({ request_id: o.request, site: o.site, enclosure: o.enclosure, telescope: o.telescope, start_utc_ms: start, end_utc_ms: end, priority: o.priority, state: 'PENDING', created_utc_ms: nowUtcMs, modified_utc_ms: nowUtcMs })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('configuration_statuses')
    .values(o.configuration_statuses.map((s) => ({ observation_id: id, configuration_id: s.configuration, instrument_name: s.instrument_name, guide_camera_name: s.guide_camera_name, state: 'PENDING', summary_json: null, created_utc_ms: nowUtcMs, modified_utc_ms: nowUtcMs })))
    .execute();
  await recordHistory(db, 'observation', id, null, 'PENDING', nowUtcMs, `scheduled by ${caller.username}`);
  await bumpMeta(db, `last_scheduled.${o.site}`, nowUtcMs);
  return { ok: true, value: id };
}

/**
 * `POST /api/observations/`: one body → 201 observation dict (or 400); a list → 201
 * `{num_created, errors: {index: …}}` with the valid ones saved (each in its own savepoint-free
 * transaction so one bad element does not undo the others).
 */
export async function createObservations(db: Db, view: () => ConfigdbView, body: unknown, caller: Caller, nowUtcMs: number): Promise<Outcome<Json>> {
  if (Array.isArray(body)) {
    let created = 0;
    const errors: Json = {};
    for (const [i, item] of body.entries()) {
      const r = await db.transaction().execute((trx) => insertScheduled(trx, view(), item, caller, nowUtcMs));
      if (r.ok) created++;
      else errors[String(i)] = r.body;
    }
    return { ok: true, value: { num_created: created, errors } };
  }
  const r = await db.transaction().execute((trx) => insertScheduled(trx, view(), body, caller, nowUtcMs));
  if (!r.ok) return r;
  const [dict] = await loadObservationDicts(db, [r.value], true);
  return { ok: true, value: dict ?? {} };
}

/** `POST /api/schedule/`: a DIRECT observation with its generated DIRECT request group. */
export async function submitDirect(deps: RequestGroupDeps, body: unknown, caller: Caller, nowUtcMs: number): Promise<Outcome<Json>> {
  const parsed = directObservationSchema.safeParse(body);
  if (!parsed.success) return { ok: false, status: 400, body: toFieldErrors(parsed.error.issues) };
  const o = parsed.data;
  const view = deps.configdb();
  const outcome = await deps.db.transaction().execute(async (trx): Promise<Outcome<number>> => {
    const proposal = await loadProposal(trx, o.proposal);
    if (!proposal) return { ok: false, status: 400, body: { proposal: [`Invalid pk "${o.proposal}" - object does not exist.`] } };
    if (!proposal.direct_submission) return { ok: false, status: 400, body: { proposal: [`Proposal ${o.proposal} is not allowed to submit direct observations`] } };
    if (!caller.isStaff && !proposal.members.some((m) => m.username === caller.username)) {
      return { ok: false, status: 403, body: { detail: 'You do not have permission to perform this action.' } };
    }
    const start = ms(o.start);
    const end = ms(o.end);
    const errs: FieldErrors = {};
    if (end <= start) errs['end'] = ['End time must be after start time'];
    else if (end <= nowUtcMs) errs['end'] = ['End time must be in the future'];
    const rawConfigs = Array.isArray(o.request['configurations']) ? (o.request['configurations'] as unknown[]) : [];
    const groupPayload = { proposal: o.proposal, name: o.name, observation_type: 'DIRECT', operator: 'SINGLE', ipp_value: 1.0, requests: [{ ...o.request, windows: [], location: undefined }] };
    const v = await validateAgainstStore(deps, trx, groupPayload, caller, nowUtcMs);
    if (!v.ok || !v.group) {
      const reqErrors = (v.errors['requests'] as FieldErrors[] | undefined)?.[0];
      const out: FieldErrors = { ...errs };
      if (reqErrors) out['request'] = reqErrors;
      for (const [k, val] of Object.entries(v.errors)) if (k !== 'requests') out[k] = val;
      return { ok: false, status: 400, body: out };
    }
    const here = instrumentsAt(view, o.site, o.enclosure, o.telescope);
    const names: { instrument: string; guide: string }[] = [];
    const cfgErrors: FieldErrors[] = v.group.requests[0]?.configurations.map((c, ci) => {
      const raw = (rawConfigs[ci] ?? {}) as Json;
      const candidates = here.filter((i) => i.type === c.instrument_type && i.state !== 'DISABLED');
      const e: FieldErrors = {};
      let instrument = typeof raw['instrument_name'] === 'string' ? raw['instrument_name'] : '';
      if (candidates.length === 0) e['instrument_type'] = [`Instrument type ${c.instrument_type} is not available at ${o.site}.${o.enclosure}.${o.telescope}`];
      else if (instrument === '') {
        if (candidates.length === 1) instrument = candidates[0]?.code ?? '';
        else e['instrument_name'] = ['Must specify an instrument_name: more than one instrument of this type is at the telescope'];
      } else if (!candidates.some((x) => x.code === instrument)) e['instrument_name'] = [`Invalid instrument name ${instrument} for ${c.instrument_type}`];
      const guide = typeof raw['guide_camera_name'] === 'string' ? raw['guide_camera_name'] : (candidates.find((x) => x.code === instrument)?.autoguider ?? '');
      names.push({ instrument, guide: c.guiding_config.mode !== 'OFF' || c.acquisition_config.mode !== 'OFF' ? guide : '' });
      return e;
    }) ?? [];
    if (Object.keys(errs).length > 0 || cfgErrors.some((e) => Object.keys(e).length > 0)) {
      const out: FieldErrors = { ...errs };
      if (cfgErrors.some((e) => Object.keys(e).length > 0)) out['request'] = { configurations: cfgErrors };
      return { ok: false, status: 400, body: out };
    }
    const durations = v.requestDurations.requests?.map((r) => r.duration) ?? [];
    const { groupId, requestIds, configurationIds } = await insertRequestGroup(trx, {
      group: v.group, submitter: caller.username, durationsSec: durations, semesters: [null], nowUtcMs, reason: 'direct submission', endOverrideUtcMs: end,
    });
    const requestId = requestIds[0] ?? 0;
    const { id } = await trx
      .insertInto('observations')
      .values({ request_id: requestId, site: o.site, enclosure: o.enclosure, telescope: o.telescope, start_utc_ms: start, end_utc_ms: end, priority: o.priority, state: 'PENDING', created_utc_ms: nowUtcMs, modified_utc_ms: nowUtcMs })
      .returning('id')
      .executeTakeFirstOrThrow();
    const repeats = v.group.requests[0]?.configuration_repeats ?? 1;
    const cfgIds = configurationIds[0] ?? [];
    const statusRows = [];
    for (let rep = 0; rep < repeats; rep++) {
      for (const [ci, cid] of cfgIds.entries()) {
        statusRows.push({ observation_id: id, configuration_id: cid, instrument_name: names[ci]?.instrument ?? '', guide_camera_name: names[ci]?.guide ?? '', state: 'PENDING', summary_json: null, created_utc_ms: nowUtcMs, modified_utc_ms: nowUtcMs });
      }
    }
    if (statusRows.length > 0) await trx.insertInto('configuration_statuses').values(statusRows).execute();
    await recordHistory(trx, 'observation', id, null, 'PENDING', nowUtcMs, `direct submission (group ${groupId})`);
    await bumpMeta(trx, `last_scheduled.${o.site}`, nowUtcMs);
    return { ok: true, value: id };
  });
  if (!outcome.ok) return outcome;
  const [dict] = await loadObservationDicts(deps.db, [outcome.value], true);
  return { ok: true, value: dict ?? {} };
}

/** `POST /api/observations/cancel/` → `{canceled: n}` (§3.8). */
export async function cancelObservations(db: Db, body: unknown, caller: Caller, nowUtcMs: number): Promise<Outcome<Json>> {
  const parsed = cancelBodySchema.safeParse(body);
  if (!parsed.success) return { ok: false, status: 400, body: toFieldErrors(parsed.error.issues) };
  const b = parsed.data;
  if (!b.ids && (!b.start || !b.end)) return { ok: false, status: 400, body: { non_field_errors: ['Must include either an observation id list or a start and end time to cancel observations'] } };
  return db.transaction().execute(async (trx): Promise<Outcome<Json>> => {
    let q = trx
      .selectFrom('observations')
      .innerJoin('requests', 'requests.id', 'observations.request_id')
      .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
      .select(['observations.id', 'observations.state', 'observations.start_utc_ms', 'observations.end_utc_ms', 'request_groups.proposal_id', 'request_groups.observation_type'])
      .where('observations.state', 'in', ['PENDING', 'IN_PROGRESS']);
    if (b.ids) q = b.ids.length === 0 ? q.where('observations.id', '=', -1) : q.where('observations.id', 'in', b.ids);
    if (b.start && b.end) q = q.where('observations.end_utc_ms', '>', ms(b.start)).where('observations.start_utc_ms', '<', ms(b.end));
    if (b.site) q = q.where('observations.site', '=', b.site);
    if (b.enclosure) q = q.where('observations.enclosure', '=', b.enclosure);
    if (b.telescope) q = q.where('observations.telescope', '=', b.telescope);
    const types = [...(b.include_normal ? ['NORMAL', 'TIME_CRITICAL'] : []), ...(b.include_rr ? ['RAPID_RESPONSE'] : []), ...(b.include_direct ? ['DIRECT', 'REAL_TIME'] : [])];
    if (!b.ids) q = types.length === 0 ? q.where('observations.id', '=', -1) : q.where('request_groups.observation_type', 'in', types);
    const selected = await q.execute();
    const refusal = cancelSelectionError(selected.map((o) => o.state as ObservationState), b.preemption_enabled);
    if (refusal) return { ok: false, status: 400, body: { error: refusal } };
    for (const p of new Set(selected.map((o) => o.proposal_id))) {
      if (!(await mayManageObservations(trx, caller, p))) return { ok: false, status: 403, body: { detail: 'You do not have permission to perform this action.' } };
    }
    let n = 0;
    for (const o of selected) n += (await applyObservationCancel(trx, o, nowUtcMs, `canceled by ${caller.username}`)) ? 1 : 0;
    if (n > 0) await bumpMeta(trx, 'last_changed', nowUtcMs);
    return { ok: true, value: { canceled: n } };
  });
}

/**
 * `PATCH /api/configurationstatus/{id}/` (staff): state (§3.3), summary upsert with the
 * differential time charge (§3.10), end-time updates (§3.9), then observation → request →
 * group re-derivation. Returns the status dict and the group id that changed.
 */
export async function patchConfigurationStatus(
  deps: RequestGroupDeps,
  statusId: number,
  body: unknown,
  nowUtcMs: number,
): Promise<Outcome<{ status: Json; groupId: number }>> {
  const parsed = configurationStatusPatchSchema.safeParse(body);
  if (!parsed.success) return { ok: false, status: 400, body: toFieldErrors(parsed.error.issues) };
  const p = parsed.data;
  if (p.end && p.exposures_start_at) return { ok: false, status: 400, body: { non_field_errors: ['Cannot specify both end and exposures_start_at'] } };
  // Checked before any write: a refused PATCH changes nothing.
  if (p.summary && ms(p.summary.end) < ms(p.summary.start)) return { ok: false, status: 400, body: { summary: { non_field_errors: ['Summary end must not be before its start'] } } };
  return deps.db.transaction().execute(async (trx): Promise<Outcome<{ status: Json; groupId: number }>> => {
    const row = await trx
      .selectFrom('configuration_statuses')
      .innerJoin('observations', 'observations.id', 'configuration_statuses.observation_id')
      .innerJoin('requests', 'requests.id', 'observations.request_id')
      .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
      .innerJoin('configurations', 'configurations.id', 'configuration_statuses.configuration_id')
      .select([
        'configuration_statuses.state as status_state', 'configuration_statuses.summary_json', 'configuration_statuses.observation_id',
        'observations.state as observation_state', 'observations.start_utc_ms', 'observations.request_id',
        'requests.semester_id', 'requests.state as request_state', 'requests.acceptability_threshold', 'requests.window_end_utc_ms', 'requests.body_json',
        'request_groups.id as group_id', 'request_groups.observation_type', 'request_groups.proposal_id', 'request_groups.submitter',
        'configurations.instrument_type', 'configurations.id as configuration_id',
      ])
      .where('configuration_statuses.id', '=', statusId)
      .executeTakeFirst();
    if (!row) return { ok: false, status: 404, body: { detail: 'Not found.' } };
    const fields: { state?: string; summary_json?: string; modified_utc_ms: number } = { modified_utc_ms: nowUtcMs };
    let newState = row.status_state as ConfigurationStatusState;
    if (p.state) {
      newState = patchConfigurationStatusState(row.status_state as ConfigurationStatusState, p.state);
      if (newState !== row.status_state) {
        fields.state = newState;
        await recordHistory(trx, 'configuration_status', statusId, row.status_state, newState, nowUtcMs, 'site report');
      }
    }
    const pool = timePool(row.observation_type);
    const charge = pool === null || row.semester_id === null ? null : { pool, proposalId: row.proposal_id, semesterId: row.semester_id, instrumentType: row.instrument_type, submitter: row.submitter };
    const cap = charge ? chargeCapSec(deps, charge.pool, row.body_json, row.configuration_id, row.instrument_type) : null;
    const prevSummary = row.summary_json === null ? null : (JSON.parse(row.summary_json) as { start: string; end: string });
    const prev = prevSummary ? { startUtcMs: ms(prevSummary.start), endUtcMs: ms(prevSummary.end) } : null;
    const wasBad = row.status_state === 'BAD_DATA';
    if (p.summary) {
      const next = { startUtcMs: ms(p.summary.start), endUtcMs: ms(p.summary.end) };
      fields.summary_json = JSON.stringify({ ...p.summary, events: p.summary.events ?? [] });
      // Time on a BAD_DATA configuration is never charged (it was, or is being, refunded).
      if (charge && newState !== 'BAD_DATA') await applyCharge(trx, charge, summaryChargeDeltaHours(prev, next, cap));
    }
    // §3.10: BAD_DATA refunds the configuration's charged time in full.
    if (charge && newState === 'BAD_DATA' && !wasBad && prev) await applyCharge(trx, charge, -summaryChargeDeltaHours(null, prev, cap));
    await trx.updateTable('configuration_statuses').set(fields).where('id', '=', statusId).execute();
    if (p.end || p.exposures_start_at) {
      const t = ms((p.end ?? p.exposures_start_at) as string);
      if (p.exposures_start_at && t < row.start_utc_ms) return { ok: false, status: 400, body: { exposures_start_at: ['Must be after the observation start'] } };
      const remaining = await remainingAfterSec(trx, row.observation_id, statusId, deps, p.exposures_start_at ? row.configuration_id : null);
      await trx.updateTable('observations').set({ end_utc_ms: t + Math.round(remaining * 1000), modified_utc_ms: nowUtcMs }).where('id', '=', row.observation_id).execute();
    }
    if (newState !== 'BAD_DATA') await rederive(trx, row.observation_id, nowUtcMs);
    else if (!wasBad) await reopenAfterBadData(trx, row.request_id, row.group_id, nowUtcMs, `configuration status ${statusId} BAD_DATA`);
    const status = await trx.selectFrom('configuration_statuses').selectAll().where('id', '=', statusId).executeTakeFirstOrThrow();
    return { ok: true, value: { status: statusDict(status), groupId: row.group_id } };
  });
}

/** Where a configuration's observing time is charged (§3.10). */
export interface ChargeTarget {
  pool: 'std' | 'rr' | 'tc';
  proposalId: string;
  semesterId: string;
  instrumentType: string;
  submitter: string;
}

/** Adds `deltaHours` (negative = refund) to the pool's time used and the submitter's membership. */
export async function applyCharge(db: Db, c: ChargeTarget, deltaHours: number): Promise<void> {
  if (deltaHours === 0) return;
  await updateAllocation(db, c.proposalId, c.semesterId, c.instrumentType, (a) => ({ [`${c.pool}_time_used`]: Math.max(0, a[`${c.pool}_time_used`] + deltaHours) }));
  await db
    .updateTable('memberships')
    .set((eb) => ({ time_used_hours: eb('time_used_hours', '+', deltaHours) }))
    .where('proposal_id', '=', c.proposalId)
    .where('user_id', 'in', db.selectFrom('users').select('id').where('username', '=', c.submitter))
    .execute();
}

/** The RR charge cap of a configuration (its duration plus an equal share of the front padding), s; null = uncapped. */
export function chargeCapSec(deps: RequestGroupDeps, pool: 'std' | 'rr' | 'tc', requestBodyJson: string, configurationId: number, instrumentType: string): number | null {
  if (pool !== 'rr') return null;
  const entry = deps.configdb().index.instrumentTypes.get(instrumentType);
  if (!entry) return null;
  const oh = overheadsFor(entry);
  return completionCapSec(JSON.parse(requestBodyJson) as { configurations?: unknown[] }, configurationId, oh.observationFrontPaddingSec, oh);
}

/**
 * After bad data (§3.10): a COMPLETED request whose windows are still open goes back to PENDING
 * (its group follows), so the scheduler observes it again.
 */
export async function reopenAfterBadData(db: Db, requestId: number, groupId: number, nowUtcMs: number, reason: string): Promise<void> {
  const r = await db
    .selectFrom('requests')
    .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
    .select(['requests.state', 'requests.window_end_utc_ms', 'request_groups.observation_type'])
    .where('requests.id', '=', requestId)
    .executeTakeFirst();
  if (!r || r.state !== 'COMPLETED') return;
  if (r.observation_type === 'DIRECT' || r.observation_type === 'REAL_TIME' || r.window_end_utc_ms === null || r.window_end_utc_ms <= nowUtcMs) return;
  await transitionRequest(db, requestId, 'PENDING', nowUtcMs, reason);
  await refreshGroupState(db, groupId, nowUtcMs, reason);
  await bumpMeta(db, 'last_changed', nowUtcMs);
}

/** Seconds one configuration takes to run (exposures, readout and per-configuration overheads). */
export function configurationRunSec(deps: RequestGroupDeps, configuration: { id: number; instrument_type: string; instrument_configs?: { exposure_time: number; exposure_count: number; mode?: string }[] }): number {
  const entry = deps.configdb().index.instrumentTypes.get(configuration.instrument_type);
  if (!entry) return (configuration.instrument_configs ?? []).reduce((s, ic) => s + ic.exposure_count * ic.exposure_time, 0);
  return completionCapSec({ configurations: [configuration] }, configuration.id, 0, overheadsFor(entry));
}

function completionCapSec(rb: { configurations?: unknown[] }, configurationId: number, paddingSec: number, oh: ReturnType<typeof overheadsFor>): number {
  const configs = (rb.configurations ?? []) as { id: number; instrument_configs?: { exposure_time: number; exposure_count: number; mode?: string }[] }[];
  const c = configs.find((x) => x.id === configurationId);
  if (!c) return 0;
  let sec = oh.configFrontPaddingSec;
  for (const ic of c.instrument_configs ?? []) {
    const mode = ic.mode && ic.mode !== '' ? ic.mode : oh.defaultReadoutMode;
    sec += ic.exposure_count * (ic.exposure_time + (mode ? (oh.readoutOverheadsSec[mode] ?? 0) : 0) + oh.fixedOverheadPerExposureSec);
  }
  return sec + paddingSec / Math.max(1, configs.length);
}

/** Seconds of the statuses after `statusId` in the observation (plus this configuration's exposures for exposures_start_at). */
async function remainingAfterSec(db: Db, observationId: number, statusId: number, deps: RequestGroupDeps, includeOwnExposureOf: number | null): Promise<number> {
  const statuses = await db.selectFrom('configuration_statuses').select(['id', 'configuration_id', 'state']).where('observation_id', '=', observationId).orderBy('id').execute();
  const req = await db.selectFrom('observations').innerJoin('requests', 'requests.id', 'observations.request_id').select('requests.body_json').where('observations.id', '=', observationId).executeTakeFirstOrThrow();
  const configs = ((JSON.parse(req.body_json) as { configurations?: unknown[] }).configurations ?? []) as { id: number; instrument_type: string; instrument_configs?: { exposure_time: number; exposure_count: number; mode?: string }[] }[];
  const durationOf = (cid: number, exposuresOnly: boolean): number => {
    const c = configs.find((x) => x.id === cid);
    const entry = c ? deps.configdb().index.instrumentTypes.get(c.instrument_type) : undefined;
    if (!c) return 0;
    if (exposuresOnly || !entry) return (c.instrument_configs ?? []).reduce((s, ic) => s + ic.exposure_count * ic.exposure_time, 0);
    const oh = overheadsFor(entry);
    return completionCapSec({ configurations: [c] }, cid, 0, oh);
  };
  const idx = statuses.findIndex((s) => s.id === statusId);
  let sec = includeOwnExposureOf !== null ? durationOf(includeOwnExposureOf, true) : 0;
  // Only what will still run counts: configurations already closed out (NOT_ATTEMPTED after a
  // rapid-response interruption, FAILED …) do not extend the observation again.
  for (const s of statuses.slice(idx + 1)) if (s.state === 'PENDING' || s.state === 'ATTEMPTED') sec += durationOf(s.configuration_id, false);
  return sec;
}

/** Observation state from its statuses, then the request (§3.5) and the group (§3.6). */
export async function rederive(db: Db, observationId: number, nowUtcMs: number): Promise<void> {
  const obs = await db
    .selectFrom('observations')
    .innerJoin('requests', 'requests.id', 'observations.request_id')
    .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
    .select(['observations.state', 'observations.request_id', 'requests.state as request_state', 'requests.acceptability_threshold', 'requests.window_end_utc_ms', 'requests.body_json', 'request_groups.id as group_id', 'request_groups.observation_type'])
    .where('observations.id', '=', observationId)
    .executeTakeFirstOrThrow();
  const statuses = await db.selectFrom('configuration_statuses').select(['state', 'configuration_id', 'summary_json']).where('observation_id', '=', observationId).orderBy('id').execute();
  const current = obs.state as ObservationState;
  const next = nextObservationState(current, statuses.map((s) => s.state as ConfigurationStatusState));
  if (next !== current) {
    await db.updateTable('observations').set({ state: next, modified_utc_ms: nowUtcMs }).where('id', '=', observationId).execute();
    await recordHistory(db, 'observation', observationId, current, next, nowUtcMs, 'configuration status');
    if (next === 'FAILED' || next === 'ABORTED' || next === 'NOT_ATTEMPTED') await bumpMeta(db, 'last_changed', nowUtcMs);
  }
  const configs = ((JSON.parse(obs.body_json) as { configurations?: unknown[] }).configurations ?? []) as { id: number; type: string; repeat_duration?: number | null; instrument_configs?: { exposure_time: number; exposure_count: number }[] }[];
  const percent = completionPercent(
    statuses.map((s) => {
      const c = configs.find((x) => x.id === s.configuration_id);
      const summary = s.summary_json === null ? null : (JSON.parse(s.summary_json) as { start: string; end: string; time_completed: number });
      return {
        configurationType: c?.type ?? '',
        repeatDurationSec: c?.repeat_duration ?? null,
        requestedExposureSec: (c?.instrument_configs ?? []).reduce((sum, ic) => sum + ic.exposure_count * ic.exposure_time, 0),
        summary: summary ? { startUtcMs: ms(summary.start), endUtcMs: ms(summary.end), timeCompletedSec: summary.time_completed } : null,
      };
    }),
  );
  const failed = await db.selectFrom('observations').select((eb) => eb.fn.countAll<number>().as('n')).where('request_id', '=', obs.request_id).where('state', '=', 'FAILED').executeTakeFirstOrThrow();
  const requestState = deriveRequestState({
    current: obs.request_state as RequestState,
    observationType: obs.observation_type,
    observationState: next,
    completionPercent: percent,
    acceptabilityThreshold: obs.acceptability_threshold,
    maxFailuresPerRequest: MAX_FAILURES_PER_REQUEST,
    failedObservationCount: Number(failed.n),
    lastWindowEndUtcMs: obs.observation_type === 'DIRECT' || obs.observation_type === 'REAL_TIME' ? null : obs.window_end_utc_ms,
    nowUtcMs,
  });
  if (requestState !== obs.request_state) {
    await transitionRequest(db, obs.request_id, requestState, nowUtcMs, `observation ${observationId} ${next}`);
    await refreshGroupState(db, obs.group_id, nowUtcMs, `request ${obs.request_id} ${requestState}`);
    await bumpMeta(db, 'last_changed', nowUtcMs);
  }
}
