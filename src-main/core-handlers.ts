import type { DeviceStatus } from '../src-shared/ipc/contract';
import type { Clock } from './clock';
import type { CoreConfig } from './config';
import type { DemoFiles } from './demo';
import type { EventBus } from './events/bus';
import type { Handlers } from './ipc';
import type { ObservatoryService } from './observatory';
import type { QueueService } from './queue';
import type { SkyService } from './sky';
import type { TimelineService } from './timeline';

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
}

/** The contract's handlers, one per entry (the type makes a missing one a compile error). */
export function createHandlers(d: HandlerDeps): Handlers {
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
  };
}
