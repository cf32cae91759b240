import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../../src-main/db/migrations';
import { openDatabase } from '../../../../src-main/db';
import { makeTempDir } from '../../../helpers/temp-dir';

const only0001 = { '0001-initial': migrations['0001-initial']! };

describe('migration 0002-portal', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
  const tempFile = () => {
    const dir = makeTempDir();
    dirs.push(dir);
    return join(dir.path, 'n.db');
  };

  it('creates the portal tables and the list indexes', async () => {
    const { raw, close } = await openDatabase(tempFile());
    const tables = (raw.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining(['users', 'api_tokens', 'semesters', 'memberships', 'time_allocations', 'configurations', 'observations', 'configuration_statuses', 'downtimes']),
    );
    const indexes = (raw.prepare("select name from sqlite_master where type = 'index'").all() as { name: string }[]).map((t) => t.name);
    expect(indexes).toEqual(expect.arrayContaining(['requests_telescope_class', 'requests_expiry', 'request_groups_submitter', 'observations_request']));
    // The list query by state uses an index, not a table scan.
    const plan = raw.prepare("explain query plan select id from request_groups where state = 'PENDING' order by id desc limit 10").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX request_groups_state/);
    // Usernames are unique; a token belongs to an existing user.
    raw.prepare("insert into users (username, created_utc_ms) values ('demo', 1)").run();
    expect(() => raw.prepare("insert into users (username, created_utc_ms) values ('demo', 2)").run()).toThrow(/UNIQUE/);
    expect(() => raw.prepare("insert into api_tokens (key, user_id, created_utc_ms) values ('k', 99, 1)").run()).toThrow(/FOREIGN KEY/);
    await close();
  });

  it('backfills the indexed request columns of rows written before it', async () => {
    const file = tempFile();
    const raw = new BetterSqlite3(file);
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(only0001) } });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    raw.prepare("insert into proposals (id, title, tac_priority, active, body_json) values ('P', 't', 10, 1, '{}')").run();
    raw.prepare("insert into request_groups (proposal_id, submitter, name, observation_type, operator, ipp_value, state, created_utc_ms, modified_utc_ms, body_json) values ('P','u','g','NORMAL','SINGLE',1,'PENDING',5,5,'{}')").run();
    const body = {
      location: { telescope_class: '1m0' },
      windows: [{ start: '2026-10-01T00:00:00Z', end: '2026-10-02T00:00:00Z' }, { start: '2026-10-03T00:00:00Z', end: '2026-10-04T12:00:00Z' }],
      configurations: [{ target: { name: 'M1' } }, { target: { name: 'NGC 7000' } }],
    };
    raw.prepare('insert into requests (request_group_id, state, duration_sec, modified_utc_ms, body_json) values (1, ?, null, 7, ?)').run('PENDING', JSON.stringify(body));
    await db.destroy();

    const { raw: after, close } = await openDatabase(file);
    const row = after.prepare('select telescope_class, target_names, window_start_utc_ms, window_end_utc_ms, created_utc_ms from requests').get() as Record<string, unknown>;
    expect(row).toEqual({
      telescope_class: '1m0',
      target_names: 'm1\u001fngc 7000',
      window_start_utc_ms: Date.parse('2026-10-01T00:00:00Z'),
      window_end_utc_ms: Date.parse('2026-10-04T12:00:00Z'),
      created_utc_ms: 7,
    });
    await close();
  });

  it('migrates down to 0001 cleanly', async () => {
    const raw = new BetterSqlite3(tempFile());
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    // Later migrations (other domains) are undone first; then 0002 itself.
    expect((await migrator.migrateTo('0001-initial')).error).toBeUndefined();
    const tables = (raw.prepare("select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name != 'sqlite_sequence' order by name").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(['configdb_snapshot', 'meta', 'proposals', 'request_groups', 'requests', 'state_history']);
    const cols = (raw.prepare("select name from pragma_table_info('requests')").all() as { name: string }[]).map((c) => c.name);
    expect(cols).toEqual(['id', 'request_group_id', 'state', 'duration_sec', 'modified_utc_ms', 'body_json']);
    await db.destroy();
  });
});
