/**
 * Request groups and requests in SQLite: insert a validated group, read groups back in the
 * portal's serializer form, and list them with the OCS filter names.
 */
import { formatOcsDatetime, parseOcsDatetimeMs } from '../../src-shared/schemas';
import type { RequestGroupInput } from '../../src-shared/schemas';
import { requestBody, targetNamesColumn, type Json } from './request-body';
import type { Db } from './types';

export interface InsertGroupInput {
  group: RequestGroupInput;
  submitter: string;
  /** Per request: duration (s) and semester id. */
  durationsSec: readonly number[];
  semesters: readonly (string | null)[];
  nowUtcMs: number;
  reason: string;
  /** DIRECT: the observation end stands in for the window end (expiry). */
  endOverrideUtcMs?: number | null;
}

/** Inserts the group, its requests and configurations, and their first history rows. Run inside a transaction. */
export async function insertRequestGroup(db: Db, input: InsertGroupInput): Promise<{ groupId: number; requestIds: number[]; configurationIds: number[][] }> {
  const { group: g, nowUtcMs: now } = input;
  const { id: groupId } = await db
    .insertInto('request_groups')
    .values({
      proposal_id: g.proposal,
      submitter: input.submitter,
      name: g.name,
      observation_type: g.observation_type,
      operator: g.operator,
      ipp_value: g.ipp_value,
      state: 'PENDING',
      created_utc_ms: now,
      modified_utc_ms: now,
      body_json: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const requestIds: number[] = [];
  const configurationIds: number[][] = [];
  for (const [ri, r] of g.requests.entries()) {
    const starts = r.windows.map((w) => parseOcsDatetimeMs(w.start ?? '') ?? now);
    const ends = r.windows.map((w) => parseOcsDatetimeMs(w.end) ?? now);
    const { id: requestId } = await db
      .insertInto('requests')
      .values({
        request_group_id: groupId,
        state: 'PENDING',
        duration_sec: input.durationsSec[ri] ?? null,
        modified_utc_ms: now,
        created_utc_ms: now,
        body_json: '{}',
        telescope_class: r.location?.telescope_class ?? '',
        target_names: targetNamesColumn(r),
        window_start_utc_ms: starts.length > 0 ? Math.min(...starts) : null,
        window_end_utc_ms: input.endOverrideUtcMs ?? (ends.length > 0 ? Math.max(...ends) : null),
        semester_id: input.semesters[ri] ?? null,
        acceptability_threshold: r.acceptability_threshold ?? 90,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const configRows = await db
      .insertInto('configurations')
      .values(r.configurations.map((c, i) => ({ request_id: requestId, priority: i + 1, type: c.type, instrument_type: c.instrument_type })))
      .returning('id')
      .execute();
    const ids = configRows.map((c) => c.id);
    await db.updateTable('requests').set({ body_json: JSON.stringify(requestBody(r, ids)) }).where('id', '=', requestId).execute();
    requestIds.push(requestId);
    configurationIds.push(ids);
  }
  await db
    .insertInto('state_history')
    .values([
      { entity: 'request_group', entity_id: groupId, from_state: null, to_state: 'PENDING', utc_ms: now, reason: input.reason },
      ...requestIds.map((id) => ({ entity: 'request' as const, entity_id: id, from_state: null, to_state: 'PENDING', utc_ms: now, reason: input.reason })),
    ])
    .execute();
  return { groupId, requestIds, configurationIds };
}

export interface RequestRow {
  id: number;
  request_group_id: number;
  state: string;
  duration_sec: number | null;
  modified_utc_ms: number;
  created_utc_ms: number;
  suspend_until_utc_ms: number | null;
  body_json: string;
}

/** A request in the portal's serializer form. */
export function requestDict(r: RequestRow): Json {
  const body = JSON.parse(r.body_json) as Json;
  return {
    id: r.id,
    ...body,
    state: r.state,
    duration: r.duration_sec,
    suspend_until: r.suspend_until_utc_ms === null ? null : formatOcsDatetime(r.suspend_until_utc_ms),
    modified: formatOcsDatetime(r.modified_utc_ms),
    created: formatOcsDatetime(r.created_utc_ms),
  };
}

const requestColumns = ['id', 'request_group_id', 'state', 'duration_sec', 'modified_utc_ms', 'created_utc_ms', 'suspend_until_utc_ms', 'body_json'] as const;

export async function loadRequests(db: Db, ids: readonly number[]): Promise<RequestRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('requests').select(requestColumns).where('id', 'in', ids).orderBy('id').execute();
}

/** Groups by id in the serializer form, in the order of `ids` (missing ones skipped). */
export async function loadGroupDicts(db: Db, ids: readonly number[]): Promise<Json[]> {
  if (ids.length === 0) return [];
  const groups = await db.selectFrom('request_groups').selectAll().where('id', 'in', ids).execute();
  const requests = await db.selectFrom('requests').select(requestColumns).where('request_group_id', 'in', ids).orderBy('id').execute();
  const byGroup = new Map<number, Json[]>();
  for (const r of requests) {
    const list = byGroup.get(r.request_group_id) ?? [];
    list.push(requestDict(r));
    byGroup.set(r.request_group_id, list);
  }
  const byId = new Map(groups.map((g) => [g.id, g]));
  return ids.flatMap((id) => {
    const g = byId.get(id);
    if (!g) return [];
    return [
      {
        id: g.id,
        submitter: g.submitter,
        proposal: g.proposal_id,
        name: g.name,
        observation_type: g.observation_type,
        operator: g.operator,
        ipp_value: g.ipp_value,
        state: g.state,
        created: formatOcsDatetime(g.created_utc_ms),
        modified: formatOcsDatetime(g.modified_utc_ms),
        requests: byGroup.get(g.id) ?? [],
      },
    ];
  });
}
