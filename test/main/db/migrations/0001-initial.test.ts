import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../../src-main/db/migrations';
import { openDatabase } from '../../../../src-main/db';
import { makeTempDir } from '../../../helpers/temp-dir';

describe('migration 0001-initial', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  it('creates the foundation tables in a real SQLite file with WAL and foreign keys', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const { db, raw, close } = await openDatabase(join(dir.path, 'n.db'));
    const tables = raw.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['configdb_snapshot', 'meta', 'proposals', 'request_groups', 'requests', 'state_history']),
    );
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);

    // Foreign keys are enforced: a request group needs its proposal.
    await expect(
      db
        .insertInto('request_groups')
        .values({ proposal_id: 'nope', submitter: 'u', name: 'g', observation_type: 'NORMAL', operator: 'SINGLE', ipp_value: 1, state: 'PENDING', created_utc_ms: 1, modified_utc_ms: 1, body_json: '{}' })
        .execute(),
    ).rejects.toThrow(/FOREIGN KEY/);
    // The configdb snapshot is a single row.
    await db.insertInto('configdb_snapshot').values({ id: 1, sites_json: '[]', updated_utc_ms: 1 }).execute();
    await expect(db.insertInto('configdb_snapshot').values({ id: 2, sites_json: '[]', updated_utc_ms: 1 }).execute()).rejects.toThrow(/CHECK/);
    await close();
  });

  it('is recorded once and re-opening the database runs nothing again', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const file = join(dir.path, 'n.db');
    await (await openDatabase(file)).close();
    const reopened = await openDatabase(file);
    const rows = reopened.raw.prepare('select name from kysely_migration order by name').all() as { name: string }[];
    expect(rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    expect(rows[0]?.name).toBe('0001-initial');
    await reopened.close();
  });

  it('migrates down cleanly', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const raw = new BetterSqlite3(join(dir.path, 'n.db'));
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    // Only this migration: later ones have their own down tests.
    const only0001 = { '0001-initial': migrations['0001-initial']! };
    const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(only0001) } });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect((await migrator.migrateDown()).error).toBeUndefined();
    const left = raw.prepare("select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name != 'sqlite_sequence'").all();
    expect(left).toEqual([]);
    await db.destroy();
  });
});
