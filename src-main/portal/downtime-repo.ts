/** Downtime entries (spec ocs-contract §7) served in the downtime DB's shape. */
import { formatOcsDatetime, parseOcsDatetimeMs, toFieldErrors } from '../../src-shared/schemas';
import { downtimeBodySchema } from './observation-bodies';
import { containsPattern, type Page, type QueryParams } from './query-params';
import type { ConfigdbView } from './configdb-view';
import type { Json } from './request-body';
import type { Db, Outcome } from './types';
import { sql } from 'kysely';

interface DowntimeRow {
  id: number;
  start_utc_ms: number;
  end_utc_ms: number;
  site: string;
  enclosure: string;
  telescope: string;
  instrument_type: string;
  reason: string;
  created_utc_ms: number;
  modified_utc_ms: number;
}

export function downtimeDict(r: DowntimeRow): Json {
  return {
    id: r.id,
    start: formatOcsDatetime(Math.floor(r.start_utc_ms / 1000) * 1000),
    end: formatOcsDatetime(Math.floor(r.end_utc_ms / 1000) * 1000),
    site: r.site,
    enclosure: r.enclosure,
    telescope: r.telescope,
    instrument_type: r.instrument_type,
    reason: r.reason,
    created: formatOcsDatetime(r.created_utc_ms),
    modified: formatOcsDatetime(r.modified_utc_ms),
  };
}

export async function createDowntime(db: Db, view: ConfigdbView, body: unknown, nowUtcMs: number): Promise<Outcome<Json>> {
  const parsed = downtimeBodySchema.safeParse(body);
  if (!parsed.success) return { ok: false, status: 400, body: toFieldErrors(parsed.error.issues) };
  const d = parsed.data;
  const start = parseOcsDatetimeMs(d.start) ?? 0;
  const end = parseOcsDatetimeMs(d.end) ?? 0;
  if (end <= start) return { ok: false, status: 400, body: { non_field_errors: ['End time must be after start time'] } };
  const exists = [...view.index.instrumentTypes.values()].some((e) =>
    e.placements.some((p) => p.site === d.site && p.enclosure === d.enclosure && p.telescope === d.telescope && (d.instrument_type === '' || e.code === d.instrument_type)),
  );
  if (!exists) return { ok: false, status: 400, body: { non_field_errors: [`${d.site}.${d.enclosure}.${d.telescope}${d.instrument_type ? ` with ${d.instrument_type}` : ''} is not in the observatory`] } };
  const row = await db
    .insertInto('downtimes')
    .values({ start_utc_ms: start, end_utc_ms: end, site: d.site, enclosure: d.enclosure, telescope: d.telescope, instrument_type: d.instrument_type, reason: d.reason, created_utc_ms: nowUtcMs, modified_utc_ms: nowUtcMs })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ok: true, value: downtimeDict(row) };
}

export async function getDowntime(db: Db, id: number): Promise<Json | null> {
  const row = await db.selectFrom('downtimes').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? downtimeDict(row) : null;
}

export async function deleteDowntime(db: Db, id: number): Promise<boolean> {
  const r = await db.deleteFrom('downtimes').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Downtime filters: starts_after/before, ends_after/before (inclusive), site, enclosure, telescope, instrument_type, reason, reason_exact, order. */
export async function listDowntimes(db: Db, q: QueryParams, page: Page): Promise<{ count: number; rows: Json[] } | null> {
  const startsAfter = q.time('starts_after');
  const startsBefore = q.time('starts_before');
  const endsAfter = q.time('ends_after');
  const endsBefore = q.time('ends_before');
  const createdAfter = q.time('created_after');
  const createdBefore = q.time('created_before');
  const modifiedAfter = q.time('modified_after');
  const modifiedBefore = q.time('modified_before');
  const site = q.str('site');
  const enclosure = q.str('enclosure');
  const telescope = q.str('telescope');
  const types = q.multi('instrument_type');
  const reason = q.str('reason');
  const reasonExact = q.str('reason_exact');
  const order = q.choice('order', ['start', '-start', 'end', '-end', 'modified', '-modified', 'created', '-created'] as const)[0] ?? 'created';
  if (!q.ok) return null;
  let base = db.selectFrom('downtimes');
  if (startsAfter !== null) base = base.where('start_utc_ms', '>=', startsAfter);
  if (startsBefore !== null) base = base.where('start_utc_ms', '<=', startsBefore);
  if (endsAfter !== null) base = base.where('end_utc_ms', '>=', endsAfter);
  if (endsBefore !== null) base = base.where('end_utc_ms', '<=', endsBefore);
  if (createdAfter !== null) base = base.where('created_utc_ms', '>=', createdAfter);
  if (createdBefore !== null) base = base.where('created_utc_ms', '<=', createdBefore);
  if (modifiedAfter !== null) base = base.where('modified_utc_ms', '>=', modifiedAfter);
  if (modifiedBefore !== null) base = base.where('modified_utc_ms', '<=', modifiedBefore);
  if (site !== null) base = base.where('site', '=', site);
  if (enclosure !== null) base = base.where('enclosure', '=', enclosure);
  if (telescope !== null) base = base.where('telescope', '=', telescope);
  if (types.length > 0) base = base.where('instrument_type', 'in', types);
  if (reason !== null) base = base.where(sql<boolean>`reason like ${containsPattern(reason)} escape '\\'`);
  if (reasonExact !== null) base = base.where('reason', '=', reasonExact);
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const key = order.replace('-', '');
  const column = key === 'start' ? 'start_utc_ms' : key === 'end' ? 'end_utc_ms' : key === 'modified' ? 'modified_utc_ms' : 'created_utc_ms';
  const rows = await base.selectAll().orderBy(column, order.startsWith('-') ? 'desc' : 'asc').orderBy('id').limit(page.limit).offset(page.offset).execute();
  return { count: Number(n), rows: rows.map(downtimeDict) };
}

/** Downtime intervals overlapping [start, end) per `site.enclosure.telescope`. */
export async function downtimesBetween(db: Db, startUtcMs: number, endUtcMs: number): Promise<DowntimeRow[]> {
  return db.selectFrom('downtimes').selectAll().where('end_utc_ms', '>', startUtcMs).where('start_utc_ms', '<', endUtcMs).orderBy('start_utc_ms').execute();
}
