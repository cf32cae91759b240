/**
 * `PATCH /api/observations/{id}/` (spec ocs-contract §3.9, §3.10): a new `end` (partners end an
 * observation early or extend it) and/or `state: "BAD_DATA"` (staff; refunds the observing time).
 * One transaction per call.
 */
import { z } from 'zod';
import type { FieldErrors } from '../../src-shared/errors';
import { observationsCancelledByExtension, overheadsFor, summaryChargeDeltaHours, timePool } from '../../src-shared/ocs';
import type { ObservationState } from '../../src-shared/ocs';
import { parseOcsDatetimeMs, reqChoice, reqDatetime, toFieldErrors } from '../../src-shared/schemas';
import { loadObservationDicts } from './observations-repo';
import { applyCharge, bumpMeta, chargeCapSec, configurationRunSec, mayManageObservations, reopenAfterBadData, rederive } from './observations-service';
import type { Json } from './request-body';
import type { RequestGroupDeps } from './request-group-service';
import { applyObservationCancel, recordHistory } from './state-changes';
import type { Caller, Db, Outcome } from './types';

export const observationPatchSchema = z.object({
  end: z.preprocess((v) => (v === null ? undefined : v), reqDatetime().optional()),
  state: z.preprocess((v) => (v === null ? undefined : v), reqChoice(['BAD_DATA'] as const).optional()),
});

/** Observation states from which staff may declare the data bad (§3.10). */
const BAD_DATA_FROM: readonly ObservationState[] = ['COMPLETED', 'FAILED', 'ABORTED'];

const ms = (iso: string): number => parseOcsDatetimeMs(iso) ?? 0;

interface ObservationRow {
  id: number;
  request_id: number;
  site: string;
  enclosure: string;
  telescope: string;
  start_utc_ms: number;
  end_utc_ms: number;
  state: string;
  body_json: string;
  semester_id: string | null;
  group_id: number;
  observation_type: string;
  proposal_id: string;
  submitter: string;
}

interface StatusRow {
  id: number;
  configuration_id: number;
  state: string;
  summary_json: string | null;
  instrument_type: string;
}

type BodyConfiguration = { id: number; instrument_type: string; instrument_configs?: { exposure_time: number; exposure_count: number; mode?: string }[] };

/**
 * Applies the PATCH. Returns the observation dict, or DRF-shaped errors (400), 403 or 404.
 * @param nowUtcMs the clock's now; a new end must be later than it and than the start.
 */
export async function patchObservation(deps: RequestGroupDeps, observationId: number, body: unknown, caller: Caller, nowUtcMs: number): Promise<Outcome<{ observation: Json; groupId: number }>> {
  const parsed = observationPatchSchema.safeParse(body);
  if (!parsed.success) return { ok: false, status: 400, body: toFieldErrors(parsed.error.issues) };
  const p = parsed.data;
  if (!p.end && !p.state) return { ok: false, status: 400, body: { non_field_errors: ['Observation update must include `end` field'] } };
  const outcome = await deps.db.transaction().execute(async (trx): Promise<Outcome<number>> => {
    const o = await trx
      .selectFrom('observations')
      .innerJoin('requests', 'requests.id', 'observations.request_id')
      .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
      .select([
        'observations.id', 'observations.request_id', 'observations.site', 'observations.enclosure', 'observations.telescope',
        'observations.start_utc_ms', 'observations.end_utc_ms', 'observations.state', 'requests.body_json', 'requests.semester_id',
        'request_groups.id as group_id', 'request_groups.observation_type', 'request_groups.proposal_id', 'request_groups.submitter',
      ])
      .where('observations.id', '=', observationId)
      .executeTakeFirst();
    if (!o) return { ok: false, status: 404, body: { detail: 'Not found.' } };
    if (!(await mayManageObservations(trx, caller, o.proposal_id))) return { ok: false, status: 403, body: { detail: 'You do not have permission to perform this action.' } };
    if (p.state === 'BAD_DATA' && !caller.isStaff) return { ok: false, status: 403, body: { detail: 'Only staff may mark an observation as BAD_DATA.' } };
    const errors: FieldErrors = {};
    const state = o.state as ObservationState;
    if (p.end) {
      const end = ms(p.end);
      if (end <= nowUtcMs) errors['end'] = ['Updated end time must be in the future'];
      else if (end <= o.start_utc_ms) errors['end'] = ['End time must be after start time'];
      else if (state !== 'PENDING' && state !== 'IN_PROGRESS') errors['end'] = [`Cannot change the end time of a ${state} observation`];
    }
    if (p.state === 'BAD_DATA' && !BAD_DATA_FROM.includes(state)) errors['state'] = [`Cannot change a ${state} observation to BAD_DATA; it must be one of ${BAD_DATA_FROM.join(', ')}`];
    if (Object.keys(errors).length > 0) return { ok: false, status: 400, body: errors };

    const statuses: StatusRow[] = await trx
      .selectFrom('configuration_statuses')
      .innerJoin('configurations', 'configurations.id', 'configuration_statuses.configuration_id')
      .select(['configuration_statuses.id', 'configuration_statuses.configuration_id', 'configuration_statuses.state', 'configuration_statuses.summary_json', 'configurations.instrument_type'])
      .where('configuration_statuses.observation_id', '=', o.id)
      .orderBy('configuration_statuses.id')
      .execute();
    if (p.end) await changeEnd(trx, deps, o, statuses, ms(p.end), nowUtcMs, caller);
    if (p.state === 'BAD_DATA') await markBadData(trx, deps, o, statuses, nowUtcMs, caller);
    return { ok: true, value: o.group_id };
  });
  if (!outcome.ok) return outcome;
  const [dict] = await loadObservationDicts(deps.db, [observationId], true);
  return { ok: true, value: { observation: dict ?? {}, groupId: outcome.value } };
}

/**
 * §3.9 end change. Extending cancels the PENDING observations it now overlaps on the telescope;
 * cutting marks every PENDING configuration that can no longer finish by the new end
 * NOT_ATTEMPTED (it and all after it: configurations run in order), then re-derives the states.
 */
async function changeEnd(trx: Db, deps: RequestGroupDeps, o: ObservationRow, statuses: StatusRow[], endUtcMs: number, nowUtcMs: number, caller: Caller): Promise<void> {
  const reason = `end changed by ${caller.username}`;
  if (endUtcMs > o.end_utc_ms) {
    const others = await trx
      .selectFrom('observations')
      .innerJoin('requests', 'requests.id', 'observations.request_id')
      .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
      .select(['observations.id', 'observations.state', 'observations.start_utc_ms', 'observations.end_utc_ms', 'request_groups.observation_type'])
      .where('observations.site', '=', o.site)
      .where('observations.enclosure', '=', o.enclosure)
      .where('observations.telescope', '=', o.telescope)
      .where('observations.id', '!=', o.id)
      .where('observations.state', '=', 'PENDING')
      .where('observations.start_utc_ms', '>=', o.end_utc_ms)
      .where('observations.start_utc_ms', '<=', endUtcMs)
      .execute();
    const doomed = observationsCancelledByExtension(
      o.end_utc_ms,
      endUtcMs,
      o.observation_type === 'RAPID_RESPONSE',
      others.map((x) => ({ ...x, startUtcMs: x.start_utc_ms, state: x.state as ObservationState, observationType: x.observation_type })),
    );
    for (const d of doomed) await applyObservationCancel(trx, d, nowUtcMs, `overlapped by extended observation ${o.id}`);
  } else {
    const configs = ((JSON.parse(o.body_json) as { configurations?: BodyConfiguration[] }).configurations ?? []);
    const first = configs[0] ? deps.configdb().index.instrumentTypes.get(configs[0].instrument_type) : undefined;
    // Where the next configuration can start: after the front padding, never before now.
    let cursorMs = o.start_utc_ms + (first ? overheadsFor(first).observationFrontPaddingSec * 1000 : 0);
    let cut = false;
    for (const s of statuses) {
      const c = configs.find((x) => x.id === s.configuration_id);
      const runMs = c ? configurationRunSec(deps, c) * 1000 : 0;
      if (s.state === 'PENDING') {
        const startMs = Math.max(cursorMs, nowUtcMs);
        if (cut || startMs + runMs > endUtcMs) {
          cut = true;
          await trx.updateTable('configuration_statuses').set({ state: 'NOT_ATTEMPTED', modified_utc_ms: nowUtcMs }).where('id', '=', s.id).execute();
          await recordHistory(trx, 'configuration_status', s.id, s.state, 'NOT_ATTEMPTED', nowUtcMs, reason);
          s.state = 'NOT_ATTEMPTED';
          continue;
        }
        cursorMs = startMs + runMs;
      } else if (s.state === 'ATTEMPTED') {
        cursorMs = Math.max(cursorMs + runMs, nowUtcMs);
      } else if (s.summary_json !== null) {
        cursorMs = Math.max(cursorMs, ms((JSON.parse(s.summary_json) as { end: string }).end));
      }
    }
  }
  await trx.updateTable('observations').set({ end_utc_ms: endUtcMs, modified_utc_ms: nowUtcMs }).where('id', '=', o.id).execute();
  await recordHistory(trx, 'observation', o.id, o.state, o.state, nowUtcMs, `${reason}: ${new Date(o.end_utc_ms).toISOString()} → ${new Date(endUtcMs).toISOString()}`);
  await rederive(trx, o.id, nowUtcMs);
  await bumpMeta(trx, 'last_changed', nowUtcMs);
}

/** §3.10 bad data: every status BAD_DATA with its charged time refunded; the request reopens while its windows last. */
async function markBadData(trx: Db, deps: RequestGroupDeps, o: ObservationRow, statuses: StatusRow[], nowUtcMs: number, caller: Caller): Promise<void> {
  const reason = `BAD_DATA by ${caller.username}`;
  const pool = timePool(o.observation_type);
  for (const s of statuses) {
    if (s.state === 'BAD_DATA') continue;
    if (pool !== null && o.semester_id !== null && s.summary_json !== null) {
      const summary = JSON.parse(s.summary_json) as { start: string; end: string };
      const cap = chargeCapSec(deps, pool, o.body_json, s.configuration_id, s.instrument_type);
      const charged = summaryChargeDeltaHours(null, { startUtcMs: ms(summary.start), endUtcMs: ms(summary.end) }, cap);
      await applyCharge(trx, { pool, proposalId: o.proposal_id, semesterId: o.semester_id, instrumentType: s.instrument_type, submitter: o.submitter }, -charged);
    }
    await trx.updateTable('configuration_statuses').set({ state: 'BAD_DATA', modified_utc_ms: nowUtcMs }).where('id', '=', s.id).execute();
    await recordHistory(trx, 'configuration_status', s.id, s.state, 'BAD_DATA', nowUtcMs, reason);
  }
  await trx.updateTable('observations').set({ state: 'BAD_DATA', modified_utc_ms: nowUtcMs }).where('id', '=', o.id).execute();
  await recordHistory(trx, 'observation', o.id, o.state, 'BAD_DATA', nowUtcMs, reason);
  await reopenAfterBadData(trx, o.request_id, o.group_id, nowUtcMs, reason);
}
