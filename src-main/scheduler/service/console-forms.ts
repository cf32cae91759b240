import type { ScheduleExplanation, ScheduleRun } from '../../../src-shared/ipc/contract';
import type { RequestExplanation } from '../kernel';
import type { RunSummary } from './runs-repo';

/** The console's flat form of a kernel explanation (request ids as numbers; absent fields null). */
export function toConsoleExplanation(e: RequestExplanation): ScheduleExplanation {
  if (e.scheduled) {
    return { requestId: Number(e.requestId), scheduled: true, telescopeId: e.telescopeId, startMs: e.startMs, endMs: e.endMs, reason: null, by: [], effectivePriority: e.effectivePriority, candidateCount: e.candidateCount, why: e.why };
  }
  return { requestId: Number(e.requestId), scheduled: false, telescopeId: null, startMs: null, endMs: null, reason: e.reason, by: e.by.map(Number).filter(Number.isFinite), effectivePriority: e.effectivePriority, candidateCount: e.candidateCount, why: e.why };
}

/** The contract's form of a recorded run. */
export function toContractRun(r: RunSummary): ScheduleRun {
  return { ...r };
}
