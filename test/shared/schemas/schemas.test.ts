import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  demoProposalsFileSchema, materializeDemoRequestGroups, parseOcsDatetimeMs, requestGroupSchema, toFieldErrors,
} from '../../../src-shared/schemas';

const load = (rel: string): unknown => JSON.parse(readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8'));
const errorsOf = (payload: unknown) => {
  const r = requestGroupSchema.safeParse(payload);
  return r.success ? {} : toFieldErrors(r.error.issues);
};
const cfg = (target: unknown) => ({
  type: 'EXPOSE', instrument_type: 'X', instrument_configs: [{ exposure_time: 1, exposure_count: 1 }],
  constraints: {}, acquisition_config: {}, guiding_config: {}, target,
});
const group = (target: unknown) => ({
  name: 'n', proposal: 'p', observation_type: 'NORMAL', operator: 'SINGLE', ipp_value: 1,
  requests: [{ location: { telescope_class: '1m0' }, windows: [{ end: '2027-01-01T00:00:00Z' }], configurations: [cfg(target)] }],
});
const targetErrors = (target: unknown) => {
  const e = errorsOf(group(target)) as { requests?: { configurations?: { target?: unknown }[] }[] };
  return e.requests?.[0]?.configurations?.[0]?.target ?? {};
};

describe('targets', () => {
  it('ICRS defaults and TOM-style nulls', () => {
    const g = requestGroupSchema.parse(group({ name: 'x', type: 'ICRS', ra: 1, dec: 2, proper_motion_ra: null, proper_motion_dec: null }));
    expect(g.requests[0]?.configurations[0]?.target).toMatchObject({ proper_motion_ra: 0, proper_motion_dec: 0, parallax: 0, epoch: 2000 });
  });
  it('rejects the obsolete SIDEREAL type by field', () => {
    expect(targetErrors({ name: 'x', type: 'SIDEREAL', ra: 1, dec: 2 })).toEqual({ type: ['"SIDEREAL" is not a valid choice.'] });
  });
  it('each orbital scheme requires its own fields', () => {
    const base = { name: 'c', type: 'ORBITAL_ELEMENTS', epochofel: 60000, orbinc: 1, longascnode: 1, eccentricity: 0.5 };
    expect(Object.keys(targetErrors({ ...base, scheme: 'MPC_COMET' })).sort()).toEqual(['argofperih', 'epochofperih', 'perihdist']);
    expect(Object.keys(targetErrors({ ...base, scheme: 'MPC_MINOR_PLANET' })).sort()).toEqual(['argofperih', 'meananom', 'meandist']);
    expect(Object.keys(targetErrors({ ...base, scheme: 'JPL_MAJOR_PLANET' })).sort()).toEqual(['argofperih', 'dailymot', 'meananom', 'meandist']);
    expect(Object.keys(targetErrors({ ...base, scheme: 'ASA_MAJOR_PLANET' })).sort()).toEqual(['dailymot', 'longofperih', 'meandist', 'meanlong']);
    expect(targetErrors({ ...base, scheme: 'NOPE' })).toEqual({ scheme: ['"NOPE" is not a valid choice.'] });
  });
  it('non-comet schemes need eccentricity ≤ 0.9', () => {
    const t = { name: 'a', type: 'ORBITAL_ELEMENTS', scheme: 'MPC_MINOR_PLANET', epochofel: 60000, orbinc: 1, longascnode: 1, eccentricity: 0.95, argofperih: 1, meandist: 2, meananom: 3 };
    expect(Object.keys(targetErrors(t))).toEqual(['eccentricity']);
    expect(targetErrors({ ...t, scheme: 'MPC_COMET', perihdist: 1, epochofperih: 60000 })).toEqual({});
  });
  it('satellite fields are all required', () => {
    expect(Object.keys(targetErrors({ name: 's', type: 'SATELLITE' })).length).toBe(7);
  });
});

describe('field coercion and errors', () => {
  it('string booleans and numbers are coerced (guiding optional, extra_params)', () => {
    const p = group({ name: 'x', type: 'ICRS', ra: '10.5', dec: 2 }) as { requests: { configurations: Record<string, unknown>[] }[] };
    const c = p.requests[0]?.configurations[0];
    if (!c) throw new Error('x');
    c['guiding_config'] = { optional: 'false', extra_params: { n: '3', b: 'True' } };
    const g = requestGroupSchema.parse(p);
    expect(g.requests[0]?.configurations[0]?.guiding_config).toMatchObject({ optional: false, extra_params: { n: 3, b: true } });
    expect(g.requests[0]?.configurations[0]?.target).toMatchObject({ ra: 10.5 });
  });
  it('windows with offsets are normalised to UTC', () => {
    expect(parseOcsDatetimeMs('2026-11-22T00:00:00-06:00')).toBe(Date.UTC(2026, 10, 22, 6));
    expect(parseOcsDatetimeMs('2026-02-30T00:00:00Z')).toBeNull();
    const g = requestGroupSchema.parse({ ...group({ name: 'x', type: 'ICRS', ra: 1, dec: 2 }), requests: [{ windows: [{ start: '2026-11-22T00:00:00-06:00', end: '2026-11-23T00:00:00+00:00' }], configurations: [cfg({ name: 'x', type: 'ICRS', ra: 1, dec: 2 })] }] });
    expect(g.requests[0]?.windows[0]).toEqual({ start: '2026-11-22T06:00:00Z', end: '2026-11-23T00:00:00Z' });
  });
  it('nested lists keep one entry per element with {} for valid ones', () => {
    const p = group({ name: 'x', type: 'ICRS', ra: 1, dec: 2 }) as { requests: { configurations: { instrument_configs: unknown[] }[] }[] };
    const c = p.requests[0]?.configurations[0];
    if (!c) throw new Error('x');
    c.instrument_configs = [{ exposure_time: 1, exposure_count: 1 }, { exposure_time: 1, exposure_count: 0 }];
    expect(errorsOf(p)).toEqual({ requests: [{ configurations: [{ instrument_configs: [{}, { exposure_count: ['Ensure this value is greater than or equal to 1.'] }] }] }] });
  });
  it('wrong container types give DRF messages', () => {
    expect(errorsOf({ ...group(null), requests: 'x' })).toMatchObject({ requests: ['Expected a list of items but got type "str".'] });
    expect(targetErrors('x')).toEqual(['Invalid data. Expected a dictionary, but got str.']);
  });
});

describe('demo files', () => {
  const semesters = demoProposalsFileSchema.parse(load('../../../resources/demo/proposals.json')).semesters;
  const file = load('../../../resources/demo/requestgroups.json');
  const seed = Date.UTC(2026, 10, 21, 12);
  it('materialise into valid OCS payloads with windows relative to the seed', () => {
    const subs = materializeDemoRequestGroups(file, seed, semesters);
    expect(subs.length).toBeGreaterThanOrEqual(20);
    for (const s of subs) expect(errorsOf(s.payload)).toEqual({});
    const first = requestGroupSchema.parse(subs[0]?.payload);
    expect(first.requests[0]?.windows[0]?.start).toBe('2026-11-21T12:00:00Z');
  });
  it('windows are clipped to the semester of the first window', () => {
    const nearEnd = Date.UTC(2027, 0, 25);
    const subs = materializeDemoRequestGroups(file, nearEnd, semesters);
    for (const s of subs) {
      const g = requestGroupSchema.parse(s.payload);
      for (const r of g.requests) for (const w of r.windows) expect(parseOcsDatetimeMs(w.end) ?? Infinity).toBeLessThanOrEqual(Date.UTC(2027, 1, 1));
    }
  });
  it('covers the brief: SINGLE/MANY, three observation types, orbital elements', () => {
    const subs = materializeDemoRequestGroups(file, seed);
    const gs = subs.map((s) => requestGroupSchema.parse(s.payload));
    expect(new Set(gs.map((g) => g.operator))).toEqual(new Set(['SINGLE', 'MANY']));
    expect(new Set(gs.map((g) => g.observation_type))).toEqual(new Set(['NORMAL', 'TIME_CRITICAL', 'RAPID_RESPONSE']));
    expect(gs.some((g) => g.requests.some((r) => r.configurations.some((c) => c.target.type === 'ORBITAL_ELEMENTS')))).toBe(true);
  });
});
