/**
 * Real-time sessions (spec ocs-contract §1.11, §5.2 `POST realtime/`): a user books a block of a
 * telescope to control it interactively. The booking is a REAL_TIME request group with one request
 * and one observation carrying a single configuration status (no instrument content), a
 * whole-telescope downtime entry whose reason is the observation id (so the scheduler and the
 * portal's visibility keep the block free), and a debit of the proposal's `realtime_time_used`.
 * The scheduler keeps REAL_TIME observations as fixed blocks. One transaction per booking.
 */
import { z } from 'zod';
import { darkIntervals, subtract, totalMs, type GeoSite, type Interval } from '../../src-shared/astro';
import type { FieldErrors } from '../../src-shared/errors';
import { observatoryTelescopes } from '../../src-shared/ocs';
import { formatOcsDatetime, optInt, parseOcsDatetimeMs, reqDatetime, reqString, toFieldErrors } from '../../src-shared/schemas';
import type { ConfigdbView } from './configdb-view';
import { loadProposal, updateAllocation } from './proposals-repo';
import type { Json } from './request-body';
import { applyObservationCancel, recordHistory, refreshGroupState, transitionRequest } from './state-changes';
import { bumpMeta } from './observations-service';
import type { Caller, Db, Outcome } from './types';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** How far ahead `GET /api/realtime/availability/` looks, days (the portal's REAL_TIME_AVAILABILITY_DAYS_OUT; value UNCONFIRMED). */
export const REALTIME_AVAILABILITY_DAYS_OUT = 7;

/** The telescope's geographic site, or null when the observatory has no such active telescope. */
function telescopeSite(view: ConfigdbView, site: string, enclosure: string, telescope: string): GeoSite | null {
  return observatoryTelescopes(view.sites).find((t) => t.site === site && t.enclosure === enclosure && t.telescope === telescope)?.limits.site ?? null;
}

/** Night (Sun below the OCS −12° twilight) at the telescope within [startMs, endMs). */
function nightIntervals(geo: GeoSite, startMs: number, endMs: number): Interval[] {
  return darkIntervals(geo, startMs, endMs);
}

export const realtimeBodySchema = z.object({
  site: reqString(3),
  enclosure: reqString(4),
  telescope: reqString(4),
  start: reqDatetime(),
  end: reqDatetime(),
  proposal: reqString(255),
  name: reqString(50),
  priority: optInt(10),
});

/** Schedulable instrument types (and codes) on one telescope; empty when the telescope is unknown. */
function instrumentTypesAt(view: ConfigdbView, site: string, enclosure: string, telescope: string): { types: string[]; telescopeClass: string } {
  const types = new Set<string>();
  let telescopeClass = '';
  for (const entry of view.index.instrumentTypes.values()) {
    for (const p of entry.placements) {
      if (p.site === site && p.enclosure === enclosure && p.telescope === telescope && p.state === 'SCHEDULABLE') {
        types.add(entry.code);
        telescopeClass = p.telescopeClass;
      }
    }
  }
  return { types: [...types], telescopeClass };
}

const overlaps = (db: Db, startMs: number, endMs: number) =>
  db.selectFrom('observations').where('observations.start_utc_ms', '<', endMs).where('observations.end_utc_ms', '>', startMs);

/**
 * `POST /api/realtime/` → 201 the booking, or 400 with OCS-style errors (`non_field_errors` for the
 * serializer's object-level checks, field keys for field checks).
 */
export async function bookRealtime(db: Db, view: ConfigdbView, body: unknown, caller: Caller, nowUtcMs: number): Promise<Outcome<Json>> {
  const parsed = realtimeBodySchema.safeParse(body);
  if (!parsed.success) return { ok: false, status: 400, body: toFieldErrors(parsed.error.issues) };
  const b = parsed.data;
  const startMs = parseOcsDatetimeMs(b.start) ?? 0;
  const endMs = parseOcsDatetimeMs(b.end) ?? 0;
  const fieldErrors: FieldErrors = {};
  if (endMs <= startMs) fieldErrors['end'] = ['End time must be after start time'];
  else if (endMs <= nowUtcMs) fieldErrors['end'] = ['End time must be in the future'];
  if (Object.keys(fieldErrors).length > 0) return { ok: false, status: 400, body: fieldErrors };
  const refuse = <T,>(message: string): Outcome<T> => ({ ok: false, status: 400, body: { non_field_errors: [message] } });

  const outcome = await db.transaction().execute(async (trx): Promise<Outcome<number>> => {
    const proposal = await loadProposal(trx, b.proposal);
    if (!proposal) return refuse<number>(`Proposal ${b.proposal} does not exist`);
    if (!proposal.active) return refuse<number>(`Proposal ${b.proposal} is not active`);
    if (!proposal.members.some((m) => m.username === caller.username)) return refuse<number>(`User ${caller.username} is not a member of proposal ${b.proposal}`);
    const at = instrumentTypesAt(view, b.site, b.enclosure, b.telescope);
    if (at.types.length === 0) return refuse<number>(`No instruments found at ${b.site}.${b.enclosure}.${b.telescope} or telescope does not exist`);
    const hours = (endMs - startMs) / HOUR_MS;
    // Real-time time comes from the allocation of the semester the session starts in that covers
    // one of the telescope's instrument types (the best such allocation when several match).
    const semester = await trx.selectFrom('semesters').select('id').where('start_utc_ms', '<=', startMs).where('end_utc_ms', '>', startMs).executeTakeFirst();
    const allocations = proposal.time_allocations.filter((a) => a.semester === semester?.id && a.instrument_types.some((t) => at.types.includes(t)));
    const best = allocations.reduce<(typeof allocations)[number] | null>((m, a) => (m === null || a.realtime_allocation - a.realtime_time_used > m.realtime_allocation - m.realtime_time_used ? a : m), null);
    const available = best ? Math.max(0, best.realtime_allocation - best.realtime_time_used) : 0;
    if (available < hours) {
      return refuse<number>(`Not enough realtime time allocation available on proposal ${b.proposal}: ${round3(available)} hours available, ${round3(hours)} requested`);
    }
    const downtime = await trx
      .selectFrom('downtimes')
      .select('id')
      .where('site', '=', b.site).where('enclosure', '=', b.enclosure).where('telescope', '=', b.telescope)
      .where('instrument_type', '=', '')
      .where('start_utc_ms', '<', endMs).where('end_utc_ms', '>', startMs)
      .executeTakeFirst();
    // A session is for observing: it must lie in the telescope's night (and off any downtime).
    const geo = telescopeSite(view, b.site, b.enclosure, b.telescope);
    const daylight = geo ? totalMs(subtract([{ startMs, endMs }], nightIntervals(geo, startMs - DAY_MS, endMs + DAY_MS))) : 0;
    if (downtime || daylight > 0) return refuse<number>(`The desired interval of ${b.start} to ${b.end} is not available on the telescope`);
    const mine = await overlaps(trx, startMs, endMs)
      .innerJoin('requests', 'requests.id', 'observations.request_id')
      .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
      .select('observations.id')
      .where('request_groups.submitter', '=', caller.username)
      .where('request_groups.observation_type', '=', 'REAL_TIME')
      .where('observations.state', 'in', ['PENDING', 'IN_PROGRESS'])
      .executeTakeFirst();
    if (mine) return refuse<number>('You already have a real time session booked during this interval');
    // A running observation, or a booked high-priority one (TC, RR, DIRECT, another session), keeps its time.
    const blocking = await overlaps(trx, startMs, endMs)
      .innerJoin('requests', 'requests.id', 'observations.request_id')
      .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
      .select(['observations.id', 'observations.state', 'request_groups.observation_type'])
      .where('observations.site', '=', b.site).where('observations.enclosure', '=', b.enclosure).where('observations.telescope', '=', b.telescope)
      .where((eb) => eb.or([
        eb('observations.state', '=', 'IN_PROGRESS'),
        eb.and([eb('observations.state', '=', 'PENDING'), eb('request_groups.observation_type', 'in', ['TIME_CRITICAL', 'RAPID_RESPONSE', 'DIRECT', 'REAL_TIME'])]),
      ]))
      .executeTakeFirst();
    if (blocking) {
      return refuse<number>(`The desired interval of ${b.start} to ${b.end} overlaps ${blocking.state === 'IN_PROGRESS' ? 'an observation in progress' : `a ${blocking.observation_type} observation`} on the telescope`);
    }

    const { id: groupId } = await trx
      .insertInto('request_groups')
      .values({ proposal_id: b.proposal, submitter: caller.username, name: b.name, observation_type: 'REAL_TIME', operator: 'SINGLE', ipp_value: 1.0, state: 'PENDING', created_utc_ms: nowUtcMs, modified_utc_ms: nowUtcMs, body_json: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const requestBody = { configurations: [], observation_note: '', optimization_type: 'TIME', acceptability_threshold: 100, configuration_repeats: 1, extra_params: {} };
    const { id: requestId } = await trx
      .insertInto('requests')
      .values({
        request_group_id: groupId, state: 'PENDING', duration_sec: Math.round((endMs - startMs) / 1000), modified_utc_ms: nowUtcMs, created_utc_ms: nowUtcMs,
        body_json: JSON.stringify(requestBody), telescope_class: at.telescopeClass, target_names: '', window_start_utc_ms: startMs,
        // The session's end stands in for the window end (expiry, §3.7).
        window_end_utc_ms: endMs, semester_id: semester?.id ?? null, acceptability_threshold: 100,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The configuration status needs a configuration row; it carries no instrument content.
    const { id: configurationId } = await trx
      .insertInto('configurations')
      .values({ request_id: requestId, priority: 1, type: 'ENGINEERING', instrument_type: at.types[0] ?? '' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id: observationId } = await trx
      .insertInto('observations')
      .values({ request_id: requestId, site: b.site, enclosure: b.enclosure, telescope: b.telescope, start_utc_ms: startMs, end_utc_ms: endMs, priority: b.priority, state: 'PENDING', created_utc_ms: nowUtcMs, modified_utc_ms: nowUtcMs })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('configuration_statuses')
      .values({ observation_id: observationId, configuration_id: configurationId, instrument_name: '', guide_camera_name: '', state: 'PENDING', summary_json: null, created_utc_ms: nowUtcMs, modified_utc_ms: nowUtcMs })
      .execute();
    await trx
      .insertInto('downtimes')
      .values({ start_utc_ms: startMs, end_utc_ms: endMs, site: b.site, enclosure: b.enclosure, telescope: b.telescope, instrument_type: '', reason: String(observationId), created_utc_ms: nowUtcMs, modified_utc_ms: nowUtcMs })
      .execute();
    if (best && semester) {
      const type = best.instrument_types.find((t) => at.types.includes(t)) ?? '';
      await updateAllocation(trx, b.proposal, semester.id, type, (a) => ({ realtime_time_used: a.realtime_time_used + hours }));
    }
    const reason = `real time session booked by ${caller.username}`;
    await trx
      .insertInto('state_history')
      .values([
        { entity: 'request_group', entity_id: groupId, from_state: null, to_state: 'PENDING', utc_ms: nowUtcMs, reason },
        { entity: 'request', entity_id: requestId, from_state: null, to_state: 'PENDING', utc_ms: nowUtcMs, reason },
      ])
      .execute();
    await recordHistory(trx, 'observation', observationId, null, 'PENDING', nowUtcMs, reason);
    await bumpMeta(trx, `last_scheduled.${b.site}`, nowUtcMs);
    await bumpMeta(trx, 'last_changed', nowUtcMs);
    return { ok: true, value: observationId };
  });
  if (!outcome.ok) return outcome;
  const [dict] = await realtimeDicts(db, [outcome.value]);
  return { ok: true, value: dict ?? {} };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Sessions in the RealTimeSerializer's output shape, in the order of `ids`. */
export async function realtimeDicts(db: Db, ids: readonly number[]): Promise<Json[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('observations')
    .innerJoin('requests', 'requests.id', 'observations.request_id')
    .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
    .select([
      'observations.id', 'observations.site', 'observations.enclosure', 'observations.telescope', 'observations.start_utc_ms', 'observations.end_utc_ms',
      'observations.state', 'observations.priority', 'observations.modified_utc_ms', 'request_groups.proposal_id', 'request_groups.submitter',
      'request_groups.name', 'request_groups.ipp_value', 'request_groups.observation_type', 'request_groups.id as group_id',
    ])
    .where('observations.id', 'in', ids)
    .execute();
  const statuses = await db.selectFrom('configuration_statuses').select(['id', 'observation_id']).where('observation_id', 'in', ids).orderBy('id').execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [{
      id: r.id, site: r.site, enclosure: r.enclosure, telescope: r.telescope,
      start: formatOcsDatetime(r.start_utc_ms), end: formatOcsDatetime(r.end_utc_ms), state: r.state, priority: r.priority,
      modified: formatOcsDatetime(r.modified_utc_ms), proposal: r.proposal_id, submitter: r.submitter, name: r.name,
      ipp_value: r.ipp_value, observation_type: r.observation_type, request_group_id: r.group_id,
      configuration_status_id: statuses.find((s) => s.observation_id === r.id)?.id ?? null,
    }];
  });
}

/** Ids of the REAL_TIME sessions the caller may see (staff: all; others: their proposals), newest first. */
export async function listRealtimeIds(db: Db, readable: string[] | null): Promise<number[]> {
  let q = db
    .selectFrom('observations')
    .innerJoin('requests', 'requests.id', 'observations.request_id')
    .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
    .select('observations.id')
    .where('request_groups.observation_type', '=', 'REAL_TIME');
  if (readable !== null) q = readable.length === 0 ? q.where('observations.id', '=', -1) : q.where('request_groups.proposal_id', 'in', readable);
  return (await q.orderBy('observations.start_utc_ms', 'desc').execute()).map((r) => r.id);
}

/**
 * `DELETE /api/realtime/{id}/` (the submitter or staff): the session is cancelled like any
 * observation (§3.8: deleted far ahead, CANCELED soon, ABORTED while running), its downtime
 * entry is removed and the unused hours go back to `realtime_time_used`.
 */
export async function cancelRealtime(db: Db, observationId: number, caller: Caller, nowUtcMs: number): Promise<Outcome<null>> {
  return db.transaction().execute(async (trx): Promise<Outcome<null>> => {
    const o = await trx
      .selectFrom('observations')
      .innerJoin('requests', 'requests.id', 'observations.request_id')
      .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
      .innerJoin('configurations', 'configurations.request_id', 'requests.id')
      .select(['observations.id', 'observations.site', 'observations.state', 'observations.start_utc_ms', 'observations.end_utc_ms', 'observations.request_id', 'requests.semester_id', 'request_groups.id as group_id', 'request_groups.submitter', 'request_groups.proposal_id', 'request_groups.observation_type', 'configurations.instrument_type'])
      .where('observations.id', '=', observationId)
      .executeTakeFirst();
    if (!o || o.observation_type !== 'REAL_TIME') return { ok: false, status: 404, body: { detail: 'Not found.' } };
    if (!caller.isStaff && o.submitter !== caller.username) return { ok: false, status: 403, body: { detail: 'You do not have permission to perform this action.' } };
    if (o.state !== 'PENDING' && o.state !== 'IN_PROGRESS') return { ok: false, status: 400, body: { errors: [`Cannot cancel a ${o.state} real time session`] } };
    const reason = `real time session canceled by ${caller.username}`;
    const unusedHours = Math.max(0, o.end_utc_ms - Math.max(o.start_utc_ms, nowUtcMs)) / HOUR_MS;
    await applyObservationCancel(trx, o, nowUtcMs, reason);
    await trx.deleteFrom('downtimes').where('reason', '=', String(o.id)).where('start_utc_ms', '=', o.start_utc_ms).where('end_utc_ms', '=', o.end_utc_ms).execute();
    if (o.semester_id !== null && unusedHours > 0) {
      await updateAllocation(trx, o.proposal_id, o.semester_id, o.instrument_type, (a) => ({ realtime_time_used: Math.max(0, a.realtime_time_used - unusedHours) }));
    }
    const r = await trx.selectFrom('requests').select('state').where('id', '=', o.request_id).executeTakeFirst();
    if (r?.state === 'PENDING') {
      await transitionRequest(trx, o.request_id, 'CANCELED', nowUtcMs, reason);
      await refreshGroupState(trx, o.group_id, nowUtcMs, reason);
    }
    await bumpMeta(trx, 'last_changed', nowUtcMs);
    return { ok: true, value: null };
  });
}

/**
 * `GET /api/realtime/availability/?telescope=<telescope>.<enclosure>.<site>`: for every telescope
 * where one of the caller's proposals has real-time time left this semester, the night intervals
 * from now to REALTIME_AVAILABILITY_DAYS_OUT days ahead that are free: not in a whole-telescope
 * downtime, not under an observation in progress or a booked TC/RR/DIRECT/real-time one, and not
 * overlapping a session the caller already holds anywhere. Keys are `telescope.enclosure.site`
 * (the portal's order); values `[[startIso, endIso], …]`.
 */
export async function realtimeAvailability(db: Db, view: ConfigdbView, caller: Caller, telescopeFilter: string, nowUtcMs: number): Promise<Json> {
  const endMs = nowUtcMs + REALTIME_AVAILABILITY_DAYS_OUT * DAY_MS;
  const semester = await db.selectFrom('semesters').select('id').where('start_utc_ms', '<=', nowUtcMs).where('end_utc_ms', '>', nowUtcMs).executeTakeFirst();
  const rows = await db
    .selectFrom('time_allocations')
    .innerJoin('memberships', 'memberships.proposal_id', 'time_allocations.proposal_id')
    .innerJoin('proposals', 'proposals.id', 'time_allocations.proposal_id')
    .select(['time_allocations.instrument_types_json'])
    .where('memberships.user_id', '=', caller.id)
    .where('proposals.active', '=', 1)
    .where('time_allocations.semester_id', '=', semester?.id ?? '')
    .whereRef('time_allocations.realtime_time_used', '<', 'time_allocations.realtime_allocation')
    .execute();
  const types = new Set(rows.flatMap((r) => JSON.parse(r.instrument_types_json) as string[]));
  const keys = new Map<string, { site: string; enclosure: string; telescope: string }>();
  for (const type of types) {
    for (const p of view.index.instrumentTypes.get(type)?.placements ?? []) {
      const key = `${p.telescope}.${p.enclosure}.${p.site}`;
      if (telescopeFilter === '' || telescopeFilter === key) keys.set(key, { site: p.site, enclosure: p.enclosure, telescope: p.telescope });
    }
  }
  const ownSessions = await overlaps(db, nowUtcMs, endMs)
    .innerJoin('requests', 'requests.id', 'observations.request_id')
    .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
    .select(['observations.start_utc_ms as startMs', 'observations.end_utc_ms as endMs'])
    .where('request_groups.submitter', '=', caller.username)
    .where('request_groups.observation_type', '=', 'REAL_TIME')
    .where('observations.state', 'in', ['PENDING', 'IN_PROGRESS'])
    .execute();
  const out: Json = {};
  for (const [key, t] of keys) {
    const geo = telescopeSite(view, t.site, t.enclosure, t.telescope);
    if (!geo) continue;
    const busy = await overlaps(db, nowUtcMs, endMs)
      .innerJoin('requests', 'requests.id', 'observations.request_id')
      .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
      .select(['observations.start_utc_ms as startMs', 'observations.end_utc_ms as endMs'])
      .where('observations.site', '=', t.site).where('observations.enclosure', '=', t.enclosure).where('observations.telescope', '=', t.telescope)
      .where((eb) => eb.or([
        eb('observations.state', '=', 'IN_PROGRESS'),
        eb.and([eb('observations.state', '=', 'PENDING'), eb('request_groups.observation_type', 'in', ['TIME_CRITICAL', 'RAPID_RESPONSE', 'DIRECT', 'REAL_TIME'])]),
      ]))
      .execute();
    const down = await db
      .selectFrom('downtimes')
      .select(['start_utc_ms as startMs', 'end_utc_ms as endMs'])
      .where('site', '=', t.site).where('enclosure', '=', t.enclosure).where('telescope', '=', t.telescope).where('instrument_type', '=', '')
      .where('start_utc_ms', '<', endMs).where('end_utc_ms', '>', nowUtcMs)
      .execute();
    const free = subtract(nightIntervals(geo, nowUtcMs, endMs), [...busy, ...down, ...ownSessions]);
    out[key] = free.map((i) => [formatOcsDatetime(i.startMs), formatOcsDatetime(i.endMs)]);
  }
  return out;
}
