import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoGroup, startPortal, type PortalFixture } from './portal-fixture';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('OCS API: observations, configuration statuses, schedule, expiry', () => {
  let f: PortalFixture;
  beforeAll(async () => {
    f = await startPortal();
  });
  afterAll(() => f.close());

  const createGroup = async (over: Record<string, unknown> = {}, config: Record<string, unknown> = {}) => {
    const r = await f.call('POST', '/api/requestgroups/', { body: demoGroup(over, config) });
    expect(r.status).toBe(201);
    return r.json;
  };
  const schedule = async (group: any, startMs: number, durationSec: number, token?: string) => {
    const req = group.requests[0];
    return f.call('POST', '/api/observations/', {
      token,
      body: {
        site: 'tfn', enclosure: 'doma', telescope: '1m0a', start: iso(startMs), end: iso(startMs + durationSec * 1000), request: req.id, priority: 10,
        configuration_statuses: req.configurations.map((c: any) => ({ configuration: c.id, instrument_name: 'ns01', guide_camera_name: 'ag01' })),
      },
    });
  };

  it('a scheduler places a request; the site reports completion; request, group, time accounting follow', async () => {
    const g = await createGroup({ name: 'to complete' });
    const startMs = Date.parse('2026-11-22T21:00:00Z');
    const placed = await schedule(g, startMs, g.requests[0].duration);
    expect(placed.status).toBe(201);
    const obs = placed.json;
    expect(obs).toMatchObject({ site: 'tfn', telescope: '1m0a', state: 'PENDING', request_group_id: g.id, proposal: 'NS2026-GAL', observation_type: 'NORMAL' });
    expect(obs.request.configurations[0]).toMatchObject({ state: 'PENDING', instrument_name: 'ns01', guide_camera_name: 'ag01' });
    const statusId = obs.request.configurations[0].configuration_status as number;

    const last = await f.call('GET', '/api/last_scheduled/?site=tfn');
    expect(last.json.last_schedule_time).toBe(iso(f.clock.nowMs()));
    const fresh = await f.call('GET', '/api/last_scheduled/?site=zzz');
    expect(Date.parse(fresh.json.last_schedule_time)).toBe(f.clock.nowMs() - 7 * 24 * HOUR);

    const listed = await f.call('GET', `/api/requests/${g.requests[0].id}/observations/`);
    expect(listed.json).toHaveLength(1);
    expect(listed.json[0]).toMatchObject({ id: obs.id, state: 'PENDING', start: iso(startMs) });

    const stdUsed = async () => (await f.database.db.selectFrom('time_allocations').select(['std_time_used', 'instrument_types_json']).where('proposal_id', '=', 'NS2026-GAL').where('semester_id', '=', '2026B').execute()).find((a) => a.instrument_types_json.includes('1M0'))!.std_time_used;
    const usedBefore = await stdUsed();
    const attempted = await f.call('PATCH', `/api/configurationstatus/${statusId}/`, { body: { state: 'ATTEMPTED' } });
    expect(attempted.status).toBe(200);
    expect((await f.call('GET', `/api/observations/${obs.id}/`)).json.state).toBe('IN_PROGRESS');
    const summary = { start: iso(startMs + 60_000), end: iso(startMs + 160_000), state: 'COMPLETED', reason: '', time_completed: 30, events: [] };
    const done = await f.call('PATCH', `/api/configurationstatus/${statusId}/`, { body: { state: 'COMPLETED', summary } });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ id: statusId, state: 'COMPLETED', summary: { time_completed: 30 } });
    expect((await f.call('GET', `/api/observations/${obs.id}/`)).json.state).toBe('COMPLETED');
    expect((await f.call('GET', `/api/requests/${g.requests[0].id}`)).json.state).toBe('COMPLETED');
    expect((await f.call('GET', `/api/requestgroups/${g.id}/`)).json.state).toBe('COMPLETED');
    // 100 s of summary span charged to the standard pool; a re-save is differential (no double charge).
    expect(await stdUsed()).toBeCloseTo(usedBefore + 100 / 3600, 9);
    await f.call('PATCH', `/api/configurationstatus/${statusId}/`, { body: { summary } });
    expect(await stdUsed()).toBeCloseTo(usedBefore + 100 / 3600, 9);
    // Once terminal, only BAD_DATA is honoured.
    expect((await f.call('PATCH', `/api/configurationstatus/${statusId}/`, { body: { state: 'PENDING' } })).json.state).toBe('COMPLETED');
    const history = await f.database.db.selectFrom('state_history').select(['to_state']).where('entity', '=', 'request').where('entity_id', '=', g.requests[0].id).orderBy('id').execute();
    expect(history.map((h) => h.to_state)).toEqual(['PENDING', 'COMPLETED']);
  });

  it('below the acceptability threshold a failed observation leaves the request PENDING', async () => {
    const g = await createGroup({ name: 'to fail' });
    const startMs = Date.parse('2026-11-23T21:00:00Z');
    const obs = (await schedule(g, startMs, g.requests[0].duration)).json;
    const statusId = obs.request.configurations[0].configuration_status;
    const summary = { start: iso(startMs), end: iso(startMs + 20_000), state: 'FAILED', reason: 'clouds', time_completed: 10 };
    await f.call('PATCH', `/api/configurationstatus/${statusId}/`, { body: { state: 'FAILED', summary } });
    expect((await f.call('GET', `/api/observations/${obs.id}/`)).json.state).toBe('FAILED');
    expect((await f.call('GET', `/api/requests/${g.requests[0].id}`)).json.state).toBe('PENDING');
    const lastChanged = await f.call('GET', '/api/last_changed/');
    expect(lastChanged.json.last_change_time).toBe(iso(f.clock.nowMs()));
  });

  it('refuses observations outside the windows, at the wrong instrument, or from non-staff', async () => {
    const g = await createGroup({ name: 'bad placement' });
    const outside = await schedule(g, Date.parse('2026-12-20T21:00:00Z'), 100);
    expect(outside.status).toBe(400);
    expect(outside.json.non_field_errors).toContain('The observation must be within one of the request windows');
    const req = g.requests[0];
    const wrong = await f.call('POST', '/api/observations/', {
      body: [
        { site: 'tfn', enclosure: 'doma', telescope: '1m0a', start: '2026-11-24T21:00:00Z', end: '2026-11-24T21:10:00Z', request: req.id, configuration_statuses: [{ configuration: req.configurations[0].id, instrument_name: 'xx99' }] },
        { site: 'tfn', enclosure: 'doma', telescope: '1m0a', start: '2026-11-24T22:00:00Z', end: '2026-11-24T22:10:00Z', request: req.id, configuration_statuses: [{ configuration: req.configurations[0].id, instrument_name: 'ns01' }] },
      ],
    });
    expect(wrong.status).toBe(201);
    expect(wrong.json.num_created).toBe(1);
    expect(wrong.json.errors['0'].configuration_statuses[0].instrument_name[0]).toMatch(/xx99/);
    const bob = await schedule(g, Date.parse('2026-11-24T23:00:00Z'), 100, f.tokens['bob']);
    expect(bob.status).toBe(403);
    expect((await f.call('PATCH', '/api/configurationstatus/1/', { token: f.tokens['bob'], body: { state: 'ATTEMPTED' } })).status).toBe(403);
  });

  it('cancels observations by time range (§3.8) and refuses IN_PROGRESS without preemption', async () => {
    const g = await createGroup({ name: 'cancel range' });
    const soon = Date.parse('2026-11-22T01:00:00Z'); // within 72 h of now, inside the window
    const obs = (await schedule(g, soon, 600)).json;
    const range = { start: iso(soon - HOUR), end: iso(soon + HOUR), site: 'tfn', enclosure: 'doma', telescope: '1m0a' };
    const statusId = obs.request.configurations[0].configuration_status;
    await f.call('PATCH', `/api/configurationstatus/${statusId}/`, { body: { state: 'ATTEMPTED' } });
    const refused = await f.call('POST', '/api/observations/cancel/', { body: range });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({ error: 'Cannot cancel IN_PROGRESS observations unless preemption_enabled is True' });
    const ok = await f.call('POST', '/api/observations/cancel/', { body: { ...range, preemption_enabled: true } });
    expect(ok.json).toEqual({ canceled: 1 });
    // Start within 72 h → CANCELED (kept); the schedule no longer lists it as PENDING.
    expect((await f.call('GET', `/api/observations/${obs.id}/`)).json.state).toBe('CANCELED');
    const missing = await f.call('POST', '/api/observations/cancel/', { body: {} });
    expect(missing.status).toBe(400);
  });

  it('serves the schedule with the real filter names', async () => {
    const all = await f.call('GET', '/api/schedule/?site=tfn&limit=100');
    expect(all.json.count).toBeGreaterThan(0);
    const after = await f.call('GET', '/api/schedule/?start_after=2026-11-23T00:00:00Z&state=PENDING&limit=100');
    expect(after.json.results.every((o: any) => Date.parse(o.start) >= Date.parse('2026-11-23T00:00:00Z') && o.state === 'PENDING')).toBe(true);
    const end = await f.call('GET', '/api/observations/?end_before=2026-11-23T00:00:00Z&limit=100');
    expect(end.json.results.every((o: any) => Date.parse(o.end) < Date.parse('2026-11-23T00:00:00Z'))).toBe(true);
    expect(end.json.count).toBeLessThan(all.json.count);
    const bad = await f.call('GET', '/api/schedule/?state=NOPE');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json)).toEqual(['state']);
  });

  it('direct submission creates a DIRECT group with its observation', async () => {
    const body = {
      site: 'tfn', enclosure: 'clma', telescope: '0m4a', start: '2026-11-22T20:00:00Z', end: '2026-11-22T20:30:00Z', proposal: 'NS2026-CAL', name: 'direct dark',
      request: { configurations: [{ type: 'DARK', instrument_type: '0M4-SCICAM-NIGHTSHIFT', instrument_configs: [{ exposure_time: 60, exposure_count: 3 }], target: { name: 'dark', type: 'HOUR_ANGLE', hour_angle: 0, dec: 0 }, constraints: {}, acquisition_config: {}, guiding_config: { mode: 'OFF' } }] },
    };
    const r = await f.call('POST', '/api/schedule/', { body });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ observation_type: 'DIRECT', telescope: '0m4a', state: 'PENDING', proposal: 'NS2026-CAL' });
    expect(r.json.request.configurations[0].instrument_name).toBe('ns02');
    const notDirect = await f.call('POST', '/api/schedule/', { body: { ...body, proposal: 'NS2026-GAL' } });
    expect(notDirect.status).toBe(400);
    expect(notDirect.json.proposal[0]).toMatch(/direct/);
  });

  it('expires requests on the clock and records why', async () => {
    const g = await createGroup({ name: 'will expire', requests: [{ ...(demoGroup().requests as any[])[0], windows: [{ start: '2026-11-21T12:00:00Z', end: '2026-11-21T18:00:00Z' }] }] });
    f.portal.start();
    await f.clock.advance(7 * HOUR);
    await f.portal.expireNow();
    const req = await f.call('GET', `/api/requests/${g.requests[0].id}/`);
    expect(req.json.state).toBe('WINDOW_EXPIRED');
    expect((await f.call('GET', `/api/requestgroups/${g.id}/`)).json.state).toBe('WINDOW_EXPIRED');
    const h = await f.database.db.selectFrom('state_history').select(['to_state', 'reason', 'utc_ms']).where('entity', '=', 'request').where('entity_id', '=', g.requests[0].id).orderBy('id').execute();
    expect(h.at(-1)).toMatchObject({ to_state: 'WINDOW_EXPIRED', reason: 'window expired' });
    // The job on the clock caught it within one 5-minute interval of the window's end.
    const endMs = Date.parse('2026-11-21T18:00:00Z');
    expect(h.at(-1)!.utc_ms).toBeGreaterThan(endMs);
    expect(h.at(-1)!.utc_ms).toBeLessThanOrEqual(endMs + 5 * 60_000);
    f.portal.stop();
  });
});
