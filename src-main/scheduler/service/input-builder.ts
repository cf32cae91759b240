/**
 * Builds the kernel's `SchedulerInput` from the portal's tables, the configdb snapshot and the
 * visibility engine (ocs-contract §9.2–9.3): PENDING requests of the scheduled types with their
 * stored durations and windows, the telescopes their location and instruments allow, visibility
 * per telescope (dark ∩ up ∩ moon ∩ HA …), downtime and holds as unavailability, and what is
 * running or booked (DIRECT, rapid response) as fixed blocks.
 */
import { intersect, normalize, subtract, type Interval, type ObservingConstraints, type Target } from '../../../src-shared/astro';
import {
  isStaticOcsTarget,
  observatoryTelescopes,
  placementsAt,
  telescopesForRequest,
  toAstroTarget,
  toObservingConstraints,
  type ObservatoryTelescope,
} from '../../../src-shared/ocs';
import { parseOcsDatetimeMs, type Request } from '../../../src-shared/schemas';
import type { ConfigdbView, Db } from '../../portal';
import { VisibilityCache, type TargetRequest } from '../../visibility';
import { computeVisibility, type VisibilityAnswer, type VisibilityJob } from '../worker';
import { nextSafePoints } from './safe-points';
import { DEFAULT_SLICE_SEC, type FixedBlock, type ScheduledBlock, type SchedulerInput, type SchedulerObservationType, type SchedulerRequest } from '../kernel';

/** Planning horizon: tonight and the next two nights (OCS uses 7 days on a cluster). */
export const DEFAULT_HORIZON_MS = 3 * 86_400_000;
const SCHEDULED_TYPES: readonly SchedulerObservationType[] = ['NORMAL', 'TIME_CRITICAL', 'RAPID_RESPONSE'];

/** A time when a telescope cannot observe for a reason not in the downtime table. */
export interface Hold {
  telescopeId: string;
  kind: 'weather' | 'fault';
  startMs: number;
  /** Null while the hold is open: the telescope is then unavailable for the whole horizon. */
  endMs: number | null;
  reason: string;
}

export interface BuildInputOptions {
  /** The kernel's now, UTC ms. */
  nowMs: number;
  horizonMs?: number;
  sliceSec?: number;
  timeLimitMs?: number;
  holds?: readonly Hold[];
  /**
   * Memoised visibility shared between builds (in-line computation). Without it a throwaway
   * cache is used: the answer is the same either way, only slower.
   */
  visibilityCache?: VisibilityCache;
  /**
   * Computes the visibility job elsewhere (the service: a worker thread, so a cold build never
   * blocks the event loop). Takes precedence over `visibilityCache`.
   */
  visibility?: (job: VisibilityJob) => Promise<VisibilityAnswer>;
}

/** A stored PENDING observation of a scheduled type starting at or after now: the current plan. */
export interface PlannedObservation extends ScheduledBlock {
  observationId: number;
  observationType: string;
}

export interface BuiltInput {
  input: SchedulerInput;
  /** Requests left out before the kernel, with why (no duration, target the engine cannot compute…). */
  skipped: { requestId: string; reason: string }[];
  /** The stored plan inside the horizon (future PENDING observations of scheduled types). */
  planned: PlannedObservation[];
  /** Telescopes of the observatory by id (`site.enclosure.telescope`). */
  telescopes: Map<string, ObservatoryTelescope>;
  /** Request ids whose group is RAPID_RESPONSE. */
  rapidResponseIds: Set<string>;
  /** Milliseconds spent in the visibility engine. */
  visibilityMs: number;
}

interface RequestRow {
  id: number;
  request_group_id: number;
  duration_sec: number | null;
  suspend_until_utc_ms: number | null;
  body_json: string;
  operator: string;
  observation_type: string;
  ipp_value: number;
  tac_priority: number;
}

const telId = (site: string, enclosure: string, telescope: string): string => `${site}.${enclosure}.${telescope}`;

/** The windows of a stored request body, clipped to [fromMs, toMs). */
function windowsOf(body: Request, fromMs: number, toMs: number): Interval[] {
  const out: Interval[] = [];
  for (const w of body.windows) {
    const startMs = w.start === undefined ? fromMs : parseOcsDatetimeMs(w.start);
    const endMs = parseOcsDatetimeMs(w.end);
    if (startMs === null || endMs === null) continue;
    const s = Math.max(startMs, fromMs);
    const e = Math.min(endMs, toMs);
    if (e > s) out.push({ startMs: s, endMs: e });
  }
  return normalize(out);
}

/**
 * Telescopes the request may use: its location and first instrument type (OCS §8.5), keeping only
 * those where every configuration's instrument type has a SCHEDULABLE instrument.
 */
function allowedTelescopes(view: ConfigdbView, body: Request): ObservatoryTelescope[] {
  const first = body.configurations[0];
  if (!body.location || !first) return [];
  const loc = body.location;
  return telescopesForRequest(view.index, view.sites, loc, first.instrument_type).filter((t) =>
    body.configurations.every((c) => {
      const entry = view.index.instrumentTypes.get(c.instrument_type);
      if (!entry) return false;
      const here = { telescope_class: loc.telescope_class, site: t.site, enclosure: t.enclosure, telescope: t.telescope };
      return placementsAt(entry, here).some((p) => p.state === 'SCHEDULABLE');
    }),
  );
}

interface Pointing {
  target: Target;
  constraints: ObservingConstraints;
}

/** The request's pointings (non-static targets), or null when one cannot be computed. */
function pointingsOf(body: Request): Pointing[] | null {
  const out: Pointing[] = [];
  for (const c of body.configurations) {
    if (isStaticOcsTarget(c.target)) continue;
    const target = toAstroTarget(c.target);
    if (target === null) return null;
    out.push({ target, constraints: toObservingConstraints(c.constraints) });
  }
  return out;
}

/**
 * Intervals shrunk inward to whole seconds: the engine's edges are fractional milliseconds, while
 * OCS times (and so stored observations) have one-second resolution.
 */
function toWholeSeconds(list: readonly Interval[]): Interval[] {
  return list
    .map((i) => ({ startMs: Math.ceil(i.startMs / 1000) * 1000, endMs: Math.floor(i.endMs / 1000) * 1000 }))
    .filter((i) => i.endMs > i.startMs);
}

/** Downtime rows overlapping [startMs, endMs). */
async function downtimesIn(db: Db, startMs: number, endMs: number): Promise<{ telescopeId: string; instrumentType: string; startMs: number; endMs: number }[]> {
  const rows = await db
    .selectFrom('downtimes')
    .select(['site', 'enclosure', 'telescope', 'instrument_type', 'start_utc_ms', 'end_utc_ms'])
    .where('end_utc_ms', '>', startMs)
    .where('start_utc_ms', '<', endMs)
    .execute();
  return rows.map((r) => ({ telescopeId: telId(r.site, r.enclosure, r.telescope), instrumentType: r.instrument_type, startMs: r.start_utc_ms, endMs: r.end_utc_ms }));
}

/**
 * Running and booked observations (fixed blocks) and the stored future plan. An observation
 * already interrupted (FAILED) whose configuration is still ATTEMPTED keeps its telescope until
 * its (cut) end: the executor finishes that configuration first.
 */
async function observationsIn(db: Db, view: ConfigdbView, nowMs: number, endMs: number): Promise<{ fixed: FixedBlock[]; planned: PlannedObservation[] }> {
  const rows = await db
    .selectFrom('observations')
    .innerJoin('requests', 'requests.id', 'observations.request_id')
    .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
    .select(['observations.id', 'observations.request_id', 'observations.site', 'observations.enclosure', 'observations.telescope', 'observations.start_utc_ms', 'observations.end_utc_ms', 'observations.state', 'request_groups.observation_type'])
    .where((eb) =>
      eb.or([
        eb('observations.state', 'in', ['PENDING', 'IN_PROGRESS']),
        eb.and([
          eb('observations.state', '=', 'FAILED'),
          eb.exists(eb.selectFrom('configuration_statuses').select('configuration_statuses.id').whereRef('configuration_statuses.observation_id', '=', 'observations.id').where('configuration_statuses.state', '=', 'ATTEMPTED')),
        ]),
      ]),
    )
    .where('observations.end_utc_ms', '>', nowMs)
    .where('observations.start_utc_ms', '<', endMs)
    .orderBy('observations.start_utc_ms')
    .execute();
  const fixed: FixedBlock[] = [];
  const planned: PlannedObservation[] = [];
  const running: { block: FixedBlock; observationId: number; interruptible: boolean }[] = [];
  for (const o of rows) {
    const telescopeId = telId(o.site, o.enclosure, o.telescope);
    const requestId = String(o.request_id);
    const rr = o.observation_type === 'RAPID_RESPONSE';
    const base = { requestId, telescopeId, startMs: o.start_utc_ms, endMs: o.end_utc_ms };
    if (o.state === 'IN_PROGRESS' || o.state === 'FAILED' || o.start_utc_ms < nowMs) {
      // In progress (by state or by time): never moved, except pre-empted by a rapid response at
      // its next configuration boundary (an already interrupted one only runs out its configuration).
      const block: FixedBlock = { ...base, kind: 'running', rapidResponse: rr || o.state === 'FAILED' };
      fixed.push(block);
      running.push({ block, observationId: o.id, interruptible: !rr && o.state !== 'FAILED' });
    } else if (o.observation_type === 'DIRECT' || o.observation_type === 'REAL_TIME' || rr) {
      // Booked: DIRECT / REAL_TIME by their users, RR by the rapid-response pass (§9.5).
      fixed.push({ ...base, kind: 'direct', rapidResponse: rr });
    } else {
      planned.push({ ...base, observationId: o.id, observationType: o.observation_type });
    }
  }
  const candidates = running.filter((r) => r.interruptible);
  const safe = await nextSafePoints(db, view, candidates.map((r) => r.observationId), nowMs);
  for (const r of candidates) {
    const at = safe.get(r.observationId);
    if (at !== undefined) r.block.safePointsMs = [at];
  }
  return { fixed, planned };
}

function holdIntervals(holds: readonly Hold[], telescopeId: string, horizon: Interval): Interval[] {
  return holds
    .filter((h) => h.telescopeId === telescopeId)
    .map((h) => ({ startMs: Math.max(h.startMs, horizon.startMs), endMs: h.endMs ?? horizon.endMs }));
}

/**
 * The scheduler input at `opts.nowMs`. Reads only; never throws for bad rows (they are listed in
 * `skipped`). Visibility is computed once per telescope for every pointing that may use it.
 */
export async function buildSchedulerInput(db: Db, view: ConfigdbView, opts: BuildInputOptions): Promise<BuiltInput> {
  const nowMs = opts.nowMs;
  const horizon: Interval = { startMs: nowMs, endMs: nowMs + (opts.horizonMs ?? DEFAULT_HORIZON_MS) };
  const holds = opts.holds ?? [];
  const telescopes = new Map(observatoryTelescopes(view.sites).map((t) => [t.id, t]));
  const downtimes = await downtimesIn(db, horizon.startMs, horizon.endMs);

  const rows: RequestRow[] = await db
    .selectFrom('requests')
    .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
    .innerJoin('proposals', 'proposals.id', 'request_groups.proposal_id')
    .select(['requests.id', 'requests.request_group_id', 'requests.duration_sec', 'requests.suspend_until_utc_ms', 'requests.body_json', 'request_groups.operator', 'request_groups.observation_type', 'request_groups.ipp_value', 'proposals.tac_priority'])
    .where('requests.state', '=', 'PENDING')
    .where('request_groups.state', '=', 'PENDING')
    .where('request_groups.observation_type', 'in', [...SCHEDULED_TYPES])
    .where('requests.window_end_utc_ms', '>', nowMs)
    .orderBy('requests.id')
    .execute();

  const skipped: BuiltInput['skipped'] = [];
  const rapidResponseIds = new Set<string>();
  const prepared: { req: SchedulerRequest; pointings: Pointing[]; instrumentTypes: Set<string> }[] = [];
  for (const r of rows) {
    const id = String(r.id);
    // The portal stores the validated OCS request (defaults filled, ids assigned).
    const body = JSON.parse(r.body_json) as Request;
    if (r.duration_sec === null || r.duration_sec <= 0) {
      skipped.push({ requestId: id, reason: 'no stored duration' });
      continue;
    }
    const pointings = pointingsOf(body);
    if (pointings === null) {
      skipped.push({ requestId: id, reason: 'a target the visibility engine cannot compute' });
      continue;
    }
    const from = Math.max(horizon.startMs, r.suspend_until_utc_ms ?? 0);
    const type = r.observation_type as SchedulerObservationType;
    if (type === 'RAPID_RESPONSE') rapidResponseIds.add(id);
    prepared.push({
      req: {
        id,
        groupId: String(r.request_group_id),
        operator: r.operator === 'MANY' ? 'MANY' : 'SINGLE',
        observationType: type,
        tacPriority: r.tac_priority,
        ippValue: r.ipp_value,
        durationSec: r.duration_sec,
        windows: windowsOf(body, from, horizon.endMs),
        telescopeIds: allowedTelescopes(view, body).map((t) => t.id),
        visibility: {},
      },
      pointings,
      instrumentTypes: new Set(body.configurations.map((c) => c.instrument_type)),
    });
  }

  // Visibility: per telescope, one batch over every pointing of the requests that may use it. The
  // batches go out as one job (a worker thread computes it in the service; in-line here otherwise).
  const t0 = performance.now();
  const job: VisibilityJob = { startMs: horizon.startMs, endMs: horizon.endMs, telescopes: [] };
  const usersOf: { tel: ObservatoryTelescope; users: typeof prepared }[] = [];
  for (const tel of telescopes.values()) {
    const users = prepared.filter((p) => p.req.telescopeIds.includes(tel.id) && p.req.windows.length > 0);
    if (users.length === 0) continue;
    const targets: TargetRequest[] = [];
    for (const [ui, u] of users.entries()) for (const [pi, p] of u.pointings.entries()) targets.push({ id: `${ui}#${pi}`, target: p.target, constraints: p.constraints });
    job.telescopes.push({ limits: tel.limits, targets, dark: users.some((u) => u.pointings.length === 0) });
    usersOf.push({ tel, users });
  }
  const answer = job.telescopes.length === 0 ? { telescopes: [] } : opts.visibility ? await opts.visibility(job) : computeVisibility(job, opts.visibilityCache ?? new VisibilityCache());
  for (const [k, { tel, users }] of usersOf.entries()) {
    const vis = answer.telescopes[k];
    if (!vis) throw new Error(`visibility answer lacks telescope ${tel.id}`);
    for (const [ui, u] of users.entries()) {
      let ivs: Interval[];
      if (u.pointings.length === 0) ivs = vis.dark ?? [];
      else {
        ivs = normalize(vis.intervals[`${ui}#0`] ?? []);
        for (let pi = 1; pi < u.pointings.length; pi++) ivs = intersect(ivs, normalize(vis.intervals[`${ui}#${pi}`] ?? []));
      }
      // Downtime of one instrument type removes only the requests that use it.
      const blocked = downtimes.filter((d) => d.telescopeId === tel.id && d.instrumentType !== '' && u.instrumentTypes.has(d.instrumentType));
      if (blocked.length > 0) ivs = subtract(ivs, normalize(blocked));
      u.req.visibility[tel.id] = toWholeSeconds(ivs);
    }
  }
  const visibilityMs = performance.now() - t0;

  const { fixed, planned } = await observationsIn(db, view, nowMs, horizon.endMs);
  const input: SchedulerInput = {
    nowMs,
    horizon,
    sliceSec: opts.sliceSec ?? DEFAULT_SLICE_SEC,
    timeLimitMs: opts.timeLimitMs ?? 10_000,
    telescopes: [...telescopes.values()].map((t) => {
      const off = [
        ...downtimes.filter((d) => d.telescopeId === t.id && d.instrumentType === ''),
        ...holdIntervals(holds, t.id, horizon),
      ];
      return { id: t.id, availability: subtract([horizon], normalize(off)) };
    }),
    requests: prepared.map((p) => p.req),
    fixedBlocks: fixed,
  };
  return { input, skipped, planned, telescopes, rapidResponseIds, visibilityMs };
}
