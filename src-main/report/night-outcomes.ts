/**
 * The parts of the night report beyond the time accounting: observation outcomes per telescope,
 * weather/safety closures (from the supervisor's journal), faults (failed configurations that were
 * not the weather's doing, and securing alarms), and the per-request outcome table.
 */
import type BetterSqlite3 from 'better-sqlite3';

/** One safety episode: the telescope left `safe` at `startUtcMs` and was safe again at `endUtcMs`. */
export interface Closure {
  startUtcMs: number;
  /** Null when the telescope was still not safe at the end of the report's span. */
  endUtcMs: number | null;
  /** `weather` (conditions), `device` (a device unavailable or not evaluated) or `alarm` (securing failed). */
  cause: 'weather' | 'device' | 'alarm';
  /** The supervisor's reasons when the episode began (later reasons appended once each). */
  reasons: string[];
  /** Seconds of the episode inside [from, to) of the report. */
  durationSec: number;
}

/** A failure that was not the weather's doing. */
export interface Fault {
  utcMs: number | null;
  /** `configuration` (a configuration FAILED for a device or software reason) or `alarm` (securing failed). */
  kind: 'configuration' | 'alarm';
  observationId: number | null;
  target: string;
  reason: string;
}

/** One request's outcome over the night (all telescopes). */
export interface RequestOutcome {
  requestId: number;
  requestGroupId: number;
  groupName: string;
  proposalId: string;
  /** The request's state now (OCS request state: PENDING, COMPLETED, WINDOW_EXPIRED, FAILURE_LIMIT_REACHED, CANCELED). */
  state: string;
  telescopeIds: string[];
  targets: string[];
  observations: number;
  /** Observation states tonight, in order (COMPLETED, FAILED, NOT_ATTEMPTED, ABORTED, IN_PROGRESS, PENDING …). */
  observationStates: string[];
  configurationsCompleted: number;
  configurationsTotal: number;
  /** Σ time_completed of its configurations, seconds. */
  exposureSec: number;
  frames: number;
  /** The last non-empty failure reason, or '' when nothing failed. */
  reason: string;
}

/** Reasons that are daylight (not a closure worth reporting). */
const isSunReason = (r: string): boolean => /^Sun /.test(r);
const isDeviceReason = (r: string): boolean => /not evaluated|unavailable|disconnect|fault/i.test(r);

interface SafetyRow {
  utc_ms: number;
  kind: string;
  detail_json: string;
}

/**
 * Safety episodes of one telescope overlapping [from, to): runs of non-`safe` supervisor states.
 * Episodes whose every reason is the Sun (daylight, twilight) are left out: they are the day, not a
 * closure. Durations are clipped to [from, to).
 */
export function closuresOf(raw: BetterSqlite3.Database, telescopeId: string, fromUtcMs: number, toUtcMs: number): Closure[] {
  const rows = raw
    .prepare("select utc_ms, kind, detail_json from night_journal where telescope_id = ? and utc_ms < ? and kind in ('safety.state', 'safety.alarm') order by utc_ms, id")
    .all(telescopeId, toUtcMs) as SafetyRow[];
  const out: Closure[] = [];
  let open: { startUtcMs: number; reasons: string[]; alarm: boolean } | null = null;
  const close = (endUtcMs: number | null): void => {
    if (open === null) return;
    const end = endUtcMs ?? toUtcMs;
    const overlapMs = Math.min(end, toUtcMs) - Math.max(open.startUtcMs, fromUtcMs);
    const notDaylight = open.reasons.some((r) => !isSunReason(r)) || open.alarm;
    if (overlapMs > 0 && notDaylight) {
      const reasons = open.reasons.filter((r) => !isSunReason(r));
      out.push({
        startUtcMs: open.startUtcMs,
        endUtcMs,
        cause: open.alarm ? 'alarm' : reasons.length > 0 && reasons.every(isDeviceReason) ? 'device' : 'weather',
        reasons: reasons.length > 0 ? reasons : open.reasons,
        durationSec: overlapMs / 1000,
      });
    }
    open = null;
  };
  for (const row of rows) {
    if (row.kind === 'safety.alarm') {
      if (open !== null) open.alarm = true;
      continue;
    }
    const d = JSON.parse(row.detail_json) as { state?: string; reasons?: string[]; alarm?: string | null };
    if (d.state === 'safe') {
      close(row.utc_ms);
      continue;
    }
    if (open === null) open = { startUtcMs: row.utc_ms, reasons: [], alarm: false };
    for (const r of d.reasons ?? []) if (!open.reasons.includes(r)) open.reasons.push(r);
    if (d.state === 'alarm' || (d.alarm ?? null) !== null) open.alarm = true;
  }
  close(null);
  return out;
}

/** Count of observations per OCS state at one telescope, for observations overlapping [from, to). */
export function observationStatesOf(raw: BetterSqlite3.Database, telescopeId: string, fromUtcMs: number, toUtcMs: number): Record<string, number> {
  const [site, enclosure, telescope] = telescopeId.split('.');
  const rows = raw
    .prepare('select state, count(*) as n from observations where site = ? and enclosure = ? and telescope = ? and end_utc_ms > ? and start_utc_ms < ? group by state order by state')
    .all(site, enclosure, telescope, fromUtcMs, toUtcMs) as { state: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** Securing alarms of one telescope in [from, to) (the roof did not close, the mount did not park…). */
export function alarmsOf(raw: BetterSqlite3.Database, telescopeId: string, fromUtcMs: number, toUtcMs: number): Fault[] {
  const rows = raw
    .prepare("select utc_ms, detail_json from night_journal where telescope_id = ? and kind = 'safety.alarm' and utc_ms >= ? and utc_ms < ? order by utc_ms, id")
    .all(telescopeId, fromUtcMs, toUtcMs) as { utc_ms: number; detail_json: string }[];
  return rows.map((r) => {
    const d = JSON.parse(r.detail_json) as { steps?: { step?: string; ok?: boolean; detail?: string }[] };
    const failed = (d.steps ?? []).filter((s) => s.ok === false).map((s) => `${s.step ?? 'step'}${s.detail ? `: ${s.detail}` : ''}`);
    return { utcMs: r.utc_ms, kind: 'alarm' as const, observationId: null, target: '', reason: failed.length > 0 ? `securing failed: ${failed.join('; ')}` : 'securing failed' };
  });
}

/** A configuration's line as the request table needs it (a subset of the report's ConfigurationLine). */
export interface OutcomeLine {
  observationId: number;
  target: string;
  state: string;
  reason: string;
  timeCompletedSec: number;
}

/**
 * The per-request table: every request with an observation overlapping [from, to) at one of
 * `telescopeIds`, with its observations' states, configuration counts, exposure time and frames.
 * CANCELED observations (re-planned by the scheduler before they started) are left out: they are
 * neither an outcome nor a loss.
 */
export function requestOutcomesOf(
  raw: BetterSqlite3.Database,
  telescopeIds: readonly string[],
  lines: ReadonlyMap<number, readonly OutcomeLine[]>,
  fromUtcMs: number,
  toUtcMs: number,
): RequestOutcome[] {
  const rows = raw
    .prepare(
      `select o.id as observation_id, o.state as observation_state, o.site, o.enclosure, o.telescope, r.id as request_id, r.state as request_state,
              rg.id as group_id, rg.name as group_name, rg.proposal_id
         from observations o join requests r on r.id = o.request_id join request_groups rg on rg.id = r.request_group_id
        where o.end_utc_ms > ? and o.start_utc_ms < ? order by o.start_utc_ms, o.id`,
    )
    .all(fromUtcMs, toUtcMs) as {
    observation_id: number;
    observation_state: string;
    site: string;
    enclosure: string;
    telescope: string;
    request_id: number;
    request_state: string;
    group_id: number;
    group_name: string;
    proposal_id: string;
  }[];
  const frameCount = raw.prepare('select count(*) as n from frames where observation_id = ?');
  const byRequest = new Map<number, RequestOutcome>();
  for (const row of rows) {
    const telescopeId = `${row.site}.${row.enclosure}.${row.telescope}`;
    if (!telescopeIds.includes(telescopeId) || row.observation_state === 'CANCELED') continue;
    let out = byRequest.get(row.request_id);
    if (out === undefined) {
      out = {
        requestId: row.request_id,
        requestGroupId: row.group_id,
        groupName: row.group_name,
        proposalId: row.proposal_id,
        state: row.request_state,
        telescopeIds: [],
        targets: [],
        observations: 0,
        observationStates: [],
        configurationsCompleted: 0,
        configurationsTotal: 0,
        exposureSec: 0,
        frames: 0,
        reason: '',
      };
      byRequest.set(row.request_id, out);
    }
    if (!out.telescopeIds.includes(telescopeId)) out.telescopeIds.push(telescopeId);
    out.observations += 1;
    out.observationStates.push(row.observation_state);
    for (const l of lines.get(row.observation_id) ?? []) {
      if (l.target !== '' && !out.targets.includes(l.target)) out.targets.push(l.target);
      out.configurationsTotal += 1;
      if (l.state === 'COMPLETED') out.configurationsCompleted += 1;
      out.exposureSec += l.timeCompletedSec;
      if (l.reason !== '') out.reason = l.reason;
    }
    out.frames += (frameCount.get(row.observation_id) as { n: number }).n;
  }
  return [...byRequest.values()];
}

/** Failed configurations that were not the weather's doing (the reason does not say the telescope was unsafe). */
export function configurationFaults(lines: readonly (OutcomeLine & { endUtcMs: number | null; startUtcMs: number | null })[]): Fault[] {
  return lines
    .filter((l) => l.state === 'FAILED' && !/unsafe/.test(l.reason))
    .map((l) => ({ utcMs: l.endUtcMs ?? l.startUtcMs, kind: 'configuration' as const, observationId: l.observationId, target: l.target, reason: l.reason }));
}
