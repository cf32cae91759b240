import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyChange,
  checkSchedule,
  insertRapidResponse,
  replan,
  solveSchedule,
  type FixedBlock,
  type SchedulerInput,
  type SchedulerRequest,
} from '../../../../src-main/scheduler/index';
import { iv, T0, MIN } from './helpers';

const DAY_MIN = 24 * 60;
const interval = fc
  .tuple(fc.integer({ min: -60, max: DAY_MIN }), fc.integer({ min: 1, max: 600 }))
  .map(([a, len]) => iv(a, Math.min(a + len, DAY_MIN + 60)));

const telIds = ['t1', 't2', 't3'];

const request = (i: number) =>
  fc
    .record({
      dur: fc.integer({ min: 1, max: 150 }),
      tac: fc.integer({ min: 1, max: 30 }),
      ipp: fc.double({ min: 0.5, max: 2, noNaN: true }),
      type: fc.constantFrom('NORMAL', 'NORMAL', 'NORMAL', 'TIME_CRITICAL'),
      windows: fc.array(interval, { minLength: 1, maxLength: 3 }),
      tels: fc.subarray(telIds, { minLength: 1 }),
      vis: fc.array(interval, { minLength: 0, maxLength: 3 }),
      many: fc.boolean(),
    })
    .map((r): SchedulerRequest => ({
      id: `r${i}`,
      groupId: r.many ? 'G' : `g${i}`,
      operator: r.many ? 'MANY' : 'SINGLE',
      observationType: r.type,
      tacPriority: r.tac,
      ippValue: r.ipp,
      durationSec: r.dur * 60 + (i % 3) * 17,
      windows: r.windows,
      telescopeIds: r.tels,
      visibility: Object.fromEntries(r.tels.map((t, k) => [t, k === 0 ? r.vis : [...r.vis, iv(0, DAY_MIN)]])),
    }));

const schedulerInput: fc.Arbitrary<SchedulerInput> = fc
  .record({
    n: fc.integer({ min: 0, max: 14 }),
    avail: fc.array(fc.array(interval, { minLength: 1, maxLength: 3 }), { minLength: 3, maxLength: 3 }),
    fixedStartMin: fc.integer({ min: -30, max: 600 }),
    nowMin: fc.integer({ min: -30, max: 120 }),
    sliceMin: fc.constantFrom(1, 5, 7),
  })
  .chain((c) =>
    fc.tuple(...Array.from({ length: c.n }, (_, i) => request(i))).map((requests): SchedulerInput => {
      const fixed: FixedBlock[] = [
        {
          requestId: null,
          telescopeId: 't1',
          startMs: T0 + c.fixedStartMin * MIN,
          endMs: T0 + (c.fixedStartMin + 45) * MIN,
          kind: 'direct',
        },
      ];
      return {
        nowMs: T0 + c.nowMin * MIN,
        horizon: iv(0, DAY_MIN),
        sliceSec: c.sliceMin * 60,
        timeLimitMs: 2_000,
        telescopes: telIds.map((id, k) => ({ id, availability: c.avail[k]! })),
        requests,
        fixedBlocks: fixed,
      };
    }),
  );

describe('every produced schedule is feasible (fast-check)', () => {
  it('solveSchedule, greedy, replan after a cancellation and an RR insertion', () => {
    fc.assert(
      fc.property(schedulerInput, (input) => {
        const s = solveSchedule(input, { iterationLimit: 40 });
        expect(checkSchedule(input, s.blocks)).toEqual([]);
        expect(s.quality.objective).toBeLessThanOrEqual(s.quality.upperBound + 1e-6);
        expect(s.quality.objective).toBeGreaterThanOrEqual(s.quality.greedyObjective - 1e-6);
        expect(s.explanations).toHaveLength(input.requests.length);
        const g = solveSchedule(input, { method: 'greedy' });
        expect(checkSchedule(input, g.blocks)).toEqual([]);

        const first = s.blocks[0];
        if (first !== undefined) {
          const later = { ...input, nowMs: input.nowMs + 30 * MIN };
          const changed = applyChange(later, { kind: 'cancel', requestId: first.requestId });
          const r = replan(changed, s, { iterationLimit: 20 });
          const frozen = s.blocks.filter(
            (b) => b.startMs < later.nowMs && b.endMs > later.nowMs && b.requestId !== first.requestId,
          );
          // In-progress blocks are kept as fixed blocks, everything else checks against the changed input.
          const withFrozen = {
            ...changed,
            fixedBlocks: [...changed.fixedBlocks, ...frozen.map((b) => ({ ...b, kind: 'running' as const }))],
          };
          expect(checkSchedule(withFrozen, r.blocks)).toEqual([]);
        }

        const rr: SchedulerRequest = {
          id: 'rr',
          groupId: 'grr',
          operator: 'SINGLE',
          observationType: 'RAPID_RESPONSE',
          tacPriority: 50,
          ippValue: 1,
          durationSec: 20 * 60,
          windows: [iv(0, DAY_MIN)],
          telescopeIds: ['t1', 't2'],
          visibility: { t1: [iv(0, DAY_MIN)], t2: [iv(0, DAY_MIN)] },
        };
        const res = insertRapidResponse(input, s, rr);
        if (res.block !== null) {
          const rrInput = { ...res.nextInput, requests: [...res.nextInput.requests, rr] };
          const others = res.schedule.blocks.filter((b) => b.requestId !== 'rr');
          expect(checkSchedule({ ...rrInput, fixedBlocks: res.nextInput.fixedBlocks }, others)).toEqual([]);
        }
      }),
      { numRuns: 120, seed: 20250110 },
    );
  });
});
