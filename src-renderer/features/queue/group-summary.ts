/** Roll-ups of a request group's requests for one table row. */
import type { QueueGroup } from '../../../src-shared/ipc/contract';

export interface GroupSummary {
  /** Distinct target names, in request order. */
  targets: string[];
  /** Distinct instrument types, in request order. */
  instruments: string[];
  /** Sum of the requests' durations, s; null when none is known. */
  durationSec: number | null;
  /** Earliest window start and latest window end over the requests, UTC ms; null when none. */
  windowStartMs: number | null;
  windowEndMs: number | null;
}

const distinct = (values: readonly string[]): string[] => [...new Set(values)];

export function groupSummary(g: QueueGroup): GroupSummary {
  const known = g.requests.map((r) => r.durationSec).filter((d): d is number => d !== null);
  const starts = g.requests.map((r) => r.windowStartMs).filter((t): t is number => t !== null);
  const ends = g.requests.map((r) => r.windowEndMs).filter((t): t is number => t !== null);
  return {
    targets: distinct(g.requests.map((r) => r.targetName)),
    instruments: distinct(g.requests.map((r) => r.instrumentType)),
    durationSec: known.length === 0 ? null : known.reduce((a, b) => a + b, 0),
    windowStartMs: starts.length === 0 ? null : Math.min(...starts),
    windowEndMs: ends.length === 0 ? null : Math.max(...ends),
  };
}

/** Case-insensitive match of `text` against the group's name, proposal, operator, targets and instruments. */
export function matchesText(g: QueueGroup, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (needle === '') return true;
  const hay = [
    g.name,
    g.proposal,
    g.operator,
    g.observationType,
    String(g.id),
    ...g.requests.flatMap((r) => [r.targetName, r.instrumentType]),
  ]
    .join('\u0001')
    .toLowerCase();
  return hay.includes(needle);
}
