import type { SchedulerRequest } from './types';

/** OCS caps the effective priority before its random perturbation (adaptive_scheduler). */
export const MAX_EFFECTIVE_PRIORITY = 320_000;

/**
 * OCS effective priority of a request (ocs-contract §9.4):
 * NORMAL = tac_priority × ipp_value × duration in minutes; TIME_CRITICAL = tac_priority × 100 × 60;
 * RAPID_RESPONSE = tac_priority; then capped at 320 000. OCS also multiplies by a random factor in
 * [0.995, 1.005) seeded by the request id to break ties; we leave ties to the early-start
 * tie-break and the request order so that results are reproducible from the input alone.
 * @returns a value ≥ 0 (0 for invalid inputs such as a negative priority).
 */
export function effectivePriority(
  request: Pick<SchedulerRequest, 'observationType' | 'tacPriority' | 'ippValue' | 'durationSec'>,
): number {
  let p: number;
  switch (request.observationType) {
    case 'NORMAL':
      p = request.tacPriority * request.ippValue * (request.durationSec / 60);
      break;
    case 'TIME_CRITICAL':
      p = request.tacPriority * 100 * 60;
      break;
    case 'RAPID_RESPONSE':
      p = request.tacPriority;
      break;
  }
  if (!Number.isFinite(p) || p < 0) return 0;
  return Math.min(p, MAX_EFFECTIVE_PRIORITY);
}

/**
 * OCS early-start tie-break added to the weight of the k-th (0-based, time order) candidate start
 * of a request on one telescope: 0.1 / (k + 1).
 */
export function earlyStartBonus(k: number): number {
  return 0.1 / (k + 1);
}
