import { sql, type Kysely } from 'kysely';

/**
 * 0007: an azimuth-dependent horizon mask per telescope (issue 4). The configdb snapshot keeps the
 * OCS `/sites/` tree; the masks, a Nightshift extension, live beside it so one telescope's mask can
 * be changed without rewriting the tree, and so the database itself refuses a malformed mask (the
 * JSON must be an array of 3–360 points). Value ranges and unique azimuths are checked by the
 * configdb schema before a row is written. Immutable once released.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('telescope_horizon_masks')
    .addColumn('telescope_id', 'text', (c) => c.primaryKey())
    .addColumn('points_json', 'text', (c) =>
      c.notNull().check(sql`json_valid(points_json) AND json_type(points_json) = 'array' AND json_array_length(points_json) BETWEEN 3 AND 360`),
    )
    .addColumn('updated_utc_ms', 'integer', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('telescope_horizon_masks').execute();
}
