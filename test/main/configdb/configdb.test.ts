import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportSites, importSites, instrumentsApi } from '../../../src-main/configdb';
import { buildConfigdbIndex, telescopeClassFromAperture, toTelescopeLimits } from '../../../src-shared/ocs';
import { flattenFieldErrors } from '../../../src-shared/schemas';

const load = (rel: string): unknown => JSON.parse(readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8'));
const demo = load('../../../resources/demo/sites.json');

describe('configdb /sites/ import and export', () => {
  it('a complete dump (the demo observatory) round-trips byte-for-byte as JSON', () => {
    const r = importSites(demo);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(JSON.parse(JSON.stringify(exportSites(r.sites)))).toEqual(demo);
    // The Nightshift extension rides along: the 0.4 m's horizon mask survives export → import.
    const tel = r.sites.results[0]?.enclosure_set.find((e) => e.code === 'clma')?.telescope_set[0];
    expect(tel?.horizon_mask?.length).toBeGreaterThanOrEqual(3);
    const again = importSites(JSON.parse(JSON.stringify(exportSites(r.sites))));
    expect(again.ok && again.sites.results[0]?.enclosure_set.find((e) => e.code === 'clma')?.telescope_set[0]?.horizon_mask).toEqual(tel?.horizon_mask);
  });
  it('an OCS dump without horizon_mask imports unchanged: no field is invented', () => {
    const raw = load('../../fixtures/configdb/portal-like-sites.json');
    expect(JSON.stringify(raw)).not.toContain('horizon_mask');
    const r = importSites(raw);
    if (!r.ok) throw new Error('fixture');
    expect(JSON.stringify(exportSites(r.sites))).not.toContain('horizon_mask');
    expect(r.sites.results.flatMap((s) => s.enclosure_set.flatMap((e) => e.telescope_set.map((t) => toTelescopeLimits(t, s.elevation).horizonMask)))).toEqual(
      r.sites.results.flatMap((s) => s.enclosure_set.flatMap((e) => e.telescope_set.map(() => null))),
    );
  });
  it('horizon_mask is validated with field-keyed errors: 3–360 points, azimuth in [0, 360), altitude in [−10, 90], unique azimuths', () => {
    const withMask = (mask: unknown) => {
      const d = JSON.parse(JSON.stringify(demo)) as { results: { enclosure_set: { telescope_set: Record<string, unknown>[] }[] }[] };
      const t = d.results[0]?.enclosure_set[0]?.telescope_set[0];
      if (!t) throw new Error('demo shape');
      t['horizon_mask'] = mask;
      return importSites(d);
    };
    const errorsOf = (mask: unknown): string[] => {
      const r = withMask(mask);
      if (r.ok) return [];
      return flattenFieldErrors(r.errors).map((e) => `${e.path.join('.')}: ${e.message}`);
    };
    // A list item's messages sit under non_field_errors (the OCS error shape for list entries).
    const at = 'results.0.enclosure_set.0.telescope_set.0.horizon_mask';
    expect(errorsOf([[0, 10], [90, 20]])).toEqual([`${at}: a horizon mask needs at least 3 points`]);
    expect(errorsOf(Array.from({ length: 361 }, (_, i) => [i * 0.99, 10]))).toEqual([`${at}: a horizon mask has at most 360 points`]);
    expect(errorsOf([[0, 10], [360, 20], [-1, 5]])).toEqual([`${at}.1.0.non_field_errors: azimuth must be below 360`, `${at}.2.0.non_field_errors: azimuth must be at least 0`]);
    expect(errorsOf([[0, -11], [90, 91], [180, 5]])).toEqual([`${at}.0.1.non_field_errors: altitude must be at least -10`, `${at}.1.1.non_field_errors: altitude must be at most 90`]);
    expect(errorsOf([[0, 10], [90, 20], [90, 25]])).toEqual([`${at}.2.0.non_field_errors: azimuth 90 appears twice`]);
    expect(errorsOf([[0, 10], [90, 'x'], [180, 5]])).toHaveLength(1);
    // Boundaries are accepted; null means "no mask".
    expect(withMask([[0, -10], [359.999, 90], [180, 0]]).ok).toBe(true);
    expect(withMask(Array.from({ length: 360 }, (_, i) => [i, 10])).ok).toBe(true);
    expect(withMask(null).ok).toBe(true);
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
