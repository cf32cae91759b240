import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationResultSet } from 'kysely';
import { AppError } from '../../src-shared/errors';
import { migrations } from './migrations';
import type { Database } from './schema';

export interface OpenDatabase {
  db: Kysely<Database>;
  /** The raw connection, for the synchronous paths (journal writes that must hit disk before acting). */
  raw: BetterSqlite3.Database;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the SQLite database at `file` with WAL, foreign keys on and
 * synchronous=FULL (acknowledged data survives a power cut), and runs pending migrations.
 */
export async function openDatabase(file: string): Promise<OpenDatabase> {
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('synchronous = FULL');
  raw.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  const result = await migrateToLatest(db);
  if (result.error !== undefined) {
    await db.destroy();
    const message = result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new AppError('db.migration', `Database migration failed: ${message}`, { file });
  }
  return { db, raw, close: () => db.destroy() };
}

/** Runs every pending migration in order; reports instead of throwing. */
export function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  return migrator.migrateToLatest();
}
