import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPassword } from '../../../src-main/portal';
import { ACCESS_TOKEN, RESOURCES_DIR, demoGroup, startPortal, type PortalFixture } from './portal-fixture';

describe('OCS API: accounts, observatory, downtime and bad input', () => {
  let f: PortalFixture;
  beforeAll(async () => {
    f = await startPortal();
  });
  afterAll(() => f.close());

  it('api-token-auth trades a password (or, for demo, the access token) for the user token', async () => {
    await setPassword(f.database.db, 'alice', 'correct horse');
    const ok = await f.call('POST', '/api/api-token-auth/', { token: null, body: { username: 'alice', password: 'correct horse' } });
    expect(ok).toEqual({ status: 200, json: { token: f.tokens['alice'] } });
    const bad = await f.call('POST', '/api/api-token-auth/', { token: null, body: { username: 'alice', password: 'nope' } });
    expect(bad).toEqual({ status: 400, json: { non_field_errors: ['Unable to log in with provided credentials.'] } });
    const demo = await f.call('POST', '/api/api-token-auth/', { token: null, body: { username: 'demo', password: ACCESS_TOKEN } });
    expect(demo.json).toEqual({ token: f.tokens['demo'] });
    expect((await f.call('POST', '/api/api-token-auth/', { token: null, body: {} })).json).toEqual({ username: ['This field is required.'], password: ['This field is required.'] });
  });

  it('profile lists the user proposals with current flags and the token', async () => {
    const r = await f.call('GET', '/api/profile/', { token: f.tokens['bob'] });
    expect(r.status).toBe(200);
    expect(r.json.username).toBe('bob');
    expect(r.json.tokens.api_token).toBe(f.tokens['bob']);
    expect(r.json.proposals.map((p: any) => p.id).sort()).toEqual(['NS2026-GAL', 'NS2026-SOL']);
    expect(r.json.proposals.every((p: any) => p.current === true)).toBe(true);
    expect(r.json.available_instrument_types).toContain('1M0-SCICAM-NIGHTSHIFT');
    expect((await f.call('GET', '/api/profile/', { token: null })).status).toBe(401);
  });

  it('proposals and semesters carry OCS shapes and filters', async () => {
    const mine = await f.call('GET', '/api/proposals/', { token: f.tokens['alice'] });
    expect(mine.json.results.map((p: any) => p.id)).toEqual(['NS2026-VAR']);
    const all = await f.call('GET', '/api/proposals/?limit=50');
    expect(all.json.count).toBe(4);
    const p = all.json.results.find((x: any) => x.id === 'NS2026-GAL');
    expect(p.pis.map((x: any) => x.username)).toEqual(['demo']);
    expect(p.timeallocation_set.find((a: any) => a.semester === '2026B')).toMatchObject({ proposal: 'NS2026-GAL', instrument_types: expect.any(Array) });
    expect((await f.call('GET', '/api/proposals/?direct_submission=true&public=true')).json.results.map((x: any) => x.id)).toEqual(['NS2026-CAL', 'NS2026-SOL']);
    const sem = await f.call('GET', '/api/semesters/?semester_contains=2026-11-21T12:00:00Z', { token: null });
    expect(sem.json.results).toEqual([{ id: '2026B', start: '2026-08-01T00:00:00Z', end: '2027-02-01T00:00:00Z' }]);
    expect((await f.call('GET', '/api/semesters/2027A/', { token: null })).json.id).toBe('2027A');
  });

  it('serves /api/instruments/ and the stored configdb /sites/ dump', async () => {
    const inst = await f.call('GET', '/api/instruments/', { token: null });
    expect(Object.keys(inst.json).sort()).toEqual(['0M4-SCICAM-NIGHTSHIFT', '1M0-SCICAM-NIGHTSHIFT']);
    const one = inst.json['1M0-SCICAM-NIGHTSHIFT'];
    expect(one).toMatchObject({ class: '1m0', type: 'IMAGE', default_configuration_type: 'EXPOSE' });
    expect(one.optical_elements.filters.map((e: any) => e.code)).toContain('rp');
    expect(one.modes.readout.default).toBe('full_frame');
    const sites = await f.call('GET', '/sites/', { token: null });
    expect(sites.json).toEqual(JSON.parse(readFileSync(join(RESOURCES_DIR, 'demo/sites.json'), 'utf8')));
  });

  it('downtime: staff create, anyone lists with the downtime filters; telescope_states reflect it', async () => {
    const body = { start: '2026-11-22T00:00:00Z', end: '2026-11-22T06:00:00Z', site: 'tfn', enclosure: 'doma', telescope: '1m0a', reason: 'Mirror realuminising' };
    expect((await f.call('POST', '/downtime/api/', { token: f.tokens['bob'], body })).status).toBe(403);
    const created = await f.call('POST', '/downtime/api/', { body });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ ...body, instrument_type: '' });
    const unknown = await f.call('POST', '/downtime/api/', { body: { ...body, telescope: 'zzzz' } });
    expect(unknown.status).toBe(400);
    const list = await f.call('GET', '/downtime/api/?ends_after=2026-11-21T00:00:00Z&starts_before=2026-11-23T00:00:00Z&site=tfn', { token: null });
    expect(list.json.count).toBe(1);
    expect((await f.call('GET', '/downtime/api/?starts_after=2026-11-23T00:00:00Z', { token: null })).json.count).toBe(0);
    const states = await f.call('GET', '/api/telescope_states/?start=2026-11-21T18:00:00Z&end=2026-11-22T12:00:00Z', { token: null });
    expect(Object.keys(states.json).sort()).toEqual(['tfn.clma.0m4a', 'tfn.doma.1m0a']);
    expect(states.json['tfn.doma.1m0a'].map((e: any) => [e.event_type, e.start, e.end])).toEqual([
      ['AVAILABLE', '2026-11-21T18:00:00Z', '2026-11-22T00:00:00Z'],
      ['NOT_AVAILABLE', '2026-11-22T00:00:00Z', '2026-11-22T06:00:00Z'],
      ['AVAILABLE', '2026-11-22T06:00:00Z', '2026-11-22T12:00:00Z'],
    ]);
    expect((await f.call('DELETE', `/downtime/api/${created.json.id}/`)).status).toBe(204);
    expect((await f.call('GET', `/downtime/api/${created.json.id}/`, { token: null })).status).toBe(404);
  });

  it('bad input: malformed JSON, huge bodies, wrong types, unicode, unknown paths — 4xx, never 5xx', async () => {
    const malformed = await f.call('POST', '/api/requestgroups/', { raw: '{"name": ', headers: { 'Content-Type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.detail).toMatch(/^JSON parse error/);
    const huge = await f.call('POST', '/api/requestgroups/', { raw: Buffer.alloc(10 * 1024 * 1024, 0x20), headers: { 'Content-Type': 'application/json' } });
    expect(huge.status).toBe(413);
    expect(huge.json.detail).toMatch(/too large/);
    const list = await f.call('POST', '/api/requestgroups/', { body: [1, 2] });
    expect(list.json).toEqual({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
    const types = await f.call('POST', '/api/requestgroups/', { body: demoGroup({ ipp_value: 'lots', requests: 'none' }) });
    expect(types.status).toBe(400);
    expect(types.json.ipp_value).toEqual(['A valid number is required.']);
    expect(types.json.requests[0]).toMatch(/Expected a list/);
    const absurd = await f.call('POST', '/api/requestgroups/', { body: demoGroup({}, { instrument_configs: [{ exposure_time: 1e308, exposure_count: 1e12, optical_elements: { filter: 'V' } }] }) });
    expect(absurd.status).toBeLessThan(500);
    const unicode = await f.call('POST', '/api/requestgroups/', { body: demoGroup({ name: 'Ωmega ☄ 彗星' }) });
    expect(unicode.status).toBe(201);
    expect(unicode.json.name).toBe('Ωmega ☄ 彗星');
    const unknownFilter = await f.call('POST', '/api/requestgroups/', { body: demoGroup({}, { instrument_configs: [{ exposure_time: 1, exposure_count: 1, optical_elements: { filter: 'Zz' } }] }) });
    expect(unknownFilter.status).toBe(400);
    expect(JSON.stringify(unknownFilter.json)).toMatch(/optical_elements|filter/);
    expect(await f.call('GET', '/api/nothing-here/')).toEqual({ status: 404, json: { detail: 'Not found.' } });
    expect(await f.call('PUT', '/api/requestgroups/')).toEqual({ status: 405, json: { detail: 'Method "PUT" not allowed.' } });
    expect(f.logLines.filter((l) => l.includes('portal request failed'))).toEqual([]);
  });
});
