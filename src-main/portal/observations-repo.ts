/**
 * Observations and their configuration statuses in the portal's dict shapes
 * (`GET /api/schedule/`, `/api/observations/`, `/api/requests/{id}/observations/`).
 */
import { sql } from 'kysely';
import { OBSERVATION_STATES, REQUEST_STATES } from '../../src-shared/ocs';
import { OBSERVATION_TYPES, formatOcsDatetime } from '../../src-shared/schemas';
import type { Page, QueryParams } from './query-params';
import type { Json } from './request-body';
import { requestDict, type RequestRow } from './request-groups-repo';
import type { Db } from './types';

export interface StatusRow {
  id: number;
  observation_id: number;
  configuration_id: number;
  instrument_name: string;
  guide_camera_name: string;
  state: string;
  summary_json: string | null;
  created_utc_ms: number;
  modified_utc_ms: number;
}

export function statusDict(s: StatusRow): Json {
  return {
    id: s.id,
    configuration: s.configuration_id,
    instrument_name: s.instrument_name,
    guide_camera_name: s.guide_camera_name,
    state: s.state,
    summary: s.summary_json === null ? {} : (JSON.parse(s.summary_json) as Json),
    created: formatOcsDatetime(s.created_utc_ms),
    modified: formatOcsDatetime(s.modified_utc_ms),
  };
}

/**
 * Observation dicts for `ids` in order. `nested`: with the request (and per-configuration
 * status fields) as `/api/schedule/` serves them; otherwise the request id only.
 */
export async function loadObservationDicts(db: Db, ids: readonly number[], nested: boolean): Promise<Json[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('observations')
    .innerJoin('requests', 'requests.id', 'observations.request_id')
    .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
    .select([
      'observations.id', 'observations.request_id', 'observations.site', 'observations.enclosure', 'observations.telescope',
      'observations.start_utc_ms', 'observations.end_utc_ms', 'observations.priority', 'observations.state',
      'observations.created_utc_ms', 'observations.modified_utc_ms',
      'request_groups.id as group_id', 'request_groups.proposal_id', 'request_groups.submitter', 'request_groups.name',
      'request_groups.ipp_value', 'request_groups.observation_type',
    ])
    .where('observations.id', 'in', ids)
    .execute();
  const statuses = await db.selectFrom('configuration_statuses').selectAll().where('observation_id', 'in', ids).orderBy('id').execute();
  const byObs = new Map<number, StatusRow[]>();
  for (const s of statuses) byObs.set(s.observation_id, [...(byObs.get(s.observation_id) ?? []), s]);
  const requests = new Map<number, RequestRow>();
  if (nested) {
    const reqIds = [...new Set(rows.map((r) => r.request_id))];
    for (const r of await db.selectFrom('requests').select(['id', 'request_group_id', 'state', 'duration_sec', 'modified_utc_ms', 'created_utc_ms', 'suspend_until_utc_ms', 'body_json']).where('id', 'in', reqIds).execute()) {
      requests.set(r.id, r);
    }
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id): Json[] => {
    const o = byId.get(id);
    if (!o) return [];
    const sts = byObs.get(o.id) ?? [];
    const base: Json = {
      id: o.id,
      site: o.site,
      enclosure: o.enclosure,
      telescope: o.telescope,
      start: formatOcsDatetime(o.start_utc_ms),
      end: formatOcsDatetime(o.end_utc_ms),
      priority: o.priority,
      state: o.state,
      proposal: o.proposal_id,
      submitter: o.submitter,
      name: o.name,
      ipp_value: o.ipp_value,
      observation_type: o.observation_type,
      request_group_id: o.group_id,
      created: formatOcsDatetime(o.created_utc_ms),
      modified: formatOcsDatetime(o.modified_utc_ms),
      configuration_statuses: sts.map(statusDict),
    };
    const reqRow = requests.get(o.request_id);
    if (!nested || !reqRow) return [{ ...base, request: o.request_id }];
    const req = requestDict(reqRow);
    const configs = (req['configurations'] as Json[] | undefined) ?? [];
    // One entry per configuration status (repeats expand the list), carrying the status fields.
    const expanded = sts.map((s, i) => {
      const c = configs.find((x) => x['id'] === s.configuration_id) ?? {};
      return { ...c, priority: i + 1, configuration_status: s.id, state: s.state, instrument_name: s.instrument_name, guide_camera_name: s.guide_camera_name, summary: s.summary_json === null ? {} : (JSON.parse(s.summary_json) as Json) };
    });
    const { location: _l, windows: _w, created: _c, ...requestFields } = req;
    return [{ ...base, request: { ...requestFields, configurations: expanded.length > 0 ? expanded : configs } }];
  });
}

/** The observation filters shared by `/api/schedule/` and `/api/observations/` (no plain start/end). */
export async function listObservationIds(db: Db, q: QueryParams, readable: string[] | null, page: Page): Promise<{ count: number; ids: number[] } | null> {
  const sites = q.multi('site');
  const enclosures = q.multi('enclosure');
  const telescopes = q.multi('telescope');
  const startAfter = q.time('start_after');
  const startBefore = q.time('start_before');
  const endAfter = q.time('end_after');
  const endBefore = q.time('end_before');
  const modifiedAfter = q.time('modified_after');
  const createdAfter = q.time('created_after');
  const createdBefore = q.time('created_before');
  const requestId = q.int('request_id');
  const groupId = q.int('request_group_id');
  const user = q.str('user');
  const states = q.choice('state', OBSERVATION_STATES);
  const types = q.choice('observation_type', OBSERVATION_TYPES);
  const requestStates = q.choice('request_state', REQUEST_STATES);
  const proposal = q.str('proposal');
  const instrumentTypes = q.multi('instrument_type');
  const configurationTypes = q.multi('configuration_type');
  const ordering = q.choice('ordering', ['start', '-start', 'end', '-end', 'modified', '-modified', 'created', '-created', 'state', '-state'] as const)[0] ?? 'start';
  if (!q.ok) return null;

  let base = db
    .selectFrom('observations')
    .innerJoin('requests', 'requests.id', 'observations.request_id')
    .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id');
  if (readable !== null) base = readable.length === 0 ? base.where(sql<boolean>`0`) : base.where('request_groups.proposal_id', 'in', readable);
  if (sites.length > 0) base = base.where('observations.site', 'in', sites);
  if (enclosures.length > 0) base = base.where('observations.enclosure', 'in', enclosures);
  if (telescopes.length > 0) base = base.where('observations.telescope', 'in', telescopes);
  if (startAfter !== null) base = base.where('observations.start_utc_ms', '>=', startAfter);
  if (startBefore !== null) base = base.where('observations.start_utc_ms', '<', startBefore);
  if (endAfter !== null) base = base.where('observations.end_utc_ms', '>=', endAfter);
  if (endBefore !== null) base = base.where('observations.end_utc_ms', '<', endBefore);
  if (modifiedAfter !== null) base = base.where('observations.modified_utc_ms', '>=', modifiedAfter);
  if (createdAfter !== null) base = base.where('observations.created_utc_ms', '>=', createdAfter);
  if (createdBefore !== null) base = base.where('observations.created_utc_ms', '<', createdBefore);
  if (requestId !== null) base = base.where('observations.request_id', '=', requestId);
  if (groupId !== null) base = base.where('request_groups.id', '=', groupId);
  if (user !== null) base = base.where('request_groups.submitter', '=', user);
  if (states.length > 0) base = base.where('observations.state', 'in', states);
  if (types.length > 0) base = base.where('request_groups.observation_type', 'in', types);
  if (requestStates.length > 0) base = base.where('requests.state', 'in', requestStates);
  if (proposal !== null) base = base.where('request_groups.proposal_id', '=', proposal);
  if (instrumentTypes.length > 0 || configurationTypes.length > 0) {
    base = base.where('observations.request_id', 'in', (eb) => {
      let sub = eb.selectFrom('configurations').select('request_id');
      if (instrumentTypes.length > 0) sub = sub.where('instrument_type', 'in', instrumentTypes);
      if (configurationTypes.length > 0) sub = sub.where('type', 'in', configurationTypes);
      return sub;
    });
  }
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const key = ordering.replace('-', '');
  const column = key === 'start' ? 'observations.start_utc_ms' : key === 'end' ? 'observations.end_utc_ms' : key === 'modified' ? 'observations.modified_utc_ms' : key === 'created' ? 'observations.created_utc_ms' : 'observations.state';
  const rows = await base
    .select('observations.id')
    .orderBy(column, ordering.startsWith('-') ? 'desc' : 'asc')
    .orderBy('observations.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { count: Number(n), ids: rows.map((r) => r.id) };
}
