import type BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src-main/db';
import { migratedBefore, tempDbFiles } from './migration-fixture';

type Raw = InstanceType<typeof BetterSqlite3>;

function addGroup(raw: Raw, targets: string): number {
  raw.prepare("insert or ignore into proposals (id, title, tac_priority, active, body_json) values ('P', 't', 10, 1, '{}')").run();
  const g = raw.prepare("insert into request_groups (proposal_id, submitter, name, observation_type, operator, ipp_value, state, created_utc_ms, modified_utc_ms, body_json) values ('P','u','g','NORMAL','SINGLE',1,'PENDING',5,5,'{}')").run();
  raw.prepare("insert into requests (request_group_id, state, duration_sec, modified_utc_ms, body_json, target_names) values (?, 'PENDING', null, 7, '{}', ?)").run(g.lastInsertRowid, targets);
  return Number(g.lastInsertRowid);
}

/** Group ids whose target names contain `needle`, through the search table (as the list endpoint asks). */
function search(raw: Raw, needle: string): number[] {
  const rows = raw.prepare('select rowid g from request_target_search where target_names like ? order by g').all(`%${needle}%`) as { g: number }[];
  return rows.map((r) => r.g);
}

describe('migration 0006-portal-target-search', () => {
  const tempFile = tempDbFiles();

  it('backfills the requests stored before it', async () => {
    const file = tempFile();
    const { raw, db } = await migratedBefore(file, '0006');
    const a = addGroup(raw, 'm1\u001fngc 7000');
    const b = addGroup(raw, 'm101');
    addGroup(raw, 'vega');
    await db.destroy();

    const { raw: after, close } = await openDatabase(file);
    expect(search(after, 'm1')).toEqual([a, b]);
    expect(search(after, 'ngc 70')).toEqual([a]);
    expect(search(after, 'm10')).toEqual([b]);
    await close();
  });

  it('triggers keep the index in step with inserts, updates and deletes; substrings of 3+ characters use the trigram index', async () => {
    const { raw, close } = await openDatabase(tempFile());
    const a = addGroup(raw, 'sn 2026abc');
    const b = addGroup(raw, 'crab nebula\u001fm1');
    expect(search(raw, '2026ab')).toEqual([a]);
    expect(search(raw, 'nebu')).toEqual([b]);
    raw.prepare("update requests set target_names = 'ring nebula' where request_group_id = ?").run(a);
    expect(search(raw, '2026ab')).toEqual([]);
    expect(search(raw, 'nebu')).toEqual([a, b]);
    raw.prepare('delete from requests where request_group_id = ?').run(b);
    expect(search(raw, 'nebu')).toEqual([a]);
    // One row per group that has requests; a group's second request joins its row.
    raw.prepare("insert into requests (request_group_id, state, duration_sec, modified_utc_ms, body_json, target_names) values (?, 'PENDING', null, 7, '{}', 'vega')").run(a);
    expect(search(raw, 'vega')).toEqual([a]);
    expect(search(raw, 'ring neb')).toEqual([a]);
    const count = (raw.prepare('select count(*) n from request_target_search').get() as { n: number }).n;
    expect(count).toBe((raw.prepare('select count(distinct request_group_id) n from requests').get() as { n: number }).n);
    const plan = raw.prepare("explain query plan select rowid from request_target_search where target_names like '%nebu%'").all() as { detail: string }[];
    // FTS5 reports an index plan ("VIRTUAL TABLE INDEX n:…") when it answers the LIKE itself.
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/VIRTUAL TABLE INDEX \d+:L/);
    await close();
  });

  it('migrates down to 0005 cleanly', async () => {
    const { raw, db, migrator } = await migratedBefore(tempFile(), null);
    expect((await migrator.migrateTo('0005-executor')).error).toBeUndefined();
    const left = raw.prepare("select name from sqlite_master where name like 'request_target_search%'").all();
    expect(left).toEqual([]);
    // Inserting a request still works without the triggers.
    addGroup(raw, 'm1');
    await db.destroy();
  });
});
