/**
 * What the migration tests share: temporary database files removed after each test, and a raw
 * database migrated with kysely's own Migrator up to a chosen point (to seed rows a later
 * migration must carry over, or to step down).
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { migrations } from '../../../../src-main/db/migrations';
import { makeTempDir } from '../../../helpers/temp-dir';

export interface MigratedDb {
  raw: BetterSqlite3.Database;
  db: Kysely<unknown>;
  migrator: Migrator;
}

/** Registers the clean-up; returns a maker of fresh database file paths. */
export function tempDbFiles(): () => string {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
  return () => {
    const dir = makeTempDir();
    dirs.push(dir);
    return join(dir.path, 'n.db');
  };
}

/** `file` opened raw and migrated through every migration named before `firstLeftOut` (all when null). */
export async function migratedBefore(file: string, firstLeftOut: string | null): Promise<MigratedDb> {
  const chosen = Object.fromEntries(Object.entries(migrations).filter(([name]) => firstLeftOut === null || name < firstLeftOut));
  const raw = new BetterSqlite3(file);
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(chosen) } });
  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  return { raw, db, migrator };
}
