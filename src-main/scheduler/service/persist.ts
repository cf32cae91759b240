/**
 * Writes a schedule as OCS observations (ocs-contract §5.2, §9.2 outputs): the stored future plan
 * inside the re-planned range is diffed against the new blocks; unchanged observations stay (no
 * churn for the executor or the sync outbox), superseded ones are cancelled the OCS way (§3.8:
 * deleted when ≥ 72 h ahead, CANCELED otherwise) and new ones are inserted PENDING with one
 * PENDING configuration status per configuration per `configuration_repeats` pass. One transaction;
 * refused before it starts when `checkSchedule` finds a violation.
 */
import { AppError } from '../../../src-shared/errors';
import { nextObservationState, placementsAt, type ConfigurationStatusState, type ObservationState } from '../../../src-shared/ocs';
import { formatOcsDatetime, type Request } from '../../../src-shared/schemas';
import type { ConfigdbView, Db } from '../../portal';
import { applyObservationCancel, recordHistory } from '../../portal';
import type { PlanState } from './plan-state';
import { checkSchedule, type Interruption, type ScheduledBlock, type SchedulerInput } from '../kernel';

export interface CreatedObservation extends ScheduledBlock {
  observationId: number;
}

export interface PersistResult {
  created: CreatedObservation[];
  canceled: { observationId: number; requestId: string; telescopeId: string; startMs: number }[];
  kept: number;
  /** Blocks not written because their request changed state meanwhile. */
  skipped: { requestId: string; reason: string }[];
  /** Site codes whose stored schedule changed. */
  sites: string[];
  /** The pre-empted observation's id, when one was interrupted. */
  interruptedObservationId: number | null;
  /** What `readAfter` returned (absent without it). */
  after?: PlanState;
}

export interface PersistArgs {
  /** The input the blocks were computed from (the guard checks them against it). */
  input: SchedulerInput;
  blocks: readonly ScheduledBlock[];
  /** Clock time of the write, UTC ms (history, `created`). */
  writeMs: number;
  /**
   * Observation types whose future PENDING observations this run owns (and may cancel):
   * the normal pass owns NORMAL and TIME_CRITICAL, the rapid-response pass also RAPID_RESPONSE.
   */
  owns: readonly string[];
  reason: string;
  /** A running observation a rapid-response block pre-empts; written in the same transaction. */
  interruption?: Interruption | null;
  /** Reads what the stored plan now stands on, in the same transaction (after the writes). */
  readAfter?: (trx: Db) => Promise<PlanState>;
}

const split = (telescopeId: string): { site: string; enclosure: string; telescope: string } => {
  const [site = '', enclosure = '', telescope = ''] = telescopeId.split('.');
  return { site, enclosure, telescope };
};

const keyOf = (b: ScheduledBlock): string => `${b.requestId}|${b.telescopeId}|${b.startMs}|${b.endMs}`;

async function bumpLastScheduled(db: Db, site: string, nowMs: number): Promise<void> {
  // Same key the portal's `GET /api/last_scheduled/` reads.
  await db
    .insertInto('meta')
    .values({ key: `last_scheduled.${site}`, value: String(nowMs) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(nowMs) }))
    .execute();
}

/** Inserts one observation with its configuration statuses; null when the request is no longer PENDING. */
async function insertObservation(db: Db, view: ConfigdbView, b: ScheduledBlock, writeMs: number, reason: string): Promise<number | null> {
  const req = await db.selectFrom('requests').select(['state', 'body_json']).where('id', '=', Number(b.requestId)).executeTakeFirst();
  if (!req || req.state !== 'PENDING') return null;
  // The stored body is the validated OCS request with configuration ids assigned.
  type StoredConfiguration = Request['configurations'][number] & { id?: number };
  const body = JSON.parse(req.body_json) as Omit<Request, 'configurations'> & { configurations: StoredConfiguration[] };
  const where = split(b.telescopeId);
  const configs = await db.selectFrom('configurations').select(['id', 'instrument_type']).where('request_id', '=', Number(b.requestId)).orderBy('priority').execute();
  const { id } = await db
    .insertInto('observations')
    .values({ request_id: Number(b.requestId), ...where, start_utc_ms: b.startMs, end_utc_ms: b.endMs, priority: 10, state: 'PENDING', created_utc_ms: writeMs, modified_utc_ms: writeMs })
    .returning('id')
    .executeTakeFirstOrThrow();
  const loc = { telescope_class: body.location?.telescope_class ?? '', ...where };
  const rows = [];
  for (let rep = 0; rep < Math.max(1, body.configuration_repeats); rep++) {
    for (const c of configs) {
      const cfg = body.configurations.find((x) => x.id === c.id);
      const entry = view.index.instrumentTypes.get(c.instrument_type);
      const placement = entry ? placementsAt(entry, loc).find((p) => p.state === 'SCHEDULABLE') : undefined;
      const guided = cfg !== undefined && (cfg.guiding_config.mode !== 'OFF' || cfg.acquisition_config.mode !== 'OFF');
      rows.push({
        observation_id: id,
        configuration_id: c.id,
        instrument_name: placement?.instrumentCode ?? '',
        guide_camera_name: guided ? (placement?.autoguiderCamera?.code ?? '') : '',
        state: 'PENDING',
        summary_json: null,
        created_utc_ms: writeMs,
        modified_utc_ms: writeMs,
      });
    }
  }
  if (rows.length > 0) await db.insertInto('configuration_statuses').values(rows).execute();
  await recordHistory(db, 'observation', id, null, 'PENDING', writeMs, reason);
  return id;
}

/** Refuses (AppError `conflict.state`) a schedule that breaks its input's rules. */
export function guardSchedule(input: SchedulerInput, blocks: readonly ScheduledBlock[]): void {
  const violations = checkSchedule(input, blocks);
  if (violations.length > 0) {
    throw new AppError('conflict.state', `The schedule breaks ${violations.length} rule(s); nothing was stored`, {
      violations: violations.slice(0, 20).map((v) => `${v.code} ${v.requestId}: ${v.detail}`),
    });
  }
}

/** Persists `args.blocks` over the range [input.nowMs, input.horizon.endMs) of every input telescope. */
export async function persistSchedule(db: Db, view: ConfigdbView, args: PersistArgs): Promise<PersistResult> {
  guardSchedule(args.input, args.blocks);
  const { input, writeMs, reason } = args;
  const telescopes = input.telescopes.map((t) => t.id);
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('observations')
      .innerJoin('requests', 'requests.id', 'observations.request_id')
      .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
      .select(['observations.id', 'observations.request_id', 'observations.site', 'observations.enclosure', 'observations.telescope', 'observations.start_utc_ms', 'observations.end_utc_ms', 'observations.state'])
      .where('observations.state', '=', 'PENDING')
      .where('observations.start_utc_ms', '>=', input.nowMs)
      .where('observations.start_utc_ms', '<', input.horizon.endMs)
      .where('request_groups.observation_type', 'in', [...args.owns])
      .execute();
    const result: PersistResult = { created: [], canceled: [], kept: 0, skipped: [], sites: [], interruptedObservationId: null };
    const sites = new Set<string>();
    if (args.interruption) {
      result.interruptedObservationId = await interruptObservation(trx, args.interruption, writeMs);
      sites.add(split(args.interruption.telescopeId).site);
    }
    const wanted = new Map(args.blocks.map((b) => [keyOf(b), b]));
    for (const o of existing) {
      const telescopeId = `${o.site}.${o.enclosure}.${o.telescope}`;
      if (!telescopes.includes(telescopeId)) continue;
      const key = keyOf({ requestId: String(o.request_id), telescopeId, startMs: o.start_utc_ms, endMs: o.end_utc_ms });
      if (wanted.delete(key)) {
        result.kept++;
        continue;
      }
      if (await applyObservationCancel(trx, o, writeMs, reason)) {
        result.canceled.push({ observationId: o.id, requestId: String(o.request_id), telescopeId, startMs: o.start_utc_ms });
        sites.add(o.site);
      }
    }
    for (const b of wanted.values()) {
      const id = await insertObservation(trx, view, b, writeMs, reason);
      if (id === null) {
        result.skipped.push({ requestId: b.requestId, reason: 'request no longer PENDING' });
        continue;
      }
      result.created.push({ ...b, observationId: id });
      sites.add(split(b.telescopeId).site);
    }
    for (const site of sites) await bumpLastScheduled(trx, site, writeMs);
    result.sites = [...sites];
    if (args.readAfter) result.after = await args.readAfter(trx);
    return result;
  });
}

/**
 * A rapid-response pre-emption (OCS §9.5): the running observation of the interrupted request on
 * that telescope ends at `atMs`; its configuration statuses still PENDING become NOT_ATTEMPTED,
 * each with the reason in its summary. The ATTEMPTED one is left to the executor when `atMs` is
 * its configuration boundary (`atSafePoint`), else it becomes FAILED with the reason. The
 * observation state is re-derived (§3.4): FAILED as soon as one status is NOT_ATTEMPTED, so the
 * executor starts nothing more of it. The request stays PENDING (a failed observation is
 * rescheduled).
 * Returns the observation id, or null when no such observation is stored. Run inside a transaction.
 */
export async function interruptObservation(trx: Db, it: Interruption, writeMs: number): Promise<number | null> {
  if (it.requestId === null) return null;
  const where = split(it.telescopeId);
  const obs = await trx
    .selectFrom('observations')
    .select(['id', 'state', 'start_utc_ms'])
    .where('request_id', '=', Number(it.requestId))
    .where('site', '=', where.site)
    .where('enclosure', '=', where.enclosure)
    .where('telescope', '=', where.telescope)
    .where('state', 'in', ['PENDING', 'IN_PROGRESS'])
    .where('end_utc_ms', '>', it.atMs)
    .orderBy('start_utc_ms')
    .executeTakeFirst();
  if (!obs) return null;
  const statuses = await trx.selectFrom('configuration_statuses').select(['id', 'state', 'summary_json']).where('observation_id', '=', obs.id).orderBy('id').execute();
  const at = formatOcsDatetime(it.atMs);
  const next: ConfigurationStatusState[] = [];
  for (const s of statuses) {
    // At a safe point the configuration in progress ends by itself there: the executor finishes
    // and reports it. Otherwise it is cut short and fails.
    const to: ConfigurationStatusState | null = s.state === 'PENDING' ? 'NOT_ATTEMPTED' : s.state === 'ATTEMPTED' && !it.atSafePoint ? 'FAILED' : null;
    next.push(to ?? (s.state as ConfigurationStatusState));
    if (to === null) continue;
    const prev = s.summary_json === null ? null : (JSON.parse(s.summary_json) as Record<string, unknown>);
    const summary = prev
      ? { ...prev, state: to, reason: it.reason, end: at }
      : { start: at, end: at, state: to, reason: it.reason, time_completed: 0, events: [] };
    await trx.updateTable('configuration_statuses').set({ state: to, summary_json: JSON.stringify(summary), modified_utc_ms: writeMs }).where('id', '=', s.id).execute();
    await recordHistory(trx, 'configuration_status', s.id, s.state, to, writeMs, it.reason);
  }
  const current = obs.state as ObservationState;
  const state = nextObservationState(current, next);
  await trx.updateTable('observations').set({ state, end_utc_ms: Math.max(obs.start_utc_ms, it.atMs), modified_utc_ms: writeMs }).where('id', '=', obs.id).execute();
  if (state !== current) await recordHistory(trx, 'observation', obs.id, current, state, writeMs, it.reason);
  // The portal bumps last_changed when an observation fails so schedulers re-plan.
  await trx
    .insertInto('meta')
    .values({ key: 'last_changed', value: String(writeMs) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(writeMs) }))
    .execute();
  return obs.id;
}
