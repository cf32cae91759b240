import type { Generated } from 'kysely';

/** Row types of the current schema (after all migrations), for kysely's type checking. */
export interface MetaTable {
  key: string;
  value: string;
}

export interface ConfigdbSnapshotTable {
  id: number;
  sites_json: string;
  updated_utc_ms: number;
}

export interface ProposalsTable {
  id: string;
  title: string;
  tac_priority: number;
  active: number;
  body_json: string;
  abstract: Generated<string>;
  tac_rank: Generated<number>;
  public: Generated<number>;
  non_science: Generated<number>;
  direct_submission: Generated<number>;
  /** JSON list of strings. */
  tags_json: Generated<string>;
}

export interface RequestGroupsTable {
  id: Generated<number>;
  proposal_id: string;
  submitter: string;
  name: string;
  observation_type: string;
  operator: string;
  ipp_value: number;
  state: string;
  created_utc_ms: number;
  modified_utc_ms: number;
  body_json: string;
}

export interface RequestsTable {
  id: Generated<number>;
  request_group_id: number;
  state: string;
  duration_sec: number | null;
  modified_utc_ms: number;
  body_json: string;
  telescope_class: Generated<string>;
  /** Lower-cased target names joined by U+001F, for the `target` (icontains) filter. */
  target_names: Generated<string>;
  window_start_utc_ms: number | null;
  /** Last window end (scheduled types) or observation end (DIRECT); drives expiry. */
  window_end_utc_ms: number | null;
  semester_id: string | null;
  acceptability_threshold: Generated<number>;
  created_utc_ms: Generated<number>;
  suspend_until_utc_ms: number | null;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  first_name: Generated<string>;
  last_name: Generated<string>;
  email: Generated<string>;
  institution: Generated<string>;
  is_staff: Generated<number>;
  is_superuser: Generated<number>;
  /** scrypt `salt:hash` (hex); null = token-only account. */
  password_hash: string | null;
  created_utc_ms: number;
}

export interface ApiTokensTable {
  key: string;
  user_id: number;
  created_utc_ms: number;
}

export interface SemestersTable {
  id: string;
  start_utc_ms: number;
  end_utc_ms: number;
}

export interface MembershipsTable {
  proposal_id: string;
  user_id: number;
  role: string;
  /** Hours; −1 = unlimited. */
  time_limit_hours: Generated<number>;
  time_used_hours: Generated<number>;
}

/** Hours throughout. */
export interface TimeAllocationsTable {
  id: Generated<number>;
  proposal_id: string;
  semester_id: string;
  instrument_types_json: string;
  std_allocation: Generated<number>;
  std_time_used: Generated<number>;
  rr_allocation: Generated<number>;
  rr_time_used: Generated<number>;
  tc_allocation: Generated<number>;
  tc_time_used: Generated<number>;
  realtime_allocation: Generated<number>;
  realtime_time_used: Generated<number>;
  ipp_limit: Generated<number>;
  ipp_time_available: Generated<number>;
}

export interface ConfigurationsTable {
  id: Generated<number>;
  request_id: number;
  /** 1..n in list order. */
  priority: number;
  type: string;
  instrument_type: string;
}

export interface ObservationsTable {
  id: Generated<number>;
  request_id: number;
  site: string;
  enclosure: string;
  telescope: string;
  start_utc_ms: number;
  end_utc_ms: number;
  priority: Generated<number>;
  state: string;
  created_utc_ms: number;
  modified_utc_ms: number;
}

export interface ConfigurationStatusesTable {
  id: Generated<number>;
  observation_id: number;
  configuration_id: number;
  instrument_name: string;
  guide_camera_name: Generated<string>;
  state: string;
  summary_json: string | null;
  created_utc_ms: number;
  modified_utc_ms: number;
}

export interface DowntimesTable {
  id: Generated<number>;
  start_utc_ms: number;
  end_utc_ms: number;
  site: string;
  enclosure: string;
  telescope: string;
  instrument_type: Generated<string>;
  reason: Generated<string>;
  created_utc_ms: number;
  modified_utc_ms: number;
}

export interface StateHistoryTable {
  id: Generated<number>;
  entity: 'request_group' | 'request' | 'observation' | 'configuration_status';
  entity_id: number;
  from_state: string | null;
  to_state: string;
  utc_ms: number;
  reason: string;
}

export interface Database {
  meta: MetaTable;
  configdb_snapshot: ConfigdbSnapshotTable;
  proposals: ProposalsTable;
  request_groups: RequestGroupsTable;
  requests: RequestsTable;
  state_history: StateHistoryTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  semesters: SemestersTable;
  memberships: MembershipsTable;
  time_allocations: TimeAllocationsTable;
  configurations: ConfigurationsTable;
  observations: ObservationsTable;
  configuration_statuses: ConfigurationStatusesTable;
  downtimes: DowntimesTable;
}

/** Archive tables (migration 0003); merged into `Database` by declaration merging. */
export interface FramesTable {
  id: Generated<number>;
  basename: string;
  /** `basename.toLowerCase()` (JS), for the `basename` icontains filter. */
  basename_folded: string;
  observation_utc_ms: number;
  /** YYYYMMDD. */
  day_obs: string;
  proposal_id: string;
  instrument_id: string;
  target_name: string;
  /** `foldText(target_name)`: lower-case, accents removed. */
  target_name_folded: string;
  reduction_level: number;
  site_id: string;
  telescope_id: string;
  exposure_sec: number;
  primary_optical_element: string;
  public_utc_ms: number;
  configuration_type: string;
  observation_id: number | null;
  request_id: number | null;
  request_group_id: number | null;
  configuration_id: number | null;
  submitter: string | null;
  area_json: string | null;
  ra_min_deg: number | null;
  ra_max_deg: number | null;
  dec_min_deg: number | null;
  dec_max_deg: number | null;
  thumbnail_key: string | null;
  created_utc_ms: number;
}

export interface FrameHeadersTable {
  frame_id: number;
  /** {KEY: value} of the primary header. */
  headers_json: string;
}

export interface FrameVersionsTable {
  id: Generated<number>;
  frame_id: number;
  key: string;
  md5: string;
  extension: string;
  byte_length: number;
  created_utc_ms: number;
}

export interface FrameRelatedTable {
  frame_id: number;
  related_basename: string;
}

export interface Database {
  frames: FramesTable;
  frame_headers: FrameHeadersTable;
  frame_versions: FrameVersionsTable;
  frame_related: FrameRelatedTable;
}

/** Scheduler run log (migration 0004); merged into `Database` by declaration merging. */
export interface SchedulerRunsTable {
  id: Generated<number>;
  /** 'normal' | 'rapid_response'. */
  kind: string;
  trigger: string;
  started_utc_ms: number;
  now_utc_ms: number;
  horizon_end_utc_ms: number;
  /** sha256 hex of the canonical `SchedulerInput` JSON. */
  input_hash: string;
  request_count: Generated<number>;
  telescope_count: Generated<number>;
  build_ms: Generated<number>;
  solve_ms: Generated<number>;
  persist_ms: Generated<number>;
  method: Generated<string>;
  objective: Generated<number>;
  upper_bound: Generated<number>;
  gap: Generated<number>;
  optimal: Generated<number>;
  block_count: Generated<number>;
  created_count: Generated<number>;
  canceled_count: Generated<number>;
  kept_count: Generated<number>;
  changes_json: Generated<string>;
  explanations_json: Generated<string>;
  /** 'ok' | 'failed'. */
  status: string;
  error: string | null;
}

export interface Database {
  scheduler_runs: SchedulerRunsTable;
}

/** Executor journal tables (migration 0005); merged into `Database` by declaration merging. */
export interface NightJournalTable {
  id: Generated<number>;
  telescope_id: string;
  utc_ms: number;
  kind: string;
  observation_id: number | null;
  configuration_status_id: number | null;
  detail_json: Generated<string>;
}

export interface ExecutorExposuresTable {
  id: Generated<number>;
  telescope_id: string;
  observation_id: number | null;
  configuration_status_id: number | null;
  /** 'science' | 'acquisition'. */
  purpose: string;
  instrument_id: string;
  day_obs: string;
  frame_number: number;
  basename: string;
  exposure_sec: number;
  /** 'started' | 'recorded' | 'failed' | 'interrupted'. */
  state: string;
  started_utc_ms: number;
  ended_utc_ms: number | null;
  frame_id: number | null;
  reason: string | null;
}

export interface ExecutorFrameNumbersTable {
  instrument_id: string;
  day_obs: string;
  last_frame_number: number;
}

export interface Database {
  night_journal: NightJournalTable;
  executor_exposures: ExecutorExposuresTable;
  executor_frame_numbers: ExecutorFrameNumbersTable;
}

/** Horizon masks (migration 0007), one row per telescope; merged into `Database` by declaration merging. */
export interface TelescopeHorizonMasksTable {
  /** `site.enclosure.telescope`, as in the configdb dump (e.g. `tfn.domb.0m4a`). */
  telescope_id: string;
  /** `[[azimuthDeg, altitudeDeg], …]` (the configdb extension field `horizon_mask`), 3–360 points. */
  points_json: string;
  updated_utc_ms: number;
}

export interface Database {
  telescope_horizon_masks: TelescopeHorizonMasksTable;
}
