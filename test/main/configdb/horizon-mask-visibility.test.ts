/**
 * The horizon mask end to end through the real stores: a configdb dump with `horizon_mask` is stored
 * in SQLite (migration 0007), read back by a fresh ObservatoryService, and then the portal's request
 * validator (rule 12, over HTTP), `POST /api/airmass/`, the planning service and the scheduler's
 * telescope list all see it. The target is only low in the east during its window: visible with a
 * flat horizon, not with a mask that raises the eastern horizon to 45°.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningHttpServer } from '../../../src-main/api';
import { SimulatedClock } from '../../../src-main/clock';
import { openDatabase, type OpenDatabase } from '../../../src-main/db';
import { readDemoFiles, seedDemo } from '../../../src-main/demo';
import { EventBus } from '../../../src-main/events/bus';
import { createMemoryLogger } from '../../../src-main/logging';
import { ObservatoryService } from '../../../src-main/observatory';
import { createPortal, type Portal } from '../../../src-main/portal';
import { VisibilityService, readStoredSitesDump } from '../../../src-main/visibility';
import { buildConfigdbIndex, makeVisibilityFn, observatoryTelescopes } from '../../../src-shared/ocs';
import { sitesResponseSchema } from '../../../src-shared/schemas';
import { VisibilityTargetInputSchema } from '../../../src-shared/ipc/contract';
import { makeTempDir } from '../../helpers/temp-dir';

const RESOURCES = resolve(import.meta.dirname, '../../../resources');
const SEED_MS = Date.parse('2026-11-21T12:00:00Z');
const TOKEN = 'h'.repeat(48);
const TEL = 'tfn.clma.0m4a';
/** Window and target: RA 150°, Dec 0° rises in the east before dawn on 2026-11-22 at Teide (hour angle ≈ −5…−3 h). */
const WINDOW = { start: '2026-11-22T02:00:00Z', end: '2026-11-22T04:00:00Z' };
const TARGET = { name: 'east-low', type: 'ICRS', ra: 150, dec: 0 };
/** Raises the horizon to 45° between azimuths 45° and 135°; 0° (so the flat 15° rules) elsewhere. */
const EAST_WALL: [number, number][] = [[0, 0], [40, 0], [45, 45], [135, 45], [140, 0], [270, 0]];

type Dump = { results: { enclosure_set: { code: string; telescope_set: Record<string, unknown>[] }[] }[] };
const demoSites = (): Dump => JSON.parse(readFileSync(join(RESOURCES, 'demo/sites.json'), 'utf8')) as Dump;
/** The demo dump with the 0.4 m's mask replaced (null = removed). */
function sitesWithMask(mask: [number, number][] | null): Dump {
  const d = demoSites();
  for (const s of d.results)
    for (const e of s.enclosure_set)
      for (const t of e.telescope_set) {
        delete t['horizon_mask'];
        // null says "no mask" explicitly (a dump without the field keeps the stored one).
        if (`${e.code}.${String(t['code'])}` === 'clma.0m4a') t['horizon_mask'] = mask;
      }
  return d;
}

function group(): Record<string, unknown> {
  return {
    name: 'east low', proposal: 'NS2026-GAL', observation_type: 'NORMAL', operator: 'SINGLE', ipp_value: 1.0,
    requests: [
      {
        location: { telescope_class: '0m4' },
        windows: [WINDOW],
        configurations: [
          {
            type: 'EXPOSE', instrument_type: '0M4-SCICAM-NIGHTSHIFT', target: TARGET,
            instrument_configs: [{ exposure_time: 60, exposure_count: 1, optical_elements: { filter: 'V' } }],
            constraints: { max_airmass: 3 }, acquisition_config: {}, guiding_config: {},
          },
        ],
      },
    ],
  };
}

describe('horizon mask through SQLite, the validator, /api/airmass/, planning and the scheduler input', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let database: OpenDatabase;
  let observatory: ObservatoryService;
  let portal: Portal;
  let http: RunningHttpServer;
  let clock: SimulatedClock;
  let demoToken = '';
  const call = async (method: string, path: string, body?: unknown, token: string | null = demoToken) => {
    const res = await fetch(`${http.url}${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Token ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    dir = makeTempDir('nightshift-mask-');
    clock = new SimulatedClock(SEED_MS, 0);
    database = await openDatabase(join(dir.path, 'nightshift.db'));
    observatory = new ObservatoryService(database.db);
    await observatory.load();
    await seedDemo(database.db, observatory, readDemoFiles(RESOURCES), SEED_MS);
    const logger = createMemoryLogger([]);
    const bus = new EventBus();
    // Rule 12 wired as the composition root wires it: over whatever the observatory holds now.
    const visibility = (r: Parameters<ReturnType<typeof makeVisibilityFn>>[0], i: number) => {
      const sites = sitesResponseSchema.parse(observatory.dump());
      return makeVisibilityFn(buildConfigdbIndex(sites), sites, clock.nowMs())(r, i);
    };
    portal = createPortal({ db: database.db, raw: database.raw, clock, bus, observatory, logger, accessToken: TOKEN, visibility });
    http = await startHttpServer({
      dispatch: () => Promise.resolve({ ok: false, error: { code: 'not_found', message: 'no ipc in this test' } }),
      bus, token: TOKEN, bindAddress: '127.0.0.1', port: 0, rendererDir: null, logger, routes: portal.routes,
    });
    const row = await database.db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id').select('api_tokens.key').where('users.username', '=', 'demo').executeTakeFirstOrThrow();
    demoToken = row.key;
  });
  afterAll(async () => {
    portal.stop();
    await http.close();
    await database.close();
    clock.dispose();
    dir.remove();
  });

  const planning = () => new VisibilityService({ sitesDump: () => observatory.dump(), nowMs: () => clock.nowMs() });
  /** The planning chart of the window on the 0.4 m, through the contract's own input schema. */
  const chart = () =>
    planning().target(
      VisibilityTargetInputSchema.parse({ target: TARGET, constraints: { max_airmass: 3, min_lunar_distance: 0 }, telescopeId: TEL, startMs: Date.parse(WINDOW.start), endMs: Date.parse(WINDOW.end), stepMin: 5 }),
    );

  it('premise: with a flat horizon the target is observable for over an hour, always in the east', async () => {
    await observatory.replace(sitesWithMask(null), SEED_MS);
    const t = chart().telescopes[0]!;
    expect(t.horizonMask).toBeNull();
    expect(t.observableHours).toBeGreaterThan(1);
    const c = chart();
    let worstAz = 0;
    for (const iv of t.observable) {
      c.timesMs.forEach((ms, i) => {
        if (ms >= iv.startMs && ms <= iv.endMs) worstAz = Math.max(worstAz, Math.abs((t.azimuthDeg[i] ?? NaN) - 90));
      });
    }
    // Every observable sample lies within 45° of due east, i.e. behind the wall below.
    expect(worstAz).toBeLessThan(45);
    expect((await call('POST', '/api/requestgroups/validate/', group())).json['errors']).toEqual({});
  });

  it('a mask that walls off the east is stored, survives a reload, and every consumer sees it', async () => {
    await observatory.replace(sitesWithMask(EAST_WALL), SEED_MS);
    const stored = database.raw.prepare('select telescope_id, points_json from telescope_horizon_masks').all();
    expect(stored).toEqual([{ telescope_id: TEL, points_json: JSON.stringify(EAST_WALL) }]);
    // The snapshot itself stays a plain OCS tree.
    expect((database.raw.prepare('select sites_json from configdb_snapshot').get() as { sites_json: string }).sites_json).not.toContain('horizon_mask');

    const fresh = new ObservatoryService(database.db);
    await fresh.load();
    expect(fresh.dump()).toEqual(observatory.dump());
    // The read-only path (CLI, planning worker) merges it too.
    expect(readStoredSitesDump(dir.path)).toEqual(observatory.dump());

    // Planning chart: nothing observable, and the mask is in the answer for the sky view.
    const t = chart().telescopes[0]!;
    expect(t.horizonMask).toEqual(EAST_WALL.map(([azimuthDeg, altitudeDeg]) => ({ azimuthDeg, altitudeDeg })));
    expect(t.observableHours).toBe(0);

    // Scheduler input: the telescope's limits carry the mask.
    const tel = observatoryTelescopes(sitesResponseSchema.parse(fresh.dump())).find((x) => x.id === TEL);
    expect(tel?.limits.horizonMask?.length).toBe(EAST_WALL.length);

    // Validator (rule 12) over HTTP: the OCS "not visible" error.
    const v = await call('POST', '/api/requestgroups/validate/', group());
    expect(JSON.stringify(v.json['errors'])).toMatch(/visible/i);
    const created = await call('POST', '/api/requestgroups/', group());
    expect(created.status).toBe(400);
  });

  it('/api/airmass/ samples only outside the mask', async () => {
    const body = (group()['requests'] as unknown[])[0];
    await observatory.replace(sitesWithMask(null), SEED_MS);
    const flat = await call('POST', '/api/airmass/', body, null);
    expect(flat.status).toBe(200);
    const flatTimes = (flat.json['airmass_data']['tfn']?.times ?? []) as string[];
    expect(flatTimes.length).toBeGreaterThan(6);
    await observatory.replace(sitesWithMask(EAST_WALL), SEED_MS);
    const walled = await call('POST', '/api/airmass/', body, null);
    expect(walled.json['airmass_data']).toEqual({});
  });

  it('an OCS dump without masks is stored and read back exactly as given; telescopes it no longer holds lose their masks', async () => {
    const ocs = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/configdb/portal-like-sites.json'), 'utf8')) as unknown;
    await observatory.replace(sitesWithMask(EAST_WALL), SEED_MS);
    await observatory.replace(ocs, SEED_MS + 1);
    expect(observatory.dump()).toEqual(ocs);
    expect(database.raw.prepare('select count(*) n from telescope_horizon_masks').get()).toEqual({ n: 0 });
    const fresh = new ObservatoryService(database.db);
    await fresh.load();
    expect(fresh.dump()).toEqual(ocs);
  });

  it('re-importing the same telescopes without the field keeps their masks; horizon_mask null clears one', async () => {
    await observatory.replace(sitesWithMask(EAST_WALL), SEED_MS);
    const silent = demoSites();
    for (const s of silent.results) for (const e of s.enclosure_set) for (const t of e.telescope_set) delete t['horizon_mask'];
    await observatory.replace(silent, SEED_MS + 1);
    const fresh = new ObservatoryService(database.db);
    await fresh.load();
    const masks = () => database.raw.prepare('select telescope_id id, points_json p from telescope_horizon_masks').all() as { id: string; p: string }[];
    expect(masks()).toEqual([{ id: 'tfn.clma.0m4a', p: JSON.stringify(EAST_WALL) }]);
    expect(JSON.stringify(fresh.dump())).toContain('"horizon_mask"');
    await observatory.replace(sitesWithMask(null), SEED_MS + 2);
    expect(masks()).toEqual([]);
    expect(JSON.stringify(observatory.dump())).not.toContain('"horizon_mask"');
  });

  it('a malformed mask is refused with field-keyed errors and the stored model is unchanged', async () => {
    await observatory.replace(sitesWithMask(EAST_WALL), SEED_MS);
    const before = observatory.dump();
    const bad = sitesWithMask([[0, 5], [0, 6], [400, 95]]);
    await expect(observatory.replace(bad, SEED_MS + 1)).rejects.toMatchObject({ code: 'validation.invalid' });
    try {
      await observatory.replace(bad, SEED_MS + 1);
    } catch (e) {
      const details = JSON.stringify((e as { details?: unknown }).details);
      expect(details).toMatch(/horizon_mask/);
      expect(details).toMatch(/appears twice/);
      expect(details).toMatch(/below 360/);
      expect(details).toMatch(/at most 90/);
    }
    expect(observatory.dump()).toBe(before);
    const fresh = new ObservatoryService(database.db);
    await fresh.load();
    expect(fresh.dump()).toEqual(before);
  });
});
