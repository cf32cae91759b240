/**
 * The one list of invocations and events between the console and the core. The Electron router,
 * the preload, the HTTP/WebSocket adapter and the console's client are all typed from this file;
 * no other file declares a channel name. Add a call by adding an entry here.
 */
import { z } from 'zod';

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

const empty = z.object({}).strict();

/** `write: true` entries change state; over HTTP they need the access token. */
export const invocations = {
  'app.info': { input: empty, output: AppInfoSchema, write: false },
  'observatory.get': { input: empty, output: ObservatorySchema, write: false },
  'sky.status': { input: empty, output: SkyStatusSchema, write: false },
  'queue.list': { input: QueueListInputSchema, output: QueueListSchema, write: false },
  'devices.snapshot': { input: empty, output: DevicesSnapshotSchema, write: false },
  'timeline.tonight': { input: z.object({ siteCode: z.string().optional() }).strict(), output: TimelineSchema, write: false },
  'demo.reset': { input: empty, output: z.object({ requestGroups: z.number().int() }), write: true },
} as const;

export const events = {
  'clock.tick': SkyStatusSchema,
  'queue.changed': z.object({ requestGroupIds: z.array(z.number().int()) }),
  'devices.changed': DeviceStatusSchema,
  'timeline.changed': z.object({ siteCode: z.string() }),
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
