import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoGroup, startPortal, type PortalFixture } from './portal-fixture';

const configOf = (over: Record<string, unknown> = {}) => {
  const g = demoGroup({}, over) as { requests: { configurations: Record<string, unknown>[] }[] };
  return g.requests[0]!.configurations[0]!;
};
const requestOf = (over: Record<string, unknown> = {}) => (demoGroup({}, over) as { requests: Record<string, unknown>[] }).requests[0]!;

describe('OCS API: dither, mosaic and cadence expansion', () => {
  let f: PortalFixture;
  beforeAll(async () => {
    f = await startPortal();
  });
  afterAll(() => f.close());

  it('dither: every instrument config repeated at each offset, pattern recorded, result submittable', async () => {
    const configuration = configOf({
      instrument_configs: [
        { exposure_time: 30, exposure_count: 1, optical_elements: { filter: 'V' } },
        { exposure_time: 60, exposure_count: 1, optical_elements: { filter: 'B' } },
      ],
    });
    const r = await f.call('POST', '/api/configurations/dither/', { body: { configuration, pattern: 'line', num_points: 3, point_spacing: 10, center: true } });
    expect(r.status).toBe(200);
    const ics = r.json.instrument_configs as { optical_elements: { filter: string }; extra_params: { offset_ra: number; offset_dec: number } }[];
    expect(ics).toHaveLength(6);
    expect(ics.map((i) => [i.optical_elements.filter, i.extra_params.offset_ra, i.extra_params.offset_dec])).toEqual([
      ['V', 0, -10], ['B', 0, -10], ['V', 0, 0], ['B', 0, 0], ['V', 0, 10], ['B', 0, 10],
    ]);
    expect(r.json.extra_params.dither_pattern).toBe('line');
    // Modes were defaulted as the portal stores them.
    expect(typeof (r.json.instrument_configs[0] as { mode: string }).mode).toBe('string');
    // The alias path answers the same, and the expanded configuration validates as a submission.
    const alias = await f.call('POST', '/api/requestgroups/dither/', { body: { configuration, pattern: 'line', num_points: 3, point_spacing: 10, center: true } });
    expect(alias.json).toEqual(r.json);
    const v = await f.call('POST', '/api/requestgroups/validate/', { body: demoGroup({}, r.json) });
    expect(v.json.errors).toEqual({});
  });

  it('dither: errors are field-keyed', async () => {
    const configuration = configOf();
    const missing = await f.call('POST', '/api/configurations/dither/', { body: { configuration, pattern: 'line', point_spacing: 10 } });
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({ non_field_errors: ['Must specify num_points when selecting a line or spiral pattern'] });
    const grid = await f.call('POST', '/api/configurations/dither/', { body: { configuration, pattern: 'grid', num_rows: 2, point_spacing: 10 } });
    expect(grid.json.non_field_errors[0]).toMatch(/num_rows and num_columns/);
    const bad = await f.call('POST', '/api/configurations/dither/', { body: { configuration: { ...configuration, instrument_type: 'NOPE' }, pattern: 'zigzag', num_points: 2 } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json).sort()).toEqual(['pattern', 'point_spacing']);
    const badType = await f.call('POST', '/api/configurations/dither/', { body: { configuration: { ...configuration, instrument_type: 'NOPE' }, pattern: 'spiral', num_points: 2, point_spacing: 1 } });
    expect(badType.json.configuration.instrument_type[0]).toMatch(/Invalid instrument type NOPE/);
    const absurd = await f.call('POST', '/api/configurations/dither/', { body: { configuration, pattern: 'spiral', num_points: 1e9, point_spacing: 1 } });
    expect(absurd.status).toBe(400);
    expect(absurd.json.num_points).toBeDefined();
    const anon = await f.call('POST', '/api/configurations/dither/', { token: null, body: { configuration, pattern: 'line', num_points: 2, point_spacing: 1 } });
    expect(anon.status).toBe(401);
  });

  it('mosaic: one configuration per pointing, targets moved on the sky, pattern on the request', async () => {
    const request = requestOf({ target: { name: 'M31', type: 'ICRS', ra: 10.68, dec: 41.27 } });
    const r = await f.call('POST', '/api/requests/mosaic/', { body: { request, pattern: 'grid', num_rows: 2, num_columns: 2, point_spacing: 600, line_spacing: 900 } });
    expect(r.status).toBe(200);
    const configs = r.json.configurations as { target: { ra: number; dec: number } }[];
    expect(configs).toHaveLength(4);
    // Grid corners: (0,0), (0,+600"), (+900",+600"), (+900",0); RA offsets divided by cos of the new Dec.
    const cosAt = (dec: number) => Math.cos((dec * Math.PI) / 180);
    expect(configs[1]!.target.dec).toBeCloseTo(41.27 + 600 / 3600, 9);
    expect(configs[2]!.target.ra).toBeCloseTo(10.68 + 900 / 3600 / cosAt(41.27 + 600 / 3600), 9);
    expect(configs[3]!.target.dec).toBeCloseTo(41.27, 9);
    expect(r.json.extra_params.mosaic_pattern).toBe('grid');
    const v = await f.call('POST', '/api/requestgroups/validate/', { body: { ...demoGroup(), requests: [r.json] } });
    expect(v.json.errors).toEqual({});
  });

  it('mosaic: overlap percentages size the spacing from the camera field of view', async () => {
    // Demo 1 m camera: 4096 × 4096 px at 0.389″/px, orientation 0 → 1593.3″ square field.
    const fov = 4096 * 0.389;
    const request = requestOf({ target: { name: 'M31', type: 'ICRS', ra: 10.68, dec: 0 } });
    const r = await f.call('POST', '/api/requestgroups/mosaic/', { body: { request, pattern: 'line', num_points: 2, point_overlap_percent: 10 } });
    expect(r.status).toBe(200);
    const [a, b] = r.json.configurations as { target: { ra: number; dec: number } }[];
    expect((b!.target.dec - a!.target.dec) * 3600).toBeCloseTo(fov * 0.9, 6);
    const none = await f.call('POST', '/api/requests/mosaic/', { body: { request, pattern: 'line', num_points: 2 } });
    expect(none.json).toEqual({ non_field_errors: ['Must specify one of point_spacing or point_overlap_percent'] });
    const spiral = await f.call('POST', '/api/requests/mosaic/', { body: { request, pattern: 'spiral', num_points: 2, point_spacing: 1 } });
    expect(spiral.json.pattern).toBeDefined();
    const comet = requestOf({ target: { name: 'C', type: 'HOUR_ANGLE', hour_angle: 1, dec: 10 } });
    const notIcrs = await f.call('POST', '/api/requests/mosaic/', { body: { request: comet, pattern: 'line', num_points: 2, point_spacing: 1 } });
    expect(notIcrs.json.request.non_field_errors[0]).toMatch(/only for ICRS Targets/);
  });

  it('cadence: one request per window, operator MANY, and the result creates', async () => {
    const group = demoGroup({ name: 'cadence' });
    const req = (group['requests'] as Record<string, unknown>[])[0]!;
    req['windows'] = [];
    req['cadence'] = { start: '2026-11-22T00:00:00Z', end: '2026-11-24T00:00:00Z', period: 12, jitter: 4 };
    const r = await f.call('POST', '/api/requestgroups/cadence/', { body: group });
    expect(r.status).toBe(200);
    expect(r.json.operator).toBe('MANY');
    const windows = (r.json.requests as { windows: { start: string; end: string }[]; cadence?: unknown }[]).map((q) => q.windows[0]);
    expect(windows).toEqual([
      { start: '2026-11-22T00:00:00Z', end: '2026-11-22T02:00:00Z' },
      { start: '2026-11-22T10:00:00Z', end: '2026-11-22T14:00:00Z' },
      { start: '2026-11-22T22:00:00Z', end: '2026-11-23T02:00:00Z' },
      { start: '2026-11-23T10:00:00Z', end: '2026-11-23T14:00:00Z' },
    ]); // the centre at the cadence end (24T00) makes no window
    expect((r.json.requests as { cadence?: unknown }[]).every((q) => q.cadence === undefined)).toBe(true);
    const created = await f.call('POST', '/api/requestgroups/', { body: r.json });
    expect(created.status).toBe(201);
    expect(created.json.requests).toHaveLength(4);
  });

  it('cadence: windows already over are dropped; errors are field-keyed', async () => {
    const base = () => {
      const g = demoGroup({ name: 'cadence' });
      const req = (g['requests'] as Record<string, unknown>[])[0]!;
      req['windows'] = [];
      return { g, req };
    };
    // Now is 2026-11-21T12:00Z: of windows centred 00:00, 08:00, 16:00 (±1 h) only the last is ahead.
    const { g, req } = base();
    req['cadence'] = { start: '2026-11-21T00:00:00Z', end: '2026-11-21T20:00:00Z', period: 8, jitter: 2 };
    const one = await f.call('POST', '/api/requestgroups/cadence/', { body: g });
    expect(one.status).toBe(200);
    expect(one.json.operator).toBe('SINGLE');
    expect(one.json.requests).toHaveLength(1);
    expect(one.json.requests[0].windows[0]).toEqual({ start: '2026-11-21T15:00:00Z', end: '2026-11-21T17:00:00Z' });

    req['cadence'] = { start: '2026-11-20T00:00:00Z', end: '2026-11-21T01:00:00Z', period: 8, jitter: 2 };
    const past = await f.call('POST', '/api/requestgroups/cadence/', { body: g });
    expect(past.status).toBe(400);
    expect(past.json.requests[0].cadence.end).toEqual(['End time must be in the future']);

    req['cadence'] = { start: '2026-11-23T00:00:00Z', end: '2026-11-22T00:00:00Z', period: 0.01, jitter: 'x' };
    const bad = await f.call('POST', '/api/requestgroups/cadence/', { body: g });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.requests[0].cadence).sort()).toEqual(['jitter', 'period']);

    req['cadence'] = { start: '2026-11-23T00:00:00Z', end: '2027-11-22T00:00:00Z', period: 0.02, jitter: 0.02 };
    const huge = await f.call('POST', '/api/requestgroups/cadence/', { body: g });
    expect(huge.status).toBe(400);
    expect(huge.json.requests[0].cadence.non_field_errors[0]).toMatch(/more than 1000 windows/);

    delete req['cadence'];
    const none = await f.call('POST', '/api/requestgroups/cadence/', { body: g });
    expect(none.json).toEqual({ requests: [{ cadence: ['This field is required.'] }] });

    const { g: g2, req: r2 } = base();
    r2['cadence'] = { start: '2026-11-22T00:00:00Z', end: '2026-11-24T00:00:00Z', period: 12, jitter: 4 };
    (r2['configurations'] as Record<string, unknown>[])[0]!['instrument_type'] = 'NOPE';
    const invalid = await f.call('POST', '/api/requestgroups/cadence/', { body: g2 });
    expect(invalid.status).toBe(400);
    expect(invalid.json.requests[0].configurations[0].instrument_type[0]).toMatch(/Invalid instrument type/);
  });
});
