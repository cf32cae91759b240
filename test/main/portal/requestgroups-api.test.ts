import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN, demoGroup, startPortal, type PortalFixture } from './portal-fixture';

describe('OCS API: /api/requestgroups/ and /api/requests/', () => {
  let f: PortalFixture;
  beforeAll(async () => {
    f = await startPortal();
  });
  afterAll(() => f.close());

  it('creates a group (201) with ids, defaults and the OCS duration, in one transaction with its history', async () => {
    const r = await f.call('POST', '/api/requestgroups/', { body: demoGroup({ name: 'create-1' }) });
    expect(r.status).toBe(201);
    const g = r.json;
    expect(g).toMatchObject({ name: 'create-1', proposal: 'NS2026-GAL', submitter: 'demo', state: 'PENDING', operator: 'SINGLE' });
    const req = g.requests[0];
    expect(req.id).toBeTypeOf('number');
    expect(req.state).toBe('PENDING');
    const cfg = req.configurations[0];
    expect(cfg.id).toBeTypeOf('number');
    expect(cfg.priority).toBe(1);
    expect(cfg.constraints).toEqual({ max_airmass: 1.6, min_lunar_distance: 30, max_lunar_phase: 1, extra_params: {} });
    expect(cfg.instrument_configs[0].mode).toBe('full_frame');
    expect(cfg.acquisition_config.mode).toBe('OFF');
    expect(req.acceptability_threshold).toBe(90);
    expect(req.configuration_repeats).toBe(1);
    expect(req.optimization_type).toBe('TIME');
    // Demo overheads (resources/demo/README.md): full_frame 28 s + fixed 1 s per exposure, config
    // padding 16 s, observation padding 90 s, filter change 2 s, max slew 120 s (first config), guiding default ON optional.
    expect(req.duration).toBe(Math.ceil(1 * (30 + 28 + 1) + 16 + 2 + 120 + 90));
    const history = await f.database.db.selectFrom('state_history').selectAll().where('entity', '=', 'request').where('entity_id', '=', req.id).execute();
    expect(history.map((h) => [h.from_state, h.to_state])).toEqual([[null, 'PENDING']]);
    // Detail, with and without trailing slash.
    expect((await f.call('GET', `/api/requestgroups/${g.id}/`)).json.id).toBe(g.id);
    expect((await f.call('GET', `/api/requests/${req.id}`)).json).toMatchObject({ id: req.id, state: 'PENDING', duration: req.duration });
    expect((await f.call('GET', `/api/requests/${req.id}/`)).json.id).toBe(req.id);
    expect((await f.call('GET', `/api/requests/${req.id}/observations/`)).json).toEqual([]);
  });

  it('refuses invalid groups with field-keyed errors and writes nothing', async () => {
    const before = await f.database.db.selectFrom('request_groups').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const bad = demoGroup({ operator: 'MANY' }, { instrument_type: 'NOPE-CAM' });
    const r = await f.call('POST', '/api/requestgroups/', { body: bad });
    expect(r.status).toBe(400);
    expect(r.json.operator).toEqual(['MANY operator must have more than one request']);
    expect(r.json.requests[0].configurations[0].instrument_type[0]).toMatch(/NOPE-CAM/);
    const missing = await f.call('POST', '/api/requestgroups/', { body: { name: 'x' } });
    expect(missing.status).toBe(400);
    expect(missing.json.proposal).toEqual(['This field is required.']);
    const after = await f.database.db.selectFrom('request_groups').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('validate answers 200 with durations and errors; max_allowable_ipp reports per semester and type', async () => {
    const ok = await f.call('POST', '/api/requestgroups/validate/', { body: demoGroup() });
    expect(ok.status).toBe(200);
    expect(ok.json.errors).toEqual({});
    expect(ok.json.request_durations.duration).toBe(ok.json.request_durations.requests[0].duration);
    expect(ok.json.request_durations.requests[0].configurations[0]).toEqual({ instrument_configs: [{ duration: 59 }], duration: 75 });
    const bad = await f.call('POST', '/api/requestgroups/validate/', { body: demoGroup({ ipp_value: 5 }) });
    expect(bad.status).toBe(200);
    expect(bad.json.errors.ipp_value).toEqual(['Ensure this value is less than or equal to 2.']);
    const ipp = await f.call('POST', '/api/requestgroups/max_allowable_ipp/', { body: demoGroup() });
    expect(ipp.status).toBe(200);
    const entry = ipp.json['2026B']['1M0-SCICAM-NIGHTSHIFT'];
    expect(entry.min_allowable_ipp_value).toBe(0.5);
    expect(entry.max_allowable_ipp_value).toBeLessThanOrEqual(2);
    expect(entry.request_duration).toBeCloseTo(ok.json.request_durations.duration / 3600, 6);
  });

  it('debits IPP time at submission for ipp > 1 and credits it back on cancel', async () => {
    const ippOf = async () =>
      (await f.database.db.selectFrom('time_allocations').select(['ipp_time_available', 'instrument_types_json']).where('proposal_id', '=', 'NS2026-GAL').where('semester_id', '=', '2026B').execute()).find((a) => a.instrument_types_json.includes('1M0'))!.ipp_time_available;
    const start = await ippOf();
    const created = await f.call('POST', '/api/requestgroups/', { body: demoGroup({ name: 'ipp', ipp_value: 1.5 }) });
    expect(created.status).toBe(201);
    const hours = created.json.requests[0].duration / 3600;
    expect(await ippOf()).toBeCloseTo(start - 0.5 * hours, 9);
    const canceled = await f.call('POST', `/api/requestgroups/${created.json.id}/cancel/`);
    expect(canceled.status).toBe(200);
    expect(canceled.json.state).toBe('CANCELED');
    expect(canceled.json.requests[0].state).toBe('CANCELED');
    expect(await ippOf()).toBeCloseTo(start, 9);
    const again = await f.call('POST', `/api/requestgroups/${created.json.id}/cancel/`);
    expect(again.status).toBe(400);
    expect(again.json).toEqual({ errors: [`Cannot transition from request state CANCELED to CANCELED for ${created.json.id}`] });
    const history = await f.database.db.selectFrom('state_history').select(['from_state', 'to_state', 'reason']).where('entity', '=', 'request_group').where('entity_id', '=', created.json.id).orderBy('id').execute();
    expect(history.map((h) => h.to_state)).toEqual(['PENDING', 'CANCELED']);
  });

  it('lists with LimitOffset pagination and the real filter names', async () => {
    const page = await f.call('GET', '/api/requestgroups/?limit=3');
    expect(page.status).toBe(200);
    expect(page.json.results).toHaveLength(3);
    expect(page.json.previous).toBeNull();
    expect(page.json.next).toMatch(/limit=3&offset=3$/);
    const total = page.json.count as number;
    const second = await f.call('GET', new URL(page.json.next).pathname + new URL(page.json.next).search);
    expect(second.json.results[0].id).toBeLessThan(page.json.results[2].id);
    // Every filter reduces to exactly what it names.
    const byState = await f.call('GET', '/api/requestgroups/?state=CANCELED&limit=100');
    expect(byState.json.results.every((g: { state: string }) => g.state === 'CANCELED')).toBe(true);
    const excl = await f.call('GET', '/api/requestgroups/?exclude_state=CANCELED&limit=1');
    expect(excl.json.count).toBe(total - byState.json.count);
    const byTarget = await f.call('GET', '/api/requestgroups/?target=m1&limit=100');
    expect(byTarget.json.count).toBeGreaterThan(0);
    expect(byTarget.json.results.every((g: any) => g.requests.some((r: any) => r.configurations.some((c: any) => /m1/i.test(c.target.name))))).toBe(true);
    const req = page.json.results[0].requests[0];
    const byRequest = await f.call('GET', `/api/requestgroups?request_id=${req.id}`);
    expect(byRequest.json.count).toBe(1);
    expect(byRequest.json.results[0].id).toBe(page.json.results[0].id);
    const byClass = await f.call('GET', '/api/requestgroups/?telescope_class=0m4&limit=100');
    expect(byClass.json.results.every((g: any) => g.requests.some((r: any) => r.location.telescope_class === '0m4'))).toBe(true);
    const byUser = await f.call('GET', '/api/requestgroups/?user=alice&limit=100');
    expect(byUser.json.results.every((g: any) => g.submitter === 'alice')).toBe(true);
    const byName = await f.call('GET', '/api/requestgroups/?name=IPP&limit=100');
    expect(byName.json.results.map((g: any) => g.name)).toContain('ipp');
    const created = await f.call('GET', '/api/requestgroups/?created_after=2030-01-01T00:00:00Z');
    expect(created.json.count).toBe(0);
    const badTime = await f.call('GET', '/api/requestgroups/?created_after=yesterday');
    expect(badTime.status).toBe(400);
    expect(badTime.json).toEqual({ created_after: ['Enter a valid date/time.'] });
    const asc = await f.call('GET', '/api/requestgroups/?order=id&limit=2');
    expect(asc.json.results[0].id).toBeLessThan(asc.json.results[1].id);
  });

  it('scopes reads and writes to proposal membership', async () => {
    // alice is on NS2026-VAR only; bob's group on NS2026-GAL is invisible to her.
    const alice = await f.call('GET', '/api/requestgroups/?limit=100', { token: f.tokens['alice'] });
    expect(alice.json.results.every((g: any) => g.proposal === 'NS2026-VAR' || ['NS2026-SOL', 'NS2026-CAL'].includes(g.proposal))).toBe(true);
    const notMine = await f.call('POST', '/api/requestgroups/', { token: f.tokens['alice'], body: demoGroup() });
    expect(notMine.status).toBe(400);
    expect(notMine.json.non_field_errors).toEqual(['You do not belong to the proposal you are trying to submit with']);
    const gal = (await f.call('GET', '/api/requestgroups/?proposal=NS2026-GAL&limit=1')).json.results[0];
    expect((await f.call('GET', `/api/requestgroups/${gal.id}/`, { token: f.tokens['alice'] })).status).toBe(404);
    // Anonymous: public proposals only; no writes.
    const anon = await f.call('GET', '/api/requestgroups/?limit=100', { token: null });
    expect(anon.json.results.every((g: any) => ['NS2026-SOL', 'NS2026-CAL'].includes(g.proposal))).toBe(true);
    expect((await f.call('GET', '/api/requestgroups/?limit=101', { token: null })).status).toBe(400);
    expect((await f.call('POST', '/api/requestgroups/', { token: null, body: demoGroup() })).json).toEqual({ detail: 'Authentication credentials were not provided.' });
    expect((await f.call('GET', '/api/requestgroups/', { token: 'not-a-token' })).status).toBe(401);
    // The data dir's access token acts as the staff demo user.
    const staff = await f.call('POST', '/api/requestgroups/', { token: ACCESS_TOKEN, body: demoGroup({ name: 'via access token' }) });
    expect(staff.status).toBe(201);
    expect(staff.json.submitter).toBe('demo');
  });

  it('lists requests with state and telescope_class filters', async () => {
    const r = await f.call('GET', '/api/requests/?state=PENDING&telescope_class=1m0&limit=5');
    expect(r.status).toBe(200);
    expect(r.json.results.length).toBeGreaterThan(0);
    expect(r.json.results.every((x: any) => x.state === 'PENDING' && x.location.telescope_class === '1m0')).toBe(true);
  });
});
