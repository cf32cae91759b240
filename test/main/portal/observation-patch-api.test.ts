import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoGroup, startPortal, type PortalFixture } from './portal-fixture';

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const MIN = 60_000;

describe('OCS API: PATCH /api/observations/{id}/ (end time, BAD_DATA) and BAD_DATA refunds', () => {
  let f: PortalFixture;
  beforeAll(async () => {
    f = await startPortal();
  });
  afterAll(() => f.close());

  /** A group of `n` 300 s configurations placed at `startMs` on the 1 m. */
  const placed = async (name: string, startMs: number, n = 3, lengthSec?: number) => {
    const configs = Array.from({ length: n }, (_x, i) => ({
      type: 'EXPOSE', instrument_type: '1M0-SCICAM-NIGHTSHIFT',
      target: { name: `T${i}`, type: 'ICRS', ra: 83.6, dec: 22 },
      instrument_configs: [{ exposure_time: 300, exposure_count: 1, optical_elements: { filter: 'V' } }],
      constraints: {}, acquisition_config: {}, guiding_config: {},
    }));
    const g = demoGroup({ name });
    (g['requests'] as Record<string, unknown>[])[0]!['configurations'] = configs;
    (g['requests'] as Record<string, unknown>[])[0]!['windows'] = [{ start: '2026-11-21T00:00:00Z', end: '2026-11-29T00:00:00Z' }];
    const created = await f.call('POST', '/api/requestgroups/', { body: g });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const req = created.json.requests[0];
    const obs = await f.call('POST', '/api/observations/', {
      body: {
        site: 'tfn', enclosure: 'doma', telescope: '1m0a', start: iso(startMs), end: iso(startMs + (lengthSec ?? req.duration) * 1000), request: req.id,
        configuration_statuses: req.configurations.map((c: { id: number }) => ({ configuration: c.id, instrument_name: 'ns01' })),
      },
    });
    expect(obs.status, JSON.stringify(obs.json)).toBe(201);
    return { group: created.json, obs: obs.json, statusIds: obs.json.request.configurations.map((c: { configuration_status: number }) => c.configuration_status) as number[] };
  };
  const statusStates = async (observationId: number) =>
    (await f.call('GET', `/api/observations/${observationId}/`)).json.request.configurations.map((c: { state: string }) => c.state);
  const stdUsed = async () =>
    (await f.database.db.selectFrom('time_allocations').select(['std_time_used', 'instrument_types_json']).where('proposal_id', '=', 'NS2026-GAL').where('semester_id', '=', '2026B').execute()).find((a) => a.instrument_types_json.includes('1M0'))!.std_time_used;

  it('cutting the end marks the configurations that no longer fit NOT_ATTEMPTED', async () => {
    const startMs = f.clock.nowMs() + 60 * MIN;
    const { obs, statusIds } = await placed('cut', startMs);
    // Room for the front padding and one ~5.5 min configuration, not for the second.
    const end = startMs + 9 * MIN;
    const r = await f.call('PATCH', `/api/observations/${obs.id}/`, { body: { end: iso(end) } });
    expect(r.status).toBe(200);
    expect(r.json.end).toBe(iso(end));
    expect(await statusStates(obs.id)).toEqual(['PENDING', 'NOT_ATTEMPTED', 'NOT_ATTEMPTED']);
    // Still PENDING: the first configuration can run (§3.4 rule 3).
    expect(r.json.state).toBe('PENDING');
    const history = await f.database.db.selectFrom('state_history').select(['entity_id', 'to_state']).where('entity', '=', 'configuration_status').where('entity_id', 'in', statusIds).execute();
    expect(history.filter((h) => h.to_state === 'NOT_ATTEMPTED').map((h) => h.entity_id).sort()).toEqual(statusIds.slice(1).sort());
  });

  it('ending a running observation early: done work counts, the rest is NOT_ATTEMPTED, the request follows', async () => {
    const startMs = f.clock.nowMs() - 10 * MIN;
    const { obs, statusIds, group } = await placed('early', startMs);
    const [s1] = statusIds;
    await f.call('PATCH', `/api/configurationstatus/${s1}/`, {
      body: { state: 'COMPLETED', summary: { start: iso(startMs + MIN), end: iso(startMs + 7 * MIN), state: 'COMPLETED', reason: '', time_completed: 300 } },
    });
    const r = await f.call('PATCH', `/api/observations/${obs.id}/`, { body: { end: iso(f.clock.nowMs() + MIN) } });
    expect(r.status).toBe(200);
    expect(await statusStates(obs.id)).toEqual(['COMPLETED', 'NOT_ATTEMPTED', 'NOT_ATTEMPTED']);
    expect(r.json.state).toBe('FAILED'); // any NOT_ATTEMPTED among finished statuses (§3.4 rule 6)
    // 300 of 900 s requested is below the 90 % threshold: the request stays PENDING for a re-run.
    expect((await f.call('GET', `/api/requests/${group.requests[0].id}`)).json.state).toBe('PENDING');
  });

  it('extending the end cancels PENDING observations it now overlaps on the telescope', async () => {
    const startMs = f.clock.nowMs() + 5 * 60 * MIN;
    const a = await placed('extend a', startMs, 1, 600);
    const b = await placed('extend b', startMs + 15 * MIN, 1, 600);
    const r = await f.call('PATCH', `/api/observations/${a.obs.id}/`, { body: { end: iso(startMs + 20 * MIN) } });
    expect(r.status).toBe(200);
    expect((await f.call('GET', `/api/observations/${b.obs.id}/`)).json.state).toBe('CANCELED');
  });

  it('refuses bad end times and forbidden callers with field-keyed errors', async () => {
    const startMs = f.clock.nowMs() + 8 * 60 * MIN;
    const { obs } = await placed('refuse', startMs, 1);
    expect((await f.call('PATCH', `/api/observations/${obs.id}/`, { body: { end: iso(f.clock.nowMs() - MIN) } })).json).toEqual({ end: ['Updated end time must be in the future'] });
    expect((await f.call('PATCH', `/api/observations/${obs.id}/`, { body: { end: iso(startMs - MIN) } })).json).toEqual({ end: ['End time must be after start time'] });
    expect((await f.call('PATCH', `/api/observations/${obs.id}/`, { body: { end: 'soon' } })).status).toBe(400);
    expect((await f.call('PATCH', `/api/observations/${obs.id}/`, { body: {} })).json.non_field_errors[0]).toMatch(/must include `end`/);
    expect((await f.call('PATCH', `/api/observations/${obs.id}/`, { body: { state: 'BAD_DATA' } })).json.state[0]).toMatch(/Cannot change a PENDING observation to BAD_DATA/);
    // bob is a member of NS2026-GAL but it is not a direct-submission proposal, and he is not staff.
    expect((await f.call('PATCH', `/api/observations/${obs.id}/`, { token: f.tokens['bob'], body: { end: iso(startMs + 30 * MIN) } })).status).toBe(403);
    expect((await f.call('PATCH', '/api/observations/999999/', { body: { end: iso(startMs + 30 * MIN) } })).status).toBe(404);
  });

  it('BAD_DATA on a completed observation refunds its time and reopens the request', async () => {
    const startMs = f.clock.nowMs() - 30 * MIN;
    const { obs, statusIds, group } = await placed('bad data', startMs, 1);
    const before = await stdUsed();
    await f.call('PATCH', `/api/configurationstatus/${statusIds[0]}/`, {
      body: { state: 'COMPLETED', summary: { start: iso(startMs + MIN), end: iso(startMs + 7 * MIN), state: 'COMPLETED', reason: '', time_completed: 300 } },
    });
    expect(await stdUsed()).toBeCloseTo(before + 6 / 60, 9);
    expect((await f.call('GET', `/api/requestgroups/${group.id}/`)).json.state).toBe('COMPLETED');
    expect((await f.call('PATCH', `/api/observations/${obs.id}/`, { token: f.tokens['bob'], body: { state: 'BAD_DATA' } })).status).toBe(403);
    const r = await f.call('PATCH', `/api/observations/${obs.id}/`, { body: { state: 'BAD_DATA' } });
    expect(r.status).toBe(200);
    expect(r.json.state).toBe('BAD_DATA');
    expect(await statusStates(obs.id)).toEqual(['BAD_DATA']);
    expect(await stdUsed()).toBeCloseTo(before, 9);
    expect((await f.call('GET', `/api/requests/${group.requests[0].id}`)).json.state).toBe('PENDING');
    expect((await f.call('GET', `/api/requestgroups/${group.id}/`)).json.state).toBe('PENDING');
    // Twice is not a double refund.
    await f.call('PATCH', `/api/observations/${obs.id}/`, { body: { state: 'BAD_DATA' } });
    expect(await stdUsed()).toBeCloseTo(before, 9);
  });

  it('a configuration status reported BAD_DATA refunds that configuration only', async () => {
    const startMs = f.clock.nowMs() - 60 * MIN;
    const { statusIds } = await placed('bad config', startMs, 2);
    const before = await stdUsed();
    const summary = (fromMin: number) => ({ start: iso(startMs + fromMin * MIN), end: iso(startMs + (fromMin + 6) * MIN), state: 'COMPLETED', reason: '', time_completed: 300 });
    await f.call('PATCH', `/api/configurationstatus/${statusIds[0]}/`, { body: { state: 'COMPLETED', summary: summary(1) } });
    await f.call('PATCH', `/api/configurationstatus/${statusIds[1]}/`, { body: { state: 'COMPLETED', summary: summary(8) } });
    expect(await stdUsed()).toBeCloseTo(before + 12 / 60, 9);
    const r = await f.call('PATCH', `/api/configurationstatus/${statusIds[1]}/`, { body: { state: 'BAD_DATA' } });
    expect(r.json.state).toBe('BAD_DATA');
    expect(await stdUsed()).toBeCloseTo(before + 6 / 60, 9);
    // A later summary save on the bad configuration charges nothing.
    await f.call('PATCH', `/api/configurationstatus/${statusIds[1]}/`, { body: { summary: summary(9) } });
    expect(await stdUsed()).toBeCloseTo(before + 6 / 60, 9);
  });
});
