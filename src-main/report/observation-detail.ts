/**
 * One observation as the console shows it beside the executor's progress: its request and
 * proposal, and each configuration (in run order) with target, instrument and exposures.
 */
import type BetterSqlite3 from 'better-sqlite3';

export interface InstrumentConfigDetail {
  exposureSec: number;
  exposureCount: number;
  /** The filter (optical_elements.filter), or null for none (BIAS, DARK, spectra). */
  filter: string | null;
  mode: string | null;
}

export interface ConfigurationDetail {
  statusId: number;
  /** Configuration status state (PENDING, ATTEMPTED, COMPLETED, FAILED, NOT_ATTEMPTED). */
  state: string;
  type: string;
  instrumentType: string;
  instrumentName: string;
  targetName: string;
  /** ICRS position, degrees; null for targets without one (orbital elements, HOUR_ANGLE…). */
  raDeg: number | null;
  decDeg: number | null;
  instrumentConfigs: InstrumentConfigDetail[];
}

export interface ObservationDetail {
  observationId: number;
  telescopeId: string;
  state: string;
  startUtcMs: number;
  endUtcMs: number;
  requestId: number;
  requestGroupId: number;
  groupName: string;
  proposalId: string;
  submitter: string;
  observationType: string;
  configurations: ConfigurationDetail[];
}

interface BodyConfiguration {
  id?: number;
  target?: { name?: string; ra?: unknown; dec?: unknown };
  instrument_configs?: { exposure_time?: number; exposure_count?: number; mode?: string; optical_elements?: Record<string, string> }[];
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The observation `observationId` with its configurations in run order (status id), or null when it does not exist. */
export function readObservationDetail(raw: BetterSqlite3.Database, observationId: number): ObservationDetail | null {
  const o = raw
    .prepare(
      `select o.id, o.site, o.enclosure, o.telescope, o.state, o.start_utc_ms, o.end_utc_ms, r.id as request_id, r.body_json,
              rg.id as group_id, rg.name as group_name, rg.proposal_id, rg.submitter, rg.observation_type
         from observations o join requests r on r.id = o.request_id join request_groups rg on rg.id = r.request_group_id where o.id = ?`,
    )
    .get(observationId) as
    | { id: number; site: string; enclosure: string; telescope: string; state: string; start_utc_ms: number; end_utc_ms: number; request_id: number; body_json: string; group_id: number; group_name: string; proposal_id: string; submitter: string; observation_type: string }
    | undefined;
  if (o === undefined) return null;
  const body = JSON.parse(o.body_json) as { configurations?: BodyConfiguration[] };
  const statuses = raw
    .prepare(
      `select cs.id, cs.state, cs.instrument_name, cs.configuration_id, c.type, c.instrument_type
         from configuration_statuses cs join configurations c on c.id = cs.configuration_id where cs.observation_id = ? order by cs.id`,
    )
    .all(observationId) as { id: number; state: string; instrument_name: string; configuration_id: number; type: string; instrument_type: string }[];
  return {
    observationId: o.id,
    telescopeId: `${o.site}.${o.enclosure}.${o.telescope}`,
    state: o.state,
    startUtcMs: o.start_utc_ms,
    endUtcMs: o.end_utc_ms,
    requestId: o.request_id,
    requestGroupId: o.group_id,
    groupName: o.group_name,
    proposalId: o.proposal_id,
    submitter: o.submitter,
    observationType: o.observation_type,
    configurations: statuses.map((s) => {
      const c = body.configurations?.find((x) => x.id === s.configuration_id);
      return {
        statusId: s.id,
        state: s.state,
        type: s.type,
        instrumentType: s.instrument_type,
        instrumentName: s.instrument_name,
        targetName: c?.target?.name ?? '',
        raDeg: num(c?.target?.ra),
        decDeg: num(c?.target?.dec),
        instrumentConfigs: (c?.instrument_configs ?? []).map((ic) => ({
          exposureSec: ic.exposure_time ?? 0,
          exposureCount: ic.exposure_count ?? 0,
          filter: ic.optical_elements?.['filter'] ?? null,
          mode: ic.mode ?? null,
        })),
      };
    }),
  };
}
