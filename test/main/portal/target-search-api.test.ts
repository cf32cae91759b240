import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoGroup, startPortal, type PortalFixture } from './portal-fixture';

const NAMES = ['M1', 'M101', 'NGC 1300', 'ngc_13', '50%off', 'Ωmega Cen', 'Crab Nebula', 'crab'];

describe('OCS API: /api/requestgroups/?target= through the FTS5 search table', () => {
  let f: PortalFixture;
  /** Group id → lower-cased target names of its requests (the reference the API must match). */
  const mine = new Map<number, string[]>();
  beforeAll(async () => {
    f = await startPortal();
    for (const name of NAMES) {
      const r = await f.call('POST', '/api/requestgroups/', { body: demoGroup({ name: `t ${name}` }, { target: { name, type: 'ICRS', ra: 10, dec: 10 } }) });
      expect(r.status).toBe(201);
      mine.set(r.json.id, [name.toLowerCase()]);
    }
    const many = demoGroup({ name: 'two', operator: 'MANY' }) as { requests: Record<string, unknown>[] };
    const second = structuredClone(many.requests[0]!);
    (second['configurations'] as { target: { name: string } }[])[0]!.target.name = 'Altair';
    (many.requests[0]!['configurations'] as { target: { name: string } }[])[0]!.target.name = 'Vega';
    many.requests.push(second);
    const r = await f.call('POST', '/api/requestgroups/', { body: many });
    expect(r.status).toBe(201);
    mine.set(r.json.id, ['vega', 'altair']);
  });
  afterAll(() => f.close());

  /** Every group id the API lists for a query (walking the pages). */
  const listed = async (query: string, token?: string): Promise<{ count: number; ids: number[] }> => {
    const ids: number[] = [];
    for (let offset = 0; ; offset += 50) {
      const r = await f.call('GET', `/api/requestgroups/?${query}&limit=50&offset=${offset}`, { token });
      expect(r.status).toBe(200);
      ids.push(...r.json.results.map((g: { id: number }) => g.id));
      if (r.json.next === null) return { count: r.json.count as number, ids };
    }
  };
  /** The reference: all stored groups (seeded demo ones too) whose requests name a target containing `needle`. */
  const expected = async (needle: string, where: (g: { proposal_id: string; state: string }) => boolean = () => true): Promise<number[]> => {
    const rows = await f.database.db.selectFrom('requests').innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id').select(['request_groups.id', 'requests.body_json', 'request_groups.proposal_id', 'request_groups.state']).execute();
    const hit = new Set<number>();
    for (const r of rows) {
      const names = ((JSON.parse(r.body_json) as { configurations?: { target: { name: string } }[] }).configurations ?? []).map((c) => c.target.name.toLowerCase());
      if (where(r) && names.some((n) => n.includes(needle.toLowerCase()))) hit.add(r.id);
    }
    return [...hit].sort((a, b) => b - a);
  };

  it.each(['m1', 'M', 'ngc 1', 'crab', 'CRAB NEB', '%', '_', '50%', 'ωmega', 'vega', 'altair', 'zzz', 'a'])('target=%s matches a case-insensitive substring scan', async (needle) => {
    const want = await expected(needle);
    const got = await listed(`target=${encodeURIComponent(needle)}`);
    expect(got.ids).toEqual(want);
    expect(got.count).toBe(want.length);
  });

  it('combines with other filters, orders, and non-staff visibility', async () => {
    const pending = await listed('target=crab&state=PENDING');
    expect(pending.ids).toEqual(await expected('crab', (g) => g.state === 'PENDING'));
    const asc = await listed('target=m1&order=id');
    expect(asc.ids).toEqual((await expected('m1')).reverse());
    // alice is not on NS2026-GAL (where these groups live) and sees none of them.
    const alice = await listed('target=crab', f.tokens['alice']);
    expect(alice.ids.filter((id) => mine.has(id))).toEqual([]);
    const bob = await listed('target=crab', f.tokens['bob']);
    expect(bob.ids.filter((id) => mine.has(id)).length).toBe(2);
  });

  it('finds a new submission at once (the triggers keep the index current)', async () => {
    const before = await listed('target=nebula');
    const r = await f.call('POST', '/api/requestgroups/', { body: demoGroup({ name: 'late' }, { target: { name: 'Ring Nebula', type: 'ICRS', ra: 283.4, dec: 33.0 } }) });
    const after = await listed('target=nebula');
    expect(after.count).toBe(before.count + 1);
    expect(after.ids[0]).toBe(r.json.id);
  });
});
