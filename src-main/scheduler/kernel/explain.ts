import type { Assignment } from './assignment';
import type { SliceModel } from './model';
import type { NotScheduledReason, RequestExplanation } from './types';

const MAX_BY = 10;

const REASON_TEXT: Record<NotScheduledReason, string> = {
  no_telescope: 'none of its allowed telescopes is in the observatory model',
  outside_horizon: 'its windows lie outside the planning horizon (or have passed)',
  not_visible: 'the target is not visible inside its windows on any allowed telescope',
  telescope_unavailable: 'it is visible only while its telescopes are unavailable (downtime, weather)',
  no_fit_in_window: 'no visible, free stretch inside its windows is as long as its duration',
  outcompeted: 'every start it could use went to higher-value requests',
  running: 'it is being observed now',
  invalid: 'its duration or priority is not positive',
};

/** Per-request explanations of an assignment, in input order. */
export function explain(m: SliceModel, a: Assignment): RequestExplanation[] {
  const out: RequestExplanation[] = [];
  const blockers: number[] = [];
  for (let r = 0; r < m.requestIds.length; r++) {
    const requestId = m.requestIds[r]!;
    const effectivePriority = m.priority[r]!;
    const from = m.rOff[r]!;
    const to = m.rOff[r + 1]!;
    const candidateCount = to - from;
    const tels = new Set<number>();
    for (let i = from; i < to; i++) tels.add(m.cTel[m.rCand[i]!]!);
    const c = a.reqCand[r]!;
    if (c >= 0) {
      const t = m.cTel[c]!;
      let earlier = 0;
      for (let i = from; i < to; i++) if (m.cStartMs[m.rCand[i]!]! < m.cStartMs[c]!) earlier++;
      const where = tels.size === 1 ? 'its only possible telescope' : `one of ${tels.size} possible telescopes`;
      const when =
        earlier === 0
          ? 'at its earliest possible start'
          : `after ${earlier} earlier possible start(s) that were taken or worth less overall`;
      out.push({
        requestId,
        scheduled: true,
        telescopeId: m.telescopeIds[t]!,
        startMs: m.cStartMs[c]!,
        endMs: m.cStartMs[c]! + m.durationMs[r]!,
        effectivePriority,
        candidateCount,
        telescopeCount: tels.size,
        why: `scheduled on ${where}, ${when}`,
      });
      continue;
    }
    const pre = m.noCandidateReason[r] ?? null;
    const reason: NotScheduledReason = pre ?? 'outcompeted';
    const by: string[] = [];
    if (reason === 'outcompeted') {
      const seen = new Set<number>();
      for (let i = from; i < to; i++) for (const b of a.blockers(m.rCand[i]!, blockers)) seen.add(b);
      const list = [...seen].sort((x, y) => m.priority[y]! - m.priority[x]! || x - y);
      for (const b of list.slice(0, MAX_BY)) by.push(m.requestIds[b]!);
    }
    const why =
      reason === 'outcompeted' && by.length === 0
        ? 'it could fit but the solver stopped (time limit) before placing it'
        : REASON_TEXT[reason];
    out.push({ requestId, scheduled: false, reason, effectivePriority, candidateCount, by, why });
  }
  return out;
}
