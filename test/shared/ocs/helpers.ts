import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { requestGroupSchema, sitesResponseSchema } from '../../../src-shared/schemas';
import type { RequestGroupInput } from '../../../src-shared/schemas';
import { buildConfigdbIndex, overheadsFor } from '../../../src-shared/ocs';
import type { ConfigdbIndex, OverheadsLookup } from '../../../src-shared/ocs';

export function loadFixtureSites(name = 'portal-like-sites.json') {
  const path = fileURLToPath(new URL(`../../fixtures/configdb/${name}`, import.meta.url));
  return sitesResponseSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

export function fixtureIndex(): ConfigdbIndex {
  return buildConfigdbIndex(loadFixtureSites());
}

export function lookupFor(index: ConfigdbIndex): OverheadsLookup {
  return (code) => {
    const e = index.instrumentTypes.get(code);
    return e ? overheadsFor(e) : null;
  };
}

export function parseGroup(payload: unknown): RequestGroupInput {
  return requestGroupSchema.parse(payload);
}

export const sbigConfig = (over: Record<string, unknown> = {}) => ({
  type: 'EXPOSE',
  instrument_type: '1M0-SCICAM-SBIG',
  target: { name: 'M1', type: 'ICRS', ra: 83.63308, dec: 22.0145 },
  instrument_configs: [{ exposure_time: 30, exposure_count: 1, optical_elements: { filter: 'air' } }],
  constraints: {},
  acquisition_config: {},
  guiding_config: {},
  ...over,
});

export const groupWith = (requests: unknown[], over: Record<string, unknown> = {}) => ({
  name: 'test',
  proposal: 'TEST-001',
  observation_type: 'NORMAL',
  operator: requests.length > 1 ? 'MANY' : 'SINGLE',
  ipp_value: 1.0,
  requests,
  ...over,
});

export const requestWith = (configurations: unknown[], over: Record<string, unknown> = {}) => ({
  location: { telescope_class: '1m0' },
  windows: [{ start: '2026-12-01T00:00:00Z', end: '2026-12-08T00:00:00Z' }],
  configurations,
  ...over,
});
