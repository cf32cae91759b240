/**
 * A simulated observatory night for tests and the bench: a real SQLite file seeded with the demo
 * observatory, the demo's simulated devices, the archive, the safety supervisor and the executors,
 * on a SimulatedClock: stepped by `runUntil` (speed 0, exact), or paced (`speed` > 0, as
 * `serve --simulate` runs it) and followed with `waitUntil`. Either way the clock never moves while
 * real file IO is in flight (the executor holds it).
 */
import { join } from 'node:path';
import { sunAltitudeDeg, targetPosition } from '../../../src-shared/astro';
import { toAstroTarget } from '../../../src-shared/ocs';
import { targetSchema } from '../../../src-shared/schemas';
import { createArchive, type Archive } from '../../../src-main/archive';
import { SimulatedClock, type Clock } from '../../../src-main/clock';
import { openDatabase, type OpenDatabase } from '../../../src-main/db';
import { readDemoFiles, seedDemo } from '../../../src-main/demo';
import { createDeviceManager, loadTelescopeDevices, type DeviceManager, type TelescopeDevices } from '../../../src-main/devices';
import { EventBus } from '../../../src-main/events/bus';
import { createExecutors, type Executors } from '../../../src-main/executor';
import { createMemoryLogger } from '../../../src-main/logging';
import { ObservatoryService } from '../../../src-main/observatory';
import type { SafetyPolicy } from '../../../src-main/safety';
import { makeTempDir } from '../../helpers/temp-dir';

export const RESOURCES = join(process.cwd(), 'resources');
/** Instrument code per demo telescope (resources/demo/sites.json). */
export const DEMO_INSTRUMENTS: Record<string, { code: string; telescopeClass: string }> = {
  'tfn.doma.1m0a': { code: 'ns01', telescopeClass: '1m0' },
  'tfn.clma.0m4a': { code: 'ns02', telescopeClass: '0m4' },
};

/** What the harness needs of its clock (a SimulatedClock, or a test's stand-in). */
export type HarnessClock = Clock & { advance(ms: number): Promise<void>; dispose(): void };

export interface NightHarness {
  dir: { path: string; remove(): void };
  clock: HarnessClock;
  database: OpenDatabase;
  observatory: ObservatoryService;
  devices: DeviceManager;
  telescopes: TelescopeDevices[];
  archive: Archive;
  executors: Executors;
  bus: EventBus;
  logLines: string[];
  /** Steps the clock to `targetUtcMs`, never while real IO is in flight. */
  runUntil(targetUtcMs: number, stepMs?: number): Promise<void>;
  /** Paced clocks: waits (real time, at most `realTimeoutMs`) until the clock reaches `targetUtcMs`. */
  waitUntil(targetUtcMs: number, realTimeoutMs: number): Promise<void>;
  /** Stops everything and removes the directory (unless `keep`). */
  close(keep?: boolean): Promise<void>;
}

export interface HarnessOptions {
  startUtcMs: number;
  /** Reuse a data dir (restart tests). */
  dir?: { path: string; remove(): void };
  safety?: Partial<SafetyPolicy>;
  thumbnails?: boolean;
  seed?: boolean;
  /** Only these telescopes get devices and executors (default: both demo telescopes). */
  telescopeIds?: string[];
  /** Paced clock speed (default 0: stepped by `runUntil`). */
  speed?: number;
  /** Device heartbeat period, clock ms (default: the manager's). */
  heartbeatMs?: number;
  /** A clock to use instead (its start must be `startUtcMs`). */
  clock?: HarnessClock;
}

export async function createNightHarness(o: HarnessOptions): Promise<NightHarness> {
  const dir = o.dir ?? makeTempDir('nightshift-night-');
  const clock: HarnessClock = o.clock ?? new SimulatedClock(o.startUtcMs, o.speed ?? 0);
  const logLines: string[] = [];
  const logger = createMemoryLogger(logLines);
  const database = await openDatabase(join(dir.path, 'nightshift.db'));
  const observatory = new ObservatoryService(database.db);
  await observatory.load();
  if (o.seed !== false) await seedDemo(database.db, observatory, readDemoFiles(RESOURCES), o.startUtcMs);
  const all = loadTelescopeDevices(dir.path, RESOURCES).telescopes;
  const telescopes = o.telescopeIds ? all.filter((t) => o.telescopeIds?.includes(t.telescopeId)) : all;
  const devices = createDeviceManager({ clock, devices: telescopes, onState: () => undefined, ...(o.heartbeatMs ? { timings: { heartbeatMs: o.heartbeatMs } } : {}) });
  const bus = new EventBus();
  const archive = createArchive({ db: database.db, raw: database.raw, clock, logger, archiveRoot: join(dir.path, 'archive'), dataDir: dir.path, diskReserveBytes: 16 * 1024 ** 2 });
  const executors = createExecutors({
    db: database.db,
    raw: database.raw,
    clock,
    bus,
    logger,
    devices,
    archive,
    observatory,
    telescopes,
    thumbnails: o.thumbnails ?? false,
    ...(o.safety ? { safety: o.safety } : {}),
  });
  // Let every simulated device connect before anything runs.
  await clock.advance(1000);
  const runUntil = async (targetUtcMs: number, stepMs = 5000): Promise<void> => {
    while (clock.nowMs() < targetUtcMs) {
      await executors.io.idle();
      await clock.advance(Math.min(stepMs, targetUtcMs - clock.nowMs()));
    }
    await executors.io.idle();
  };
  const waitUntil = async (targetUtcMs: number, realTimeoutMs: number): Promise<void> => {
    const deadline = Date.now() + realTimeoutMs;
    while (clock.nowMs() < targetUtcMs) {
      if (Date.now() > deadline) throw new Error(`clock at ${new Date(clock.nowMs()).toISOString()}, not ${new Date(targetUtcMs).toISOString()}, after ${realTimeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await executors.io.idle();
  };
  return {
    dir,
    clock,
    database,
    observatory,
    devices,
    telescopes,
    archive,
    executors,
    bus,
    logLines,
    runUntil,
    waitUntil,
    async close(keep = false) {
      const stopping = executors.stop();
      // Stopping aborts clock sleeps; securing steps may still need clock time.
      for (let i = 0; i < 600 && (await Promise.race([stopping.then(() => true), new Promise<boolean>((r) => setImmediate(() => r(false)))])) === false; i++) {
        await clock.advance(1000);
      }
      await stopping;
      const stoppingDevices = devices.stop();
      await clock.advance(20_000);
      await stoppingDevices;
      clock.dispose();
      await database.close();
      if (!keep) dir.remove();
    },
  };
}

/** Is the (ICRS or orbital) target of a request body above `minAltDeg` at `utcMs` from the demo site? */
function altitudeOf(target: unknown, utcMs: number): number | null {
  const parsed = targetSchema.safeParse(target);
  if (!parsed.success) return null;
  const astro = toAstroTarget(parsed.data);
  if (!astro) return null;
  return targetPosition(astro, { latitudeDeg: 28.30036, longitudeDeg: -16.51172, elevationM: 2390 }, utcMs).altitudeDeg;
}

/**
 * A stand-in for the scheduler service: greedily places PENDING requests on each telescope from
 * `fromUtcMs` to `toUtcMs` (dark time), back to back, each only when its target stays above 35°.
 * Returns the observation ids created.
 */
export async function planNight(h: NightHarness, fromUtcMs: number, toUtcMs: number, telescopeIds = Object.keys(DEMO_INSTRUMENTS)): Promise<number[]> {
  const db = h.database.db;
  const requests = await db.selectFrom('requests').innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
    .select(['requests.id', 'requests.body_json', 'requests.duration_sec', 'requests.telescope_class', 'requests.window_start_utc_ms', 'requests.window_end_utc_ms', 'request_groups.observation_type'])
    .where('requests.state', '=', 'PENDING').orderBy('requests.id').execute();
  const used = new Set<number>();
  const ids: number[] = [];
  for (const tel of telescopeIds) {
    const inst = DEMO_INSTRUMENTS[tel];
    if (!inst) continue;
    const [site = '', enclosure = '', telescope = ''] = tel.split('.');
    let t = fromUtcMs;
    while (t < toUtcMs) {
      const pick = requests.find((r) => {
        if (used.has(r.id) || r.telescope_class !== inst.telescopeClass || r.duration_sec === null) return false;
        if (r.observation_type === 'DIRECT' || r.observation_type === 'REAL_TIME') return false;
        const end = t + r.duration_sec * 1000;
        if (end > toUtcMs || (r.window_start_utc_ms ?? 0) > t || (r.window_end_utc_ms ?? Infinity) < end) return false;
        const body = JSON.parse(r.body_json) as { configurations: { target: unknown }[] };
        return body.configurations.every((c) => (altitudeOf(c.target, t) ?? -90) > 35 && (altitudeOf(c.target, end) ?? -90) > 35);
      });
      if (!pick) {
        t += 10 * 60_000;
        continue;
      }
      used.add(pick.id);
      const end = t + (pick.duration_sec ?? 0) * 1000;
      const { id } = await db.insertInto('observations').values({ request_id: pick.id, site, enclosure, telescope, start_utc_ms: t, end_utc_ms: end, priority: 10, state: 'PENDING', created_utc_ms: fromUtcMs, modified_utc_ms: fromUtcMs }).returning('id').executeTakeFirstOrThrow();
      const configs = await db.selectFrom('configurations').select('id').where('request_id', '=', pick.id).orderBy('priority').execute();
      await db.insertInto('configuration_statuses').values(configs.map((c) => ({ observation_id: id, configuration_id: c.id, instrument_name: inst.code, state: 'PENDING', summary_json: null, created_utc_ms: fromUtcMs, modified_utc_ms: fromUtcMs }))).execute();
      ids.push(id);
      t = end + 60_000;
    }
  }
  return ids;
}

/** Sun altitude at the demo site. */
export function demoSunAltitudeDeg(utcMs: number): number {
  return sunAltitudeDeg({ latitudeDeg: 28.30036, longitudeDeg: -16.51172, elevationM: 2390 }, utcMs);
}
