import { sql, type Kysely } from 'kysely';

/**
 * 0001: the foundation's tables. Immutable once released: change the schema with a new numbered
 * migration, never by editing this one.
 *
 * Request groups and requests keep their OCS JSON body (what was submitted, with defaults filled)
 * beside indexed columns for the fields the queue filters and sorts on.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('configdb_snapshot')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('sites_json', 'text', (c) => c.notNull())
    .addColumn('updated_utc_ms', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('tac_priority', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('body_json', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('request_groups')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('submitter', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('observation_type', 'text', (c) => c.notNull())
    .addColumn('operator', 'text', (c) => c.notNull())
    .addColumn('ipp_value', 'real', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_utc_ms', 'integer', (c) => c.notNull())
    .addColumn('modified_utc_ms', 'integer', (c) => c.notNull())
    .addColumn('body_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_groups_state').on('request_groups').columns(['state', 'id']).execute();
  await db.schema.createIndex('request_groups_proposal').on('request_groups').columns(['proposal_id', 'id']).execute();

  await db.schema
    .createTable('requests')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('request_group_id', 'integer', (c) => c.notNull().references('request_groups.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('duration_sec', 'integer')
    .addColumn('modified_utc_ms', 'integer', (c) => c.notNull())
    .addColumn('body_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('requests_group').on('requests').column('request_group_id').execute();
  await db.schema.createIndex('requests_state').on('requests').columns(['state', 'id']).execute();

  await db.schema
    .createTable('state_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('utc_ms', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('state_history_entity').on('state_history').columns(['entity', 'entity_id', 'id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['state_history', 'requests', 'request_groups', 'proposals', 'configdb_snapshot', 'meta']) {
    await db.schema.dropTable(table).execute();
  }
}
