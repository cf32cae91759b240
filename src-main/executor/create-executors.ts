/**
 * The executors the core builds: one per telescope with devices, the safety supervisor they obey,
 * the shared journal, and the operator API. Publishes `executor.changed` (progress) and, through the
 * status reports, `queue.changed` (the scheduler re-plans on it) and `frames.changed`.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Archive } from '../archive';
import type { Clock } from '../clock';
import type { DeviceManager, TelescopeDevices } from '../devices';
import type { EventBus } from '../events/bus';
import type { Logger } from '../logging';
import type { ConfigdbView, Db, ObservatoryDumpSource } from '../portal';
import { configdbViewOf } from '../portal';
import type { SafetyPolicy, SafetySupervisor } from '../safety';
import { createSafetySupervisor } from '../safety';
import type { ExecutorContext } from './context';
import { createIoTracker } from './io-tracker';
import type { IoTracker } from './io-tracker';
import { createJournal } from './journal';
import type { Journal } from './journal';
import { telescopeAddress } from './observation-source';
import type { OperatorApi } from './operator';
import { createOperatorApi } from './operator';
import type { ExecutorMode, TelescopeExecutor } from './telescope-executor';
import { createTelescopeExecutor } from './telescope-executor';

export interface ExecutorsOptions {
  db: Db;
  raw: BetterSqlite3.Database;
  clock: Clock;
  bus: EventBus | null;
  logger: Logger;
  devices: DeviceManager;
  archive: Archive;
  observatory: ObservatoryDumpSource;
  /** The device configuration (telescope ids and sites), e.g. `loadTelescopeDevices(...).telescopes`. */
  telescopes: TelescopeDevices[];
  /** Safety policy overrides (hold time, poll period, Sun limit…). */
  safety?: Partial<SafetyPolicy>;
  /** Idle poll period of the executors, clock ms (default 30 s). */
  idlePollMs?: number;
  /** Thumbnails with each frame (default true). */
  thumbnails?: boolean;
}

export interface ExecutorStatus {
  telescopeId: string;
  mode: ExecutorMode;
  phase: string;
  observationId: number | null;
  configurationStatusId: number | null;
  exposure: { n: number; of: number; remainingSec: number; durationSec: number } | null;
  message: string;
  utcMs: number;
}

export interface Executors {
  /** Starts the supervisor and every executor (each recovers first). */
  start(): void;
  /** Resolves once every started executor has reconciled journal and database (recovery). */
  reconciled(): Promise<void>;
  stop(): Promise<void>;
  telescopeIds(): string[];
  status(): ExecutorStatus[];
  setMode(telescopeId: string, mode: ExecutorMode): void;
  operator(telescopeId: string): OperatorApi;
  executor(telescopeId: string): TelescopeExecutor;
  /** Wakes every executor (schedule changed). */
  wake(): void;
  supervisor: SafetySupervisor;
  journal: Journal;
  /** Real file IO in flight (simulated nights step the clock only when idle). */
  io: IoTracker;
  configdb: () => ConfigdbView;
}

export function createExecutors(options: ExecutorsOptions): Executors {
  const journal = createJournal(options.raw);
  const io = createIoTracker(options.clock);
  const configdb = configdbViewOf(options.observatory);
  const supervisor = createSafetySupervisor({
    clock: options.clock,
    devices: options.devices,
    telescopes: options.telescopes.map((t) => ({ telescopeId: t.telescopeId, site: t.site })),
    journal,
    logger: options.logger,
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.safety ? { policy: options.safety } : {}),
  });
  const reporter = { db: options.db, configdb, bus: options.bus };
  const statuses = new Map<string, ExecutorStatus>();
  const executors = new Map<string, TelescopeExecutor>();
  const operators = new Map<string, OperatorApi>();

  for (const t of options.telescopes) {
    const address = telescopeAddress(t.telescopeId);
    statuses.set(t.telescopeId, { telescopeId: t.telescopeId, mode: 'robotic', phase: 'starting', observationId: null, configurationStatusId: null, exposure: null, message: '', utcMs: options.clock.nowMs() });
    const ctx: ExecutorContext = {
      address,
      site: t.site,
      db: options.db,
      clock: options.clock,
      devices: options.devices,
      archive: options.archive,
      journal,
      supervisor,
      configdb,
      bus: options.bus,
      logger: options.logger,
      io,
      thumbnails: options.thumbnails ?? true,
      progress(p) {
        const prev = statuses.get(t.telescopeId);
        const next: ExecutorStatus = { ...p, telescopeId: t.telescopeId, mode: executors.get(t.telescopeId)?.mode() ?? 'robotic', utcMs: options.clock.nowMs() };
        if (prev && prev.phase === next.phase && prev.message === next.message && JSON.stringify(prev.exposure) === JSON.stringify(next.exposure)) return;
        statuses.set(t.telescopeId, next);
        options.bus?.publish('executor.changed', next);
      },
    };
    executors.set(t.telescopeId, createTelescopeExecutor(ctx, reporter, { idlePollMs: options.idlePollMs ?? 30_000 }));
    operators.set(t.telescopeId, createOperatorApi(address, reporter, journal, options.clock));
  }

  const get = <T>(m: Map<string, T>, id: string): T => {
    const v = m.get(id);
    if (v === undefined) throw new Error(`no executor for telescope ${id}`);
    return v;
  };

  return {
    start() {
      supervisor.start();
      for (const e of executors.values()) e.start();
    },
    reconciled: async () => {
      await Promise.all([...executors.values()].map((e) => e.reconciled()));
    },
    async stop() {
      await Promise.all([...executors.values()].map((e) => e.stop()));
      await supervisor.stop();
      await io.idle();
    },
    telescopeIds: () => [...executors.keys()],
    // The mode is the executor's own (set at once); the rest is its last progress report.
    status: () => [...statuses.values()].map((s) => ({ ...s, mode: get(executors, s.telescopeId).mode() })),
    setMode: (id, mode) => get(executors, id).setMode(mode),
    operator: (id) => get(operators, id),
    executor: (id) => get(executors, id),
    wake: () => {
      for (const e of executors.values()) e.wake();
    },
    supervisor,
    journal,
    io,
    configdb,
  };
}
