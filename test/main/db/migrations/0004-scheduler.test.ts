import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../../src-main/db/migrations';
import { openDatabase } from '../../../../src-main/db';
import { makeTempDir } from '../../../helpers/temp-dir';

describe('migration 0004-scheduler', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
  const tempFile = (): string => {
    const dir = makeTempDir();
    dirs.push(dir);
    return join(dir.path, 'n.db');
  };

  it('creates scheduler_runs with defaults and an index on the start time', async () => {
    const { db, raw, close } = await openDatabase(tempFile());
    const { id } = await db
      .insertInto('scheduler_runs')
      .values({ kind: 'normal', trigger: 't', started_utc_ms: 1, now_utc_ms: 2, horizon_end_utc_ms: 3, input_hash: 'h', status: 'ok', error: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await db.selectFrom('scheduler_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ objective: 0, gap: 0, optimal: 0, changes_json: '{}', explanations_json: '[]', error: null });
    expect(() => raw.prepare("insert into scheduler_runs (kind, trigger, started_utc_ms, now_utc_ms, horizon_end_utc_ms, input_hash) values ('normal', 't', 1, 2, 3, 'h')").run()).toThrow(/NOT NULL/);
    const plan = (raw.prepare('explain query plan select id from scheduler_runs where started_utc_ms > 5 order by started_utc_ms').all() as { detail: string }[]).map((p) => p.detail).join(' | ');
    expect(plan).toMatch(/scheduler_runs_started/);
    await close();
  });

  it('migrates down to 0003 cleanly and up again', async () => {
    const raw = new BetterSqlite3(tempFile());
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const down = await migrator.migrateTo('0003-archive');
    expect(down.error).toBeUndefined();
    const tables = (raw.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).not.toContain('scheduler_runs');
    expect(tables).toContain('frames');
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    await db.destroy();
  });
});
