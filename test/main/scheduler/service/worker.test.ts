import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkSchedule, createInlineRunner, createWorkerRunner, parseRecording, resolveWorkerEntry, type KernelRunner } from '../../../../src-main/scheduler';

const FIXTURE = resolve(import.meta.dirname, '../../../fixtures/scheduler/recorded/demo-2026-11-21T20.json');

describe('kernel runners', () => {
  const runners: KernelRunner[] = [];
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.close();
  });

  it('finds the TypeScript worker entry when running from sources', () => {
    const entry = resolveWorkerEntry();
    expect(entry?.typescript).toBe(true);
    expect(entry?.url.pathname).toMatch(/src-main\/scheduler\/worker\/kernel-worker\.ts$/);
  });

  it('a worker thread and the in-line runner give the same schedule for the same input', async () => {
    const { input } = parseRecording(readFileSync(FIXTURE, 'utf8'));
    const worker = createWorkerRunner();
    const inline = createInlineRunner();
    runners.push(worker, inline);
    expect(worker.mode).toBe('worker');
    const [a, b] = await Promise.all([worker.run({ kind: 'solve', input, previous: null }), inline.run({ kind: 'solve', input, previous: null })]);
    if (a.kind !== 'solve' || b.kind !== 'solve') throw new Error('wrong answer kind');
    expect(checkSchedule(input, a.schedule.blocks)).toEqual([]);
    expect(a.schedule.blocks).toEqual(b.schedule.blocks);
    expect(a.schedule.quality.objective).toBeCloseTo(b.schedule.quality.objective, 6);
    // The worker keeps serving after a job (one thread, jobs in order).
    const again = await worker.run({ kind: 'solve', input, previous: a.schedule });
    if (again.kind !== 'solve') throw new Error('wrong answer kind');
    expect(again.schedule.quality.method).toBe('incremental');
    expect(checkSchedule(input, again.schedule.blocks)).toEqual([]);
  });

  it('a closed worker rejects pending jobs instead of hanging', async () => {
    const { input } = parseRecording(readFileSync(FIXTURE, 'utf8'));
    const worker = createWorkerRunner({ useHighs: false });
    const rejected = expect(worker.run({ kind: 'solve', input, previous: null })).rejects.toThrow(/closed/);
    await worker.close();
    await rejected;
    // …and refuses new ones rather than starting a worker that nothing would stop.
    await expect(worker.run({ kind: 'solve', input, previous: null })).rejects.toThrow(/closed/);
  });
});
