import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QueueService } from '../../../src-main/queue';
import { resetDemo, readDemoFiles } from '../../../src-main/demo';
import { ObservatoryService } from '../../../src-main/observatory';
import { RESOURCES_DIR, SEED_MS, startPortal, type PortalFixture } from '../portal/portal-fixture';

describe('demo seed through the portal create path', () => {
  let f: PortalFixture | null = null;
  afterEach(async () => {
    await f?.close();
    f = null;
  });

  it('seeds every demo group with OCS defaults, durations and history, and the queue lists them', async () => {
    f = await startPortal();
    const file = JSON.parse(readFileSync(join(RESOURCES_DIR, 'demo/requestgroups.json'), 'utf8')) as { request_groups: unknown[] };
    expect(f.seed.rejected).toEqual([]);
    expect(f.seed.requestGroups).toBe(file.request_groups.length);

    const { db } = f.database;
    const requests = await db.selectFrom('requests').selectAll().execute();
    // Every request got a computed duration and the acceptability default from configdb.
    for (const r of requests) {
      expect(r.duration_sec).toBeGreaterThan(0);
      const body = JSON.parse(r.body_json) as { configurations: { constraints: Record<string, unknown>; instrument_configs: { mode: string }[]; id: number; priority: number }[]; acceptability_threshold: number };
      expect(body.configurations[0]?.constraints['max_airmass']).toBeTypeOf('number');
      expect(body.configurations[0]?.constraints['min_lunar_distance']).toBeTypeOf('number');
      expect(body.configurations.every((c) => c.instrument_configs.every((ic) => ic.mode !== ''))).toBe(true);
      expect(body.configurations.map((c) => c.priority)).toEqual(body.configurations.map((_c, i) => i + 1));
      expect(body.acceptability_threshold).toBeGreaterThan(0);
    }
    const history = await db.selectFrom('state_history').select(['entity', 'reason']).where('reason', '=', 'demo seed').execute();
    expect(history.filter((h) => h.entity === 'request').length).toBe(requests.length);

    // Every demo user can use the API with a token; the queue view reads the same tables.
    expect(Object.keys(f.tokens).sort()).toEqual(['alice', 'bob', 'demo']);
    const queue = await new QueueService(db).list({ limit: 100, offset: 0 });
    expect(queue.count).toBe(file.request_groups.length);
    expect(queue.groups.flatMap((g) => g.requests).every((r) => r.durationSec !== null && r.durationSec > 0)).toBe(true);
  });

  it('reset reseeds from scratch and keeps API tokens', async () => {
    f = await startPortal();
    const before = { ...f.tokens };
    const observatory = new ObservatoryService(f.database.db);
    await observatory.load();
    const again = await resetDemo(f.database.db, observatory, readDemoFiles(RESOURCES_DIR), SEED_MS + 3_600_000);
    expect(again.rejected).toEqual([]);
    const rows = await f.database.db.selectFrom('request_groups').select('id').execute();
    expect(rows.length).toBe(again.requestGroups);
    const tokens = await f.database.db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id').select(['username', 'key']).execute();
    expect(Object.fromEntries(tokens.map((t) => [t.username, t.key]))).toEqual(before);
  });
});
