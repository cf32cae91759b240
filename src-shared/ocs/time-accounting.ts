/**
 * IPP and time bookkeeping (spec ocs-contract §3.10) as pure functions on hours. The caller
 * persists the new balances.
 */
import { MAX_IPP_VALUE } from '../schemas/request-group';
import type { RequestState } from './states';

/** Clamp `ipp_time_available` to [0, ipp_limit]. */
export function clampIppAvailable(hours: number, ippLimitHours: number): number {
  return Math.min(Math.max(hours, 0), ippLimitHours);
}

/** Hours charged against IPP for a request of `durationSec`: `ceil(duration)/3600`. */
export function durationHours(durationSec: number): number {
  return Math.ceil(durationSec) / 3600;
}

/** Debit at submission (NORMAL, ipp > 1): returns the new ipp_time_available. */
export function ippOnSubmit(available: number, ippLimit: number, ippValue: number, durationSec: number): number {
  if (ippValue <= 1) return available;
  return clampIppAvailable(available - (ippValue - 1) * durationHours(durationSec), ippLimit);
}

/**
 * IPP change when a NORMAL request moves `from` → `to` (§3.10). Returns the new ipp_time_available.
 */
export function ippOnRequestTransition(
  available: number,
  ippLimit: number,
  ippValue: number,
  durationSec: number,
  from: RequestState,
  to: RequestState,
): number {
  const h = durationHours(durationSec);
  let next = available;
  if (to === 'COMPLETED' && from !== 'COMPLETED') {
    if (ippValue < 1) next += (1 - ippValue) * h;
    else if (from === 'WINDOW_EXPIRED') next -= (ippValue - 1) * h;
  } else if ((to === 'CANCELED' || to === 'WINDOW_EXPIRED' || to === 'FAILURE_LIMIT_REACHED') && from === 'PENDING') {
    if (ippValue >= 1) next += (ippValue - 1) * h;
  } else if (to === 'PENDING' && from === 'COMPLETED') {
    // BAD_DATA reset: an earlier ipp < 1 credit is taken back.
    if (ippValue < 1) next -= (1 - ippValue) * h;
  }
  return clampIppAvailable(next, ippLimit);
}

/** Max allowable IPP: `min(available / duration_h + 1, MAX_IPP_VALUE)` floored to 3 decimals. */
export function maxAllowableIpp(availableHours: number, durationSec: number, maxIpp = MAX_IPP_VALUE): number {
  const h = durationHours(durationSec);
  const raw = h > 0 ? Math.min(availableHours / h + 1, maxIpp) : maxIpp;
  return Math.floor(raw * 1000 + 1e-9) / 1000;
}

/** Which time pool an observation type draws from; null when it is not charged this way. */
export function timePool(observationType: string): 'std' | 'rr' | 'tc' | null {
  switch (observationType) {
    case 'NORMAL':
      return 'std';
    case 'RAPID_RESPONSE':
      return 'rr';
    case 'TIME_CRITICAL':
      return 'tc';
    default:
      return null;
  }
}

/**
 * Differential observing-time charge for a configuration-status summary save, hours:
 * `(newEnd − newStart) − (oldEnd − oldStart)`; RR charges are capped at `rrCapSec`
 * (the configuration's duration plus its share of the observation front padding).
 */
export function summaryChargeDeltaHours(
  previous: { startUtcMs: number; endUtcMs: number } | null,
  next: { startUtcMs: number; endUtcMs: number },
  rrCapSec: number | null,
): number {
  const span = (s: { startUtcMs: number; endUtcMs: number } | null) => {
    if (!s) return 0;
    const sec = Math.max(0, (s.endUtcMs - s.startUtcMs) / 1000);
    return rrCapSec === null ? sec : Math.min(sec, rrCapSec);
  };
  return (span(next) - span(previous)) / 3600;
}
