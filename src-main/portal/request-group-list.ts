/**
 * `GET /api/requestgroups/` filters (the portal's RequestGroupFilter names) over the indexed
 * columns; 100k groups list in milliseconds because every filter is a column, an indexed
 * sub-select on requests, or (target) the FTS5 trigram table.
 */
import { sql, type RawBuilder } from 'kysely';
import { REQUEST_STATES } from '../../src-shared/ocs';
import { OBSERVATION_TYPES, OPERATORS } from '../../src-shared/schemas';
import { containsPattern, type Page, type QueryParams } from './query-params';
import type { Db } from './types';

const ORDERS = ['id', '-id', 'created', '-created', 'modified', '-modified'] as const;

/** Trigram queries need at least this many characters (Unicode code points) to use the index. */
const TRIGRAM_MIN_CHARS = 3;

/**
 * The ids of groups whose requests name a target containing `needle` (case-insensitive), from the
 * per-group FTS5 trigram table of migration 0006. A needle of 3+ characters without LIKE wildcards
 * is a LIKE the trigram index answers; anything else (short needles, literal `%` `_` `\`) is an
 * exact instr() over the table's narrow content shadow table (`<name>_content`, column c0 =
 * target_names, documented FTS5 layout), which is still ~20× cheaper than scanning the requests.
 */
function targetSearch(needle: string): RawBuilder<number> {
  const lower = needle.toLowerCase();
  if ([...lower].length >= TRIGRAM_MIN_CHARS && !/[%_\\]/.test(lower)) {
    return sql<number>`select rowid as id from request_target_search where target_names like ${`%${lower}%`}`;
  }
  return sql<number>`select id from request_target_search_content where instr(c0, ${lower}) > 0`;
}

/**
 * Ids of the matching groups (page) and the total count.
 * @param readable proposal ids the viewer may read; null = all (staff).
 */
export async function listRequestGroupIds(db: Db, q: QueryParams, readable: string[] | null, page: Page): Promise<{ count: number; ids: number[] } | null> {
  const id = q.int('id');
  const proposal = q.str('proposal');
  const name = q.str('name');
  const types = q.choice('observation_type', OBSERVATION_TYPES);
  const operators = q.choice('operator', OPERATORS);
  const ipp = q.float('ipp_value');
  const states = q.choice('state', REQUEST_STATES);
  const excludeStates = q.choice('exclude_state', REQUEST_STATES);
  const user = q.str('user');
  const createdAfter = q.time('created_after');
  const createdBefore = q.time('created_before');
  const modifiedAfter = q.time('modified_after');
  const modifiedBefore = q.time('modified_before');
  const telescopeClass = q.str('telescope_class');
  const target = q.str('target');
  const requestId = q.int('request_id');
  const order = q.choice('order', ORDERS)[0] ?? '-id';
  if (!q.ok) return null;

  const onlyTarget =
    target !== null && readable === null && order.replace('-', '') === 'id' &&
    [id, proposal, name, ipp, user, createdAfter, createdBefore, modifiedAfter, modifiedBefore, telescopeClass, requestId].every((v) => v === null) &&
    types.length + operators.length + states.length + excludeStates.length === 0;
  if (onlyTarget) {
    // The common search (staff, target only): count and page straight from the search table,
    // whose rowids are the group ids (the page is a LIMIT over the index in id order).
    const match = targetSearch(target);
    const { rows: countRows } = await sql<{ n: number }>`select count(*) as n from (${match})`.execute(db);
    const dir = order.startsWith('-') ? sql`desc` : sql`asc`;
    const { rows } = await sql<{ id: number }>`select id from (${match}) order by id ${dir} limit ${page.limit} offset ${page.offset}`.execute(db);
    return { count: Number(countRows[0]?.n ?? 0), ids: rows.map((r) => r.id) };
  }

  let base = db.selectFrom('request_groups');
  if (readable !== null) base = readable.length === 0 ? base.where(sql<boolean>`0`) : base.where('proposal_id', 'in', readable);
  if (id !== null) base = base.where('id', '=', id);
  if (proposal !== null) base = base.where('proposal_id', '=', proposal);
  if (name !== null) base = base.where(sql<boolean>`name like ${containsPattern(name)} escape '\\'`);
  if (types.length > 0) base = base.where('observation_type', 'in', types);
  if (operators.length > 0) base = base.where('operator', 'in', operators);
  if (ipp !== null) base = base.where('ipp_value', '=', ipp);
  if (states.length > 0) base = base.where('state', 'in', states);
  if (excludeStates.length > 0) base = base.where('state', 'not in', excludeStates);
  if (user !== null) base = base.where('submitter', '=', user);
  if (createdAfter !== null) base = base.where('created_utc_ms', '>=', createdAfter);
  if (createdBefore !== null) base = base.where('created_utc_ms', '<=', createdBefore);
  if (modifiedAfter !== null) base = base.where('modified_utc_ms', '>=', modifiedAfter);
  if (modifiedBefore !== null) base = base.where('modified_utc_ms', '<=', modifiedBefore);
  if (telescopeClass !== null || requestId !== null) {
    base = base.where('id', 'in', (eb) => {
      let sub = eb.selectFrom('requests').select('request_group_id');
      if (telescopeClass !== null) sub = sub.where('telescope_class', '=', telescopeClass);
      if (requestId !== null) sub = sub.where('id', '=', requestId);
      return sub;
    });
  }
  if (target !== null) base = base.where(sql<boolean>`id in (${targetSearch(target)})`);
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const column = order.replace('-', '') === 'id' ? 'id' : order.includes('created') ? 'created_utc_ms' : 'modified_utc_ms';
  const rows = await base
    .select('id')
    .orderBy(column, order.startsWith('-') ? 'desc' : 'asc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { count: Number(n), ids: rows.map((r) => r.id) };
}
