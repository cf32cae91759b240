import { AppError } from '../src-shared/errors';
import type { DeviceStatus, ExecutorStatus, SafetyVerdict, ScheduleExplanation, ScheduleRun } from '../src-shared/ipc/contract';
import type { Clock } from './clock';
import { createFrameConsole, type Archive, type FrameConsole } from './archive';
import type { CoreConfig } from './config';
import type { DemoFiles } from './demo';
import type { EventBus } from './events/bus';
import type { Handlers } from './ipc';
import type { ObservatoryService } from './observatory';
import type { QueueService } from './queue';
import type { SkyService } from './sky';
import type { TimelineService } from './timeline';
import { VisibilityService, readQueueTargets } from './visibility';
import { toDeviceStatus, type ControlActionInput, type DeviceControl, type DeviceSnapshot } from './devices';
import type { DeviceControlAction } from '../src-shared/ipc/contract';
import type { InvocationOutput } from '../src-shared/ipc/contract';
import { MAX_IPP_VALUE, MIN_IPP_VALUE, parseOcsDatetimeMs } from '../src-shared/schemas';
import type { CatalogResolver, NameResolver } from '../src-shared/sky';
import { loadBundledCatalog, ocsTargetOf, resolveName } from './sky/resolvers';
import { accessTokenUser, activeProposalsOfUser, listSemesters, type Db, type Portal } from './portal';
import { createReportSource } from './report';
import type { ObservationPlan, OperatorApi, PlannedConfiguration } from './executor';
import { filterOf } from './executor';
import type { OperatorConfiguration, OperatorObservation } from '../src-shared/ipc/contract';
import type { RealtimeSource } from './portal';

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
  /** The request composer (portal validation/submission, offline name lookup); absent = its calls answer not_found. */
  composer?: ComposerSource;
  /** Manual device control for the console; absent = `devices.control` refuses, checks say why. */
  deviceControl?: DeviceControlDeps;
  /** The telescopes' executors (robotic or operator mode); absent = no executors in this core. */
  executors?: ExecutorControl;
  /** The archive (`core.archive`): the Data page's frame calls; absent = they answer not_found. `recordFrame` lets `operator.mark` ingest frames. */
  archive?: Pick<Archive, 'repo' | 'archiveRoot'> & Partial<Pick<Archive, 'recordFrame'>>;
  /** Real-time sessions (`createRealtimeSource`); absent: `realtime.*` answer not_found. */
  realtime?: RealtimeSource;
}

/** What the executor calls need (src-main/executor `Executors`). */
export interface ExecutorControl {
  status(): ExecutorStatus[];
  setMode(telescopeId: string, mode: 'robotic' | 'operator'): void;
  /** Operator mode's service for one telescope (src-main/executor `Executors.operator`); absent = `operator.*` answer not_found. */
  operator?(telescopeId: string): OperatorApi;
  /** The safety supervisor (src-main/executor `Executors.supervisor`); absent = `safety.status` answers no telescopes. */
  supervisor?: { status(telescopeId: string): { telescopeId: string; state: SafetyVerdict['state']; reasons: string[]; alarm: string | null; sinceUtcMs: number } };
}

/** The operator service of a telescope and its executor's mode; not_found when there is none. */
function operatorOf(executors: ExecutorControl | undefined, telescopeId: string): { api: OperatorApi; mode: ExecutorStatus['mode'] } {
  const st = executors?.status().find((e) => e.telescopeId === telescopeId);
  if (!executors?.operator || !st) throw new AppError('not_found', `No executor for telescope "${telescopeId}"`, { telescopeId: ['unknown telescope'] });
  return { api: executors.operator(telescopeId), mode: st.mode };
}

function operatorObservation(p: ObservationPlan): OperatorObservation {
  return {
    observationId: p.id,
    requestId: p.requestId,
    groupName: p.groupName,
    proposalId: p.proposalId,
    state: p.state,
    startUtcMs: p.startUtcMs,
    endUtcMs: p.endUtcMs,
    configurations: p.configurations.map(operatorConfiguration),
  };
}

function operatorConfiguration(pc: PlannedConfiguration): OperatorConfiguration {
  const c = pc.configuration;
  const exposures = c.instrument_configs.map((ic) => ({ filter: filterOf(ic) ?? '', count: ic.exposure_count, exposureSec: ic.exposure_time }));
  let reason: string | null = null;
  try {
    const r = pc.summaryJson === null ? null : (JSON.parse(pc.summaryJson) as { reason?: unknown }).reason;
    reason = typeof r === 'string' && r !== '' ? r : null;
  } catch {
    // A summary that is not JSON has no reason to show.
  }
  return {
    configurationStatusId: pc.statusId,
    configurationType: c.type,
    instrumentType: c.instrument_type,
    instrumentName: pc.instrumentName,
    targetName: c.target.name,
    exposures,
    exposureSummary: exposures.map((e) => `${e.filter === '' ? '' : `${e.filter} `}${e.count}×${e.exposureSec} s`).join(', '),
    state: pc.state,
    reason,
  };
}

/** What `devices.control` / `devices.checkControl` need: the control service and the manager's device list. */
export interface DeviceControlDeps {
  control: Pick<DeviceControl, 'execute' | 'check'>;
  /** The manager's snapshot, to name a device by id or by the name the console shows. */
  snapshot(): DeviceSnapshot[];
}

/** The contract's handlers, one per entry (the type makes a missing one a compile error). */
export function createHandlers(d: HandlerDeps): Handlers {
  let frameConsole: FrameConsole | null = null;
  const frames = (): FrameConsole => {
    if (!d.archive) throw new AppError('not_found', 'The archive is not available in this core');
    frameConsole ??= createFrameConsole({ repo: d.archive.repo, archiveRoot: d.archive.archiveRoot, clock: d.clock });
    return frameConsole;
  };
  const visibility = new VisibilityService({
    sitesDump: () => d.observatory.dump(),
    nowMs: () => d.clock.nowMs(),
    timeZoneOf: (code) => d.observatory.listSites().find((s) => s.code === code)?.timeZone ?? 'UTC',
  });
  // Night report and observation details: read-only reads of the data directory's database (src-main/report).
  const report = createReportSource({ dataDir: d.config.dataDir, sites: () => d.observatory.listSites(), nowMs: () => d.clock.nowMs() });
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
    'observatory.setHorizonMask': async (args) => {
      const horizonMask = await d.observatory.setHorizonMask(args.telescopeId, args.horizonMask, d.clock.nowMs());
      // There is no observatory event: as `demo.reset` does, `queue.changed` makes the scheduler
      // rebuild its input (visibility is cached per telescope limits, mask included) and
      // `timeline.changed` makes consoles reload the site's night.
      d.bus.publish('queue.changed', { requestGroupIds: [] });
      d.bus.publish('timeline.changed', { siteCode: args.telescopeId.split('.')[0] ?? '' });
      // The debounced re-plan may keep a plan whose requests did not change; a new horizon can
      // hide a planned target, so solve again (a failure is recorded in the scheduler's run log).
      void d.scheduler?.runNow('observatory.setHorizonMask').catch(() => undefined);
      return { telescopeId: args.telescopeId, horizonMask };
    },
    'observatory.setTelescopeLimits': async ({ telescopeId, ...limits }) => {
      const stored = await d.observatory.setTelescopeLimits(telescopeId, limits, d.clock.nowMs());
      // Announced and re-planned exactly as a horizon mask change (see observatory.setHorizonMask).
      d.bus.publish('queue.changed', { requestGroupIds: [] });
      d.bus.publish('timeline.changed', { siteCode: telescopeId.split('.')[0] ?? '' });
      void d.scheduler?.runNow('observatory.setTelescopeLimits').catch(() => undefined);
      return { telescopeId, ...stored };
    },
    'sky.status': () => d.sky.status(),
    'queue.list': (args) => d.queue.list(args),
    'devices.snapshot': () => ({ devices: d.devices.snapshot() }),
    'timeline.tonight': (args) => d.timeline.tonight(args.siteCode),
    'executor.status': () => ({ executors: d.executors?.status() ?? [] }),
    'observations.get': (args) => {
      const detail = report.observation(args.observationId);
      if (detail === null) throw new AppError('not_found', `No observation ${args.observationId}`, { observationId: ['unknown observation'] });
      return detail;
    },
    'safety.status': () => {
      const e = d.executors;
      const supervisor = e?.supervisor;
      if (!e || !supervisor) return { telescopes: [] };
      return {
        telescopes: e.status().map((x) => {
          const s = supervisor.status(x.telescopeId);
          return { telescopeId: s.telescopeId, state: s.state, reasons: s.reasons, alarm: s.alarm, utcMs: s.sinceUtcMs };
        }),
      };
    },
    'report.night': (args) => report.night(args),
    'executor.setMode': (args) => {
      if (!d.executors) throw new AppError('not_found', 'No executors run in this core');
      const known = d.executors.status().some((e) => e.telescopeId === args.telescopeId);
      if (!known) throw new AppError('not_found', `No executor for telescope "${args.telescopeId}"`, { telescopeId: [`unknown telescope`] });
      d.executors.setMode(args.telescopeId, args.mode);
      const now = d.executors.status().find((e) => e.telescopeId === args.telescopeId);
      if (!now) throw new AppError('internal', 'The executor vanished');
      d.bus.publish('executor.changed', now);
      return now;
    },
    'operator.schedule': async (args) => {
      const op = operatorOf(d.executors, args.telescopeId);
      const now = d.clock.nowMs();
      const fromUtcMs = args.fromUtcMs ?? now - 12 * 3_600_000;
      const toUtcMs = args.toUtcMs ?? now + 12 * 3_600_000;
      if (toUtcMs <= fromUtcMs) throw new AppError('validation.invalid', 'The span is empty', { toUtcMs: ['must be after fromUtcMs'] });
      const plans = await op.api.schedule(fromUtcMs, toUtcMs);
      const observations = [...plans].sort((x, y) => x.startUtcMs - y.startUtcMs || x.id - y.id).map(operatorObservation);
      return { telescopeId: args.telescopeId, fromUtcMs, toUtcMs, observations };
    },
    'operator.mark': async (args) => {
      const op = operatorOf(d.executors, args.telescopeId);
      if (op.mode !== 'operator') {
        throw new AppError('conflict.state', `Telescope ${args.telescopeId} is in ${op.mode} mode: switch it to operator mode to record outcomes by hand`, { telescopeId: [`in ${op.mode} mode`] });
      }
      if (args.state !== 'COMPLETED' && args.reason.trim() === '') {
        throw new AppError('validation.invalid', 'A reason is required for FAILED and NOT_ATTEMPTED', { reason: ['This field is required.'] });
      }
      const { telescopeId: _t, configurationStatusId, ...mark } = args;
      const archive = d.archive;
      const recordFrame = archive?.recordFrame;
      // Frames the operator took by hand land in the archive like robotic ones (and the Data page hears of them).
      const sink = archive && recordFrame ? { archiveRoot: archive.archiveRoot, recordFrame, onIngested: (frameIds: number[]) => d.bus.publish('frames.changed', { telescopeId: args.telescopeId, frameIds }) } : undefined;
      await op.api.mark(configurationStatusId, mark, sink);
      const now = d.clock.nowMs();
      // Read the status back from the schedule, so the answer is what the portal recorded.
      const plans = await op.api.schedule(now - 14 * 86_400_000, now + 14 * 86_400_000);
      for (const plan of plans) {
        const pc = plan.configurations.find((c) => c.statusId === configurationStatusId);
        if (pc) return operatorConfiguration(pc);
      }
      throw new AppError('internal', `configuration status ${configurationStatusId} was marked but is no longer in the schedule`);
    },
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
    // ---------- devices: manual control ----------
    'devices.control': async (args) => {
      if (!d.deviceControl) throw new AppError('not_found', 'Device control is not running in this core');
      const dc = d.deviceControl;
      const action: ControlActionInput = toControlAction(args.telescopeId, args.action, dc.snapshot());
      const result = await dc.control.execute(args.telescopeId, action);
      return { telescopeId: args.telescopeId, op: result.op, warnings: result.warnings, image: result.image, finishedMs: d.clock.nowMs() };
    },
    'devices.checkControl': (args) => {
      const dc = d.deviceControl;
      const verdicts = args.actions.map((a) => {
        if (!dc) return { op: a.op, allowed: false, rule: 'control.unavailable', reason: 'Device control is not running in this core.', warnings: [] };
        try {
          const v = dc.control.check(args.telescopeId, toControlAction(args.telescopeId, a, dc.snapshot()));
          return v.allowed
            ? { op: a.op, allowed: true, rule: null, reason: null, warnings: v.warnings }
            : { op: a.op, allowed: false, rule: v.rule, reason: v.reason, warnings: v.warnings };
        } catch (error) {
          // An unknown device: the answer is a refusal with the reason, never a thrown call.
          const message = error instanceof Error ? error.message : String(error);
          return { op: a.op, allowed: false, rule: 'control.invalid', reason: message, warnings: [] };
        }
      });
      return { telescopeId: args.telescopeId, verdicts };
    },
    // ---------- requests: composer ----------
    'requests.options': () => requireComposer(d).options(),
    'requests.validate': (args) => requireComposer(d).validate(args.requestGroup),
    'requests.submit': (args) => requireComposer(d).submit(args.requestGroup),
    'targets.resolve': (args) => requireComposer(d).resolve(args.name),
    // ---------- data: archived frames ----------
    'frames.list': (args) => frames().list(args),
    'frames.facets': () => frames().facets(),
    'frames.thumbnail': (args) => frames().thumbnail(args.frameId),
    'frames.image': (args) => frames().image(args.frameId, args.maxSizePx),
    'frames.header': (args) => frames().header(args.frameId),
    // ---------- real-time sessions ----------
    'realtime.list': (args) => requireRealtime(d).list(args.fromUtcMs),
    'realtime.availability': (args) => requireRealtime(d).availability(args.telescopeId),
    'realtime.book': async (args) => {
      const session = await requireRealtime(d).book(args);
      // The scheduler keeps the block fixed and plans around it; consoles redraw the night.
      d.bus.publish('queue.changed', { requestGroupIds: [session.requestGroupId] });
      d.bus.publish('timeline.changed', { siteCode: session.telescopeId.split('.')[0] ?? '' });
      return session;
    },
    'realtime.cancel': async (args) => {
      const r = await requireRealtime(d).cancel(args.id);
      d.bus.publish('queue.changed', { requestGroupIds: [r.requestGroupId] });
      d.bus.publish('timeline.changed', { siteCode: r.telescopeId.split('.')[0] ?? '' });
      return { id: r.id, state: r.state };
    },
  };
}

/**
 * The service's action for a contract action. Connect/disconnect may name the device by its id or by
 * the name the console shows (`DeviceStatus.name`, which carries no id); `not_found` when neither matches.
 */
function toControlAction(telescopeId: string, action: DeviceControlAction, snapshot: DeviceSnapshot[]): ControlActionInput {
  if (action.op !== 'connect' && action.op !== 'disconnect') return action;
  const own = snapshot.filter((s) => s.telescopeId === telescopeId);
  const match = own.find((s) => s.deviceId === action.deviceId) ?? own.find((s) => toDeviceStatus(s).name === action.deviceId);
  if (!match) throw new AppError('not_found', `telescope ${telescopeId} has no device '${action.deviceId}'`);
  return { op: action.op, deviceId: match.deviceId };
}

// ---------- requests: composer ----------

/** What the request composer's calls need (`createComposerSource`): the portal's own paths and the offline catalogs. */
export interface ComposerSource {
  options(): Promise<InvocationOutput<'requests.options'>>;
  validate(group: Record<string, unknown>): Promise<InvocationOutput<'requests.validate'>>;
  submit(group: Record<string, unknown>): Promise<InvocationOutput<'requests.submit'>>;
  resolve(name: string): Promise<InvocationOutput<'targets.resolve'>>;
}

export interface ComposerSourceDeps {
  db: Db;
  portal: Pick<Portal, 'configdb' | 'createRequestGroup' | 'validateRequestGroup'>;
  clock: Clock;
  /** IANA zone of a site code ('UTC' when unknown). */
  timeZoneOf: (siteCode: string) => string;
  /** resources/ (catalogs/stars.json and dso.json are read on the first lookup). */
  resourcesDir: string;
  /** Online name resolvers after the catalog (`createOnlineResolvers` from ./sky/resolvers); absent = offline only. */
  onlineResolvers?: NameResolver[];
}

/** A configdb science camera's detector for `requests.options` (null without pixel counts). */
const cameraOf = (cam: { code: string; orientation: number; camera_type: { code: string; pscale: number; pixels_x: number; pixels_y: number } } | undefined) =>
  cam === undefined || cam.camera_type.pixels_x <= 0 || cam.camera_type.pixels_y <= 0
    ? null
    : { code: cam.camera_type.code, pixelsX: cam.camera_type.pixels_x, pixelsY: cam.camera_type.pixels_y, arcsecPerPixel: cam.camera_type.pscale, orientationDeg: cam.orientation };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A resolver that cannot look: the online resolvers until they exist (the answer is `offline`, not `not-found`). */
const unreachable = (id: 'sesame' | 'mpc' | 'horizons'): NameResolver => ({ id, resolve: () => Promise.resolve({ status: 'offline', resolver: id, message: 'online lookup is not enabled in this core' }) });

/**
 * The composer's calls over the portal. The console acts as the data dir's staff user (`demo`),
 * exactly as the access token does over `/api/`, so validation and submission give the same
 * answers as `POST /api/requestgroups/validate/` and `POST /api/requestgroups/`.
 */
export function createComposerSource(c: ComposerSourceDeps): ComposerSource {
  const caller = () => accessTokenUser(c.db, c.clock.nowMs());
  let catalog: CatalogResolver | null = null;
  const catalogResolver = (): CatalogResolver => {
    catalog ??= loadBundledCatalog(c.resourcesDir);
    return catalog;
  };
  return {
    async options() {
      const me = await caller();
      const proposals = [];
      for (const p of await activeProposalsOfUser(c.db, me.id)) {
        const allocations = p.time_allocations.map((a) => ({
          semester: a.semester,
          instrumentTypes: a.instrument_types,
          stdHoursLeft: a.std_allocation - a.std_time_used,
          rrHoursLeft: a.rr_allocation - a.rr_time_used,
          tcHoursLeft: a.tc_allocation - a.tc_time_used,
          ippTimeAvailable: a.ipp_time_available,
        }));
        proposals.push({ id: p.id, title: p.title, allocations });
      }
      const semesters = (await listSemesters(c.db)).map((s) => ({ id: s.id, startMs: parseOcsDatetimeMs(s.start) ?? 0, endMs: parseOcsDatetimeMs(s.end) ?? 0 }));
      const instruments = [];
      for (const entry of c.portal.configdb().index.instrumentTypes.values()) {
        const placements = entry.placements.filter((pl) => pl.state === 'SCHEDULABLE');
        const first = placements[0];
        if (!first) continue;
        const def = entry.def;
        instruments.push({
          instrumentType: entry.code,
          name: def.name || entry.code,
          category: def.instrument_category === 'SPECTRO' ? 'SPECTRA' : def.instrument_category,
          telescopeClass: first.telescopeClass,
          telescopes: placements.map((pl) => ({ telescopeId: `${pl.site}.${pl.enclosure}.${pl.telescope}`, site: pl.site, enclosure: pl.enclosure, telescope: pl.telescope, timeZone: c.timeZoneOf(pl.site) })),
          configurationTypes: def.configuration_types.filter((t) => t.schedulable !== false).map((t) => t.code),
          defaultConfigurationType: def.default_configuration_type,
          opticalElementGroups: [...entry.opticalElementGroups].map(([type, g]) => ({
            type,
            key: type.replace(/s$/, ''),
            default: g.default || null,
            elements: g.optical_elements.filter((e) => e.schedulable).map((e) => ({ code: e.code, name: e.name || e.code })),
          })),
          modes: Object.fromEntries(
            def.mode_types.map((m) => [m.type, { default: m.default || null, modes: m.modes.filter((x) => x.schedulable).map((x) => ({ code: x.code, name: x.name || x.code, overheadSec: x.overhead })) }]),
          ),
          // The atlas draws this camera's field to scale when framing a request.
          camera: cameraOf(first.scienceCameras[0]),
        });
      }
      return { username: me.username, proposals, semesters, instruments, ipp: { min: MIN_IPP_VALUE, max: MAX_IPP_VALUE } };
    },
    async validate(group) {
      const v = await c.portal.validateRequestGroup(group, await caller());
      const errors = isRecord(v.errors) ? v.errors : {};
      return { ok: Object.keys(errors).length === 0, errors, requestDurations: isRecord(v.request_durations) ? v.request_durations : {} };
    },
    async submit(group) {
      const r = await c.portal.createRequestGroup(group, await caller());
      // Refusals carry the OCS field errors as details, so the form shows them next to the fields.
      if (!r.ok) throw new AppError('validation.invalid', 'The request group was not accepted', isRecord(r.body) ? r.body : {});
      const requests = Array.isArray(r.value['requests']) ? (r.value['requests'] as unknown[]) : [];
      return {
        requestGroupId: r.value['id'] as number,
        requestIds: requests.map((q) => (isRecord(q) && typeof q['id'] === 'number' ? q['id'] : -1)).filter((id) => id >= 0),
        state: String(r.value['state']),
      };
    },
    async resolve(name) {
      // Catalog first, then Sesame / MPC / Horizons (cached in the data dir); "offline" says only the catalog was searched.
      const answer = await resolveName(catalogResolver(), c.onlineResolvers ?? [unreachable('sesame'), unreachable('mpc'), unreachable('horizons')], name, { utcMs: c.clock.nowMs() });
      if (answer.status !== 'found') return { status: answer.status, message: answer.message, resolver: answer.resolver, canonicalName: null, otherNames: [], objectType: null, vMag: null, target: null };
      if (answer.result.target.kind === 'orbital-elements') {
        const r = answer.result;
        return { status: 'found', message: `${r.canonicalName}: osculating elements from JPL Horizons`, resolver: r.resolver, canonicalName: r.canonicalName, otherNames: r.otherNames, objectType: r.objectType, vMag: r.vMag, target: ocsTargetOf(name, r) };
      }
      const r = answer.result;
      const t = r.target;
      const target =
        t.kind === 'sidereal'
          ? {
              type: 'ICRS',
              name: name.trim().slice(0, 50),
              ra: t.place.raDeg,
              dec: t.place.decDeg,
              proper_motion_ra: t.place.properMotionRaMasPerYr ?? 0,
              proper_motion_dec: t.place.properMotionDecMasPerYr ?? 0,
              parallax: t.place.parallaxMas ?? 0,
              epoch: t.place.epochJulianYear ?? 2000,
            }
          : null;
      const message = target === null ? `${r.canonicalName} is a solar-system body: enter its orbital elements (OCS has no target type for it)` : null;
      return { status: 'found', message, resolver: r.resolver, canonicalName: r.canonicalName, otherNames: r.otherNames, objectType: r.objectType, vMag: r.vMag, target };
    },
  };
}

function requireComposer(d: HandlerDeps): ComposerSource {
  if (!d.composer) throw new AppError('not_found', 'The request composer is not available in this core');
  return d.composer;
}

function requireRealtime(d: HandlerDeps): RealtimeSource {
  const source = d.realtime;
  if (!source) throw new AppError('not_found', 'Real-time sessions are not available in this core');
  return source;
}
