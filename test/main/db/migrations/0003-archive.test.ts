import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../../src-main/db/migrations';
import { openDatabase } from '../../../../src-main/db';
import { makeTempDir } from '../../../helpers/temp-dir';

function insertFrame(raw: BetterSqlite3.Database, basename: string, observationUtcMs: number, requestId: number | null): number {
  const r = raw
    .prepare(
      `insert into frames (basename, basename_folded, observation_utc_ms, day_obs, proposal_id, instrument_id, target_name, target_name_folded,
        reduction_level, site_id, telescope_id, exposure_sec, primary_optical_element, public_utc_ms, configuration_type, request_id, created_utc_ms)
       values (?, lower(?), ?, '20261121', 'P', 'sc01', 'M31', 'm31', 0, 'tfn', '1m0a', 30, 'V', 0, 'EXPOSE', ?, 1)`,
    )
    .run(basename, basename, observationUtcMs, requestId);
  return Number(r.lastInsertRowid);
}

describe('migration 0003-archive', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
  const tempFile = (): string => {
    const dir = makeTempDir();
    dirs.push(dir);
    return join(dir.path, 'n.db');
  };

  it('creates frames, versions and related frames with unique basenames and keys', async () => {
    const { raw, close } = await openDatabase(tempFile());
    const tables = (raw.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['frames', 'frame_headers', 'frame_versions', 'frame_related']));
    const id = insertFrame(raw, 'f1', 1000, 7);
    expect(() => insertFrame(raw, 'f1', 2000, 7)).toThrow(/UNIQUE/);
    raw.prepare("insert into frame_versions (frame_id, key, md5, extension, byte_length, created_utc_ms) values (?, 'a/f1.fits', 'x', '.fits', 2880, 1)").run(id);
    expect(() => raw.prepare("insert into frame_versions (frame_id, key, md5, extension, byte_length, created_utc_ms) values (?, 'a/f1.fits', 'y', '.fits', 2880, 1)").run(id)).toThrow(/UNIQUE/);
    expect(() => raw.prepare("insert into frame_versions (frame_id, key, md5, extension, byte_length, created_utc_ms) values (999, 'b', 'y', '.fits', 2880, 1)").run()).toThrow(/FOREIGN KEY/);
    raw.prepare("insert into frame_related (frame_id, related_basename) values (?, 'bias-1')").run(id);
    raw.prepare("insert into frame_headers (frame_id, headers_json) values (?, '{}')").run(id);
    // Deleting a frame takes its versions and links with it.
    raw.prepare('delete from frames where id = ?').run(id);
    expect(raw.prepare('select count(*) as n from frame_versions').get()).toEqual({ n: 0 });
    expect(raw.prepare('select count(*) as n from frame_related').get()).toEqual({ n: 0 });
    expect(raw.prepare('select count(*) as n from frame_headers').get()).toEqual({ n: 0 });
    await close();
  });

  it('serves the TOM query (REQNUM) and the default ordering from indexes', async () => {
    const { raw, close } = await openDatabase(tempFile());
    for (let i = 0; i < 50; i++) insertFrame(raw, `f${i}`, i * 1000, i % 5);
    raw.exec('analyze');
    const plan = (sql: string): string => (raw.prepare(`explain query plan ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' | ');
    expect(plan('select id from frames where request_id = 3 order by observation_utc_ms desc, id limit 10')).toMatch(/INDEX frames_request/);
    expect(plan('select id from frames order by observation_utc_ms desc limit 10')).toMatch(/INDEX frames_observation_date/);
    expect(plan("select frame_id from frame_versions where md5 = 'x'")).toMatch(/INDEX frame_versions_md5/);
    expect(plan("select id from frames where telescope_id = '1m0a' order by observation_utc_ms desc limit 10")).toMatch(/INDEX frames_telescope/);
    await close();
  });

  it('migrates down to 0002 cleanly', async () => {
    const raw = new BetterSqlite3(tempFile());
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const before = (raw.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(before).toContain('frames');
    expect((await migrator.migrateTo('0002-portal')).error).toBeUndefined();
    const after = (raw.prepare("select name from sqlite_master where name like 'frame%'").all() as { name: string }[]).map((t) => t.name);
    expect(after).toEqual([]);
    // 0002's tables are untouched.
    expect((raw.prepare("select name from sqlite_master where type = 'table' and name = 'observations'").all()).length).toBe(1);
    await db.destroy();
  });
});
