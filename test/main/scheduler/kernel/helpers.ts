import type { HighsLike, IntervalMs, SchedulerInput, SchedulerRequest } from '../../../../src-main/scheduler/index';

export const T0 = Date.UTC(2025, 0, 10, 0);
export const MIN = 60_000;
export const HOUR = 60 * MIN;

/** [T0 + a min, T0 + b min). */
export const iv = (aMin: number, bMin: number): IntervalMs => ({ startMs: T0 + aMin * MIN, endMs: T0 + bMin * MIN });

/** A NORMAL request visible everywhere it may go over `visible`, windows = whole horizon by default. */
export function req(
  id: string,
  durationMin: number,
  opts: Partial<SchedulerRequest> & { tels?: string[]; visible?: IntervalMs[] } = {},
): SchedulerRequest {
  const tels = opts.tels ?? opts.telescopeIds ?? ['t1'];
  const visible = opts.visible ?? [iv(0, 24 * 60)];
  return {
    id,
    groupId: opts.groupId ?? `g-${id}`,
    operator: opts.operator ?? 'SINGLE',
    observationType: opts.observationType ?? 'NORMAL',
    tacPriority: opts.tacPriority ?? 10,
    ippValue: opts.ippValue ?? 1,
    durationSec: durationMin * 60,
    windows: opts.windows ?? [iv(0, 24 * 60)],
    telescopeIds: tels,
    visibility: opts.visibility ?? Object.fromEntries(tels.map((t) => [t, visible])),
  };
}

export function input(requests: SchedulerRequest[], extra: Partial<SchedulerInput> = {}): SchedulerInput {
  return {
    nowMs: T0,
    horizon: iv(0, 24 * 60),
    sliceSec: 300,
    timeLimitMs: 5_000,
    telescopes: [{ id: 't1', availability: [iv(0, 24 * 60)] }],
    requests,
    fixedBlocks: [],
    ...extra,
  };
}

let highsPromise: Promise<HighsLike> | null = null;
/** The WASM HiGHS solver, loaded once per test file. */
export function loadHighs(): Promise<HighsLike> {
  highsPromise ??= import('highs').then(async (mod): Promise<HighsLike> => {
    const h = await mod.default();
    return {
      solve: (problem, options) => {
        const r = h.solve(problem, options);
        return {
          Status: r.Status,
          ObjectiveValue: r.ObjectiveValue,
          Columns: r.Columns as Record<string, { Primal: number }>,
        };
      },
    };
  });
  return highsPromise;
}
