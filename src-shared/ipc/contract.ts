/**
 * The one list of invocations and events between the console and the core. The Electron router,
 * the preload, the HTTP/WebSocket adapter and the console's client are all typed from this file;
 * no other file declares a channel name. Add a call by adding an entry here.
 */
import { z } from 'zod';
import { constraintsSchema, targetSchema } from '../schemas';

const utcMs = z.number().describe('UTC milliseconds since the epoch');

export const NightPhaseSchema = z.enum(['day', 'civil', 'nautical', 'astronomical', 'night']);

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  shell: z.enum(['desktop', 'serve']),
  simulate: z.boolean(),
  clockSpeed: z.number(),
  dataDir: z.string(),
  /** True when this client may invoke write operations (desktop, or a browser holding the token). */
  canWrite: z.boolean(),
});

export const TelescopeSummarySchema = z.object({
  id: z.string().describe('site.enclosure.telescope, e.g. tfn.doma.1m0a'),
  code: z.string(),
  name: z.string(),
  telescopeClass: z.string(),
  apertureM: z.number(),
  enclosure: z.string(),
  instruments: z.array(z.object({ code: z.string(), instrumentType: z.string(), state: z.string() })),
});

export const SiteSummarySchema = z.object({
  code: z.string(),
  name: z.string(),
  latitudeDeg: z.number(),
  longitudeDeg: z.number(),
  elevationM: z.number(),
  timeZone: z.string().describe('IANA time zone of the site'),
  telescopes: z.array(TelescopeSummarySchema),
});

export const ObservatorySchema = z.object({ sites: z.array(SiteSummarySchema) });

export const NightEventsSchema = z.object({
  sunsetMs: utcMs.nullable(),
  civilDuskMs: utcMs.nullable(),
  nauticalDuskMs: utcMs.nullable(),
  astronomicalDuskMs: utcMs.nullable(),
  astronomicalDawnMs: utcMs.nullable(),
  nauticalDawnMs: utcMs.nullable(),
  civilDawnMs: utcMs.nullable(),
  sunriseMs: utcMs.nullable(),
});

export const SkyStatusSchema = z.object({
  utcMs,
  siteCode: z.string(),
  sunAltitudeDeg: z.number(),
  nightPhase: NightPhaseSchema,
});

export const RequestStateSchema = z.enum(['PENDING', 'COMPLETED', 'WINDOW_EXPIRED', 'FAILURE_LIMIT_REACHED', 'CANCELED']);

export const QueueRequestSchema = z.object({
  id: z.number().int(),
  state: RequestStateSchema,
  durationSec: z.number().nullable(),
  targetName: z.string(),
  instrumentType: z.string(),
  telescopeClass: z.string(),
  windowStartMs: utcMs.nullable(),
  windowEndMs: utcMs.nullable(),
});

export const QueueGroupSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  proposal: z.string(),
  observationType: z.string(),
  operator: z.string(),
  ippValue: z.number(),
  state: RequestStateSchema,
  createdMs: utcMs,
  requests: z.array(QueueRequestSchema),
});

export const QueueListInputSchema = z.object({
  state: RequestStateSchema.optional(),
  limit: z.number().int().min(1).max(1000).default(200),
  offset: z.number().int().min(0).default(0),
});

export const QueueListSchema = z.object({ count: z.number().int(), groups: z.array(QueueGroupSchema) });

export const DeviceConnectionSchema = z.enum(['disconnected', 'connecting', 'connected', 'faulted']);

export const DeviceStatusSchema = z.object({
  telescopeId: z.string(),
  kind: z.string().describe('mount, camera, filterWheel, focuser, dome, rotator, weather, safety'),
  name: z.string(),
  family: z.string(),
  connection: DeviceConnectionSchema,
  /** One-line human summary, e.g. "Tracking RA 05h34m Dec +22°01′" or "Closed". */
  summary: z.string(),
  /** Kind-specific readings, JSON-serialisable. */
  state: z.record(z.string(), z.unknown()),
  updatedMs: utcMs,
  error: z.string().nullable(),
});

export const DevicesSnapshotSchema = z.object({ devices: z.array(DeviceStatusSchema) });

export const TimelineBlockSchema = z.object({
  telescopeId: z.string(),
  requestId: z.number().int().nullable(),
  label: z.string(),
  startMs: utcMs,
  endMs: utcMs,
  kind: z.enum(['observation', 'downtime', 'weather']),
  state: z.string(),
});

export const TimelineSchema = z.object({
  siteCode: z.string(),
  nightStartMs: utcMs,
  nightEndMs: utcMs,
  events: NightEventsSchema,
  blocks: z.array(TimelineBlockSchema),
});

// ---------- visibility (planning charts, CLI, calendar) ----------

export const IntervalSchema = z.object({ startMs: utcMs, endMs: utcMs });

export const VisibilityTargetInputSchema = z
  .object({
    /** An OCS target (ICRS, ORBITAL_ELEMENTS, HOUR_ANGLE, SATELLITE), OCS field names. */
    target: targetSchema,
    /** OCS constraints; defaults 1.6 / 30° / 1.0 when omitted. */
    constraints: constraintsSchema.optional(),
    /** `site.enclosure.telescope`; omitted = every telescope of the first site. */
    telescopeId: z.string().optional(),
    /** Chart span; omitted = tonight as the timeline shows it (sunset − 1 h to sunrise + 1 h). */
    startMs: utcMs.optional(),
    endMs: utcMs.optional(),
    /** Series step, minutes. */
    stepMin: z.number().min(0.5).max(60).default(5),
  })
  .strict();

export const RiseTransitSetSchema = z.object({
  /** Altitude the rise/set instants refer to (the telescope's horizon), degrees. */
  altitudeDeg: z.number(),
  risesMs: z.array(utcMs),
  transitsMs: z.array(utcMs),
  setsMs: z.array(utcMs),
});

export const TelescopeVisibilitySchema = z.object({
  telescopeId: z.string(),
  horizonDeg: z.number(),
  /** max(horizon, airmass limit): below this the target is not observable. */
  effectiveHorizonDeg: z.number(),
  haLimitNegHours: z.number(),
  haLimitPosHours: z.number(),
  zenithBlindSpotDeg: z.number(),
  /** Azimuth-dependent horizon (configdb extension `horizon_mask`), degrees; null or absent = flat `horizonDeg`. */
  horizonMask: z.array(z.object({ azimuthDeg: z.number(), altitudeDeg: z.number() })).nullable().optional(),
  /** Series, one entry per `timesMs` instant. Geometric altitude, degrees. */
  altitudeDeg: z.array(z.number()),
  azimuthDeg: z.array(z.number()),
  /** Plane-parallel airmass; null at or below the horizon. */
  airmass: z.array(z.number().nullable()),
  hourAngleHours: z.array(z.number()),
  moonDistanceDeg: z.array(z.number()),
  /** When every constraint holds (dark, airmass, horizon, HA, blind spot, Moon). */
  observable: z.array(IntervalSchema),
  observableHours: z.number(),
  riseTransitSet: RiseTransitSetSchema,
});

export const VisibilityTargetSchema = z.object({
  siteCode: z.string(),
  timeZone: z.string(),
  targetName: z.string(),
  targetType: z.string(),
  constraints: z.object({ maxAirmass: z.number(), minLunarDistanceDeg: z.number(), maxLunarPhase: z.number() }),
  startMs: utcMs,
  endMs: utcMs,
  timesMs: z.array(utcMs),
  sunAltitudeDeg: z.array(z.number()),
  moonAltitudeDeg: z.array(z.number()),
  /** Moon illuminated fraction 0–1 at the middle of the span. */
  moonIlluminatedFraction: z.number(),
  /** The night's Sun events (twilights). */
  events: NightEventsSchema,
  /** Sun below −12° (OCS dark, nautical) within the span. */
  darkIntervals: z.array(IntervalSchema),
  telescopes: z.array(TelescopeVisibilitySchema),
});

export const VisibilityCalendarInputSchema = z
  .object({
    target: targetSchema,
    constraints: constraintsSchema.optional(),
    telescopeId: z.string().optional(),
    /** First night: the night following local noon before this instant; omitted = tonight. */
    startMs: utcMs.optional(),
    nights: z.number().int().min(1).max(200).default(30),
  })
  .strict();

export const VisibilityCalendarSchema = z.object({
  siteCode: z.string(),
  timeZone: z.string(),
  targetName: z.string(),
  telescopes: z.array(
    z.object({
      telescopeId: z.string(),
      nights: z.array(
        z.object({
          /** Local noon that starts the night, UTC ms. */
          noonMs: utcMs,
          darkHours: z.number(),
          observableHours: z.number(),
          moonIlluminatedFraction: z.number(),
          /** Moon at local midnight: true while waxing. */
          moonWaxing: z.boolean(),
          /** Sunset / sunrise bounding the night, UTC ms; null in polar day or night. */
          sunsetMs: utcMs.nullable(),
          sunriseMs: utcMs.nullable(),
          /** Sun below −12° within the night's 24 h; when every constraint holds. */
          dark: z.array(IntervalSchema),
          observable: z.array(IntervalSchema),
        }),
      ),
    }),
  ),
});

export const QueueTargetSchema = z.object({
  requestId: z.number().int(),
  requestGroupName: z.string(),
  state: z.string(),
  /** The configuration's OCS target as stored (OCS field names). */
  target: z.record(z.string(), z.unknown()),
  constraints: z.record(z.string(), z.unknown()),
});

// ---------- scheduler (runs, explanations) ----------

export const ScheduleRunSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['normal', 'rapid_response']),
  /** What asked for the run, e.g. "queue.changed", "devices.changed", "console". */
  trigger: z.string(),
  startedMs: utcMs,
  /** The kernel's now and horizon end. */
  nowMs: utcMs,
  horizonEndMs: utcMs,
  /** sha256 of the recorded SchedulerInput. */
  inputHash: z.string(),
  requestCount: z.number().int(),
  telescopeCount: z.number().int(),
  buildMs: z.number(),
  solveMs: z.number(),
  persistMs: z.number(),
  method: z.string(),
  objective: z.number(),
  /** Proven upper bound on the objective; gap = (bound − objective) / bound. */
  upperBound: z.number(),
  gap: z.number(),
  optimal: z.boolean(),
  blockCount: z.number().int(),
  createdCount: z.number().int(),
  canceledCount: z.number().int(),
  keptCount: z.number().int(),
  status: z.enum(['ok', 'failed']),
  error: z.string().nullable(),
});

export const ScheduleExplanationSchema = z.object({
  requestId: z.number().int(),
  scheduled: z.boolean(),
  /** Where and when, when scheduled. */
  telescopeId: z.string().nullable(),
  startMs: utcMs.nullable(),
  endMs: utcMs.nullable(),
  /** Why not, when not scheduled: no_telescope, outside_horizon, not_visible, telescope_unavailable, no_fit_in_window, outcompeted, running, invalid. */
  reason: z.string().nullable(),
  /** For "outcompeted": the request ids holding its time, highest priority first. */
  by: z.array(z.number().int()),
  effectivePriority: z.number(),
  candidateCount: z.number().int(),
  why: z.string(),
});

// ---------- devices: manual control ----------
// The console's manual control of a telescope's devices (src-main/devices/control). The action union
// mirrors `controlActionSchema` there (test/renderer/devices/contract.test.ts proves they agree).

const deviceIdField = z.string().min(1).max(64).optional().describe('device id (devices.json); default: the first device of the kind');
/** Connect/disconnect name one device: its id in devices.json, or the name the console shows (`DeviceStatus.name`). */
const namedDevice = z.string().min(1).max(64);

export const DeviceControlActionSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('connect'), deviceId: namedDevice }).strict(),
  z.object({ op: z.literal('disconnect'), deviceId: namedDevice }).strict(),
  /** Slew to J2000 coordinates and track. */
  z.object({ op: z.literal('mount.slew'), deviceId: deviceIdField, raHours: z.number().min(0).lt(24), decDeg: z.number().min(-90).max(90) }).strict(),
  z.object({ op: z.literal('mount.park'), deviceId: deviceIdField }).strict(),
  z.object({ op: z.literal('mount.unpark'), deviceId: deviceIdField }).strict(),
  z.object({ op: z.literal('mount.abort'), deviceId: deviceIdField }).strict(),
  z.object({ op: z.literal('mount.tracking'), deviceId: deviceIdField, on: z.boolean() }).strict(),
  z
    .object({
      op: z.literal('camera.expose'),
      deviceId: deviceIdField,
      durationSec: z.number().min(0).max(3600),
      frameType: z.enum(['light', 'dark', 'bias', 'flat']).default('light'),
      binning: z.number().int().min(1).max(8).optional(),
    })
    .strict(),
  z.object({ op: z.literal('camera.abort'), deviceId: deviceIdField }).strict(),
  z.object({ op: z.literal('filter.select'), deviceId: deviceIdField, name: z.string().min(1) }).strict(),
  z.object({ op: z.literal('focuser.moveTo'), deviceId: deviceIdField, position: z.number().int().min(0) }).strict(),
  z.object({ op: z.literal('focuser.moveBy'), deviceId: deviceIdField, steps: z.number().int() }).strict(),
  z.object({ op: z.literal('dome.open'), deviceId: deviceIdField }).strict(),
  z.object({ op: z.literal('dome.close'), deviceId: deviceIdField }).strict(),
  z.object({ op: z.literal('dome.park'), deviceId: deviceIdField }).strict(),
  z.object({ op: z.literal('dome.slew'), deviceId: deviceIdField, azimuthDeg: z.number().min(0).lt(360) }).strict(),
  z.object({ op: z.literal('rotator.moveTo'), deviceId: deviceIdField, positionDeg: z.number().min(0).lt(360) }).strict(),
]);

export const DeviceControlInputSchema = z.object({ telescopeId: z.string().min(1), action: DeviceControlActionSchema }).strict();

export const DeviceCheckControlInputSchema = z
  .object({ telescopeId: z.string().min(1), actions: z.array(DeviceControlActionSchema).min(1).max(32) })
  .strict();

/** Statistics of an exposure (no pixels cross the contract). ADU unless named otherwise. */
export const DeviceImageStatsSchema = z.object({
  width: z.number().int(),
  height: z.number().int(),
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  median: z.number(),
  stdDev: z.number(),
  /** Share of pixels at the camera's maximum ADU, percent. */
  saturatedPct: z.number(),
  exposureSec: z.number(),
  frameType: z.enum(['light', 'dark', 'bias', 'flat']),
  filter: z.string().nullable(),
  startUtcMs: utcMs,
});

export const DeviceControlResultSchema = z.object({
  telescopeId: z.string(),
  op: z.string(),
  /** Allowed, but the operator should know (e.g. a light frame with the roof closed). */
  warnings: z.array(z.string()),
  /** Set for camera.expose, null otherwise. */
  image: DeviceImageStatsSchema.nullable(),
  /** When the action finished (core clock). */
  finishedMs: utcMs,
});

/** The interlock verdict for one action, in the order asked. */
export const DeviceControlVerdictSchema = z.object({
  op: z.string(),
  allowed: z.boolean(),
  /** Stable rule id when refused (e.g. `mount.enclosureClosed`), else null. */
  rule: z.string().nullable(),
  /** What the operator reads when refused, else null. */
  reason: z.string().nullable(),
  warnings: z.array(z.string()),
});

export const DeviceCheckControlSchema = z.object({ telescopeId: z.string(), verdicts: z.array(DeviceControlVerdictSchema) });

export type DeviceControlAction = z.input<typeof DeviceControlActionSchema>;
export type DeviceControlResult = z.output<typeof DeviceControlResultSchema>;
export type DeviceControlVerdict = z.output<typeof DeviceControlVerdictSchema>;
export type DeviceImageStats = z.output<typeof DeviceImageStatsSchema>;

// ---------- requests: composer ----------
// The console's request composer: what the user may choose (proposals, instruments and their
// optical elements and modes, telescopes), OCS validation and submission through the portal's own
// create path (src-main/portal), and offline name resolution (src-shared/sky CatalogResolver).

/** An OCS request group as the composer builds it (OCS field names; validated by the portal). */
const composerGroup = z.record(z.string(), z.unknown());

export const ComposerModeGroupSchema = z.object({
  /** Mode code the portal fills when none is given; null when the group has no default. */
  default: z.string().nullable(),
  modes: z.array(z.object({ code: z.string(), name: z.string(), overheadSec: z.number() })),
});

export const ComposerInstrumentSchema = z.object({
  instrumentType: z.string(),
  name: z.string(),
  /** IMAGE or SPECTRA. */
  category: z.string(),
  telescopeClass: z.string(),
  /** Telescopes that carry it (schedulable instruments only). */
  telescopes: z.array(z.object({ telescopeId: z.string(), site: z.string(), enclosure: z.string(), telescope: z.string(), timeZone: z.string() })),
  configurationTypes: z.array(z.string()),
  defaultConfigurationType: z.string(),
  /** Optical element groups; `key` is the instrument-config field (`filter` for `filters`). */
  opticalElementGroups: z.array(
    z.object({ type: z.string(), key: z.string(), default: z.string().nullable(), elements: z.array(z.object({ code: z.string(), name: z.string() })) }),
  ),
  /** Mode groups by type: `readout`, `acquisition`, `guiding`, `rotator`, `exposure`. */
  modes: z.record(z.string(), ComposerModeGroupSchema),
  /** The first science camera's detector (configdb camera type), for drawing its field; null when unknown. */
  camera: z.object({ code: z.string(), pixelsX: z.number(), pixelsY: z.number(), arcsecPerPixel: z.number(), orientationDeg: z.number() }).nullable().optional(),
});

export const ComposerOptionsSchema = z.object({
  /** Who the console submits as (the data dir's staff user). */
  username: z.string(),
  proposals: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      /** Per semester and instrument types: hours left in each pool (allocation − used). */
      allocations: z.array(
        z.object({ semester: z.string(), instrumentTypes: z.array(z.string()), stdHoursLeft: z.number(), rrHoursLeft: z.number(), tcHoursLeft: z.number(), ippTimeAvailable: z.number() }),
      ),
    }),
  ),
  semesters: z.array(z.object({ id: z.string(), startMs: utcMs, endMs: utcMs })),
  instruments: z.array(ComposerInstrumentSchema),
  ipp: z.object({ min: z.number(), max: z.number() }),
});

/** `/validate/`'s per-request durations (seconds) and the largest visible interval. */
export const ComposerDurationsSchema = z.object({
  duration: z.number().optional(),
  requests: z
    .array(
      z.object({
        duration: z.number(),
        largest_interval: z.number().optional(),
        configurations: z.array(z.object({ duration: z.number(), instrument_configs: z.array(z.object({ duration: z.number() })) })),
      }),
    )
    .optional(),
});

export const ComposerValidationSchema = z.object({
  ok: z.boolean(),
  /** OCS field errors (DRF shape: keyed by field, lists of messages, nested per request/configuration); `{}` when valid. */
  errors: z.record(z.string(), z.unknown()),
  requestDurations: ComposerDurationsSchema,
});

export const ComposerSubmitSchema = z.object({ requestGroupId: z.number().int(), requestIds: z.array(z.number().int()), state: z.string() });

export const TargetResolveInputSchema = z.object({ name: z.string().trim().min(1).max(100) }).strict();

export const TargetResolveSchema = z.object({
  status: z.enum(['found', 'not-found', 'offline']),
  message: z.string().nullable(),
  resolver: z.string(),
  canonicalName: z.string().nullable(),
  otherNames: z.array(z.string()),
  objectType: z.string().nullable(),
  vMag: z.number().nullable(),
  /** The OCS target (ICRS fields, degrees and mas/yr) when it has one; null for Sun, Moon and planets (no OCS target type). */
  target: z.record(z.string(), z.unknown()).nullable(),
});

export type ComposerOptions = z.output<typeof ComposerOptionsSchema>;
export type ComposerInstrument = z.output<typeof ComposerInstrumentSchema>;
export type ComposerValidation = z.output<typeof ComposerValidationSchema>;
export type ComposerDurations = z.output<typeof ComposerDurationsSchema>;
export type TargetResolve = z.output<typeof TargetResolveSchema>;

// ---------- executor: mode and status ----------

/** One telescope's executor: what it is doing now (src-main/executor). */
export const ExecutorStatusSchema = z.object({
  telescopeId: z.string(),
  mode: z.enum(['robotic', 'operator', 'stopped']),
  phase: z.string(),
  observationId: z.number().int().nullable(),
  configurationStatusId: z.number().int().nullable(),
  /** `remainingSec` as of `utcMs`; `durationSec` is the whole exposure (absent from older cores). */
  exposure: z.object({ n: z.number().int(), of: z.number().int(), remainingSec: z.number(), durationSec: z.number().optional() }).nullable(),
  message: z.string(),
  utcMs,
});
export type ExecutorStatus = z.output<typeof ExecutorStatusSchema>;

// ---------- operator mode: the schedule worked through by hand (src-main/executor/operator) ----------

/** One configuration status of a scheduled observation, as the operator sees it. */
export const OperatorConfigurationSchema = z.object({
  configurationStatusId: z.number().int(),
  /** OCS configuration type (EXPOSE, BIAS, ...). */
  configurationType: z.string(),
  instrumentType: z.string(),
  instrumentName: z.string(),
  targetName: z.string(),
  /** Per instrument config: filter (or '') × count × seconds. */
  exposures: z.array(z.object({ filter: z.string(), count: z.number().int(), exposureSec: z.number() })),
  /** e.g. "V 3×30 s, R 2×60 s". */
  exposureSummary: z.string(),
  state: z.string(),
  /** The recorded reason (from the summary), else null. */
  reason: z.string().nullable(),
});
export const OperatorObservationSchema = z.object({
  observationId: z.number().int(),
  requestId: z.number().int(),
  groupName: z.string(),
  proposalId: z.string(),
  state: z.string(),
  startUtcMs: utcMs,
  endUtcMs: utcMs,
  configurations: z.array(OperatorConfigurationSchema),
});
export const OperatorScheduleSchema = z.object({
  telescopeId: z.string(),
  fromUtcMs: utcMs,
  toUtcMs: utcMs,
  observations: z.array(OperatorObservationSchema),
});
export const OperatorMarkInputSchema = z
  .object({
    telescopeId: z.string().min(1),
    configurationStatusId: z.number().int().positive(),
    state: z.enum(['COMPLETED', 'FAILED', 'NOT_ATTEMPTED']),
    /** Required (non-blank) for FAILED and NOT_ATTEMPTED. */
    reason: z.string().max(1000).default(''),
    startUtcMs: z.number().int().optional(),
    endUtcMs: z.number().int().optional(),
    timeCompletedSec: z.number().min(0).optional(),
    frameBasenames: z.array(z.string().min(1).max(200)).max(1000).optional(),
    /** Absolute paths on the site computer of FITS files to archive under this configuration (ingested before the mark; refused files → field errors `frames.<i>`). */
    framePaths: z.array(z.string().min(1).max(4096)).max(200).optional(),
  })
  .strict();
export type OperatorConfiguration = z.output<typeof OperatorConfigurationSchema>;
export type OperatorObservation = z.output<typeof OperatorObservationSchema>;
export type OperatorSchedule = z.output<typeof OperatorScheduleSchema>;

// ---------- night: the observation being run, and the night report (src-main/report) ----------

/** One observation with its request, proposal and configurations in run order (`observations.get`). */
export const ObservationDetailSchema = z.object({
  observationId: z.number().int(),
  telescopeId: z.string(),
  state: z.string(),
  startUtcMs: utcMs,
  endUtcMs: utcMs,
  requestId: z.number().int(),
  requestGroupId: z.number().int(),
  groupName: z.string(),
  proposalId: z.string(),
  submitter: z.string(),
  observationType: z.string(),
  configurations: z.array(
    z.object({
      statusId: z.number().int(),
      state: z.string(),
      type: z.string(),
      instrumentType: z.string(),
      instrumentName: z.string(),
      targetName: z.string(),
      /** ICRS, degrees; null when the target has no fixed position. */
      raDeg: z.number().nullable(),
      decDeg: z.number().nullable(),
      instrumentConfigs: z.array(z.object({ exposureSec: z.number(), exposureCount: z.number().int(), filter: z.string().nullable(), mode: z.string().nullable() })),
    }),
  ),
});
export type ObservationDetail = z.output<typeof ObservationDetailSchema>;

const ReportFaultSchema = z.object({
  utcMs: utcMs.nullable(),
  kind: z.enum(['configuration', 'alarm']),
  observationId: z.number().int().nullable(),
  target: z.string(),
  reason: z.string(),
});

/** One telescope's night: time accounting (seconds), outcomes, closures and faults. */
export const ReportTelescopeSchema = z.object({
  telescopeId: z.string(),
  darkSec: z.number(),
  openSec: z.number(),
  observingSec: z.number(),
  lostToWeatherSec: z.number(),
  lostToFaultsSec: z.number(),
  frames: z.number().int(),
  configurations: z.array(
    z.object({
      statusId: z.number().int(),
      observationId: z.number().int(),
      target: z.string(),
      type: z.string(),
      state: z.string(),
      reason: z.string(),
      startUtcMs: utcMs.nullable(),
      endUtcMs: utcMs.nullable(),
      timeCompletedSec: z.number(),
      /** The observation's state; CANCELED = re-planned before it started. */
      observationState: z.string(),
    }),
  ),
  completed: z.number().int(),
  failed: z.number().int(),
  notAttempted: z.number().int(),
  /** observingSec ÷ darkSec, 0..1. */
  efficiency: z.number(),
  observationStates: z.record(z.string(), z.number().int()),
  closures: z.array(
    z.object({ startUtcMs: utcMs, endUtcMs: utcMs.nullable(), cause: z.enum(['weather', 'device', 'alarm']), reasons: z.array(z.string()), durationSec: z.number() }),
  ),
  faults: z.array(ReportFaultSchema),
});

/** The night report of one site's night (`report.night`). */
export const NightReportSchema = z.object({
  dayObs: z.string().describe('YYYY-MM-DD, the local date on which the night begins'),
  siteCode: z.string(),
  siteName: z.string(),
  timeZone: z.string(),
  nightStartMs: utcMs,
  nightEndMs: utcMs,
  fromUtcMs: utcMs,
  toUtcMs: utcMs,
  inProgress: z.boolean(),
  generatedUtcMs: utcMs,
  telescopes: z.array(ReportTelescopeSchema),
  requests: z.array(
    z.object({
      requestId: z.number().int(),
      requestGroupId: z.number().int(),
      groupName: z.string(),
      proposalId: z.string(),
      state: z.string(),
      telescopeIds: z.array(z.string()),
      targets: z.array(z.string()),
      observations: z.number().int(),
      observationStates: z.array(z.string()),
      configurationsCompleted: z.number().int(),
      configurationsTotal: z.number().int(),
      exposureSec: z.number(),
      frames: z.number().int(),
      reason: z.string(),
    }),
  ),
});
export type NightReport = z.output<typeof NightReportSchema>;
export type ReportTelescope = z.output<typeof ReportTelescopeSchema>;

/** The safety supervisor's verdict for one telescope (same shape as the `safety.changed` payload). */
export const SafetyVerdictSchema = z.object({
  telescopeId: z.string(),
  state: z.enum(['safe', 'unsafe', 'securing', 'secured', 'holding', 'reopening', 'alarm']),
  reasons: z.array(z.string()),
  alarm: z.string().nullable(),
  utcMs,
});
export type SafetyVerdict = z.output<typeof SafetyVerdictSchema>;

// ---------- data: archived frames (src-main/archive/console) ----------

/** Filters and paging for the console's frame list; newest first. Absent filters match everything. */
export const FramesListInputSchema = z
  .object({
    /** Night, DAY-OBS `YYYYMMDD` (or `YYYY-MM-DD`). */
    dayObs: z.string().regex(/^\d{4}-?\d{2}-?\d{2}$/).optional(),
    /** TELID, e.g. `1m0a` (the archive's telescope field, not the site.enclosure.telescope id). */
    telescopeId: z.string().min(1).max(40).optional(),
    /** Case- and accent-insensitive substring of OBJECT. */
    targetContains: z.string().min(1).max(100).optional(),
    /** BLKUID. */
    observationId: z.number().int().optional(),
    /** REQNUM. */
    requestId: z.number().int().optional(),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

export const FrameRowSchema = z.object({
  id: z.number().int(),
  basename: z.string(),
  siteId: z.string(),
  /** TELID. */
  telescopeId: z.string(),
  instrumentId: z.string(),
  /** OBJECT; '' for calibrations without a target. */
  targetName: z.string(),
  /** FILTER (primary optical element); '' when none. */
  filter: z.string(),
  exposureSec: z.number(),
  observationUtcMs: utcMs,
  /** `YYYYMMDD`. */
  dayObs: z.string(),
  reductionLevel: z.number().int(),
  /** OBSTYPE, e.g. EXPOSE, BIAS, SKY_FLAT. */
  configurationType: z.string(),
  proposalId: z.string(),
  observationId: z.number().int().nullable(),
  requestId: z.number().int().nullable(),
});

export const FramesListSchema = z.object({ count: z.number().int(), frames: z.array(FrameRowSchema) });

/** The values the filters can take among archived frames. */
export const FramesFacetsSchema = z.object({ telescopes: z.array(z.string()), filters: z.array(z.string()), instruments: z.array(z.string()) });

export const FrameThumbnailSchema = z.object({ frameId: z.number().int(), widthPx: z.number().int(), heightPx: z.number().int(), pngBase64: z.string() });

/** A TAN WCS in the frame's original (unbinned-by-us) 1-based FITS pixel coordinates; CD in degrees per pixel. */
export const TanWcsSchema = z.object({
  crval1Deg: z.number(),
  crval2Deg: z.number(),
  crpix1Px: z.number(),
  crpix2Px: z.number(),
  cdDegPerPx: z.tuple([z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number()])]),
});

export const FrameImageSchema = z.object({
  frameId: z.number().int(),
  basename: z.string(),
  /** Size of the image sent, pixels (≤ the requested maximum on the long side). */
  widthPx: z.number().int(),
  heightPx: z.number().int(),
  /** NAXIS1 × NAXIS2 of the file. */
  originalWidthPx: z.number().int(),
  originalHeightPx: z.number().int(),
  /** Each sent pixel is the mean of a `blockPx`×`blockPx` block of the original (1 = full resolution). */
  blockPx: z.number().int(),
  /** Float32 pixel values, little-endian, FITS row order (first row = bottom), base64; NaN where a block had no finite value. */
  pixelsBase64: z.string(),
  wcs: TanWcsSchema.nullable(),
});

export const FrameHeaderSchema = z.object({
  frameId: z.number().int(),
  basename: z.string(),
  /** The primary header in file order (COMMENT/HISTORY included, value null for them). */
  cards: z.array(z.object({ key: z.string(), value: z.union([z.string(), z.number(), z.boolean()]).nullable(), comment: z.string() })),
});

export type FrameRow = z.output<typeof FrameRowSchema>;
export type FramesList = z.output<typeof FramesListSchema>;
export type FramesFacets = z.output<typeof FramesFacetsSchema>;
export type FrameThumbnail = z.output<typeof FrameThumbnailSchema>;
export type FrameImage = z.output<typeof FrameImageSchema>;
export type FrameHeader = z.output<typeof FrameHeaderSchema>;
export type TanWcsWire = z.output<typeof TanWcsSchema>;

// ---------- real-time sessions (src-main/portal/realtime: a telescope booked for a person) ----------

/** One real-time session: a REAL_TIME observation holding a whole telescope for its user. */
export const RealtimeSessionSchema = z.object({
  /** The observation id (what `realtime.cancel` takes). */
  id: z.number().int(),
  requestGroupId: z.number().int(),
  /** `site.enclosure.telescope`. */
  telescopeId: z.string(),
  startUtcMs: utcMs,
  endUtcMs: utcMs,
  proposalId: z.string(),
  name: z.string(),
  /** The observation's state: PENDING, IN_PROGRESS, COMPLETED, ABORTED, CANCELED, … */
  state: z.string(),
  /** The user who booked it. */
  user: z.string(),
});

/** What the console user may book: their proposals' real-time hours and each telescope's free night intervals. */
export const RealtimeAvailabilitySchema = z.object({
  fromUtcMs: utcMs,
  toUtcMs: utcMs,
  /** The semester at `fromUtcMs`, or null when none is defined. */
  semester: z.string().nullable(),
  /** The user's active proposals with a real-time allocation this semester (hoursLeft may be 0). */
  proposals: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      allocations: z.array(z.object({ instrumentTypes: z.array(z.string()), telescopeIds: z.array(z.string()), hoursAllocated: z.number(), hoursLeft: z.number() })),
    }),
  ),
  /** Telescopes where a proposal has hours left: night (Sun < −12°) intervals free of downtime, running or booked fixed observations and the user's own sessions. */
  telescopes: z.array(z.object({ telescopeId: z.string(), free: z.array(IntervalSchema) })),
});

export type RealtimeSession = z.output<typeof RealtimeSessionSchema>;
export type RealtimeAvailability = z.output<typeof RealtimeAvailabilitySchema>;

const frameIdInput = z.object({ frameId: z.number().int() }).strict();

const empty = z.object({}).strict();

/** `write: true` entries change state; over HTTP they need the access token. */
export const invocations = {
  'app.info': { input: empty, output: AppInfoSchema, write: false },
  'observatory.get': { input: empty, output: ObservatorySchema, write: false },
  /**
   * Sets one telescope's horizon mask `[[azimuthDeg, altitudeDeg], …]` (configdb extension
   * `horizon_mask`; rules in `horizonMaskSchema`, errors keyed `horizonMask.<i>.<j>`), or removes it
   * with null. `telescopeId` is `site.enclosure.telescope`; unknown → not_found.
   */
  'observatory.setHorizonMask': {
    input: z.object({ telescopeId: z.string().min(1), horizonMask: z.array(z.tuple([z.number(), z.number()])).nullable() }).strict(),
    output: z.object({ telescopeId: z.string(), horizonMask: z.array(z.tuple([z.number(), z.number()])).nullable() }),
    write: true,
  },
  /**
   * Sets one telescope's pointing limits: flat horizon (degrees), western/eastern hour-angle limits
   * (hours, `haLimitNegHours` ≤ 0) and zenith blind spot (degrees radius), i.e. configdb `horizon`,
   * `ha_limit_pos`, `ha_limit_neg`, `zenith_blind_spot`. Ranges in `telescopeLimitsSchema`; errors
   * keyed by field name. `telescopeId` is `site.enclosure.telescope`; unknown → not_found. A later
   * `/sites/` import replaces these values. Answers the stored limits.
   */
  'observatory.setTelescopeLimits': {
    input: z
      .object({
        telescopeId: z.string().min(1),
        horizonDeg: z.number(),
        haLimitPosHours: z.number(),
        haLimitNegHours: z.number(),
        zenithBlindSpotDeg: z.number(),
      })
      .strict(),
    output: z.object({
      telescopeId: z.string(),
      horizonDeg: z.number(),
      haLimitPosHours: z.number(),
      haLimitNegHours: z.number(),
      zenithBlindSpotDeg: z.number(),
    }),
    write: true,
  },
  'sky.status': { input: empty, output: SkyStatusSchema, write: false },
  'queue.list': { input: QueueListInputSchema, output: QueueListSchema, write: false },
  'devices.snapshot': { input: empty, output: DevicesSnapshotSchema, write: false },
  'timeline.tonight': { input: z.object({ siteCode: z.string().optional() }).strict(), output: TimelineSchema, write: false },
  'demo.reset': { input: empty, output: z.object({ requestGroups: z.number().int() }), write: true },
  'visibility.target': { input: VisibilityTargetInputSchema, output: VisibilityTargetSchema, write: false },
  'visibility.calendar': { input: VisibilityCalendarInputSchema, output: VisibilityCalendarSchema, write: false },
  'visibility.queueTargets': { input: empty, output: z.object({ targets: z.array(QueueTargetSchema) }), write: false },
  'schedule.run': { input: empty, output: ScheduleRunSchema, write: true },
  'schedule.lastRun': { input: empty, output: z.object({ run: ScheduleRunSchema.nullable() }), write: false },
  'schedule.explain': {
    input: z.object({ requestId: z.number().int() }).strict(),
    output: z.object({ requestId: z.number().int(), runId: z.number().int().nullable(), explanation: ScheduleExplanationSchema.nullable() }),
    write: false,
  },
  // ---------- devices: manual control ----------
  'devices.control': { input: DeviceControlInputSchema, output: DeviceControlResultSchema, write: true },
  'devices.checkControl': { input: DeviceCheckControlInputSchema, output: DeviceCheckControlSchema, write: false },
  // ---------- requests: composer ----------
  'requests.options': { input: empty, output: ComposerOptionsSchema, write: false },
  'requests.validate': { input: z.object({ requestGroup: composerGroup }).strict(), output: ComposerValidationSchema, write: false },
  'requests.submit': { input: z.object({ requestGroup: composerGroup }).strict(), output: ComposerSubmitSchema, write: true },
  'targets.resolve': { input: TargetResolveInputSchema, output: TargetResolveSchema, write: false },
  'executor.status': { input: empty, output: z.object({ executors: z.array(ExecutorStatusSchema) }), write: false },
  /** Robotic: the executor runs the schedule. Operator: a person drives the telescope (manual control, outcomes by hand). */
  'executor.setMode': {
    input: z.object({ telescopeId: z.string(), mode: z.enum(['robotic', 'operator']) }).strict(),
    output: ExecutorStatusSchema,
    write: true,
  },
  /** Operator mode: this telescope's observations in [from, to) (default now ± 12 h) in time order. */
  'operator.schedule': {
    input: z.object({ telescopeId: z.string().min(1), fromUtcMs: z.number().int().optional(), toUtcMs: z.number().int().optional() }).strict(),
    output: OperatorScheduleSchema,
    write: false,
  },
  /** Operator mode: record one configuration's outcome; refused (`conflict.state`) in robotic mode or when already final. */
  'operator.mark': { input: OperatorMarkInputSchema, output: OperatorConfigurationSchema, write: true },
  // ---------- night: current observation, safety, night report ----------
  /** One observation's request, proposal and configurations (what the executor's `observationId` is running). */
  'observations.get': { input: z.object({ observationId: z.number().int() }).strict(), output: ObservationDetailSchema, write: false },
  /** The safety supervisor's verdict per telescope now (then `safety.changed` events). */
  'safety.status': { input: empty, output: z.object({ telescopes: z.array(SafetyVerdictSchema) }), write: false },
  /** The night report of `dayObs` (YYYY-MM-DD; default tonight, or last night until 16:00 local mean time) at `siteCode` (default the first site). */
  'report.night': { input: z.object({ dayObs: z.string().optional(), siteCode: z.string().optional() }).strict(), output: NightReportSchema, write: false },
  // ---------- data: archived frames ----------
  'frames.list': { input: FramesListInputSchema, output: FramesListSchema, write: false },
  'frames.facets': { input: empty, output: FramesFacetsSchema, write: false },
  /** The small PNG beside the frame; made (and kept) on first request for frames archived without one. */
  'frames.thumbnail': { input: frameIdInput, output: FrameThumbnailSchema, write: false },
  /** The image block-averaged to at most `maxSizePx` on the long side, for the console's FITS viewer. */
  'frames.image': {
    input: z.object({ frameId: z.number().int(), maxSizePx: z.number().int().min(64).max(2048).default(1024) }).strict(),
    output: FrameImageSchema,
    write: false,
  },
  'frames.header': { input: frameIdInput, output: FrameHeaderSchema, write: false },
  // ---------- real-time sessions ----------
  /** Sessions ending after `fromUtcMs` (default now − 12 h), CANCELED ones left out, by start time. */
  'realtime.list': {
    input: z.object({ fromUtcMs: z.number().int().optional() }).strict(),
    output: z.object({ sessions: z.array(RealtimeSessionSchema) }),
    write: false,
  },
  /** The portal's free intervals for the next days (one telescope with `telescopeId`), and the proposals' real-time hours. */
  'realtime.availability': { input: z.object({ telescopeId: z.string().min(1).optional() }).strict(), output: RealtimeAvailabilitySchema, write: false },
  /** Books a session; refusals are `validation.invalid` with details keyed by these input fields (or `non_field_errors`). */
  'realtime.book': {
    input: z
      .object({ telescopeId: z.string().min(1), startUtcMs: z.number().int(), endUtcMs: z.number().int(), proposalId: z.string().min(1), name: z.string().min(1).max(50).optional() })
      .strict(),
    output: RealtimeSessionSchema,
    write: true,
  },
  /** Cancels a session (deleted when far ahead, CANCELED soon before, ABORTED while running); its unused hours go back. */
  'realtime.cancel': { input: z.object({ id: z.number().int() }).strict(), output: z.object({ id: z.number().int(), state: z.string() }), write: true },
} as const;

export const events = {
  'clock.tick': SkyStatusSchema,
  'queue.changed': z.object({ requestGroupIds: z.array(z.number().int()) }),
  'devices.changed': DeviceStatusSchema,
  'timeline.changed': z.object({ siteCode: z.string() }),
  'schedule.changed': z.object({ runId: z.number().int(), kind: z.enum(['normal', 'rapid_response']), siteCodes: z.array(z.string()) }),
  /** One telescope's executor: what it is doing now (src-main/executor). */
  'executor.changed': ExecutorStatusSchema,
  /** The safety supervisor's verdict for one telescope (src-main/safety). */
  'safety.changed': z.object({
    telescopeId: z.string(),
    state: z.enum(['safe', 'unsafe', 'securing', 'secured', 'holding', 'reopening', 'alarm']),
    reasons: z.array(z.string()),
    alarm: z.string().nullable(),
    utcMs,
  }),
  /** Frames recorded in the archive (live or recovered). */
  'frames.changed': z.object({ telescopeId: z.string(), frameIds: z.array(z.number().int()) }),
} as const;

export type InvocationName = keyof typeof invocations;
export type EventName = keyof typeof events;
export type InvocationInput<N extends InvocationName> = z.input<(typeof invocations)[N]['input']>;
export type InvocationArgs<N extends InvocationName> = z.output<(typeof invocations)[N]['input']>;
export type InvocationOutput<N extends InvocationName> = z.output<(typeof invocations)[N]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export type AppInfo = z.output<typeof AppInfoSchema>;
export type Observatory = z.output<typeof ObservatorySchema>;
export type SiteSummary = z.output<typeof SiteSummarySchema>;
export type TelescopeSummary = z.output<typeof TelescopeSummarySchema>;
export type SkyStatus = z.output<typeof SkyStatusSchema>;
export type QueueGroup = z.output<typeof QueueGroupSchema>;
export type QueueRequest = z.output<typeof QueueRequestSchema>;
export type DeviceStatus = z.output<typeof DeviceStatusSchema>;
export type Timeline = z.output<typeof TimelineSchema>;
export type TimelineBlock = z.output<typeof TimelineBlockSchema>;
export type VisibilityTarget = z.output<typeof VisibilityTargetSchema>;
export type TelescopeVisibility = z.output<typeof TelescopeVisibilitySchema>;
export type VisibilityCalendar = z.output<typeof VisibilityCalendarSchema>;
export type QueueTarget = z.output<typeof QueueTargetSchema>;
export type ScheduleRun = z.output<typeof ScheduleRunSchema>;
export type ScheduleExplanation = z.output<typeof ScheduleExplanationSchema>;

/** Prefix of every Electron IPC channel; the router refuses anything else. */
export const CHANNEL_PREFIX = 'ns:';
export const channelOf = (name: InvocationName): string => `${CHANNEL_PREFIX}${name}`;
export const EVENT_CHANNEL = 'ns:event';

export const isInvocationName = (name: string): name is InvocationName => Object.hasOwn(invocations, name);
export const isEventName = (name: string): name is EventName => Object.hasOwn(events, name);

/** Wire form of an event, over IPC and WebSocket alike. */
export interface EventEnvelope<E extends EventName = EventName> {
  event: E;
  payload: EventPayload<E>;
}
