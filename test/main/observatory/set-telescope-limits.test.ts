/**
 * ObservatoryService.setTelescopeLimits on a real SQLite file: set one telescope's flat horizon,
 * hour-angle limits and zenith blind spot (only that telescope's fields change in the stored
 * snapshot, masks stay, a fresh service reads it back, the `/sites/` export carries the values),
 * refusal of out-of-range limits with errors keyed by field name and nothing stored, not_found for
 * a telescope the model does not hold, and the visibility engine following the new horizon.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportSites, importSites } from '../../../src-main/configdb';
import { openDatabase, type OpenDatabase } from '../../../src-main/db';
import { ObservatoryService } from '../../../src-main/observatory';
import { VisibilityService } from '../../../src-main/visibility';
import { VisibilityTargetInputSchema } from '../../../src-shared/ipc/contract';
import { observatoryTelescopes } from '../../../src-shared/ocs';
import { sitesResponseSchema } from '../../../src-shared/schemas';
import { makeTempDir } from '../../helpers/temp-dir';

const RESOURCES = resolve(import.meta.dirname, '../../../resources');
const T0 = Date.parse('2026-11-21T12:00:00Z');
const ONE_M = 'tfn.doma.1m0a';
const SMALL = 'tfn.clma.0m4a';
const LIMITS = { horizonDeg: 22.5, haLimitPosHours: 3.25, haLimitNegHours: -2.75, zenithBlindSpotDeg: 4 };

type RawTel = Record<string, unknown> & { code: string };
type RawDump = { results: { code: string; lat?: number; enclosure_set: { code: string; telescope_set: RawTel[] }[] }[] };
const demoSites = (): RawDump => JSON.parse(readFileSync(join(RESOURCES, 'demo/sites.json'), 'utf8')) as RawDump;
/** The telescope `site.enclosure.telescope` of a raw dump, found without the code under test. */
function rawTelescope(dump: unknown, id: string): RawTel {
  const [site, enc, tel] = id.split('.');
  const d = dump as RawDump;
  const found = d.results.find((s) => s.code === site)?.enclosure_set.find((e) => e.code === enc)?.telescope_set.find((t) => t.code === tel);
  if (!found) throw new Error(`no telescope ${id}`);
  return found;
}
const limitFields = (t: RawTel) => ({
  horizon: t['horizon'],
  ha_limit_pos: t['ha_limit_pos'],
  ha_limit_neg: t['ha_limit_neg'],
  zenith_blind_spot: t['zenith_blind_spot'],
});

describe('ObservatoryService.setTelescopeLimits', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let database: OpenDatabase;
  let observatory: ObservatoryService;
  const snapshot = (): unknown =>
    JSON.parse((database.raw.prepare('select sites_json from configdb_snapshot where id = 1').get() as { sites_json: string }).sites_json) as unknown;
  const maskRows = (): unknown[] => database.raw.prepare('select telescope_id, points_json from telescope_horizon_masks order by telescope_id').all();

  beforeAll(async () => {
    dir = makeTempDir('nightshift-setlimits-');
    database = await openDatabase(join(dir.path, 'nightshift.db'));
    observatory = new ObservatoryService(database.db);
    await observatory.load();
  });
  beforeEach(async () => {
    // The demo as shipped: every test starts from the file's own limits.
    await observatory.replace(demoSites(), T0);
  });
  afterAll(async () => {
    await database.close();
    dir.remove();
  });

  it('stores one telescope\'s limits, leaving every other telescope, key and mask alone; a fresh service reads them back', async () => {
    const demo = demoSites();
    const before = snapshot() as RawDump;
    const masksBefore = maskRows();
    expect(masksBefore.length).toBeGreaterThan(0); // the demo 0.4 m has a mask: it must survive
    const dumpBefore = observatory.dump();

    const stored = await observatory.setTelescopeLimits(ONE_M, LIMITS, T0 + 5_000);
    expect(stored).toEqual(LIMITS);

    // Stored snapshot: the 1 m's four fields are the new values; everything else is byte-for-byte the old tree.
    const after = snapshot() as RawDump;
    expect(limitFields(rawTelescope(after, ONE_M))).toEqual({ horizon: 22.5, ha_limit_pos: 3.25, ha_limit_neg: -2.75, zenith_blind_spot: 4 });
    const restored = JSON.parse(JSON.stringify(after)) as RawDump;
    Object.assign(rawTelescope(restored, ONE_M), limitFields(rawTelescope(before, ONE_M)));
    expect(restored).toEqual(before);
    expect(limitFields(rawTelescope(after, SMALL))).toEqual(limitFields(rawTelescope(demo, SMALL)));
    expect(maskRows()).toEqual(masksBefore);
    const row = database.raw.prepare('select updated_utc_ms from configdb_snapshot where id = 1').get() as { updated_utc_ms: number };
    expect(row.updated_utc_ms).toBe(T0 + 5_000);

    // Live model: a new object (readers rebuild on identity), the old one unchanged, the mask still merged.
    expect(observatory.dump()).not.toBe(dumpBefore);
    expect(limitFields(rawTelescope(dumpBefore, ONE_M))).toEqual(limitFields(rawTelescope(demo, ONE_M)));
    expect(rawTelescope(observatory.dump(), SMALL)['horizon_mask']).toEqual(rawTelescope(demo, SMALL)['horizon_mask']);
    const seen = observatoryTelescopes(sitesResponseSchema.parse(observatory.dump())).find((t) => t.id === ONE_M);
    expect(seen?.limits).toMatchObject(LIMITS);

    const fresh = new ObservatoryService(database.db);
    await fresh.load();
    expect(fresh.dump()).toEqual(observatory.dump());
  });

  it('the /sites/ export carries the new values; a later /sites/ import replaces them', async () => {
    await observatory.setTelescopeLimits(SMALL, LIMITS, T0 + 1);
    const parsed = importSites(observatory.dump());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const exported = JSON.parse(JSON.stringify(exportSites(parsed.sites))) as unknown;
    expect(limitFields(rawTelescope(exported, SMALL))).toEqual({ horizon: 22.5, ha_limit_pos: 3.25, ha_limit_neg: -2.75, zenith_blind_spot: 4 });

    await observatory.replace(demoSites(), T0 + 2);
    expect(limitFields(rawTelescope(observatory.dump(), SMALL))).toEqual(limitFields(rawTelescope(demoSites(), SMALL)));
    expect(limitFields(rawTelescope(snapshot(), SMALL))).toEqual(limitFields(rawTelescope(demoSites(), SMALL)));
  });

  it('refuses out-of-range limits with errors keyed by field name and stores nothing', async () => {
    const before = JSON.stringify(snapshot());
    const dumpBefore = observatory.dump();
    const fail = (limits: unknown) =>
      observatory.setTelescopeLimits(ONE_M, limits, T0 + 1).then(
        () => null,
        (e: unknown) => e as { code?: string; details?: Record<string, string[]> },
      );

    const ranges = await fail({ horizonDeg: -1, haLimitPosHours: 12.5, haLimitNegHours: 1, zenithBlindSpotDeg: 91 });
    expect(ranges?.code).toBe('validation.invalid');
    const d = ranges?.details ?? {};
    expect(Object.keys(d).sort()).toEqual(['haLimitNegHours', 'haLimitPosHours', 'horizonDeg', 'zenithBlindSpotDeg']);
    expect(d['horizonDeg']?.join(' ')).toMatch(/at least 0/);
    expect(d['haLimitPosHours']?.join(' ')).toMatch(/at most 12/);
    expect(d['haLimitNegHours']?.join(' ')).toMatch(/at most 0/);
    expect(d['zenithBlindSpotDeg']?.join(' ')).toMatch(/at most 90/);

    // OCS sign convention: a positive eastern limit (the sign forgotten) is refused.
    const wrongSign = await fail({ ...LIMITS, haLimitNegHours: 4 });
    expect(Object.keys(wrongSign?.details ?? {})).toEqual(['haLimitNegHours']);
    // A blind spot reaching the horizon leaves no sky: radius must be below 90 − horizon.
    const blind = await fail({ ...LIMITS, horizonDeg: 60, zenithBlindSpotDeg: 30 });
    expect(Object.keys(blind?.details ?? {})).toEqual(['zenithBlindSpotDeg']);
    expect(blind?.details?.['zenithBlindSpotDeg']?.join(' ')).toMatch(/below 30/);
    // Not numbers, missing and unknown fields.
    const shape = await fail({ horizonDeg: '20', haLimitPosHours: Number.NaN, haLimitNegHours: -3, extra: 1 });
    expect(shape?.code).toBe('validation.invalid');
    expect(Object.keys(shape?.details ?? {})).toEqual(expect.arrayContaining(['horizonDeg', 'haLimitPosHours', 'zenithBlindSpotDeg']));

    expect(JSON.stringify(snapshot())).toBe(before);
    expect(observatory.dump()).toBe(dumpBefore);
  });

  it('accepts the edges of each range (none = ±12 h, no blind spot)', async () => {
    const edges = { horizonDeg: 0, haLimitPosHours: 12, haLimitNegHours: -12, zenithBlindSpotDeg: 0 };
    expect(await observatory.setTelescopeLimits(ONE_M, edges, T0 + 1)).toEqual(edges);
    expect(limitFields(rawTelescope(snapshot(), ONE_M))).toEqual({ horizon: 0, ha_limit_pos: 12, ha_limit_neg: -12, zenith_blind_spot: 0 });
  });

  it('answers not_found for a telescope the model does not hold, storing nothing', async () => {
    const before = JSON.stringify(snapshot());
    for (const id of ['tfn.doma.2m0a', 'xyz.doma.1m0a', '1m0a', '']) {
      await expect(observatory.setTelescopeLimits(id, LIMITS, T0 + 1)).rejects.toMatchObject({ code: 'not_found' });
    }
    expect(JSON.stringify(snapshot())).toBe(before);
  });

  it('the visibility engine follows the horizon: a target culminating at 25° is observable above a 20° horizon, not above 30°', async () => {
    // Reference (independent of the engine): a star of declination δ culminates at geometric
    // altitude 90° − |φ − δ| at latitude φ; δ = φ − 65° peaks at 25°. RA 61° transits near local
    // midnight at Teide on the night of 2026-11-21. Tolerance 0.5° covers precession to date and
    // the 5-minute sampling around transit.
    const latDeg = rawTelescope(demoSites(), ONE_M)['lat'] as number;
    const target = { type: 'ICRS', name: 'low-south', ra: 61, dec: latDeg - 65 };
    const planning = new VisibilityService({ sitesDump: () => observatory.dump(), nowMs: () => T0 });
    const chart = () =>
      planning.target(
        VisibilityTargetInputSchema.parse({ target, constraints: { max_airmass: 3, min_lunar_distance: 0 }, telescopeId: ONE_M, stepMin: 5 }),
      ).telescopes[0]!;
    const wide = { horizonDeg: 20, haLimitPosHours: 12, haLimitNegHours: -12, zenithBlindSpotDeg: 0 };

    await observatory.setTelescopeLimits(ONE_M, wide, T0 + 1);
    const low = chart();
    const peakDeg = Math.max(...low.altitudeDeg);
    expect(Math.abs(peakDeg - 25)).toBeLessThan(0.5);
    expect(low.horizonDeg).toBe(20);
    expect(low.observableHours).toBeGreaterThan(1);

    await observatory.setTelescopeLimits(ONE_M, { ...wide, horizonDeg: 30 }, T0 + 2);
    const high = chart();
    expect(high.horizonDeg).toBe(30);
    expect(high.observableHours).toBe(0);
    expect(high.observable).toEqual([]);

    // The hour-angle limits cut the same night: ±0.5 h around transit leaves at most about 1 h.
    await observatory.setTelescopeLimits(ONE_M, { ...wide, haLimitPosHours: 0.5, haLimitNegHours: -0.5 }, T0 + 3);
    const narrow = chart();
    expect(narrow.observableHours).toBeGreaterThan(0);
    expect(narrow.observableHours).toBeLessThanOrEqual(1 + 5 / 60);
    expect(narrow.observableHours).toBeLessThan(low.observableHours);
  });
});
