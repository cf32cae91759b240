import type { Interruption, RequestExplanation, ScheduledBlock } from './types';

/**
 * Explanations after a rapid-response insertion: unchanged for requests that were not in the
 * way; "moved" or "displaced" for those that were; the RR request's own entry last.
 */
export function rapidResponseExplanations(
  previous: readonly RequestExplanation[],
  rrId: string,
  rrBlock: ScheduledBlock,
  rrPriority: number,
  displaced: ReadonlySet<string>,
  blocks: readonly ScheduledBlock[],
  interrupted: Interruption | null,
): RequestExplanation[] {
  const byId = new Map(blocks.map((b) => [b.requestId, b]));
  const out = previous
    .filter((e) => e.requestId !== rrId)
    .map((e): RequestExplanation => {
      if (!displaced.has(e.requestId)) return e;
      const b = byId.get(e.requestId);
      if (b !== undefined)
        return {
          requestId: e.requestId,
          scheduled: true,
          telescopeId: b.telescopeId,
          startMs: b.startMs,
          endMs: b.endMs,
          effectivePriority: e.effectivePriority,
          candidateCount: e.candidateCount,
          telescopeCount: e.scheduled ? e.telescopeCount : 1,
          why: `moved for rapid-response request ${rrId}`,
        };
      return {
        requestId: e.requestId,
        scheduled: false,
        reason: 'outcompeted',
        effectivePriority: e.effectivePriority,
        candidateCount: e.candidateCount,
        by: [rrId],
        why: `displaced by rapid-response request ${rrId} and no free start was left`,
      };
    });
  out.push({
    requestId: rrId,
    scheduled: true,
    telescopeId: rrBlock.telescopeId,
    startMs: rrBlock.startMs,
    endMs: rrBlock.endMs,
    effectivePriority: rrPriority,
    candidateCount: 1,
    telescopeCount: 1,
    why: interrupted
      ? `rapid response: earliest start, interrupting ${interrupted.requestId ?? 'a running observation'} at a safe point`
      : 'rapid response: earliest possible start',
  });
  return out;
}
