import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureToken } from './api';
import { RealClock, SimulatedClock, holdDuring, type Clock } from './clock';
import type { CoreConfig } from './config';
import { createComposerSource, createHandlers, type DeviceStatusSource } from './core-handlers';
import { acquireInstanceLock, openDatabase, type OpenDatabase } from './db';
import { isSeeded, readDemoFiles, resetDemo, seedDemo } from './demo';
import { createDeviceControl, createDeviceManager, createFaultScheduler, loadTelescopeDevices, parseFaultSpec, planFaults, toDeviceStatus } from './devices';
import { EventBus } from './events/bus';
import { createDispatch, type Dispatch } from './ipc';
import { createFileLogger, type Logger } from './logging';
import { ObservatoryService } from './observatory';
import { createPortal, createRealtimeSource, type Portal } from './portal';
import { createArchive, type Archive } from './archive';
import { createSchedulerService, createWorkerRunner, type KernelRunner, type SchedulerService } from './scheduler';
import { createExecutors, lastJournalUtcMs, type Executors } from './executor';
import { QueueService } from './queue';
import { SkyService, createOnlineResolvers } from './sky';
import { TimelineService } from './timeline';
import type { VisibilityFn } from './requests';
import { NIGHTSHIFT_VERSION } from './version';
import { buildConfigdbIndex, makeVisibilityFn, type ConfigdbIndex } from '../src-shared/ocs';
import { sitesResponseSchema, type SitesResponse } from '../src-shared/schemas';

/**
 * OCS rule 12 for the portal's validator: the request must be visible for longer than its
 * duration. The configdb index is rebuilt only when the observatory model changes.
 */
function visibilityRule(observatory: ObservatoryService, clock: Clock): VisibilityFn {
  let cached: { dump: unknown; index: ConfigdbIndex; sites: SitesResponse } | null = null;
  return (request, requestIndex) => {
    const dump = observatory.dump();
    let current = cached;
    if (current === null || current.dump !== dump) {
      const sites = sitesResponseSchema.parse(dump);
      current = cached = { dump, sites, index: buildConfigdbIndex(sites) };
    }
    return makeVisibilityFn(current.index, current.sites, clock.nowMs())(request, requestIndex);
  };
}

/**
 * The clock: real, or for `--simulate` a paced SimulatedClock (see docs/architecture.md, "Simulated
 * time"). A simulated night restarted on the same data directory resumes from the journal's last
 * recorded time when that is later than `--sim-start`, so the night continues instead of replaying.
 */
function makeClock(config: CoreConfig, database: OpenDatabase): Clock {
  if (!config.simulate) return new RealClock();
  const requested = config.simStartMs ?? Date.now();
  const last = lastJournalUtcMs(database.raw);
  // Catching up after a stall may run ahead of real-world waits; sim devices wait only on the clock.
  // At high speeds frame writes (which hold the clock) come faster than 0.5 s of allowed lag
  // absorbs: the demo night at 600× took 98 s with 0.5 s, 92 s with 2 s (the pace alone: 82 s).
  return new SimulatedClock(last !== null && last > requested ? last : requested, config.speed, { maxLagRealMs: 2_000 });
}

/**
 * Device heartbeat period on a simulated clock, clock ms: 2 s of clock time, but no more often than
 * every 100 ms of real time — at 600× a 2 s heartbeat would be 15 devices × 300 pings per real second,
 * while a simulated device's faults surface on the next command anyway.
 */
function simulatedHeartbeatMs(speed: number): number {
  return Number.isFinite(speed) ? Math.max(2_000, speed * 100) : 60_000;
}

/** The scheduler's worker runner, holding a simulated clock while a solve runs (real CPU time off the clock). */
function heldRunner(clock: Clock): KernelRunner {
  const inner = createWorkerRunner({ useHighs: true });
  return { mode: inner.mode, run: (job) => holdDuring(clock, 'scheduler solve', () => inner.run(job)), close: () => inner.close() };
}

export interface Core {
  config: CoreConfig;
  clock: Clock;
  bus: EventBus;
  logger: Logger;
  database: OpenDatabase;
  dispatch: Dispatch;
  /** The access token for writes over HTTP. */
  token: string;
  observatory: ObservatoryService;
  /** The OCS-compatible portal: its HTTP routes are served by `serve`. */
  portal: Portal;
  /** Frames: FITS files, their metadata and the science-archive API. */
  archive: Archive;
  /** Builds, solves and persists the schedule; re-plans on change. */
  scheduler: SchedulerService;
  /** One executor per telescope, and the safety supervisor. */
  executors: Executors;
  /** Starts the scheduler and executors if `deferBackground` held them back; idempotent. */
  startBackground(): void;
  shutdown(): Promise<void>;
}

/**
 * The composition root: builds every service from the config and a clock. Both shells (Electron
 * and `serve`) call this and then attach their adapter to `dispatch` and `bus`.
 */
export interface CreateCoreOptions {
  /** Leave the scheduler and executors to `startBackground()` (the shell calls it once serving). */
  deferBackground?: boolean;
}

export async function createCore(config: CoreConfig, shell: 'desktop' | 'serve', options: CreateCoreOptions = {}): Promise<Core> {
  mkdirSync(config.dataDir, { recursive: true });
  const releaseLock = acquireInstanceLock(config.dataDir);
  const cleanups: (() => void | Promise<void>)[] = [releaseLock];
  try {
    const database = await openDatabase(join(config.dataDir, 'nightshift.db'));
    cleanups.unshift(() => database.close());
    const clock = makeClock(config, database);
    if (clock instanceof SimulatedClock) cleanups.push(() => clock.dispose());
    const logger = createFileLogger(config.dataDir, { now: () => clock.nowMs() });
    const bus = new EventBus((error) => logger.error('event listener failed', { error: String(error) }));
    if (clock instanceof SimulatedClock) logger.info('simulated clock', { startUtc: new Date(clock.nowMs()).toISOString(), speed: clock.speed, requestedStartUtc: config.simStartMs === null ? null : new Date(config.simStartMs).toISOString() });

    const observatory = new ObservatoryService(database.db);
    await observatory.load();
    const demoFiles = () => readDemoFiles(config.resourcesDir);
    if (config.seedDemo && !(await isSeeded(database.db))) {
      const seeded = await seedDemo(database.db, observatory, demoFiles(), clock.nowMs());
      logger.info('demo observatory seeded', { ...seeded });
    }

    const token = ensureToken(config.dataDir);
    const portal = createPortal({
      db: database.db,
      raw: database.raw,
      clock,
      bus,
      observatory,
      logger,
      accessToken: token,
      visibility: visibilityRule(observatory, clock),
    });
    cleanups.unshift(() => portal.stop());

    const archive = createArchive({
      db: database.db,
      raw: database.raw,
      clock,
      logger,
      archiveRoot: join(config.dataDir, 'archive'),
      dataDir: config.dataDir,
    });
    // A crash between a frame's rename and its database row leaves a file to index; temp files to sweep.
    const recovery = await archive.recover();
    logger.info('archive recovery', { ...recovery });

    const scheduler = createSchedulerService({ db: database.db, raw: database.raw, clock, bus, logger, observatory, runner: heldRunner(clock) });
    cleanups.unshift(() => scheduler.stop());

    const queue = new QueueService(database.db);
    const sky = new SkyService(clock, observatory, bus);
    const timeline = new TimelineService(clock, observatory);
    timeline.addSource(scheduler.blockSource);
    cleanups.unshift(() => sky.dispose());

    const deviceConfig = loadTelescopeDevices(config.dataDir, config.resourcesDir);
    const deviceManager = createDeviceManager({
      clock,
      ...(clock instanceof SimulatedClock ? { timings: { heartbeatMs: simulatedHeartbeatMs(clock.speed) } } : {}),
      devices: deviceConfig.telescopes,
      onState: (_telescopeId, _kind, snapshot) => bus.publish('devices.changed', toDeviceStatus(snapshot)),
    });
    cleanups.unshift(() => deviceManager.stop());
    const devices: DeviceStatusSource = { snapshot: () => deviceManager.snapshot().map(toDeviceStatus) };

    const executors = createExecutors({
      db: database.db,
      raw: database.raw,
      clock,
      bus,
      logger,
      devices: deviceManager,
      archive,
      observatory,
      telescopes: deviceConfig.telescopes,
    });
    cleanups.unshift(() => executors.stop());

    if (config.faults !== null) {
      // Parsed before anything runs, so a bad spec stops the start with a clear message.
      const spec = parseFaultSpec(config.faults);
      const targets = deviceManager.snapshot().map((s) => ({ telescopeId: s.telescopeId, deviceId: s.deviceId }));
      const faults = createFaultScheduler({
        manager: deviceManager,
        clock,
        plan: planFaults(spec, targets, clock.nowMs()),
        onInjected: (f, error) => logger.warn('simulated fault', { telescopeId: f.telescopeId, deviceId: f.deviceId, fault: f.fault, error }),
      });
      cleanups.unshift(() => faults.stop());
    }
    bus.on('schedule.changed', () => executors.wake());
    logger.info('devices configured', { source: deviceConfig.source, telescopes: deviceConfig.telescopes.length });

    const handlers = createHandlers({
      config,
      shell,
      version: NIGHTSHIFT_VERSION,
      clock,
      bus,
      observatory,
      queue,
      sky,
      timeline,
      devices,
      scheduler,
      composer: createComposerSource({
        db: database.db,
        portal,
        clock,
        resourcesDir: config.resourcesDir,
        timeZoneOf: (code) => observatory.listSites().find((x) => x.code === code)?.timeZone ?? 'UTC',
        // Names the bundled catalogue lacks go to CDS Sesame / JPL Horizons when the network allows.
        onlineResolvers: createOnlineResolvers({ dataDir: config.dataDir, clock }),
      }),
      realtime: createRealtimeSource({ db: database.db, portal, clock }),
      deviceControl: {
        control: createDeviceControl({ manager: deviceManager, clock, sites: Object.fromEntries(deviceConfig.telescopes.map((t) => [t.telescopeId, t.site])) }),
        snapshot: () => deviceManager.snapshot(),
      },
      executors,
      archive,
      demoFiles,
      resetDemo: () => resetDemo(database.db, observatory, demoFiles(), clock.nowMs()),
    });
    const dispatch = createDispatch(handlers, (name, error) => logger.error('invocation failed', { name, error }));
    if (observatory.listSites().length > 0) sky.start();
    portal.start();
    // The scheduler's first run (seconds of CPU for the first input) and the executors can wait
    // until the shell serves: a console opened at start-up then loads first.
    let stopped = false;
    let backgroundStarted = false;
    const startBackground = (): void => {
      if (backgroundStarted) return;
      backgroundStarted = true;
      executors.start();
      // The scheduler plans from what recovery leaves (interrupted configurations closed out), and
      // its first input build would otherwise hold up the executors' resume.
      void executors.reconciled().then(() => {
        if (!stopped) scheduler.start();
      });
    };
    if (!options.deferBackground) startBackground();
    logger.info('core started', { shell, dataDir: config.dataDir, simulate: config.simulate, speed: clock.speed });

    return {
      config,
      clock,
      bus,
      logger,
      database,
      dispatch,
      token,
      observatory,
      portal,
      archive,
      scheduler,
      executors,
      startBackground,
      async shutdown() {
        if (stopped) return;
        stopped = true;
        logger.info('core stopping');
        for (const cleanup of cleanups) await cleanup();
      },
    };
  } catch (error) {
    for (const cleanup of cleanups) await cleanup();
    throw error;
  }
}
