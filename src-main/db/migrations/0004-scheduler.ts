import type { Kysely } from 'kysely';

/**
 * 0004: the scheduler's run log. One row per run (normal, rapid-response or replay): what
 * triggered it, a hash of its `SchedulerInput`, timings, the kernel's quality report, what it
 * changed in the stored schedule, and the per-request explanations the console shows.
 * Immutable once released.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scheduler_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // 'normal' | 'rapid_response'
    .addColumn('kind', 'text', (c) => c.notNull())
    // What asked for the run, e.g. "queue.changed", "devices.changed", "manual".
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('started_utc_ms', 'integer', (c) => c.notNull())
    .addColumn('now_utc_ms', 'integer', (c) => c.notNull())
    .addColumn('horizon_end_utc_ms', 'integer', (c) => c.notNull())
    // sha256 hex of the canonical input JSON.
    .addColumn('input_hash', 'text', (c) => c.notNull())
    .addColumn('request_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('telescope_count', 'integer', (c) => c.notNull().defaultTo(0))
    // Wall-clock milliseconds of each phase.
    .addColumn('build_ms', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('solve_ms', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('persist_ms', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('method', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('objective', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('upper_bound', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('gap', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('optimal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('block_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('canceled_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('kept_count', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON: {created:[{observationId,requestId,telescopeId,startMs,endMs}], canceled:[…], interrupted:…}.
    .addColumn('changes_json', 'text', (c) => c.notNull().defaultTo('{}'))
    // JSON list of kernel RequestExplanation.
    .addColumn('explanations_json', 'text', (c) => c.notNull().defaultTo('[]'))
    // 'ok' | 'failed' (then `error` says why and nothing was persisted).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('scheduler_runs_started').on('scheduler_runs').columns(['started_utc_ms']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scheduler_runs').execute();
}
