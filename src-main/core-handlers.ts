import { AppError } from '../src-shared/errors';
import type { DeviceStatus, ScheduleExplanation, ScheduleRun } from '../src-shared/ipc/contract';
import type { Clock } from './clock';
import type { CoreConfig } from './config';
import type { DemoFiles } from './demo';
import type { EventBus } from './events/bus';
import type { Handlers } from './ipc';
import type { ObservatoryService } from './observatory';
import type { QueueService } from './queue';
import type { SkyService } from './sky';
import type { TimelineService } from './timeline';
import { VisibilityService, readQueueTargets } from './visibility';

/** What the console's schedule calls need from the scheduler service (`createSchedulerService`). */
export interface ScheduleSource {
  runNow(trigger?: string): Promise<ScheduleRun>;
  lastRun(): Promise<ScheduleRun | null>;
  explain(requestId: number): Promise<{ requestId: number; runId: number | null; explanation: ScheduleExplanation | null }>;
}

/** Where device states come from (the device manager); the console reads a snapshot, then events. */
export interface DeviceStatusSource {
  snapshot(): DeviceStatus[];
}

export interface HandlerDeps {
  config: CoreConfig;
  shell: 'desktop' | 'serve';
  version: string;
  clock: Clock;
  bus: EventBus;
  observatory: ObservatoryService;
  queue: QueueService;
  sky: SkyService;
  timeline: TimelineService;
  devices: DeviceStatusSource;
  resetDemo: () => Promise<{ requestGroups: number }>;
  demoFiles: () => DemoFiles;
  /** The scheduler service; absent = schedule calls answer "not scheduled yet" / refuse to run. */
  scheduler?: ScheduleSource;
}

/** The contract's handlers, one per entry (the type makes a missing one a compile error). */
export function createHandlers(d: HandlerDeps): Handlers {
  const visibility = new VisibilityService({
    sitesDump: () => d.observatory.dump(),
    nowMs: () => d.clock.nowMs(),
    timeZoneOf: (code) => d.observatory.listSites().find((s) => s.code === code)?.timeZone ?? 'UTC',
  });
  return {
    'app.info': (_args, ctx) => ({
      name: 'Nightshift',
      version: d.version,
      shell: d.shell,
      simulate: d.config.simulate,
      clockSpeed: d.clock.speed,
      dataDir: d.config.dataDir,
      canWrite: ctx.canWrite,
    }),
    'observatory.get': () => ({ sites: d.observatory.listSites() }),
    'sky.status': () => d.sky.status(),
    'queue.list': (args) => d.queue.list(args),
    'devices.snapshot': () => ({ devices: d.devices.snapshot() }),
    'timeline.tonight': (args) => d.timeline.tonight(args.siteCode),
    'demo.reset': async () => {
      const result = await d.resetDemo();
      d.bus.publish('queue.changed', { requestGroupIds: [] });
      d.bus.publish('timeline.changed', { siteCode: d.observatory.site().code });
      return result;
    },
    'visibility.target': (args) => {
      // Without an explicit span, chart tonight exactly as the timeline shows it.
      if (args.startMs !== undefined || args.endMs !== undefined) return visibility.target(args);
      const site = visibility.telescopes(args.telescopeId)[0]?.site;
      const t = d.timeline.tonight(site);
      return visibility.target(args, { startMs: t.nightStartMs, endMs: t.nightEndMs, events: t.events });
    },
    'visibility.calendar': (args) => visibility.calendar(args),
    'visibility.queueTargets': () => ({ targets: readQueueTargets(d.config.dataDir) }),
    'schedule.run': () => {
      if (!d.scheduler) throw new AppError('not_found', 'The scheduler is not running in this core');
      return d.scheduler.runNow('console');
    },
    'schedule.lastRun': async () => ({ run: d.scheduler ? await d.scheduler.lastRun() : null }),
    'schedule.explain': (args) => d.scheduler?.explain(args.requestId) ?? { requestId: args.requestId, runId: null, explanation: null },
  };
}
