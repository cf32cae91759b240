import { describe, expect, it } from 'vitest';
import type { TimelineBlock } from '../../../src-shared/ipc/contract';
import { isRealtimeBlock, withRealtimeSessions } from '../../../src-renderer/features/realtime/timeline-blocks';

const block = (over: Partial<TimelineBlock>): TimelineBlock => ({ telescopeId: 'tfn.doma.1m0a', requestId: 7, label: 'M31', startMs: 1000, endMs: 2000, kind: 'observation', state: 'PENDING', ...over });

describe('real-time sessions on the timeline', () => {
  it('relabels the session and drops its own downtime entry only', () => {
    const session = block({ label: 'Live now [REAL_TIME]' });
    const own = block({ requestId: null, label: 'Downtime: 42', kind: 'downtime', state: 'DOWNTIME' });
    const other = block({ requestId: null, label: 'Downtime: maintenance', kind: 'downtime', state: 'DOWNTIME', startMs: 3000, endMs: 4000 });
    const elsewhere = block({ telescopeId: 'tfn.clma.0m4a', requestId: null, label: 'Downtime: 9', kind: 'downtime', state: 'DOWNTIME' });
    const normal = block({ label: 'M31', startMs: 2000, endMs: 2500 });
    const out = withRealtimeSessions([session, own, other, elsewhere, normal]);
    expect(out.map((b) => b.label)).toEqual(['Real-time session · Live now', 'Downtime: maintenance', 'Downtime: 9', 'M31']);
    expect(out.map(isRealtimeBlock)).toEqual([true, false, false, false]);
  });
  it('leaves a night without sessions as it is', () => {
    const blocks = [block({}), block({ kind: 'downtime', state: 'DOWNTIME', requestId: null, label: 'Downtime' })];
    expect(withRealtimeSessions(blocks)).toEqual(blocks);
  });
});
