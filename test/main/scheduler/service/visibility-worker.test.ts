/**
 * The visibility half of the input build on the worker thread: the demo's input built with the
 * visibility job on a worker is deep-equal to the in-line build (cold, then warm from the worker's
 * own cache, then an hour later), and the service uses the worker by default with a worker kernel.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchedulerInput, createWorkerRunner, type KernelRunner, type VisibilityJob } from '../../../../src-main/scheduler';
import { VisibilityCache } from '../../../../src-main/visibility';
import { EVENING_MS, HOUR_MS, startDemo, type DemoFixture } from './fixture';

describe('visibility on the worker thread', () => {
  let f: DemoFixture;
  // The in-line reference keeps its own cache (a warm build is the cold build: visibility-cache.test.ts).
  const inlineCache = new VisibilityCache();
  const runners: KernelRunner[] = [];
  beforeAll(async () => {
    f = await startDemo();
  });
  afterAll(async () => {
    for (const r of runners.splice(0)) await r.close();
    await f.close();
  });

  it('a worker-computed build is deep-equal to the in-line build on the demo', { timeout: 60_000 }, async () => {
    const worker = createWorkerRunner({ useHighs: false });
    runners.push(worker);
    expect(worker.mode).toBe('worker');
    let jobs = 0;
    const viaWorker = async (job: VisibilityJob) => {
      jobs++;
      const r = await worker.run({ kind: 'visibility', job, cache: true });
      if (r.kind !== 'visibility') throw new Error('wrong answer kind');
      return r.answer;
    };
    for (const nowMs of [EVENING_MS, EVENING_MS, EVENING_MS + HOUR_MS]) {
      const inline = await buildSchedulerInput(f.database.db, f.view(), { nowMs, visibilityCache: inlineCache });
      const off = await buildSchedulerInput(f.database.db, f.view(), { nowMs, visibility: viaWorker });
      expect(inline.input.requests.length).toBeGreaterThan(0);
      expect(inline.input.requests.some((r) => Object.values(r.visibility).some((v) => v.length > 0))).toBe(true);
      expect(isDeepStrictEqual(off.input, inline.input)).toBe(true);
      expect(off.skipped).toEqual(inline.skipped);
      expect(off.planned).toEqual(inline.planned);
    }
    expect(jobs).toBe(3);
  });

  it('the service builds through its own visibility worker when the kernel runs on a worker', { timeout: 60_000 }, async () => {
    let visibilityJobs = 0;
    const inner = createWorkerRunner({ useHighs: false });
    runners.push(inner);
    const counting: KernelRunner = {
      mode: 'worker',
      run: (job) => {
        if (job.kind === 'visibility') visibilityJobs++;
        return inner.run(job);
      },
      close: () => Promise.resolve(),
    };
    // Before anything is stored: the in-line reference of the same build.
    const reference = await buildSchedulerInput(f.database.db, f.view(), { nowMs: EVENING_MS, visibilityCache: inlineCache });
    const s = f.service({ runner: 'inline', visibility: counting, useHighs: false, leadMs: 0 });
    const run = await s.runNow('test');
    expect(run.error).toBeNull();
    expect(visibilityJobs).toBe(1);
    const built = s.lastInput();
    const expected = reference.input.requests.filter((r) => !reference.rapidResponseIds.has(r.id));
    expect(built?.requests.length).toBe(expected.length);
    expect(isDeepStrictEqual(built?.requests, expected)).toBe(true);
    await s.stop();
  });
});
