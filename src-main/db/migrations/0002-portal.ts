import { sql, type Kysely } from 'kysely';

/**
 * 0002: the local OCS portal. Users and their API tokens, semesters, proposal details,
 * memberships and time allocations, configurations (ids for configuration statuses),
 * observations, configuration statuses and downtime; plus the indexed request columns the
 * `/api/requestgroups/` filters use on 100k groups. Immutable once released.
 *
 * Rows written by 0001-era code keep working: the new request columns are backfilled from the
 * stored OCS bodies.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('first_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('last_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('institution', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('is_staff', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_superuser', 'integer', (c) => c.notNull().defaultTo(0))
    // scrypt "salt:hash" hex; null = no password login (token only).
    .addColumn('password_hash', 'text')
    .addColumn('created_utc_ms', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().unique().references('users.id').onDelete('cascade'))
    .addColumn('created_utc_ms', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('semesters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('start_utc_ms', 'integer', (c) => c.notNull())
    .addColumn('end_utc_ms', 'integer', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('proposals').addColumn('abstract', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('proposals').addColumn('tac_rank', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('proposals').addColumn('public', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('proposals').addColumn('non_science', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('proposals').addColumn('direct_submission', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('proposals').addColumn('tags_json', 'text', (c) => c.notNull().defaultTo('[]')).execute();

  await db.schema
    .createTable('memberships')
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    // Hours; −1 = unlimited.
    .addColumn('time_limit_hours', 'real', (c) => c.notNull().defaultTo(-1))
    // Hours charged to this member's observations on the proposal (rule 4).
    .addColumn('time_used_hours', 'real', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('memberships_pk', ['proposal_id', 'user_id'])
    .execute();
  await db.schema.createIndex('memberships_user').on('memberships').columns(['user_id']).execute();

  await db.schema
    .createTable('time_allocations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id').onDelete('cascade'))
    .addColumn('semester_id', 'text', (c) => c.notNull().references('semesters.id'))
    .addColumn('instrument_types_json', 'text', (c) => c.notNull())
    .addColumn('std_allocation', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('std_time_used', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('rr_allocation', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('rr_time_used', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('tc_allocation', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('tc_time_used', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('realtime_allocation', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('realtime_time_used', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('ipp_limit', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('ipp_time_available', 'real', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('time_allocations_proposal').on('time_allocations').columns(['proposal_id', 'semester_id']).execute();

  // Request columns for filters and the expiry job; the OCS body stays in body_json.
  const reqCols: [string, 'text' | 'integer' | 'real', string | number | null][] = [
    ['telescope_class', 'text', ''],
    ['target_names', 'text', ''],
    ['window_start_utc_ms', 'integer', null],
    ['window_end_utc_ms', 'integer', null],
    ['semester_id', 'text', null],
    ['acceptability_threshold', 'real', 90],
    ['created_utc_ms', 'integer', 0],
    ['suspend_until_utc_ms', 'integer', null],
  ];
  for (const [name, type, dflt] of reqCols) {
    await db.schema
      .alterTable('requests')
      .addColumn(name, type, (c) => (dflt === null ? c : c.notNull().defaultTo(dflt)))
      .execute();
  }
  await sql`
    UPDATE requests SET
      telescope_class = coalesce(json_extract(body_json, '$.location.telescope_class'), ''),
      target_names = coalesce((SELECT group_concat(lower(json_extract(value, '$.target.name')), char(31))
                               FROM json_each(requests.body_json, '$.configurations')), ''),
      window_start_utc_ms = (SELECT min(CAST(strftime('%s', json_extract(value, '$.start')) AS INTEGER) * 1000)
                             FROM json_each(requests.body_json, '$.windows')),
      window_end_utc_ms = (SELECT max(CAST(strftime('%s', json_extract(value, '$.end')) AS INTEGER) * 1000)
                           FROM json_each(requests.body_json, '$.windows')),
      created_utc_ms = modified_utc_ms
    WHERE json_valid(body_json)
  `.execute(db);
  await db.schema.createIndex('requests_telescope_class').on('requests').columns(['telescope_class', 'request_group_id']).execute();
  await db.schema.createIndex('requests_expiry').on('requests').columns(['state', 'window_end_utc_ms']).execute();

  await db.schema.createIndex('request_groups_submitter').on('request_groups').columns(['submitter', 'id']).execute();
  await db.schema.createIndex('request_groups_type').on('request_groups').columns(['observation_type', 'id']).execute();
  await db.schema.createIndex('request_groups_created').on('request_groups').columns(['created_utc_ms']).execute();
  await db.schema.createIndex('request_groups_modified').on('request_groups').columns(['modified_utc_ms']).execute();

  await db.schema
    .createTable('configurations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id').onDelete('cascade'))
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('instrument_type', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('configurations_request').on('configurations').columns(['request_id', 'priority']).execute();

  await db.schema
    .createTable('observations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id').onDelete('cascade'))
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('enclosure', 'text', (c) => c.notNull())
    .addColumn('telescope', 'text', (c) => c.notNull())
    .addColumn('start_utc_ms', 'integer', (c) => c.notNull())
    .addColumn('end_utc_ms', 'integer', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_utc_ms', 'integer', (c) => c.notNull())
    .addColumn('modified_utc_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('observations_request').on('observations').columns(['request_id']).execute();
  await db.schema.createIndex('observations_telescope_time').on('observations').columns(['site', 'telescope', 'start_utc_ms']).execute();
  await db.schema.createIndex('observations_state_end').on('observations').columns(['state', 'end_utc_ms']).execute();

  await db.schema
    .createTable('configuration_statuses')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('observation_id', 'integer', (c) => c.notNull().references('observations.id').onDelete('cascade'))
    .addColumn('configuration_id', 'integer', (c) => c.notNull().references('configurations.id').onDelete('cascade'))
    .addColumn('instrument_name', 'text', (c) => c.notNull())
    .addColumn('guide_camera_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('state', 'text', (c) => c.notNull())
    // OCS summary {start, end, state, reason, time_completed, events}; null until the site reports.
    .addColumn('summary_json', 'text')
    .addColumn('created_utc_ms', 'integer', (c) => c.notNull())
    .addColumn('modified_utc_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('configuration_statuses_observation').on('configuration_statuses').columns(['observation_id', 'id']).execute();

  await db.schema
    .createTable('downtimes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('start_utc_ms', 'integer', (c) => c.notNull())
    .addColumn('end_utc_ms', 'integer', (c) => c.notNull())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('enclosure', 'text', (c) => c.notNull())
    .addColumn('telescope', 'text', (c) => c.notNull())
    .addColumn('instrument_type', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_utc_ms', 'integer', (c) => c.notNull())
    .addColumn('modified_utc_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('downtimes_time').on('downtimes').columns(['start_utc_ms', 'end_utc_ms']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['downtimes', 'configuration_statuses', 'observations', 'configurations', 'time_allocations', 'memberships', 'api_tokens', 'semesters', 'users']) {
    await db.schema.dropTable(table).execute();
  }
  for (const index of ['request_groups_submitter', 'request_groups_type', 'request_groups_created', 'request_groups_modified', 'requests_telescope_class', 'requests_expiry']) {
    await db.schema.dropIndex(index).execute();
  }
  for (const col of ['telescope_class', 'target_names', 'window_start_utc_ms', 'window_end_utc_ms', 'semester_id', 'acceptability_threshold', 'created_utc_ms', 'suspend_until_utc_ms']) {
    await db.schema.alterTable('requests').dropColumn(col).execute();
  }
  for (const col of ['abstract', 'tac_rank', 'public', 'non_science', 'direct_submission', 'tags_json']) {
    await db.schema.alterTable('proposals').dropColumn(col).execute();
  }
}
