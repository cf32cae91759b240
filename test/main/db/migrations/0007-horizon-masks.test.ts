import { describe, expect, it } from 'vitest';
import { migrations } from '../../../../src-main/db/migrations';
import { openDatabase } from '../../../../src-main/db';
import { migratedBefore, tempDbFiles } from './migration-fixture';

const mask = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => [(i * 360) / n, 10]));

describe('migration 0007-horizon-masks', () => {
  const tempFile = tempDbFiles();

  it('adds the table to a database at 0006 and keeps its snapshot', async () => {
    const file = tempFile();
    const { raw, db } = await migratedBefore(file, '0007');
    raw.prepare("insert into configdb_snapshot (id, sites_json, updated_utc_ms) values (1, '[]', 5)").run();
    await db.destroy();

    const { raw: after, close } = await openDatabase(file);
    expect(after.prepare('select sites_json from configdb_snapshot').get()).toEqual({ sites_json: '[]' });
    after.prepare('insert into telescope_horizon_masks (telescope_id, points_json, updated_utc_ms) values (?, ?, 7)').run('tfn.domb.0m4a', mask(4));
    expect(after.prepare('select telescope_id, points_json from telescope_horizon_masks').all()).toEqual([{ telescope_id: 'tfn.domb.0m4a', points_json: mask(4) }]);
    await close();
  });

  it('refuses malformed masks: not JSON, not an array, fewer than 3 or more than 360 points; one row per telescope', async () => {
    const { raw, close } = await openDatabase(tempFile());
    const put = (id: string, json: string) => () => raw.prepare('insert into telescope_horizon_masks (telescope_id, points_json, updated_utc_ms) values (?, ?, 1)').run(id, json);
    expect(put('a', 'nope')).toThrow(/CHECK/);
    expect(put('a', '{"x":1}')).toThrow(/CHECK/);
    expect(put('a', mask(2))).toThrow(/CHECK/);
    expect(put('a', mask(361))).toThrow(/CHECK/);
    expect(put('a', mask(3))).not.toThrow();
    expect(put('b', mask(360))).not.toThrow();
    expect(put('a', mask(5))).toThrow(/UNIQUE|PRIMARY/);
    await close();
  });

  it('down drops the table', async () => {
    const { db, raw, close } = await openDatabase(tempFile());
    await migrations['0007-horizon-masks']?.down?.(db);
    expect(raw.prepare("select name from sqlite_master where name = 'telescope_horizon_masks'").get()).toBeUndefined();
    await close();
  });
});
