import type { Kysely } from 'kysely';

/**
 * 0003: the archive's frames (ocs-contract.md §10). One row per frame with the science archive's
 * filterable fields as columns, its file versions, and related frames by basename. Immutable once
 * released.
 *
 * - `basename_folded` / `target_name_folded` hold the lower-cased (and, for targets, accent-free)
 *   forms computed in JS, so the `icontains` filters compare exactly what the in-memory reference
 *   compares (SQLite's lower() folds only ASCII).
 * - `ra_min_deg … dec_max_deg` are the footprint's bounding box, a cheap prefilter for `covers`.
 * - Portal ids (observation, request, request group, configuration) carry no foreign keys: frames
 *   may come from a network portal whose ids are not in this database.
 * - Related frames are stored by basename so a link to a frame archived later resolves then.
 * - Headers live in `frame_headers`, away from the rows that list queries scan.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('frames')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('basename', 'text', (c) => c.notNull().unique())
    .addColumn('basename_folded', 'text', (c) => c.notNull())
    .addColumn('observation_utc_ms', 'integer', (c) => c.notNull())
    // YYYYMMDD
    .addColumn('day_obs', 'text', (c) => c.notNull())
    .addColumn('proposal_id', 'text', (c) => c.notNull())
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('target_name', 'text', (c) => c.notNull())
    .addColumn('target_name_folded', 'text', (c) => c.notNull())
    .addColumn('reduction_level', 'integer', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('telescope_id', 'text', (c) => c.notNull())
    .addColumn('exposure_sec', 'real', (c) => c.notNull())
    .addColumn('primary_optical_element', 'text', (c) => c.notNull())
    .addColumn('public_utc_ms', 'integer', (c) => c.notNull())
    .addColumn('configuration_type', 'text', (c) => c.notNull())
    .addColumn('observation_id', 'integer')
    .addColumn('request_id', 'integer')
    .addColumn('request_group_id', 'integer')
    .addColumn('configuration_id', 'integer')
    .addColumn('submitter', 'text')
    // GeoJSON Polygon (degrees) or null when the frame has no WCS.
    .addColumn('area_json', 'text')
    .addColumn('ra_min_deg', 'real')
    .addColumn('ra_max_deg', 'real')
    .addColumn('dec_min_deg', 'real')
    .addColumn('dec_max_deg', 'real')
    // Relative path of the small thumbnail PNG under the archive root; null when none.
    .addColumn('thumbnail_key', 'text')
    .addColumn('created_utc_ms', 'integer', (c) => c.notNull())
    .execute();
  // The default ordering (-observation_date, id) and the date filters; rowid (= id) is implied last.
  await db.schema.createIndex('frames_observation_date').on('frames').columns(['observation_utc_ms']).execute();
  await db.schema.createIndex('frames_request').on('frames').columns(['request_id', 'observation_utc_ms']).execute();
  await db.schema.createIndex('frames_observation_block').on('frames').columns(['observation_id', 'observation_utc_ms']).execute();
  await db.schema.createIndex('frames_proposal').on('frames').columns(['proposal_id', 'observation_utc_ms']).execute();
  await db.schema.createIndex('frames_day_obs').on('frames').columns(['day_obs', 'observation_utc_ms']).execute();
  await db.schema.createIndex('frames_telescope').on('frames').columns(['telescope_id', 'observation_utc_ms']).execute();

  // The header dict is most of a frame's bytes and only `/frames/{id}/headers/` reads it: kept
  // apart so list scans and counts touch small rows.
  await db.schema
    .createTable('frame_headers')
    .addColumn('frame_id', 'integer', (c) => c.primaryKey().references('frames.id').onDelete('cascade'))
    // {KEY: value} of the primary header.
    .addColumn('headers_json', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('frame_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('frame_id', 'integer', (c) => c.notNull().references('frames.id').onDelete('cascade'))
    // Relative path under the archive root, '/'-separated.
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('md5', 'text', (c) => c.notNull())
    // Including the dot: '.fits', '.fits.fz'.
    .addColumn('extension', 'text', (c) => c.notNull())
    .addColumn('byte_length', 'integer', (c) => c.notNull())
    .addColumn('created_utc_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('frame_versions_frame').on('frame_versions').columns(['frame_id']).execute();
  await db.schema.createIndex('frame_versions_md5').on('frame_versions').columns(['md5']).execute();

  await db.schema
    .createTable('frame_related')
    .addColumn('frame_id', 'integer', (c) => c.notNull().references('frames.id').onDelete('cascade'))
    .addColumn('related_basename', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('frame_related_pk', ['frame_id', 'related_basename'])
    .execute();
  await db.schema.createIndex('frame_related_basename').on('frame_related').columns(['related_basename']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['frame_related', 'frame_versions', 'frame_headers', 'frames']) {
    await db.schema.dropTable(table).execute();
  }
}
