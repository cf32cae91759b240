/** What one telescope's executor works with; built once per telescope by `createExecutors`. */
import type { Archive } from '../archive';
import type { Clock } from '../clock';
import type { DeviceManager, DeviceSite } from '../devices';
import type { EventBus } from '../events/bus';
import type { Logger } from '../logging';
import type { ConfigdbView, Db } from '../portal';
import type { SafetySupervisor } from '../safety';
import type { IoTracker } from './io-tracker';
import type { Journal } from './journal';
import type { TelescopeAddress } from './observation-source';

export interface ExecutorContext {
  address: TelescopeAddress;
  site: DeviceSite | null;
  db: Db;
  clock: Clock;
  devices: DeviceManager;
  archive: Archive;
  journal: Journal;
  supervisor: SafetySupervisor;
  configdb: () => ConfigdbView;
  bus: EventBus | null;
  logger: Logger;
  io: IoTracker;
  /** Write thumbnails with each frame (default true). */
  thumbnails: boolean;
  /** Shown in the console: what the executor is doing. */
  progress(p: { phase: string; observationId: number | null; configurationStatusId: number | null; exposure: { n: number; of: number; remainingSec: number; durationSec: number } | null; message: string }): void;
}
