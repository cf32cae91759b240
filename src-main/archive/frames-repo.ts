/**
 * The frames table (migration 0003): insert a frame with its version in one transaction, and
 * answer the `/frames/` filters in SQL with exactly the semantics of `matchesFrameQuery` and
 * `compareFrames` (the in-memory reference; a property test holds the two together).
 *
 * Every statement goes through kysely, whose driver serialises use of the one SQLite connection:
 * a raw statement could otherwise land inside another service's open transaction.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Insertable, type Kysely, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import { AppError } from '../../src-shared/errors';
import type { Database } from '../db';
import type { FramesTable } from '../db/schema';
import type { FitsCard, FitsValue } from './fits/card';
import type { ArchivedFrame, FrameVersion, GeoJsonPolygon } from './frame-dict';
import type { HeaderFrameFields } from './frame-metadata';
import { SCIENCE_CONFIGURATION_TYPES, foldText, polygonContains } from './frame-query';
import type { FrameOrderingField, FrameQuery } from './frame-query';

/**
 * Who is reading. The archive's rule: anonymous callers see frames whose public date has passed;
 * a user also sees the proposals they belong to; the data dir's token (or a staff user) sees all.
 */
export interface FrameAccess {
  all: boolean;
  /** Proposals the caller belongs to (ignored when `all`). */
  proposals: readonly string[];
}

export const PUBLIC_ACCESS: FrameAccess = { all: false, proposals: [] };
export const FULL_ACCESS: FrameAccess = { all: true, proposals: [] };

/** What `insertFrame` stores: the header-derived fields plus what only the writer knows. */
export interface NewFrame {
  fields: HeaderFrameFields;
  /** TRACKNUM and MOLUID, when known. */
  requestGroupId: number | null;
  configurationId: number | null;
  /** The primary header as `{KEY: value}` (structural and commentary keys included or not, as given). */
  headers: Record<string, FitsValue>;
  /** Relative path of the small thumbnail, or null. */
  thumbnailKey: string | null;
  version: { key: string; md5: string; extension: string; byteLength: number };
  /** Basenames of related frames (bias, dark, flat … used to make this one), without extension. */
  relatedBasenames: readonly string[];
  createdUtcMs: number;
}

/** A stored frame with the columns the API needs beyond `ArchivedFrame`. */
export interface StoredFrame extends ArchivedFrame {
  thumbnailKey: string | null;
  requestGroupId: number | null;
  configurationId: number | null;
  /** Byte length per version id. */
  versionBytes: Map<number, number>;
}

export interface FramePage {
  count: number;
  frames: StoredFrame[];
}

export interface FrameAggregate {
  sites: string[];
  telescopes: string[];
  filters: string[];
  instruments: string[];
  obstypes: string[];
  proposals: string[];
}

/** The name of the SQL function `createFramesRepo` registers for `covers`. */
const COVERS_FN = 'nightshift_frame_covers';

const ORDER_COLUMN: Record<FrameOrderingField, keyof FramesTable> = {
  id: 'id',
  basename: 'basename',
  observation_date: 'observation_utc_ms',
  primary_optical_element: 'primary_optical_element',
  configuration_type: 'configuration_type',
  proposal_id: 'proposal_id',
  instrument_id: 'instrument_id',
  target_name: 'target_name',
  reduction_level: 'reduction_level',
  exposure_time: 'exposure_sec',
};

/** Headers the archive drops (ocs-contract.md §10.2): HISTORY, COMMENT and the blank key. */
export function headerDict(cards: readonly FitsCard[]): Record<string, FitsValue> {
  const out: Record<string, FitsValue> = {};
  for (const card of cards) {
    if (card.key === '' || card.key === 'HISTORY' || card.key === 'COMMENT' || card.value === undefined) continue;
    out[card.key] = card.value;
  }
  return out;
}

/** Bounding box of a polygon's outer ring, or null. */
function bbox(area: GeoJsonPolygon | null): { raMin: number; raMax: number; decMin: number; decMax: number } | null {
  const ring = area?.coordinates[0];
  if (ring === undefined || ring.length === 0) return null;
  let raMin = Infinity;
  let raMax = -Infinity;
  let decMin = Infinity;
  let decMax = -Infinity;
  for (const [ra, dec] of ring) {
    raMin = Math.min(raMin, ra);
    raMax = Math.max(raMax, ra);
    decMin = Math.min(decMin, dec);
    decMax = Math.max(decMax, dec);
  }
  return { raMin, raMax, decMin, decMax };
}

// Rounding in the ray-casting arithmetic can put a crossing a hair outside the ring's extent, so
// the bounding-box prefilter is widened by far more than that before the exact test.
const BBOX_MARGIN_DEG = 1e-6;

/** Frames `access` may see at `nowUtcMs` (the public date must have passed, as the archive's `public_date < now`). */
export function visibleTo(access: FrameAccess, nowUtcMs: number): RawBuilder<SqlBool> {
  if (access.all) return sql<SqlBool>`1`;
  if (access.proposals.length === 0) return sql<SqlBool>`public_utc_ms < ${nowUtcMs}`;
  return sql<SqlBool>`(public_utc_ms < ${nowUtcMs} or proposal_id in (${sql.join([...access.proposals])}))`;
}

/**
 * SQL conditions for a query and a reader (all but paging and ordering). Each line mirrors one
 * line of `matchesFrameQuery`; `public=false` narrows to frames not yet public.
 */
export function frameConditions(q: FrameQuery, access: FrameAccess, nowUtcMs: number): RawBuilder<SqlBool> {
  const c: RawBuilder<unknown>[] = [];
  if (!access.all) c.push(visibleTo(access, nowUtcMs));
  if (q.public === false) c.push(sql`public_utc_ms >= ${nowUtcMs}`);
  if (q.startUtcMs !== null) c.push(sql`observation_utc_ms >= ${q.startUtcMs}`);
  if (q.endUtcMs !== null) c.push(sql`observation_utc_ms <= ${q.endUtcMs}`);
  if (q.dateObsUtcMs !== null) c.push(sql`observation_utc_ms = ${q.dateObsUtcMs}`);
  if (q.dayObs !== null) c.push(sql`day_obs = ${q.dayObs}`);
  if (q.basenameContains !== null) c.push(sql`instr(basename_folded, ${q.basenameContains.toLowerCase()}) > 0`);
  if (q.basenameExact !== null) c.push(sql`basename = ${q.basenameExact}`);
  if (q.targetContains !== null) c.push(sql`instr(target_name_folded, ${foldText(q.targetContains)}) > 0`);
  if (q.targetExact !== null) c.push(sql`target_name = ${q.targetExact}`);
  if (q.emptyTargetName !== null) c.push(q.emptyTargetName ? sql`target_name = ''` : sql`target_name <> ''`);
  if (q.publicDateUtcMs !== null) c.push(sql`public_utc_ms = ${q.publicDateUtcMs}`);
  if (q.minExposureSec !== null) c.push(sql`exposure_sec >= ${q.minExposureSec}`);
  if (q.configurationType !== null) c.push(sql`configuration_type = ${q.configurationType}`);
  if (q.includeConfigurationTypes.length > 0) c.push(sql`configuration_type in (${sql.join(q.includeConfigurationTypes)})`);
  if (q.excludeConfigurationTypes.length > 0) c.push(sql`configuration_type not in (${sql.join(q.excludeConfigurationTypes)})`);
  if (q.excludeCalibrations) c.push(sql`configuration_type in (${sql.join([...SCIENCE_CONFIGURATION_TYPES])})`);
  if (q.proposalId !== null) c.push(sql`proposal_id = ${q.proposalId}`);
  if (q.instrumentId !== null) c.push(sql`instrument_id = ${q.instrumentId}`);
  if (q.siteId !== null) c.push(sql`site_id = ${q.siteId}`);
  if (q.telescopeId !== null) c.push(sql`telescope_id = ${q.telescopeId}`);
  if (q.primaryOpticalElement !== null) c.push(sql`primary_optical_element = ${q.primaryOpticalElement}`);
  if (q.observationId !== null) c.push(sql`observation_id = ${q.observationId}`);
  if (q.requestId !== null) c.push(sql`request_id = ${q.requestId}`);
  if (q.reductionLevel !== null) c.push(sql`reduction_level = ${q.reductionLevel}`);
  if (q.submitter !== null) c.push(sql`submitter = ${q.submitter}`);
  if (q.covers !== null) {
    const { raDeg, decDeg } = q.covers;
    c.push(
      sql`area_json is not null and ra_min_deg <= ${raDeg + BBOX_MARGIN_DEG} and ra_max_deg >= ${raDeg - BBOX_MARGIN_DEG}
          and dec_min_deg <= ${decDeg + BBOX_MARGIN_DEG} and dec_max_deg >= ${decDeg - BBOX_MARGIN_DEG}
          and ${sql.raw(COVERS_FN)}(area_json, ${raDeg}, ${decDeg}) = 1`,
    );
  }
  return c.length === 0 ? sql<SqlBool>`1` : sql<SqlBool>`${sql.join(c, sql` and `)}`;
}

/** ORDER BY for `q.ordering`, with id ascending as the final tie-break (as `compareFrames`). */
function orderBy(q: Pick<FrameQuery, 'ordering'>): RawBuilder<unknown> {
  const terms = q.ordering.map(({ field, descending }) => sql`${sql.ref(ORDER_COLUMN[field])} ${sql.raw(descending ? 'desc' : 'asc')}`);
  terms.push(sql`id asc`);
  return sql.join(terms, sql`, `);
}

/** Every column but the header dict, which only `/headers/` reads (it is most of a row's bytes). */
const FRAME_COLUMNS = [
  'id',
  'basename',
  'observation_utc_ms',
  'day_obs',
  'proposal_id',
  'instrument_id',
  'target_name',
  'reduction_level',
  'site_id',
  'telescope_id',
  'exposure_sec',
  'primary_optical_element',
  'public_utc_ms',
  'configuration_type',
  'observation_id',
  'request_id',
  'request_group_id',
  'configuration_id',
  'submitter',
  'area_json',
  'thumbnail_key',
] as const satisfies readonly (keyof FramesTable)[];

type FrameRow = Pick<Selectable<FramesTable>, (typeof FRAME_COLUMNS)[number]>;
const FRAME_COLUMNS_SQL = sql.join(FRAME_COLUMNS.map((c) => sql.ref(c)));

function parseArea(json: string | null): GeoJsonPolygon | null {
  return json === null ? null : (JSON.parse(json) as GeoJsonPolygon);
}

/** Multi-row statements stay under SQLite's 32766 bound parameters (frames have ~30 columns). */
const INSERT_CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function frameValues(frame: NewFrame): Insertable<FramesTable> {
  const f = frame.fields;
  const box = bbox(f.area);
  return {
    basename: f.basename,
    basename_folded: f.basename.toLowerCase(),
    observation_utc_ms: f.observationUtcMs,
    day_obs: f.dayObs,
    proposal_id: f.proposalId,
    instrument_id: f.instrumentId,
    target_name: f.targetName,
    target_name_folded: foldText(f.targetName),
    reduction_level: f.reductionLevel,
    site_id: f.siteId,
    telescope_id: f.telescopeId,
    exposure_sec: f.exposureSec,
    primary_optical_element: f.primaryOpticalElement,
    public_utc_ms: f.publicUtcMs,
    configuration_type: f.configurationType,
    observation_id: f.observationId,
    request_id: f.requestId,
    request_group_id: frame.requestGroupId,
    configuration_id: frame.configurationId,
    submitter: f.submitter,
    area_json: f.area === null ? null : JSON.stringify(f.area),
    ra_min_deg: box?.raMin ?? null,
    ra_max_deg: box?.raMax ?? null,
    dec_min_deg: box?.decMin ?? null,
    dec_max_deg: box?.decMax ?? null,
    thumbnail_key: frame.thumbnailKey,
    created_utc_ms: frame.createdUtcMs,
  };
}

/** Inserts frames with their headers, first versions and related links; returns ids in input order. */
async function insertRows(trx: Kysely<Database>, frames: readonly NewFrame[]): Promise<number[]> {
  const ids: number[] = [];
  for (const part of chunks(frames, INSERT_CHUNK)) {
    await trx.insertInto('frames').values(part.map(frameValues)).execute();
    const rows = await trx
      .selectFrom('frames')
      .select(['id', 'basename'])
      .where('basename', 'in', part.map((f) => f.fields.basename))
      .execute();
    const idOf = new Map(rows.map((r) => [r.basename, r.id]));
    const partIds = part.map((f) => idOf.get(f.fields.basename) as number);
    ids.push(...partIds);
    await trx
      .insertInto('frame_headers')
      .values(part.map((f, i) => ({ frame_id: partIds[i] as number, headers_json: JSON.stringify(f.headers) })))
      .execute();
    await trx
      .insertInto('frame_versions')
      .values(
        part.map((f, i) => ({
          frame_id: partIds[i] as number,
          key: f.version.key,
          md5: f.version.md5,
          extension: f.version.extension,
          byte_length: f.version.byteLength,
          created_utc_ms: f.createdUtcMs,
        })),
      )
      .execute();
    const related = part.flatMap((f, i) =>
      [...new Set(f.relatedBasenames)].filter((b) => b !== '' && b !== f.fields.basename).map((b) => ({ frame_id: partIds[i] as number, related_basename: b })),
    );
    for (const links of chunks(related, INSERT_CHUNK)) await trx.insertInto('frame_related').values(links).execute();
  }
  return ids;
}

function asConflict(error: unknown, frame: NewFrame): unknown {
  if (error instanceof Error && /UNIQUE constraint failed/.test(error.message)) {
    return new AppError('conflict.state', `frame ${frame.fields.basename} (${frame.version.key}) or another in the batch is already archived`, {
      basename: frame.fields.basename,
      key: frame.version.key,
    });
  }
  return error;
}

export interface FramesRepo {
  /**
   * Stores a frame and its first version in one transaction; call only after the file is durable
   * (`writeFrame` resolved). Returns the frame id. Throws `conflict.state` if the basename or the
   * version key is already recorded.
   */
  insertFrame(frame: NewFrame): Promise<number>;
  /** Many frames in one transaction (all or none); ids in input order. Same conflicts as `insertFrame`. */
  insertFrames(frames: readonly NewFrame[]): Promise<number[]>;
  /** One page of frames matching `q` that `access` may see, ordered by `q.ordering`, and the total count. */
  listFrames(q: FrameQuery, access: FrameAccess, nowUtcMs: number, extra?: { withThumbnail?: boolean }): Promise<FramePage>;
  /** A frame by id if `access` may see it, else null. */
  getFrame(id: number, access: FrameAccess, nowUtcMs: number): Promise<StoredFrame | null>;
  /** A frame by basename (no access check: internal use), or null. */
  getFrameByBasename(basename: string): Promise<StoredFrame | null>;
  /** The stored header dict of a visible frame, or null. */
  getHeaders(id: number, access: FrameAccess, nowUtcMs: number): Promise<Record<string, FitsValue> | null>;
  /** Visible frames related to frame `id` (either direction), or null when `id` is not visible. */
  relatedFrames(id: number, access: FrameAccess, nowUtcMs: number): Promise<StoredFrame[] | null>;
  /** Distinct values of the filterable fields among visible frames matching `q`. */
  aggregate(q: FrameQuery, access: FrameAccess, nowUtcMs: number): Promise<FrameAggregate>;
  /** Versions with this md5 on visible frames, oldest first. */
  versionsByMd5(md5: string, access: FrameAccess, nowUtcMs: number): Promise<(FrameVersion & { frameId: number })[]>;
  /** A version and its frame by version id (no access check: the caller holds a signed URL). */
  versionById(id: number): Promise<{ version: FrameVersion & { byteLength: number }; frame: StoredFrame } | null>;
  /** Every version key already recorded (recovery compares the disk with this). */
  allVersionKeys(): Promise<Set<string>>;
  count(): Promise<number>;
}

/**
 * The repo over an open database. `raw` is the same connection kysely uses; it is needed only to
 * register the `covers` SQL function (a deterministic scalar, so no statement runs through it).
 */
export function createFramesRepo(db: Kysely<Database>, raw: BetterSqlite3.Database): FramesRepo {
  raw.function(COVERS_FN, { deterministic: true }, (areaJson: unknown, ra: unknown, dec: unknown) => {
    if (typeof areaJson !== 'string' || typeof ra !== 'number' || typeof dec !== 'number') return 0;
    const ring = parseArea(areaJson)?.coordinates[0];
    return ring !== undefined && polygonContains(ring, ra, dec) ? 1 : 0;
  });

  async function hydrate(rows: FrameRow[]): Promise<StoredFrame[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const versions = await db.selectFrom('frame_versions').selectAll().where('frame_id', 'in', ids).orderBy('id').execute();
    const basenames = rows.map((r) => r.basename);
    // Related both ways: frames this one names, and frames that name this one.
    const links = await db
      .selectFrom('frame_related as r')
      .innerJoin('frames as other', 'other.basename', 'r.related_basename')
      .select(['r.frame_id as from_id', 'other.id as to_id'])
      .where('r.frame_id', 'in', ids)
      .union(
        db
          .selectFrom('frame_related as r')
          .innerJoin('frames as me', 'me.basename', 'r.related_basename')
          .select(['me.id as from_id', 'r.frame_id as to_id'])
          .where('r.related_basename', 'in', basenames),
      )
      .execute();
    const byFrame = new Map<number, StoredFrame>();
    const out = rows.map((r) => {
      const f: StoredFrame = {
        id: r.id,
        basename: r.basename,
        observationUtcMs: r.observation_utc_ms,
        dayObs: r.day_obs,
        proposalId: r.proposal_id,
        instrumentId: r.instrument_id,
        targetName: r.target_name,
        reductionLevel: r.reduction_level,
        siteId: r.site_id,
        telescopeId: r.telescope_id,
        exposureSec: r.exposure_sec,
        primaryOpticalElement: r.primary_optical_element,
        publicUtcMs: r.public_utc_ms,
        configurationType: r.configuration_type,
        observationId: r.observation_id,
        requestId: r.request_id,
        submitter: r.submitter,
        area: parseArea(r.area_json),
        relatedFrameIds: [],
        versions: [],
        thumbnailKey: r.thumbnail_key,
        requestGroupId: r.request_group_id,
        configurationId: r.configuration_id,
        versionBytes: new Map(),
      };
      byFrame.set(r.id, f);
      return f;
    });
    for (const v of versions) {
      const f = byFrame.get(v.frame_id);
      if (f === undefined) continue;
      f.versions.push({ id: v.id, key: v.key, md5: v.md5, extension: v.extension, createdUtcMs: v.created_utc_ms });
      f.versionBytes.set(v.id, v.byte_length);
    }
    for (const l of links) {
      const f = byFrame.get(l.from_id);
      if (f !== undefined && l.to_id !== l.from_id && !f.relatedFrameIds.includes(l.to_id)) f.relatedFrameIds.push(l.to_id);
    }
    for (const f of out) f.relatedFrameIds.sort((a, b) => a - b);
    return out;
  }

  const getVisible = async (id: number, access: FrameAccess, nowUtcMs: number): Promise<FrameRow | undefined> =>
    db.selectFrom('frames').select(FRAME_COLUMNS).where('id', '=', id).where(visibleTo(access, nowUtcMs)).executeTakeFirst();

  const getFrame = async (id: number, access: FrameAccess, nowUtcMs: number): Promise<StoredFrame | null> => {
    const row = await getVisible(id, access, nowUtcMs);
    return row === undefined ? null : ((await hydrate([row]))[0] ?? null);
  };

  return {
    async insertFrame(frame) {
      try {
        return await db.transaction().execute(async (trx) => (await insertRows(trx, [frame]))[0] as number);
      } catch (error) {
        throw asConflict(error, frame);
      }
    },

    async insertFrames(frames) {
      if (frames.length === 0) return [];
      try {
        return await db.transaction().execute((trx) => insertRows(trx, frames));
      } catch (error) {
        throw asConflict(error, frames[0] as NewFrame);
      }
    },

    async listFrames(q, access, nowUtcMs, extra) {
      const base = frameConditions(q, access, nowUtcMs);
      const where = extra?.withThumbnail === true ? sql<SqlBool>`${base} and thumbnail_key is not null` : base;
      const countRow = await db.selectFrom('frames').select(sql<number>`count(*)`.as('n')).where(where).executeTakeFirstOrThrow();
      const rows = await sql<FrameRow>`select ${FRAME_COLUMNS_SQL} from frames where ${where} order by ${orderBy(q)} limit ${q.limit} offset ${q.offset}`.execute(db);
      return { count: Number(countRow.n), frames: await hydrate(rows.rows) };
    },

    getFrame,

    async getFrameByBasename(basename) {
      const row = await db.selectFrom('frames').select(FRAME_COLUMNS).where('basename', '=', basename).executeTakeFirst();
      return row === undefined ? null : ((await hydrate([row]))[0] ?? null);
    },

    async getHeaders(id, access, nowUtcMs) {
      const row = await db
        .selectFrom('frames')
        .innerJoin('frame_headers', 'frame_headers.frame_id', 'frames.id')
        .select('frame_headers.headers_json')
        .where('frames.id', '=', id)
        .where(visibleTo(access, nowUtcMs))
        .executeTakeFirst();
      return row === undefined ? null : (JSON.parse(row.headers_json) as Record<string, FitsValue>);
    },

    async relatedFrames(id, access, nowUtcMs) {
      const frame = await getFrame(id, access, nowUtcMs);
      if (frame === null) return null;
      if (frame.relatedFrameIds.length === 0) return [];
      const rows = await db.selectFrom('frames').select(FRAME_COLUMNS).where('id', 'in', frame.relatedFrameIds).where(visibleTo(access, nowUtcMs)).orderBy('id').execute();
      return hydrate(rows);
    },

    async aggregate(q, access, nowUtcMs) {
      const where = frameConditions(q, access, nowUtcMs);
      const distinct = async (column: keyof FramesTable): Promise<string[]> => {
        const rows = await sql<{ v: string }>`select distinct ${sql.ref(column)} as v from frames where ${where} and ${sql.ref(column)} <> '' order by v`.execute(db);
        return rows.rows.map((r) => r.v);
      };
      return {
        sites: await distinct('site_id'),
        telescopes: await distinct('telescope_id'),
        filters: await distinct('primary_optical_element'),
        instruments: await distinct('instrument_id'),
        obstypes: await distinct('configuration_type'),
        proposals: await distinct('proposal_id'),
      };
    },

    async versionsByMd5(md5, access, nowUtcMs) {
      const rows = await db
        .selectFrom('frame_versions as v')
        .innerJoin('frames', 'frames.id', 'v.frame_id')
        .select(['v.id', 'v.key', 'v.md5', 'v.extension', 'v.created_utc_ms', 'v.frame_id'])
        .where('v.md5', '=', md5)
        .where(visibleTo(access, nowUtcMs))
        .orderBy('v.id')
        .execute();
      return rows.map((v) => ({ id: v.id, key: v.key, md5: v.md5, extension: v.extension, createdUtcMs: v.created_utc_ms, frameId: v.frame_id }));
    },

    async versionById(id) {
      const v = await db.selectFrom('frame_versions').selectAll().where('id', '=', id).executeTakeFirst();
      if (v === undefined) return null;
      const row = await db.selectFrom('frames').select(FRAME_COLUMNS).where('id', '=', v.frame_id).executeTakeFirstOrThrow();
      const frame = (await hydrate([row]))[0] as StoredFrame;
      return { version: { id: v.id, key: v.key, md5: v.md5, extension: v.extension, createdUtcMs: v.created_utc_ms, byteLength: v.byte_length }, frame };
    },

    async allVersionKeys() {
      const rows = await db.selectFrom('frame_versions').select('key').execute();
      return new Set(rows.map((r) => r.key));
    },

    async count() {
      const r = await db.selectFrom('frames').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
