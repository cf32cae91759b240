import { sql, type Kysely } from 'kysely';

/**
 * 0006: the `/api/requestgroups/?target=` filter through an FTS5 trigram index. The filter is a
 * case-insensitive substring match ("icontains") over the target names of a group's requests; a
 * plain LIKE scanned every request row (each carries its whole OCS body), ≈ 0.5 s at 100k groups.
 *
 * One row per request group: rowid = request_groups.id, `target_names` = its requests'
 * `target_names` (already lower-cased, names joined by U+001F). The trigram index answers
 * substrings of three or more characters and returns group ids in rowid order (so a page is a
 * LIMIT over the index); shorter needles scan the table's own narrow content copy instead of the
 * wide request rows. Triggers on `requests` keep it in sync. Immutable once released.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any past schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE request_target_search USING fts5(target_names, tokenize = 'trigram')`.execute(db);
  await sql`
    INSERT INTO request_target_search (rowid, target_names)
    SELECT request_group_id, group_concat(target_names, char(31)) FROM requests GROUP BY request_group_id
  `.execute(db);
  const refresh = (group: string): string => `
      DELETE FROM request_target_search WHERE rowid = ${group};
      INSERT INTO request_target_search (rowid, target_names)
        SELECT request_group_id, group_concat(target_names, char(31)) FROM requests WHERE request_group_id = ${group} GROUP BY request_group_id;`;
  await sql.raw(`CREATE TRIGGER request_target_search_insert AFTER INSERT ON requests BEGIN ${refresh('new.request_group_id')} END`).execute(db);
  await sql
    .raw(`CREATE TRIGGER request_target_search_update AFTER UPDATE OF target_names, request_group_id ON requests BEGIN ${refresh('old.request_group_id')} ${refresh('new.request_group_id')} END`)
    .execute(db);
  await sql.raw(`CREATE TRIGGER request_target_search_delete AFTER DELETE ON requests BEGIN ${refresh('old.request_group_id')} END`).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['request_target_search_insert', 'request_target_search_update', 'request_target_search_delete']) {
    await sql`DROP TRIGGER IF EXISTS ${sql.id(t)}`.execute(db);
  }
  await sql`DROP TABLE IF EXISTS request_target_search`.execute(db);
}
