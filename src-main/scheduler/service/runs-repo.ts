/** The scheduler run log (table `scheduler_runs`, migration 0004). */
import { createHash } from 'node:crypto';
import type { Db } from '../../portal';
import type { QualityReport, RequestExplanation, SchedulerInput } from '../kernel';

export type RunKind = 'normal' | 'rapid_response';

/** One recorded run, as the console and the CLI see it. */
export interface RunSummary {
  id: number;
  kind: RunKind;
  trigger: string;
  startedMs: number;
  nowMs: number;
  horizonEndMs: number;
  inputHash: string;
  requestCount: number;
  telescopeCount: number;
  buildMs: number;
  solveMs: number;
  persistMs: number;
  method: string;
  objective: number;
  upperBound: number;
  gap: number;
  optimal: boolean;
  blockCount: number;
  createdCount: number;
  canceledCount: number;
  keptCount: number;
  status: 'ok' | 'failed';
  error: string | null;
}

export interface RunRecord {
  kind: RunKind;
  trigger: string;
  startedMs: number;
  input: SchedulerInput;
  buildMs: number;
  solveMs: number;
  persistMs: number;
  quality: QualityReport | null;
  blockCount: number;
  created: number;
  canceled: number;
  kept: number;
  changes: unknown;
  explanations: readonly RequestExplanation[];
  error: string | null;
}

/** sha256 (hex) of the input's JSON: equal inputs, equal hashes (key order is the builder's, fixed). */
export function hashInput(input: SchedulerInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

export async function insertRun(db: Db, r: RunRecord): Promise<number> {
  const q = r.quality;
  const { id } = await db
    .insertInto('scheduler_runs')
    .values({
      kind: r.kind,
      trigger: r.trigger,
      started_utc_ms: r.startedMs,
      now_utc_ms: r.input.nowMs,
      horizon_end_utc_ms: r.input.horizon.endMs,
      input_hash: hashInput(r.input),
      request_count: r.input.requests.length,
      telescope_count: r.input.telescopes.length,
      build_ms: r.buildMs,
      solve_ms: r.solveMs,
      persist_ms: r.persistMs,
      method: q?.method ?? '',
      objective: q?.objective ?? 0,
      upper_bound: q?.upperBound ?? 0,
      gap: q?.gap ?? 0,
      optimal: q?.optimal === true ? 1 : 0,
      block_count: r.blockCount,
      created_count: r.created,
      canceled_count: r.canceled,
      kept_count: r.kept,
      changes_json: JSON.stringify(r.changes ?? {}),
      explanations_json: JSON.stringify(r.explanations),
      status: r.error === null ? 'ok' : 'failed',
      error: r.error,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

type Row = {
  id: number;
  kind: string;
  trigger: string;
  started_utc_ms: number;
  now_utc_ms: number;
  horizon_end_utc_ms: number;
  input_hash: string;
  request_count: number;
  telescope_count: number;
  build_ms: number;
  solve_ms: number;
  persist_ms: number;
  method: string;
  objective: number;
  upper_bound: number;
  gap: number;
  optimal: number;
  block_count: number;
  created_count: number;
  canceled_count: number;
  kept_count: number;
  status: string;
  error: string | null;
};

const summaryColumns = [
  'id', 'kind', 'trigger', 'started_utc_ms', 'now_utc_ms', 'horizon_end_utc_ms', 'input_hash', 'request_count', 'telescope_count',
  'build_ms', 'solve_ms', 'persist_ms', 'method', 'objective', 'upper_bound', 'gap', 'optimal', 'block_count', 'created_count',
  'canceled_count', 'kept_count', 'status', 'error',
] as const;

function toSummary(r: Row): RunSummary {
  return {
    id: r.id,
    kind: r.kind === 'rapid_response' ? 'rapid_response' : 'normal',
    trigger: r.trigger,
    startedMs: r.started_utc_ms,
    nowMs: r.now_utc_ms,
    horizonEndMs: r.horizon_end_utc_ms,
    inputHash: r.input_hash,
    requestCount: r.request_count,
    telescopeCount: r.telescope_count,
    buildMs: r.build_ms,
    solveMs: r.solve_ms,
    persistMs: r.persist_ms,
    method: r.method,
    objective: r.objective,
    upperBound: r.upper_bound,
    gap: r.gap,
    optimal: r.optimal === 1,
    blockCount: r.block_count,
    createdCount: r.created_count,
    canceledCount: r.canceled_count,
    keptCount: r.kept_count,
    status: r.status === 'ok' ? 'ok' : 'failed',
    error: r.error,
  };
}

/** The latest run (any kind, ok or failed), or null before the first. */
export async function lastRun(db: Db): Promise<RunSummary | null> {
  const r = await db.selectFrom('scheduler_runs').select(summaryColumns).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r ? toSummary(r) : null;
}

export async function runById(db: Db, id: number): Promise<RunSummary | null> {
  const r = await db.selectFrom('scheduler_runs').select(summaryColumns).where('id', '=', id).executeTakeFirst();
  return r ? toSummary(r) : null;
}

/**
 * The latest successful run's explanation of a request, with that run's id; null when no
 * successful run mentions it (e.g. it arrived after the last run).
 */
export async function explanationOf(db: Db, requestId: string): Promise<{ runId: number; explanation: RequestExplanation } | null> {
  // A request is explained by the newest ok run that saw it; a rapid-response run only explains
  // what it touched, so older normal runs are searched too (few rows: one per run).
  const rows = await db.selectFrom('scheduler_runs').select(['id', 'explanations_json']).where('status', '=', 'ok').orderBy('id', 'desc').limit(50).execute();
  for (const r of rows) {
    const list = JSON.parse(r.explanations_json) as RequestExplanation[];
    const e = list.find((x) => x.requestId === requestId);
    if (e) return { runId: r.id, explanation: e };
  }
  return null;
}
