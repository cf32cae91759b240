import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportSites, importSites, instrumentsApi } from '../../../src-main/configdb';
import { buildConfigdbIndex, telescopeClassFromAperture } from '../../../src-shared/ocs';

const load = (rel: string): unknown => JSON.parse(readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8'));
const demo = load('../../../resources/demo/sites.json');

describe('configdb /sites/ import and export', () => {
  it('a complete dump (the demo observatory) round-trips byte-for-byte as JSON', () => {
    const r = importSites(demo);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(JSON.parse(JSON.stringify(exportSites(r.sites)))).toEqual(demo);
  });
  it('a sparse dump is completed with configdb defaults and is then stable', () => {
    const r = importSites(load('../../fixtures/configdb/portal-like-sites.json'));
    if (!r.ok) throw new Error('fixture');
    const once = JSON.parse(JSON.stringify(exportSites(r.sites))) as unknown;
    const again = importSites(once);
    if (!again.ok) throw new Error('re-import');
    expect(JSON.parse(JSON.stringify(exportSites(again.sites)))).toEqual(once);
  });
  it('bad input gives field-keyed errors, never a throw', () => {
    const r = importSites({ results: [{ code: 'tfn', enclosure_set: [{ code: 'doma', telescope_set: [{ code: 'x', aperture: 'big' }] }] }] });
    expect(r.ok).toBe(false);
    expect(importSites('nope').ok).toBe(false);
  });
  it('telescope class follows configdb: floor + round(frac × 10)', () => {
    expect([1.0, 0.4, 2.0, 0.35, 1.96].map(telescopeClassFromAperture)).toEqual(['1m0', '0m4', '2m0', '0m4', '2m0']);
  });
});

describe('/api/instruments/ shape', () => {
  const r = importSites(demo);
  if (!r.ok) throw new Error('demo');
  const api = instrumentsApi(buildConfigdbIndex(r.sites));
  it('lists both demo instrument types with what TOM Toolkit reads', () => {
    expect(Object.keys(api).sort()).toEqual(['0M4-SCICAM-NIGHTSHIFT', '1M0-SCICAM-NIGHTSHIFT']);
    const one = api['1M0-SCICAM-NIGHTSHIFT'];
    expect(one?.class).toBe('1m0');
    expect(one?.type).toBe('IMAGE');
    expect(one?.optical_elements['filters']?.map((f) => f.code)).toContain('V');
    expect(one?.optical_elements['filters']?.find((f) => f.default)?.code).toBe('rp');
    expect(Object.keys(one?.modes ?? {}).sort()).toEqual(['acquisition', 'guiding', 'readout']);
    expect(one?.configuration_types['EXPOSE']?.schedulable).toBe(true);
    expect(one?.default_configuration_type).toBe('EXPOSE');
    // 4096 px × √2 × 0.389″ / 60 = 37.56′ diagonal
    expect(one?.camera_type.science_field_of_view).toBeCloseTo((4096 * Math.SQRT2 * 0.389) / 60, 6);
  });
  it('filters by telescope class and site', () => {
    const idx = buildConfigdbIndex(r.sites);
    expect(Object.keys(instrumentsApi(idx, { telescope_class: '0m4' }))).toEqual(['0M4-SCICAM-NIGHTSHIFT']);
    expect(Object.keys(instrumentsApi(idx, { site: 'xxx' }))).toEqual([]);
  });
});
