import type { Kysely } from 'kysely';

/**
 * 0005: the executor's journal. Every executor and safety transition is written here (synchronously,
 * before the device is told), every exposure gets a row with its frame number before the shutter
 * opens, and frame numbers are allocated per instrument and DAY-OBS so that a restart never reuses
 * a basename. Immutable once released.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('night_journal')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('telescope_id', 'text', (c) => c.notNull())
    .addColumn('utc_ms', 'integer', (c) => c.notNull())
    // Dotted kind, e.g. 'observation.start', 'config.start', 'slew', 'exposure.start', 'safety.unsafe'.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('observation_id', 'integer')
    .addColumn('configuration_status_id', 'integer')
    .addColumn('detail_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('night_journal_telescope').on('night_journal').columns(['telescope_id', 'utc_ms']).execute();

  await db.schema
    .createTable('executor_exposures')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('telescope_id', 'text', (c) => c.notNull())
    .addColumn('observation_id', 'integer')
    .addColumn('configuration_status_id', 'integer')
    // 'science' | 'acquisition'
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('day_obs', 'text', (c) => c.notNull())
    .addColumn('frame_number', 'integer', (c) => c.notNull())
    .addColumn('basename', 'text', (c) => c.notNull().unique())
    .addColumn('exposure_sec', 'real', (c) => c.notNull())
    // 'started' → 'recorded' | 'failed' | 'interrupted'
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('started_utc_ms', 'integer', (c) => c.notNull())
    .addColumn('ended_utc_ms', 'integer')
    .addColumn('frame_id', 'integer')
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('executor_exposures_status').on('executor_exposures').columns(['configuration_status_id']).execute();
  await db.schema.createIndex('executor_exposures_state').on('executor_exposures').columns(['telescope_id', 'state']).execute();

  await db.schema
    .createTable('executor_frame_numbers')
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('day_obs', 'text', (c) => c.notNull())
    .addColumn('last_frame_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('executor_frame_numbers_pk', ['instrument_id', 'day_obs'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('executor_frame_numbers').execute();
  await db.schema.dropTable('executor_exposures').execute();
  await db.schema.dropTable('night_journal').execute();
}
