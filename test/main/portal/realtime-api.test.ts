import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type PortalFixture } from './portal-fixture';

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const HOUR = 3_600_000;

describe('OCS API: real-time sessions (/api/realtime/)', () => {
  let f: PortalFixture;
  beforeAll(async () => {
    f = await startPortal();
    // The demo gives NS2026-GAL 4 h of real-time time; 5 h on each telescope this semester here.
    await sql`update time_allocations set realtime_allocation = 5 where proposal_id = 'NS2026-GAL' and semester_id = '2026B'`.execute(f.database.db);
  });
  afterAll(() => f.close());

  const rtUsed = async () =>
    (await f.database.db.selectFrom('time_allocations').select(['realtime_time_used', 'instrument_types_json']).where('proposal_id', '=', 'NS2026-GAL').where('semester_id', '=', '2026B').execute()).find((a) => a.instrument_types_json.includes('1M0'))!.realtime_time_used;
  const session = (startMs: number, hours: number, over: Record<string, unknown> = {}) => ({
    site: 'tfn', enclosure: 'doma', telescope: '1m0a', start: iso(startMs), end: iso(startMs + hours * HOUR), proposal: 'NS2026-GAL', name: 'live', ...over,
  });

  it('books a block: REAL_TIME group, fixed observation, downtime entry, real-time hours debited', async () => {
    const startMs = Date.parse('2026-11-22T22:00:00Z');
    const r = await f.call('POST', '/api/realtime/', { token: f.tokens['bob'], body: session(startMs, 2) });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json).toMatchObject({ site: 'tfn', enclosure: 'doma', telescope: '1m0a', start: iso(startMs), end: iso(startMs + 2 * HOUR), state: 'PENDING', proposal: 'NS2026-GAL', submitter: 'bob', observation_type: 'REAL_TIME', ipp_value: 1 });
    expect(typeof r.json.configuration_status_id).toBe('number');
    expect(await rtUsed()).toBeCloseTo(2, 9);
    const group = await f.call('GET', `/api/requestgroups/${r.json.request_group_id}/`);
    expect(group.json).toMatchObject({ observation_type: 'REAL_TIME', operator: 'SINGLE', state: 'PENDING' });
    const downtime = await f.call('GET', '/downtime/api/?telescope=1m0a');
    expect(downtime.json.results.some((d: { reason: string; start: string }) => d.reason === String(r.json.id) && d.start === iso(startMs))).toBe(true);
    // The schedule shows it as an observation the scheduler keeps fixed.
    const sched = await f.call('GET', `/api/schedule/?observation_type=REAL_TIME`);
    expect(sched.json.results.map((o: { id: number }) => o.id)).toContain(r.json.id);
    const mine = await f.call('GET', '/api/realtime/', { token: f.tokens['bob'] });
    expect(mine.json.results.map((o: { id: number }) => o.id)).toContain(r.json.id);
    expect((await f.call('GET', '/api/realtime/', { token: f.tokens['alice'] })).json.count).toBe(0);

    // The same user cannot hold two sessions at once; nobody can book over the block.
    const again = await f.call('POST', '/api/realtime/', { token: f.tokens['bob'], body: session(startMs + HOUR, 1, { telescope: '0m4a', enclosure: 'clma' }) });
    expect(again.status).toBe(400);
    expect(again.json.non_field_errors[0]).toMatch(/already have a real time session/);
    const over = await f.call('POST', '/api/realtime/', { body: session(startMs + HOUR, 1) });
    expect(over.status).toBe(400);
    expect(over.json.non_field_errors[0]).toMatch(/not available on the telescope|overlaps/);
  });

  it('refuses with field-keyed errors', async () => {
    const startMs = Date.parse('2026-11-24T22:00:00Z');
    const missing = await f.call('POST', '/api/realtime/', { body: { site: 'tfn' } });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.json).sort()).toEqual(['enclosure', 'end', 'name', 'proposal', 'start', 'telescope']);
    expect((await f.call('POST', '/api/realtime/', { body: session(startMs, -1) })).json).toEqual({ end: ['End time must be after start time'] });
    const past = Date.parse('2026-11-20T22:00:00Z');
    expect((await f.call('POST', '/api/realtime/', { body: session(past, 1) })).json).toEqual({ end: ['End time must be in the future'] });
    const nowhere = await f.call('POST', '/api/realtime/', { body: session(startMs, 1, { telescope: 'zzzz' }) });
    expect(nowhere.json.non_field_errors[0]).toMatch(/No instruments found at tfn.doma.zzzz/);
    const noTime = await f.call('POST', '/api/realtime/', { body: session(startMs, 1, { proposal: 'NS2026-VAR' }) });
    expect(noTime.json.non_field_errors[0]).toMatch(/Not enough realtime time allocation available on proposal NS2026-VAR: 0 hours available, 1 requested/);
    const tooLong = await f.call('POST', '/api/realtime/', { token: f.tokens['bob'], body: session(startMs, 4) });
    expect(tooLong.json.non_field_errors[0]).toMatch(/Not enough realtime time allocation/);
    const notMember = await f.call('POST', '/api/realtime/', { token: f.tokens['alice'], body: session(startMs, 1) });
    expect(notMember.json.non_field_errors[0]).toMatch(/not a member of proposal NS2026-GAL/);
    expect((await f.call('POST', '/api/realtime/', { token: null, body: session(startMs, 1) })).status).toBe(401);
  });

  it('sessions are night-time only; availability lists the free night intervals per telescope', async () => {
    const noon = Date.parse('2026-11-23T12:00:00Z');
    const day = await f.call('POST', '/api/realtime/', { token: f.tokens['bob'], body: session(noon, 1) });
    expect(day.status).toBe(400);
    expect(day.json.non_field_errors[0]).toMatch(/not available on the telescope/);
    const r = await f.call('GET', '/api/realtime/availability/', { token: f.tokens['bob'] });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual(['0m4a.clma.tfn', '1m0a.doma.tfn']);
    const booked = { startMs: Date.parse('2026-11-22T22:00:00Z'), endMs: Date.parse('2026-11-23T00:00:00Z') };
    for (const list of Object.values<[string, string][]>(r.json)) {
      // Seven nights ahead (one may be split by a booking).
      expect(list.length).toBeGreaterThanOrEqual(7);
      for (const [a, b] of list) {
        const [s, e] = [Date.parse(a), Date.parse(b)];
        expect(e).toBeGreaterThan(s);
        // Tenerife (16.5° W) in late November: nautical night lies within 18:30–07:00 UTC.
        for (const t of [s + 1, e - 1]) {
          const h = new Date(t).getUTCHours() + new Date(t).getUTCMinutes() / 60;
          expect(h >= 18.5 || h <= 7).toBe(true);
        }
        // bob's own session (on the 1 m) blocks him on every telescope.
        expect(e <= booked.startMs || s >= booked.endMs).toBe(true);
      }
    }
    const one = await f.call('GET', '/api/realtime/availability/?telescope=1m0a.doma.tfn', { token: f.tokens['bob'] });
    expect(Object.keys(one.json)).toEqual(['1m0a.doma.tfn']);
    // alice's proposals have no real-time time.
    expect((await f.call('GET', '/api/realtime/availability/', { token: f.tokens['alice'] })).json).toEqual({});
  });

  it('cancelling gives the unused hours back and frees the telescope', async () => {
    const startMs = Date.parse('2026-11-26T22:00:00Z');
    const before = await rtUsed();
    const r = await f.call('POST', '/api/realtime/', { token: f.tokens['bob'], body: session(startMs, 1) });
    expect(r.status).toBe(201);
    expect(await rtUsed()).toBeCloseTo(before + 1, 9);
    expect((await f.call('DELETE', `/api/realtime/${r.json.id}/`, { token: f.tokens['alice'] })).status).toBe(403);
    const del = await f.call('DELETE', `/api/realtime/${r.json.id}/`, { token: f.tokens['bob'] });
    expect(del.status).toBe(204);
    expect(await rtUsed()).toBeCloseTo(before, 9);
    const downtime = await f.call('GET', '/downtime/api/?telescope=1m0a');
    expect(downtime.json.results.some((d: { reason: string }) => d.reason === String(r.json.id))).toBe(false);
    expect((await f.call('GET', `/api/requestgroups/${r.json.request_group_id}/`)).json.state).toBe('CANCELED');
    const rebook = await f.call('POST', '/api/realtime/', { body: session(startMs, 1) });
    expect(rebook.status).toBe(201);
  });
});
