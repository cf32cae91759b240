/**
 * The scheduler kernel's data: a plain, JSON-serialisable `SchedulerInput` (so any run can be
 * recorded and replayed) and the `Schedule` it produces. All times are UTC milliseconds since the
 * Unix epoch (`…Ms`); durations are seconds (`…Sec`). The kernel never reads a clock: `nowMs` is
 * part of the input.
 */

/** A half-open time interval [startMs, endMs) in UTC milliseconds; empty when endMs ≤ startMs. */
export interface IntervalMs {
  startMs: number;
  endMs: number;
}

/** OCS observation types the kernel schedules (DIRECT / REAL_TIME arrive as fixed blocks). */
export type SchedulerObservationType = 'NORMAL' | 'TIME_CRITICAL' | 'RAPID_RESPONSE';

/**
 * OCS request-group operator. SINGLE: the group has one request. MANY: every child request is
 * scheduled independently (OCS turns each child into its own `single` reservation), so both reduce
 * to "each request at most once"; the operator is kept for explanations and for the service.
 */
export type GroupOperator = 'SINGLE' | 'MANY';

export interface SchedulerTelescope {
  /** Stable telescope id, e.g. "ogg.clma.2m0a". */
  id: string;
  /**
   * Intervals when the telescope can observe (after downtime and weather holds are removed).
   * Outside these the telescope is unavailable. Need not be sorted or disjoint.
   */
  availability: IntervalMs[];
}

export interface SchedulerRequest {
  /** Request id (OCS Request.id as a string). */
  id: string;
  /** Request-group id the request belongs to. */
  groupId: string;
  operator: GroupOperator;
  observationType: SchedulerObservationType;
  /** Proposal TAC priority (OCS `Proposal.tac_priority`), > 0. */
  tacPriority: number;
  /** Request-group IPP value (OCS `ipp_value`, usually 0.5–2.0); ignored for TC and RR. */
  ippValue: number;
  /** Estimated duration of one observation of the request, seconds (> 0). */
  durationSec: number;
  /** User windows; the request may only be scheduled inside one of them. */
  windows: IntervalMs[];
  /** Telescopes the request may use (class / site / enclosure / telescope filters already applied). */
  telescopeIds: string[];
  /**
   * Target visibility per telescope id (dark ∩ up ∩ moon ∩ HA …, from the visibility engine).
   * A telescope absent here means "never visible there".
   */
  visibility: Record<string, IntervalMs[]>;
}

/** Something already occupying a telescope: a running observation or a DIRECT submission. */
export interface FixedBlock {
  /** The request being observed, or null for a DIRECT / engineering block with no request. */
  requestId: string | null;
  telescopeId: string;
  startMs: number;
  endMs: number;
  /** 'running': in progress now; 'direct': a DIRECT / REAL_TIME observation; both are kept as is. */
  kind: 'running' | 'direct';
  /** True when this is a rapid-response observation (never pre-empted by another RR). */
  rapidResponse?: boolean;
  /**
   * Times (UTC ms) at which a running observation may be aborted safely, e.g. configuration
   * boundaries. Absent or empty: it may be aborted at any time.
   */
  safePointsMs?: number[];
}

export interface SchedulerInput {
  /** The kernel's "now" (UTC ms). Nothing starts before it. */
  nowMs: number;
  /** The planning horizon [startMs, endMs); slices are aligned to horizon.startMs. */
  horizon: IntervalMs;
  /** Slice length, seconds (OCS MODEL_SLICESIZE). Default 300. */
  sliceSec?: number;
  /** Wall-clock budget for the main solver, ms. Default 10 000. */
  timeLimitMs?: number;
  telescopes: SchedulerTelescope[];
  requests: SchedulerRequest[];
  fixedBlocks: FixedBlock[];
}

/** One planned observation of a request on a telescope. */
export interface ScheduledBlock {
  requestId: string;
  telescopeId: string;
  startMs: number;
  endMs: number;
}

/** Why a request is not in the schedule. */
export type NotScheduledReason =
  /** None of the request's telescopes exists in the input. */
  | 'no_telescope'
  /** Windows end before now / the horizon, or start after it. */
  | 'outside_horizon'
  /** Target never visible inside its windows on any allowed telescope. */
  | 'not_visible'
  /** Visible inside its windows only while every allowed telescope is unavailable. */
  | 'telescope_unavailable'
  /** Visible time exists but no stretch long enough for the duration (after running/direct blocks). */
  | 'no_fit_in_window'
  /** Could fit, but the time went to other requests (listed in `by`). */
  | 'outcompeted'
  /** Already running (it is one of the fixed blocks). */
  | 'running'
  /** Invalid input (non-positive duration or priority). */
  | 'invalid';

export type RequestExplanation =
  | {
      requestId: string;
      scheduled: true;
      telescopeId: string;
      startMs: number;
      endMs: number;
      /** Effective priority (OCS) the objective credits for this request. */
      effectivePriority: number;
      /** How many (telescope, start) candidates the request had, and on how many telescopes. */
      candidateCount: number;
      telescopeCount: number;
      /** Human-readable summary, e.g. "earliest feasible start on its only telescope". */
      why: string;
    }
  | {
      requestId: string;
      scheduled: false;
      reason: NotScheduledReason;
      effectivePriority: number;
      candidateCount: number;
      /** For 'outcompeted': ids of the requests occupying its candidate starts (highest priority first). */
      by: string[];
      why: string;
    };

export type SolveMethod = 'greedy' | 'lagrangian' | 'exact' | 'incremental' | 'rapid_response';

export interface QualityReport {
  /** Σ weights of scheduled candidates (effective priority + OCS early-start tiebreak). */
  objective: number;
  /** Proven upper bound on the optimum of the slice model (Lagrangian ≥ LP bound). */
  upperBound: number;
  /** (upperBound − objective) / upperBound, 0 when upperBound is 0. */
  gap: number;
  /** Objective of the greedy baseline on the same model. */
  greedyObjective: number;
  solveMs: number;
  method: SolveMethod;
  /**
   * True when the optimum is proven: by HiGHS (MIP gap 1e-9), by the kernel's branch and bound
   * (relative tolerance 1e-6; `upperBound` is then the largest bound it closed, so `gap` shows what
   * is left), or when the gap is within 1e-9 relative.
   */
  optimal: boolean;
  /** Model size: binary variables (request × telescope × candidate start) and requests with any. */
  variables: number;
  schedulableRequests: number;
  /** Lagrangian iterations performed (0 for greedy / exact). */
  iterations: number;
  /** True when the time limit stopped the solver. */
  timedOut: boolean;
}

export interface Schedule {
  blocks: ScheduledBlock[];
  explanations: RequestExplanation[];
  quality: QualityReport;
  /**
   * Lagrange multipliers per request id from the last run; pass the schedule to `replan` to warm
   * start. Opaque to callers; safe to drop.
   */
  multipliers: Record<string, number>;
}

/** A fixed block that a rapid-response insertion aborts. */
export interface Interruption {
  requestId: string | null;
  telescopeId: string;
  /**
   * When the running observation is aborted, UTC ms: the latest of its safe points (configuration
   * boundaries) in [nowMs, RR start], or the RR start when it declares none.
   */
  atMs: number;
  /** The running block's original end (what is lost is [atMs, originalEndMs)). */
  originalEndMs: number;
  /** For the configuration status (OCS marks it FAILED / NOT_ATTEMPTED with this reason). */
  reason: string;
  /**
   * True when `atMs` is one of the block's declared safe points (a configuration boundary): the
   * configuration in progress ends there by itself and is left to finish. False when the block
   * declared none and is cut wherever the RR needs (the configuration in progress fails).
   */
  atSafePoint: boolean;
}
