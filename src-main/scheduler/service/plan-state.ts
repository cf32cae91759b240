/**
 * What a stored plan was solved against, read cheaply from the database, so that a debounced
 * re-plan whose answer cannot differ is skipped instead of solved again. During a night every
 * configuration report publishes `queue.changed`; most of them (ATTEMPTED, a configuration that
 * ended on time) change nothing the kernel sees: the running observation was already a fixed block,
 * its request already used. A re-plan is due when, since the last stored plan:
 *
 * - the set of schedulable requests changed (new, cancelled, expired, failed back to PENDING), not
 *   counting requests whose observation is running or completed (they are used either way);
 * - an observation appeared, disappeared or changed class (running/completed vs interrupted), or
 *   moved (telescope, start) — a cancellation, failure, rapid-response store, end of a hold;
 * - an observation's end moved later past the next stored start on its telescope (an overlap), or
 *   earlier by at least `minEarlyMs` (time freed: OCS re-plans when an observation ends early; the
 *   service passes its lead time, the least a re-plan can move the next start by);
 * - downtime or holds changed.
 *
 * Ends moving later without an overlap, or earlier by less, are absorbed.
 */
import type { Db } from '../../portal';
import type { Hold } from './input-builder';

interface ObservationRow {
  requestId: number;
  telescopeId: string;
  startMs: number;
  endMs: number;
  /** 'ok' = PENDING / IN_PROGRESS / COMPLETED; 'cut' = interrupted, its configuration still running. */
  kind: 'ok' | 'cut';
  /** NORMAL / TIME_CRITICAL: the normal pass's own plan (a rapid response displaces it freely). */
  queue: boolean;
}

export interface PlanState {
  /** Clock time of the read, UTC ms. */
  atMs: number;
  /** Schedulable requests: id → last window end, UTC ms. */
  requests: Map<number, number>;
  observations: Map<number, ObservationRow>;
  /** Downtime and holds, as compared text (only those not over at the read). */
  downtimes: { key: string; endMs: number }[];
  holds: { key: string; endMs: number | null }[];
}

const SCHEDULED_TYPES = ['NORMAL', 'TIME_CRITICAL', 'RAPID_RESPONSE'];

/**
 * Reads the plan state at `nowMs`. Observations ending after `sinceMs` are included (pass the
 * previous state's time so that what ended in between is seen), as are all later downtimes.
 */
export async function readPlanState(db: Db, nowMs: number, sinceMs: number, holds: readonly Hold[]): Promise<PlanState> {
  const reqs = await db
    .selectFrom('requests')
    .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
    .select(['requests.id', 'requests.window_end_utc_ms'])
    .where('requests.state', '=', 'PENDING')
    .where('request_groups.state', '=', 'PENDING')
    .where('request_groups.observation_type', 'in', SCHEDULED_TYPES)
    .where('requests.window_end_utc_ms', '>', nowMs)
    .execute();
  const obs = await db
    .selectFrom('observations')
    .innerJoin('requests', 'requests.id', 'observations.request_id')
    .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
    .select(['observations.id', 'observations.request_id', 'observations.site', 'observations.enclosure', 'observations.telescope', 'observations.start_utc_ms', 'observations.end_utc_ms', 'observations.state', 'request_groups.observation_type'])
    .where('observations.end_utc_ms', '>', Math.min(sinceMs, nowMs))
    .where((eb) =>
      eb.or([
        eb('observations.state', 'in', ['PENDING', 'IN_PROGRESS', 'COMPLETED']),
        eb.and([
          eb('observations.state', '=', 'FAILED'),
          eb.exists(eb.selectFrom('configuration_statuses').select('configuration_statuses.id').whereRef('configuration_statuses.observation_id', '=', 'observations.id').where('configuration_statuses.state', '=', 'ATTEMPTED')),
        ]),
      ]),
    )
    .execute();
  const downs = await db.selectFrom('downtimes').select(['id', 'site', 'enclosure', 'telescope', 'instrument_type', 'start_utc_ms', 'end_utc_ms']).where('end_utc_ms', '>', nowMs).execute();
  return {
    atMs: nowMs,
    requests: new Map(reqs.map((r) => [r.id, r.window_end_utc_ms ?? Infinity])),
    observations: new Map(
      obs.map((o) => [o.id, { requestId: o.request_id, telescopeId: `${o.site}.${o.enclosure}.${o.telescope}`, startMs: o.start_utc_ms, endMs: o.end_utc_ms, kind: o.state === 'FAILED' ? 'cut' : 'ok', queue: o.observation_type === 'NORMAL' || o.observation_type === 'TIME_CRITICAL' }]),
    ),
    downtimes: downs.map((d) => ({ key: JSON.stringify(d), endMs: d.end_utc_ms })),
    holds: holds.map((h) => ({ key: JSON.stringify(h), endMs: h.endMs })),
  };
}

/** The next stored start on `telescopeId` after `afterMs` (exclusive) in `state`, or Infinity. */
function nextStartMs(state: PlanState, telescopeId: string, afterMs: number, exceptId: number): number {
  let best = Infinity;
  for (const [id, o] of state.observations) if (id !== exceptId && o.telescopeId === telescopeId && o.startMs > afterMs && o.startMs < best) best = o.startMs;
  return best;
}

/**
 * Why `next` (read at its `atMs`) needs a re-plan of what was solved at `prev`, or null when the
 * stored plan still stands. `minEarlyMs`: an end this much earlier than planned is worth a re-plan.
 */
export function planChange(prev: PlanState, next: PlanState, minEarlyMs: number, opts: { ignoreQueuePlan?: boolean } = {}): string | null {
  const now = next.atMs;
  // For a rapid-response placement the normal pass's observations are no obstacle: planned ones
  // are displaced, a running one is pre-empted at its next configuration boundary.
  const ignored = (o: ObservationRow | undefined): boolean => opts.ignoreQueuePlan === true && o !== undefined && o.queue;
  for (const id of new Set([...prev.observations.keys(), ...next.observations.keys()])) {
    const a = prev.observations.get(id);
    const b = next.observations.get(id);
    if ((a === undefined || ignored(a)) && (b === undefined || ignored(b))) continue;
    if (a && b) {
      if (a.kind !== b.kind || a.telescopeId !== b.telescopeId || a.startMs !== b.startMs || a.requestId !== b.requestId) return `observation ${id} changed`;
      if (a.endMs <= now && b.endMs <= now) continue;
      if (b.endMs > a.endMs && b.endMs > nextStartMs(prev, a.telescopeId, a.startMs, id)) return `observation ${id} now overlaps the next one`;
      if (a.endMs - b.endMs >= minEarlyMs) return `observation ${id} ends early`;
      continue;
    }
    // Completed observations stay in the read, so one that left it since the plan was solved
    // failed, was aborted, cancelled or deleted: its request may need the time again.
    const only = a ?? b;
    if (only && only.endMs > prev.atMs) return `observation ${id} ${a ? 'left the plan' : 'was added'}`;
  }
  // Requests whose observation runs or completed now are used either way.
  const used = new Set<number>();
  for (const o of next.observations.values()) if (o.kind === 'ok' && o.startMs <= now) used.add(o.requestId);
  const open = (s: PlanState): number[] => [...s.requests].filter(([id, endMs]) => endMs > now && !used.has(id)).map(([id]) => id).sort((x, y) => x - y);
  if (open(prev).join(',') !== open(next).join(',')) return 'the schedulable requests changed';
  const text = (list: readonly { key: string; endMs: number | null }[]): string =>
    list.filter((x) => x.endMs === null || x.endMs > now).map((x) => x.key).sort().join('\n');
  if (text(prev.downtimes) !== text(next.downtimes)) return 'downtime changed';
  if (text(prev.holds) !== text(next.holds)) return 'holds changed';
  return null;
}

/**
 * Ids of RAPID_RESPONSE requests still waiting to be placed at `nowMs`: PENDING, windows not over,
 * and no observation holding them (PENDING / IN_PROGRESS, or interrupted with a configuration
 * still running). A superset of what the rapid-response pass would try (it also skips requests it
 * cannot compute), so an empty answer means the pass has nothing to do.
 */
export async function unplacedRapidResponses(db: Db, nowMs: number): Promise<number[]> {
  const rows = await db
    .selectFrom('requests')
    .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
    .select('requests.id')
    .where('requests.state', '=', 'PENDING')
    .where('request_groups.state', '=', 'PENDING')
    .where('request_groups.observation_type', '=', 'RAPID_RESPONSE')
    .where('requests.window_end_utc_ms', '>', nowMs)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('observations')
            .select('observations.id')
            .whereRef('observations.request_id', '=', 'requests.id')
            .where('observations.end_utc_ms', '>', nowMs)
            .where((o) =>
              o.or([
                o('observations.state', 'in', ['PENDING', 'IN_PROGRESS']),
                o.and([
                  o('observations.state', '=', 'FAILED'),
                  o.exists(o.selectFrom('configuration_statuses').select('configuration_statuses.id').whereRef('configuration_statuses.observation_id', '=', 'observations.id').where('configuration_statuses.state', '=', 'ATTEMPTED')),
                ]),
              ]),
            ),
        ),
      ),
    )
    .orderBy('requests.id')
    .execute();
  return rows.map((r) => r.id);
}
