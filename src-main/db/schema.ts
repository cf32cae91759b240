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
}
