/**
 * Reads what the executor runs from the portal's tables: the current PENDING/IN_PROGRESS observation
 * of a telescope (start ≤ now < end) with its configuration statuses in priority order, each joined
 * with its configuration from the request body.
 */
import type { ConfigurationStatusState, ObservationState } from '../../src-shared/ocs';
import type { Db } from '../portal';

/** `site.enclosure.telescope` split into the observation columns. */
export interface TelescopeAddress {
  telescopeId: string;
  site: string;
  enclosure: string;
  telescope: string;
}

export function telescopeAddress(telescopeId: string): TelescopeAddress {
  const [site = '', enclosure = '', telescope = ''] = telescopeId.split('.');
  return { telescopeId, site, enclosure, telescope };
}

/** An instrument config as stored in the request body (OCS field names). */
export interface InstrumentConfigBody {
  exposure_time: number;
  exposure_count: number;
  mode?: string;
  optical_elements?: Record<string, string>;
  extra_params?: Record<string, unknown>;
}

export interface ConfigurationBody {
  id: number;
  priority?: number;
  type: string;
  instrument_type: string;
  instrument_configs: InstrumentConfigBody[];
  acquisition_config?: { mode?: string; exposure_time?: number | null };
  guiding_config?: { mode?: string; optional?: boolean };
  target: Record<string, unknown> & { type: string; name: string };
  repeat_duration?: number | null;
}

export interface PlannedConfiguration {
  statusId: number;
  state: ConfigurationStatusState;
  instrumentName: string;
  configuration: ConfigurationBody;
  summaryJson: string | null;
}

export interface ObservationPlan {
  id: number;
  requestId: number;
  requestGroupId: number;
  proposalId: string;
  submitter: string;
  groupName: string;
  observationType: string;
  state: ObservationState;
  startUtcMs: number;
  endUtcMs: number;
  configurations: PlannedConfiguration[];
}

const ACTIVE: ObservationState[] = ['PENDING', 'IN_PROGRESS'];

/** The observation as the executor needs it, or null when it does not exist. */
export async function loadObservation(db: Db, observationId: number): Promise<ObservationPlan | null> {
  const o = await db
    .selectFrom('observations')
    .innerJoin('requests', 'requests.id', 'observations.request_id')
    .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
    .select([
      'observations.id', 'observations.request_id', 'observations.state', 'observations.start_utc_ms', 'observations.end_utc_ms',
      'requests.body_json', 'request_groups.id as group_id', 'request_groups.proposal_id', 'request_groups.submitter',
      'request_groups.name', 'request_groups.observation_type',
    ])
    .where('observations.id', '=', observationId)
    .executeTakeFirst();
  if (!o) return null;
  const configs = ((JSON.parse(o.body_json) as { configurations?: ConfigurationBody[] }).configurations ?? []);
  const statuses = await db
    .selectFrom('configuration_statuses')
    .innerJoin('configurations', 'configurations.id', 'configuration_statuses.configuration_id')
    .select(['configuration_statuses.id', 'configuration_statuses.state', 'configuration_statuses.instrument_name', 'configuration_statuses.summary_json', 'configurations.id as configuration_id', 'configurations.priority'])
    .where('configuration_statuses.observation_id', '=', observationId)
    // Configuration priority first; status id keeps repeats (configuration_repeats) in creation order.
    .orderBy('configuration_statuses.id')
    .execute();
  const planned: PlannedConfiguration[] = [];
  for (const s of statuses) {
    const c = configs.find((x) => x.id === s.configuration_id);
    if (!c) continue;
    planned.push({ statusId: s.id, state: s.state as ConfigurationStatusState, instrumentName: s.instrument_name, configuration: c, summaryJson: s.summary_json });
  }
  return {
    id: o.id,
    requestId: o.request_id,
    requestGroupId: o.group_id,
    proposalId: o.proposal_id,
    submitter: o.submitter,
    groupName: o.name,
    observationType: o.observation_type,
    state: o.state as ObservationState,
    startUtcMs: o.start_utc_ms,
    endUtcMs: o.end_utc_ms,
    configurations: planned,
  };
}

/**
 * The one query shape behind every per-telescope read below: this telescope's observations in (or
 * not in) the given states; callers add the time window, columns and order.
 */
function telescopeObservations(db: Db, at: TelescopeAddress, states: { in: readonly ObservationState[] } | { notIn: readonly ObservationState[] }) {
  const q = db
    .selectFrom('observations')
    .where('site', '=', at.site)
    .where('enclosure', '=', at.enclosure)
    .where('telescope', '=', at.telescope);
  return 'in' in states ? q.where('state', 'in', [...states.in]) : q.where('state', 'not in', [...states.notIn]);
}

/** The observation to run now at this telescope (start ≤ now < end), lowest priority value first; null when none. */
export async function currentObservation(db: Db, at: TelescopeAddress, nowUtcMs: number): Promise<ObservationPlan | null> {
  const row = await telescopeObservations(db, at, { in: ACTIVE })
    .select('id')
    .where('start_utc_ms', '<=', nowUtcMs)
    .where('end_utc_ms', '>', nowUtcMs)
    // An observation already in progress (e.g. resumed after a restart) goes first.
    .orderBy((eb) => eb.case().when('state', '=', 'IN_PROGRESS').then(0).else(1).end())
    .orderBy('priority')
    .orderBy('start_utc_ms')
    .limit(1)
    .executeTakeFirst();
  return row ? loadObservation(db, row.id) : null;
}

/** Start of the next active observation at this telescope after `nowUtcMs`, or null. */
export async function nextObservationStart(db: Db, at: TelescopeAddress, nowUtcMs: number): Promise<number | null> {
  const row = await telescopeObservations(db, at, { in: ACTIVE }).select('start_utc_ms').where('start_utc_ms', '>', nowUtcMs).orderBy('start_utc_ms').limit(1).executeTakeFirst();
  return row?.start_utc_ms ?? null;
}

/** Active observations of the telescope whose end has passed (never run to the end: closed out honestly). */
export async function overdueObservations(db: Db, at: TelescopeAddress, nowUtcMs: number): Promise<number[]> {
  const rows = await telescopeObservations(db, at, { in: ACTIVE }).select('id').where('end_utc_ms', '<=', nowUtcMs).orderBy('start_utc_ms').execute();
  return rows.map((r) => r.id);
}

/** Observations of the telescope overlapping [fromUtcMs, toUtcMs), by start (operator mode's list). */
export async function scheduleOf(db: Db, at: TelescopeAddress, fromUtcMs: number, toUtcMs: number): Promise<ObservationPlan[]> {
  const rows = await telescopeObservations(db, at, { notIn: ['CANCELED'] }).select('id').where('end_utc_ms', '>', fromUtcMs).where('start_utc_ms', '<', toUtcMs).orderBy('start_utc_ms').execute();
  const out: ObservationPlan[] = [];
  for (const r of rows) {
    const p = await loadObservation(db, r.id);
    if (p) out.push(p);
  }
  return out;
}

/** A configuration status's state with its observation's (one read), or null when either is gone. */
export interface StatusStanding {
  statusState: ConfigurationStatusState;
  observationState: ObservationState;
}

export async function statusStanding(db: Db, statusId: number): Promise<StatusStanding | null> {
  const row = await db
    .selectFrom('configuration_statuses')
    .innerJoin('observations', 'observations.id', 'configuration_statuses.observation_id')
    .select(['configuration_statuses.state as status_state', 'observations.state as observation_state'])
    .where('configuration_statuses.id', '=', statusId)
    .executeTakeFirst();
  return row ? { statusState: row.status_state as ConfigurationStatusState, observationState: row.observation_state as ObservationState } : null;
}
