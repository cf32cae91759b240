/**
 * The night timeline's blocks from the stored schedule: observations (not cancelled), downtime and
 * the scheduler's weather / fault holds. The timeline asks synchronously, so this reads through the
 * raw better-sqlite3 handle (a prepared statement over indexed columns; microseconds per night).
 */
import type { TimelineBlock } from '../../../src-shared/ipc/contract';
import type { TimelineBlockSource } from '../../timeline';
import type { Hold } from './input-builder';

/** The subset of better-sqlite3 this file uses. */
export interface RawDb {
  prepare(sql: string): { all(...params: unknown[]): unknown[] };
}

interface ObservationRow {
  request_id: number;
  site: string;
  enclosure: string;
  telescope: string;
  start_utc_ms: number;
  end_utc_ms: number;
  state: string;
  group_name: string;
  observation_type: string;
  body_json: string;
}

interface DowntimeRow {
  enclosure: string;
  telescope: string;
  instrument_type: string;
  start_utc_ms: number;
  end_utc_ms: number;
  reason: string;
}

/** First target name of a stored request body, or '' (labels only; never throws). */
function targetName(bodyJson: string): string {
  try {
    const body = JSON.parse(bodyJson) as { configurations?: { target?: { name?: unknown } }[] };
    const name = body.configurations?.[0]?.target?.name;
    return typeof name === 'string' ? name : '';
  } catch {
    return '';
  }
}

// Observations that were cancelled or deleted are not part of the night any more.
const HIDDEN_STATES = ['CANCELED'];

export function createScheduleBlockSource(raw: RawDb, holds: () => readonly Hold[]): TimelineBlockSource {
  const observations = raw.prepare(
    `select o.request_id, o.site, o.enclosure, o.telescope, o.start_utc_ms, o.end_utc_ms, o.state,
            g.name as group_name, g.observation_type, r.body_json
       from observations o join requests r on r.id = o.request_id join request_groups g on g.id = r.request_group_id
      where o.site = ? and o.end_utc_ms > ? and o.start_utc_ms < ? and o.state not in (${HIDDEN_STATES.map(() => '?').join(',')})
      order by o.start_utc_ms`,
  );
  const downtimes = raw.prepare(
    `select enclosure, telescope, instrument_type, start_utc_ms, end_utc_ms, reason from downtimes
      where site = ? and end_utc_ms > ? and start_utc_ms < ? order by start_utc_ms`,
  );
  return {
    blocksBetween(siteCode, startMs, endMs) {
      const out: TimelineBlock[] = [];
      for (const o of observations.all(siteCode, startMs, endMs, ...HIDDEN_STATES) as ObservationRow[]) {
        const target = targetName(o.body_json);
        const type = o.observation_type === 'NORMAL' ? '' : ` [${o.observation_type}]`;
        out.push({
          telescopeId: `${o.site}.${o.enclosure}.${o.telescope}`,
          requestId: o.request_id,
          label: `${o.group_name}${target && !o.group_name.includes(target) ? ` · ${target}` : ''}${type}`,
          startMs: o.start_utc_ms,
          endMs: o.end_utc_ms,
          kind: 'observation',
          state: o.state,
        });
      }
      for (const d of downtimes.all(siteCode, startMs, endMs) as DowntimeRow[]) {
        out.push({
          telescopeId: `${siteCode}.${d.enclosure}.${d.telescope}`,
          requestId: null,
          label: `Downtime${d.instrument_type ? ` (${d.instrument_type})` : ''}${d.reason ? `: ${d.reason}` : ''}`,
          startMs: d.start_utc_ms,
          endMs: d.end_utc_ms,
          kind: 'downtime',
          state: 'DOWNTIME',
        });
      }
      for (const h of holds()) {
        if (!h.telescopeId.startsWith(`${siteCode}.`)) continue;
        const holdEnd = h.endMs ?? endMs;
        if (holdEnd <= startMs || h.startMs >= endMs) continue;
        out.push({
          telescopeId: h.telescopeId,
          requestId: null,
          label: h.reason,
          startMs: Math.max(h.startMs, startMs),
          endMs: Math.min(holdEnd, endMs),
          kind: h.kind === 'weather' ? 'weather' : 'downtime',
          state: h.endMs === null ? 'HOLD' : 'HELD',
        });
      }
      return out;
    },
  };
}
