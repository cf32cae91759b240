/**
 * Property: whatever JSON a client sends to `/api/requestgroups/` or `/validate/`, the portal
 * answers without crashing, never with a 5xx, and every rejection is keyed by field (DRF shape).
 * 10,000 bodies to each endpoint: random JSON, and the valid demo group with random mutations at known paths.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoGroup, startPortal, type PortalFixture } from './portal-fixture';

const PATHS: (string | number)[][] = [
  [], ['name'], ['proposal'], ['observation_type'], ['operator'], ['ipp_value'], ['requests'], ['requests', 0],
  ['requests', 0, 'location'], ['requests', 0, 'location', 'telescope_class'], ['requests', 0, 'location', 'site'],
  ['requests', 0, 'windows'], ['requests', 0, 'windows', 0], ['requests', 0, 'windows', 0, 'start'], ['requests', 0, 'windows', 0, 'end'],
  ['requests', 0, 'configurations'], ['requests', 0, 'configurations', 0], ['requests', 0, 'configurations', 0, 'type'],
  ['requests', 0, 'configurations', 0, 'instrument_type'], ['requests', 0, 'configurations', 0, 'repeat_duration'],
  ['requests', 0, 'configurations', 0, 'target'], ['requests', 0, 'configurations', 0, 'target', 'type'],
  ['requests', 0, 'configurations', 0, 'target', 'ra'], ['requests', 0, 'configurations', 0, 'target', 'dec'],
  ['requests', 0, 'configurations', 0, 'target', 'name'], ['requests', 0, 'configurations', 0, 'target', 'scheme'],
  ['requests', 0, 'configurations', 0, 'constraints'], ['requests', 0, 'configurations', 0, 'constraints', 'max_airmass'],
  ['requests', 0, 'configurations', 0, 'acquisition_config', 'mode'], ['requests', 0, 'configurations', 0, 'guiding_config'],
  ['requests', 0, 'configurations', 0, 'guiding_config', 'optional'], ['requests', 0, 'configurations', 0, 'instrument_configs'],
  ['requests', 0, 'configurations', 0, 'instrument_configs', 0, 'exposure_time'], ['requests', 0, 'configurations', 0, 'instrument_configs', 0, 'exposure_count'],
  ['requests', 0, 'configurations', 0, 'instrument_configs', 0, 'mode'], ['requests', 0, 'configurations', 0, 'instrument_configs', 0, 'optical_elements'],
  ['requests', 0, 'configurations', 0, 'instrument_configs', 0, 'rois'], ['requests', 0, 'configurations', 0, 'instrument_configs', 0, 'extra_params'],
  ['requests', 0, 'configuration_repeats'], ['requests', 0, 'acceptability_threshold'], ['requests', 0, 'extra_params'],
];

const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, '', ' ', 'NaN', '1e999', -1, 0, 1e308, -1e308, 2 ** 53, 'true', 'SINGLE', 'MANY', 'ICRS', 'ORBITAL_ELEMENTS', 'HOUR_ANGLE', 'SATELLITE', 'DIRECT', 'REPEAT_EXPOSE', '2026-11-22T00:00:00Z', '2026-02-30T25:61:00Z', '1m0', '0m4', '💥'.repeat(60), [], {}, [{}], [[[]]]),
);

type Mutation = { path: (string | number)[]; op: 'set' | 'delete'; value: unknown };
const mutation = fc.record({ path: fc.constantFrom(...PATHS), op: fc.constantFrom('set' as const, 'delete' as const), value: nasty });

function mutate(base: unknown, muts: Mutation[]): unknown {
  let root = structuredClone(base);
  for (const m of muts) {
    if (m.path.length === 0) {
      if (m.op === 'set') root = structuredClone(m.value);
      continue;
    }
    let node: any = root;
    for (const k of m.path.slice(0, -1)) {
      if (node === null || typeof node !== 'object') break;
      node = node[k];
    }
    if (node === null || typeof node !== 'object') continue;
    const last = m.path.at(-1)!;
    if (m.op === 'delete') delete node[last];
    else node[last] = structuredClone(m.value);
  }
  return root;
}

/** True when `e` is a DRF error object: keys → list of messages, nested object, or list of objects. */
function fieldKeyed(e: unknown, top = true): boolean {
  if (e === null || typeof e !== 'object' || Array.isArray(e)) return false;
  const entries = Object.entries(e);
  if (top && entries.length === 0) return false;
  if (top && 'detail' in e) return false;
  return entries.every(([, v]) =>
    Array.isArray(v) ? v.every((x) => typeof x === 'string' || fieldKeyed(x, false)) : fieldKeyed(v, false),
  );
}

describe('portal request-group endpoints under random and mutated input', () => {
  let f: PortalFixture;
  beforeAll(async () => {
    f = await startPortal({ noFsync: true });
  });
  afterAll(() => f.close());

  const body = fc.oneof(
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 4, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }).map((m) => mutate(demoGroup(), m)) },
  );
  let statuses: Record<number, number> = {};

  const post = async (path: string, value: unknown) => {
    const res = await fetch(`${f.url}${path}`, { method: 'POST', headers: { Authorization: `Token ${f.tokens['demo']}`, 'Content-Type': 'application/json' }, body: JSON.stringify(value) });
    return { status: res.status, json: (await res.json()) as unknown };
  };

  it('create: 10,000 bodies, 0 crashes, 0 5xx, every rejection field-keyed', async () => {
    statuses = {};
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const r = await post('/api/requestgroups/', value);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        if (r.status === 201) return typeof (r.json as { id?: unknown }).id === 'number';
        return r.status === 400 && fieldKeyed(r.json);
      }),
      { numRuns: 10_000, seed: 20261121 },
    );
    // The mix really exercises both outcomes.
    expect(statuses[201]).toBeGreaterThan(50);
    expect(statuses[400]).toBeGreaterThan(1000);
    expect(f.logLines.filter((l) => l.includes('portal request failed'))).toEqual([]);
  }, 180_000);

  it('validate: 10,000 bodies, always 200 with {request_durations, errors} and field-keyed errors', async () => {
    let withErrors = 0;
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const r = await post('/api/requestgroups/validate/', value);
        if (r.status !== 200) return false;
        const { errors, request_durations } = r.json as { errors: unknown; request_durations: unknown };
        if (typeof request_durations !== 'object' || request_durations === null) return false;
        if (errors !== null && typeof errors === 'object' && Object.keys(errors).length === 0) return true;
        withErrors++;
        return fieldKeyed(errors);
      }),
      { numRuns: 10_000, seed: 20261122 },
    );
    expect(withErrors).toBeGreaterThan(1000);
  }, 180_000);
});
