import { containsInterval, normalize } from './intervals';
import type { ScheduledBlock, SchedulerInput } from './types';

/** One way a schedule breaks the input's rules. */
export interface Violation {
  code:
    | 'unknown_request'
    | 'duplicate_request'
    | 'unknown_telescope'
    | 'telescope_not_allowed'
    | 'wrong_duration'
    | 'outside_window'
    | 'outside_visibility'
    | 'outside_availability'
    | 'outside_horizon'
    | 'before_now'
    | 'overlap'
    | 'running_request';
  requestId: string;
  detail: string;
}

/**
 * Checks a schedule against its input independently of the solver: each request at most once, on
 * an allowed telescope, for exactly its duration, inside one window ∩ visibility ∩ availability
 * interval, inside the horizon and not before now, and no two blocks (fixed blocks included)
 * overlapping on a telescope. An empty list means feasible.
 */
export function checkSchedule(input: SchedulerInput, blocks: readonly ScheduledBlock[]): Violation[] {
  const out: Violation[] = [];
  const reqs = new Map(input.requests.map((r) => [r.id, r]));
  const tels = new Map(input.telescopes.map((t) => [t.id, normalize(t.availability)]));
  const running = new Set(input.fixedBlocks.map((b) => b.requestId));
  const seen = new Set<string>();
  for (const b of blocks) {
    const id = b.requestId;
    const req = reqs.get(id);
    if (req === undefined) {
      out.push({ code: 'unknown_request', requestId: id, detail: 'not in input' });
      continue;
    }
    if (seen.has(id)) out.push({ code: 'duplicate_request', requestId: id, detail: 'scheduled twice' });
    seen.add(id);
    if (running.has(id)) out.push({ code: 'running_request', requestId: id, detail: 'already running' });
    const avail = tels.get(b.telescopeId);
    if (avail === undefined) {
      out.push({ code: 'unknown_telescope', requestId: id, detail: b.telescopeId });
      continue;
    }
    if (!req.telescopeIds.includes(b.telescopeId))
      out.push({ code: 'telescope_not_allowed', requestId: id, detail: b.telescopeId });
    if (b.endMs - b.startMs !== req.durationSec * 1000)
      out.push({ code: 'wrong_duration', requestId: id, detail: `${b.endMs - b.startMs} ms` });
    if (!containsInterval(normalize(req.windows), b.startMs, b.endMs))
      out.push({ code: 'outside_window', requestId: id, detail: '' });
    const vis = normalize(req.visibility[b.telescopeId] ?? []);
    if (!containsInterval(vis, b.startMs, b.endMs)) out.push({ code: 'outside_visibility', requestId: id, detail: '' });
    if (!containsInterval(avail, b.startMs, b.endMs))
      out.push({ code: 'outside_availability', requestId: id, detail: '' });
    if (b.startMs < input.horizon.startMs || b.endMs > input.horizon.endMs)
      out.push({ code: 'outside_horizon', requestId: id, detail: '' });
    if (b.startMs < input.nowMs) out.push({ code: 'before_now', requestId: id, detail: '' });
  }
  const all = [
    ...blocks.map((b) => ({ ...b, fixed: false })),
    ...input.fixedBlocks.map((b) => ({
      requestId: b.requestId ?? '(fixed)',
      telescopeId: b.telescopeId,
      startMs: b.startMs,
      endMs: b.endMs,
      fixed: true,
    })),
  ].sort((x, y) => (x.telescopeId < y.telescopeId ? -1 : x.telescopeId > y.telescopeId ? 1 : x.startMs - y.startMs));
  // Compare each block with the one reaching furthest so far on the same telescope.
  let reach: (typeof all)[number] | undefined;
  for (const q of all) {
    if (reach !== undefined && reach.telescopeId === q.telescopeId) {
      if (q.startMs < reach.endMs && !(reach.fixed && q.fixed))
        out.push({
          code: 'overlap',
          requestId: q.requestId,
          detail: `overlaps ${reach.requestId} on ${q.telescopeId}`,
        });
      if (q.endMs > reach.endMs) reach = q;
    } else reach = q;
  }
  return out;
}
