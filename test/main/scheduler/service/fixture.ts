import { join, resolve } from 'node:path';
import { SimulatedClock } from '../../../../src-main/clock';
import { openDatabase, type OpenDatabase } from '../../../../src-main/db';
import { readDemoFiles, seedDemo, type SeedResult } from '../../../../src-main/demo';
import { EventBus } from '../../../../src-main/events/bus';
import { createMemoryLogger, type Logger } from '../../../../src-main/logging';
import { ObservatoryService } from '../../../../src-main/observatory';
import { configdbViewOf, type ConfigdbView } from '../../../../src-main/portal';
import { createSchedulerService, type SchedulerService, type SchedulerServiceOptions } from '../../../../src-main/scheduler';
import { makeTempDir } from '../../../helpers/temp-dir';

export const RESOURCES_DIR = resolve(import.meta.dirname, '../../../../resources');
/**
 * 20:00 local time at the demo site (Tenerife keeps WET = UTC+0 in November), inside demo
 * semester 2026B; the Sun is well below −12° by then (astronomical dusk ≈ 19:15 UTC).
 */
export const EVENING_MS = Date.parse('2026-11-21T20:00:00Z');
export const HOUR_MS = 3_600_000;

export interface DemoFixture {
  clock: SimulatedClock;
  database: OpenDatabase;
  observatory: ObservatoryService;
  bus: EventBus;
  logger: Logger;
  logLines: string[];
  seed: SeedResult;
  view: () => ConfigdbView;
  service(opts?: Partial<SchedulerServiceOptions>): SchedulerService;
  close(): Promise<void>;
}

/** A real SQLite file with the demo seeded through the portal's create path at `seedMs`. */
export async function startDemo(seedMs = EVENING_MS): Promise<DemoFixture> {
  const dir = makeTempDir('nightshift-sched-');
  const clock = new SimulatedClock(seedMs, 0);
  const database = await openDatabase(join(dir.path, 'nightshift.db'));
  // Tests measure behaviour, not durability: skip the per-commit fsync.
  database.raw.pragma('synchronous = OFF');
  const observatory = new ObservatoryService(database.db);
  await observatory.load();
  const seed = await seedDemo(database.db, observatory, readDemoFiles(RESOURCES_DIR), seedMs);
  const logLines: string[] = [];
  const logger = createMemoryLogger(logLines);
  const bus = new EventBus();
  const services: SchedulerService[] = [];
  return {
    clock,
    database,
    observatory,
    bus,
    logger,
    logLines,
    seed,
    view: configdbViewOf(observatory),
    service(opts = {}) {
      const s = createSchedulerService({ db: database.db, raw: database.raw, clock, bus, logger, observatory, runner: 'inline', ...opts });
      services.push(s);
      return s;
    },
    async close() {
      for (const s of services) await s.stop();
      clock.dispose();
      await database.close();
      dir.remove();
    },
  };
}
