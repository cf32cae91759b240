/**
 * ObservatoryService.setHorizonMask on a real SQLite file: set, replace and clear one telescope's
 * mask (only its row changes, the snapshot stays a plain OCS tree, a fresh service reads the same
 * model back), refusal of malformed masks with `horizonMask.<i>.<j>` field errors and nothing
 * stored, and not_found for a telescope the model does not hold.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../../src-main/db';
import { ObservatoryService } from '../../../src-main/observatory';
import { sitesResponseSchema } from '../../../src-shared/schemas';
import { observatoryTelescopes } from '../../../src-shared/ocs';
import { makeTempDir } from '../../helpers/temp-dir';

const RESOURCES = resolve(import.meta.dirname, '../../../resources');
const T0 = Date.parse('2026-11-21T12:00:00Z');
const ONE_M = 'tfn.doma.1m0a';
const SMALL = 'tfn.clma.0m4a';
const demoSites = (): unknown => JSON.parse(readFileSync(join(RESOURCES, 'demo/sites.json'), 'utf8')) as unknown;
/** The demo file's own mask of the 0.4 m, read independently of the code under test. */
const demoSmallMask = (): [number, number][] => {
  const d = demoSites() as {
    results: {
      enclosure_set: { code: string; telescope_set: { code: string; horizon_mask?: [number, number][] }[] }[];
    }[];
  };
  return d.results[0]!.enclosure_set.find((e) => e.code === 'clma')!.telescope_set.find((t) => t.code === '0m4a')!
    .horizon_mask!;
};
const WALL: [number, number][] = [
  [10, 20],
  [100, 40],
  [200, 5],
  [300, 12.5],
];

describe('ObservatoryService.setHorizonMask', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let database: OpenDatabase;
  let observatory: ObservatoryService;
  type Row = { telescope_id: string; points_json: string; updated_utc_ms: number };
  const rows = (): Row[] =>
    database.raw
      .prepare('select telescope_id, points_json, updated_utc_ms from telescope_horizon_masks order by telescope_id')
      .all() as Row[];
  const snapshot = (): string =>
    (database.raw.prepare('select sites_json from configdb_snapshot where id = 1').get() as { sites_json: string })
      .sites_json;
  /** The mask every reader of the model sees (the scheduler's telescope list), as pairs. */
  const seenMask = (svc: ObservatoryService, id: string): [number, number][] | null => {
    const tel = observatoryTelescopes(sitesResponseSchema.parse(svc.dump())).find((t) => t.id === id);
    if (!tel) throw new Error(`no telescope ${id}`);
    return tel.limits.horizonMask?.map((p) => [p.azimuthDeg, p.altitudeDeg]) ?? null;
  };

  beforeAll(async () => {
    dir = makeTempDir('nightshift-setmask-');
    database = await openDatabase(join(dir.path, 'nightshift.db'));
    observatory = new ObservatoryService(database.db);
    await observatory.load();
  });
  beforeEach(async () => {
    // The demo as shipped; `horizon_mask: null` on the 1 m says "no mask" (without the field a
    // re-import would keep the mask an earlier test set).
    const d = demoSites() as { results: { enclosure_set: { telescope_set: Record<string, unknown>[] }[] }[] };
    for (const s of d.results)
      for (const e of s.enclosure_set) for (const t of e.telescope_set) t['horizon_mask'] ??= null;
    await observatory.replace(d, T0);
  });
  afterAll(async () => {
    await database.close();
    dir.remove();
  });

  it('sets a mask on a telescope without one, touching no other row; a fresh service reads it back', async () => {
    const before = snapshot();
    const smallRowBefore = rows().find((r) => r.telescope_id === SMALL);
    expect(smallRowBefore?.points_json).toBe(JSON.stringify(demoSmallMask()));
    const dumpBefore = observatory.dump();

    const stored = await observatory.setHorizonMask(ONE_M, WALL, T0 + 5_000);
    expect(stored).toEqual(WALL);
    expect(rows()).toEqual(
      [
        { telescope_id: SMALL, points_json: JSON.stringify(demoSmallMask()), updated_utc_ms: T0 },
        { telescope_id: ONE_M, points_json: JSON.stringify(WALL), updated_utc_ms: T0 + 5_000 },
      ].sort((a, b) => a.telescope_id.localeCompare(b.telescope_id)),
    );
    expect(snapshot()).toBe(before);
    expect(snapshot()).not.toContain('horizon_mask');
    // A new model object, so readers that cache on identity rebuild; the old one is unchanged.
    expect(observatory.dump()).not.toBe(dumpBefore);
    expect(seenMask(observatory, ONE_M)).toEqual(WALL);
    expect(seenMask(observatory, SMALL)).toEqual(demoSmallMask());

    const fresh = new ObservatoryService(database.db);
    await fresh.load();
    expect(fresh.dump()).toEqual(observatory.dump());
    expect(seenMask(fresh, ONE_M)).toEqual(WALL);
  });

  it('replaces an existing mask and clears it with null', async () => {
    await observatory.setHorizonMask(SMALL, WALL, T0 + 1);
    expect(seenMask(observatory, SMALL)).toEqual(WALL);
    expect(rows().map((r) => [r.telescope_id, r.points_json])).toEqual([[SMALL, JSON.stringify(WALL)]]);

    expect(await observatory.setHorizonMask(SMALL, null, T0 + 2)).toBeNull();
    expect(rows()).toEqual([]);
    expect(seenMask(observatory, SMALL)).toBeNull();
    expect(JSON.stringify(observatory.dump())).not.toContain('horizon_mask');
    const fresh = new ObservatoryService(database.db);
    await fresh.load();
    expect(seenMask(fresh, SMALL)).toBeNull();
    // Clearing what is not there is not an error.
    expect(await observatory.setHorizonMask(ONE_M, null, T0 + 3)).toBeNull();
  });

  it('a later OCS re-import without the field keeps a mask set here', async () => {
    await observatory.setHorizonMask(ONE_M, WALL, T0 + 1);
    const silent = demoSites() as { results: { enclosure_set: { telescope_set: Record<string, unknown>[] }[] }[] };
    for (const s of silent.results)
      for (const e of s.enclosure_set) for (const t of e.telescope_set) delete t['horizon_mask'];
    await observatory.replace(silent, T0 + 2);
    expect(seenMask(observatory, ONE_M)).toEqual(WALL);
  });

  it('refuses a malformed mask with field errors keyed horizonMask.<i>.<j> and stores nothing', async () => {
    const rowsBefore = rows();
    const dumpBefore = observatory.dump();
    const bad = [
      [0, 5],
      [0, 6],
      [400, 10],
      [120, 95],
    ];
    const error = await observatory.setHorizonMask(ONE_M, bad, T0 + 1).then(
      () => null,
      (e: unknown) => e as { code?: string; details?: Record<string, string[]> },
    );
    expect(error?.code).toBe('validation.invalid');
    const details = error?.details ?? {};
    expect(details['horizonMask.1.0']?.join(' ')).toMatch(/appears twice/);
    expect(details['horizonMask.2.0']?.join(' ')).toMatch(/below 360/);
    expect(details['horizonMask.3.1']?.join(' ')).toMatch(/at most 90/);
    expect(Object.keys(details).sort()).toEqual(['horizonMask.1.0', 'horizonMask.2.0', 'horizonMask.3.1']);

    const short = await observatory
      .setHorizonMask(
        ONE_M,
        [
          [0, 5],
          [90, 6],
        ],
        T0 + 1,
      )
      .catch((e: unknown) => e as { details?: Record<string, string[]> });
    expect((short as { details?: Record<string, string[]> }).details?.['horizonMask']?.join(' ')).toMatch(
      /at least 3 points/,
    );
    const notPairs = await observatory
      .setHorizonMask(ONE_M, [[0, 5, 1], 'x', [90]], T0 + 1)
      .catch((e: unknown) => e as { code?: string; details?: Record<string, string[]> });
    expect((notPairs as { code?: string }).code).toBe('validation.invalid');
    expect(
      Object.keys((notPairs as { details?: Record<string, string[]> }).details ?? {}).every((k) =>
        k.startsWith('horizonMask'),
      ),
    ).toBe(true);

    expect(rows()).toEqual(rowsBefore);
    expect(observatory.dump()).toBe(dumpBefore);
  });

  it('answers not_found for a telescope the model does not hold, storing nothing', async () => {
    const rowsBefore = rows();
    for (const id of ['tfn.doma.2m0a', 'xyz.doma.1m0a', '1m0a', '']) {
      await expect(observatory.setHorizonMask(id, WALL, T0 + 1)).rejects.toMatchObject({ code: 'not_found' });
    }
    expect(rows()).toEqual(rowsBefore);
  });
});
