/**
 * The call sequence of TOM Toolkit's OCS facility (spec ocs-clients.md §1.3), against a real
 * Nightshift portal over HTTP: instruments, profile, validate, create, request status (no
 * trailing slash), observations (bare list), request-group lookup by request id (no slash
 * before `?`), cancel. The payload is the one TOM's OCSFullObservationForm sends (§1.4): windows
 * with a UTC offset, null proper motions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type PortalFixture } from '../../main/portal/portal-fixture';

describe('TOM Toolkit OCS facility sequence', () => {
  let f: PortalFixture;
  let headers: Record<string, string>;
  const get = async (path: string) => {
    const res = await fetch(new URL(path, f.url), { headers });
    return { status: res.status, json: await res.json() };
  };
  const post = async (path: string, body?: unknown) => {
    const res = await fetch(new URL(path, f.url), { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: await res.json() };
  };
  beforeAll(async () => {
    f = await startPortal();
    headers = { Authorization: `Token ${f.tokens['demo']}` };
  });
  afterAll(() => f.close());

  it('instruments → profile → validate → create → status → observations → cancel', async () => {
    // 1. Instruments: every entry has class, name, type and plural optical element groups.
    const instruments = await get('/api/instruments/');
    expect(instruments.status).toBe(200);
    const code = '1M0-SCICAM-NIGHTSHIFT';
    const inst = instruments.json[code];
    expect(inst).toMatchObject({ class: '1m0', type: 'IMAGE', name: expect.any(String) });
    for (const group of Object.keys(inst.optical_elements)) expect(group.endsWith('s')).toBe(true);
    expect(inst.optical_elements.filters.every((e: any) => typeof e.schedulable === 'boolean')).toBe(true);
    expect(inst.configuration_types.EXPOSE.schedulable).toBe(true);

    // 2. Profile: current proposals.
    const profile = await get('/api/profile/');
    const proposal = profile.json.proposals.find((p: any) => p.current && p.id === 'NS2026-GAL');
    expect(proposal).toBeDefined();

    // 3. The form's payload (TOM's TIME_ZONE here is America/Chicago: −06:00).
    const payload = {
      name: 'TOM test', proposal: proposal.id, ipp_value: 1.05, operator: 'SINGLE', observation_type: 'NORMAL',
      requests: [{
        optimization_type: 'TIME', configuration_repeats: 1,
        configurations: [{
          type: 'EXPOSE', instrument_type: code,
          instrument_configs: [{ exposure_count: 2, exposure_time: 30.0, optical_elements: { filter: 'V' }, mode: 'full_frame' }],
          acquisition_config: {}, guiding_config: {}, constraints: { max_airmass: 1.6 },
          target: { name: 'SN 2026abc', type: 'ICRS', ra: 150.1, dec: -20.5, proper_motion_ra: null, proper_motion_dec: null, epoch: 2000.0 },
        }],
        windows: [{ start: '2026-11-22T00:00:00-06:00', end: '2026-11-23T00:00:00-06:00' }],
        location: { telescope_class: inst.class },
      }],
    };
    const validated = await post('/api/requestgroups/validate/', payload);
    expect(validated.status).toBe(200);
    expect(validated.json.errors).toEqual({});
    expect(validated.json.request_durations.duration).toBeGreaterThan(0);

    // 4. Submit: TOM keeps requests[].id as observation ids.
    const created = await post('/api/requestgroups/', payload);
    expect(created.status).toBe(201);
    const requestId: number = created.json.requests[0].id;
    expect(created.json.requests[0].windows[0]).toEqual({ start: '2026-11-22T06:00:00Z', end: '2026-11-23T06:00:00Z' });
    expect(created.json.requests[0].duration).toBe(validated.json.request_durations.duration);

    // 5. Status without a trailing slash.
    const status = await get(`/api/requests/${requestId}`);
    expect(status.status).toBe(200);
    expect(status.json.state).toBe('PENDING');

    // 6. Observations: a bare list.
    const observations = await get(`/api/requests/${requestId}/observations/`);
    expect(Array.isArray(observations.json)).toBe(true);

    // 7. Cancel: find the group by request id (no slash before ?), then cancel it.
    const lookup = await get(`/api/requestgroups?request_id=${requestId}`);
    expect(lookup.json.count).toBe(1);
    const canceled = await post(`/api/requestgroups/${lookup.json.results[0].id}/cancel/`);
    expect(canceled.status).toBe(200);
    expect(canceled.json.state).toBe('CANCELED');
    expect((await get(`/api/requests/${requestId}`)).json.state).toBe('CANCELED');

    // 8. Facility status: keys with exactly three dot-separated parts.
    const states = await get('/api/telescope_states/');
    for (const key of Object.keys(states.json)) expect(key.split('.')).toHaveLength(3);

    // Bad credentials are 401 (TOM: ImproperCredentialsException).
    const bad = await fetch(new URL('/api/profile/', f.url), { headers: { Authorization: 'Token wrong' } });
    expect(bad.status).toBe(401);
  });
});
