import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-shared/errors';
import { buildSchedulerInput, checkSchedule, persistSchedule, type KernelRunner } from '../../../../src-main/scheduler';
import { cancelGroup } from '../../../../src-main/portal';
import { EVENING_MS, startDemo, type DemoFixture } from './fixture';

async function storedPlan(f: DemoFixture): Promise<{ id: number; request_id: number; telescope: string; start_utc_ms: number; end_utc_ms: number; state: string }[]> {
  return f.database.db.selectFrom('observations').select(['id', 'request_id', 'telescope', 'start_utc_ms', 'end_utc_ms', 'state']).orderBy('start_utc_ms').execute();
}

describe('scheduler service: normal runs, persistence, run log', () => {
  let f: DemoFixture;
  beforeEach(async () => {
    f = await startDemo();
  });
  afterEach(() => f.close());

  it('stores the schedule as PENDING observations with one PENDING status per configuration and repeat', async () => {
    const s = f.service();
    const run = await s.runNow('test');
    expect(run.status).toBe('ok');
    expect(run.blockCount).toBeGreaterThan(5);
    expect(run.createdCount).toBe(run.blockCount);
    expect(run.gap).toBeLessThanOrEqual(run.optimal ? 1e-9 : 0.05);
    const obs = await storedPlan(f);
    expect(obs.length).toBe(run.blockCount);
    for (const o of obs) {
      expect(o.state).toBe('PENDING');
      expect(o.start_utc_ms).toBeGreaterThanOrEqual(EVENING_MS);
      const req = await f.database.db.selectFrom('requests').select(['body_json', 'duration_sec']).where('id', '=', o.request_id).executeTakeFirstOrThrow();
      const body = JSON.parse(req.body_json) as { configurations: { id: number }[]; configuration_repeats: number };
      expect(o.end_utc_ms - o.start_utc_ms).toBe((req.duration_sec ?? 0) * 1000);
      const statuses = await f.database.db.selectFrom('configuration_statuses').select(['configuration_id', 'state', 'instrument_name']).where('observation_id', '=', o.id).orderBy('id').execute();
      expect(statuses.length).toBe(body.configurations.length * body.configuration_repeats);
      expect(statuses.map((x) => x.configuration_id)).toEqual(Array.from({ length: body.configuration_repeats }, () => body.configurations.map((c) => c.id)).flat());
      for (const st of statuses) {
        expect(st.state).toBe('PENDING');
        expect(st.instrument_name).toBe(o.telescope === '1m0a' ? 'ns01' : 'ns02');
      }
    }
    // The stored plan is feasible for a fresh input (overlaps, windows, visibility).
    const { input } = await buildSchedulerInput(f.database.db, f.view(), { nowMs: run.nowMs });
    const blocks = obs.map((o) => ({ requestId: String(o.request_id), telescopeId: `tfn.${o.telescope === '1m0a' ? 'doma' : 'clma'}.${o.telescope}`, startMs: o.start_utc_ms, endMs: o.end_utc_ms }));
    expect(checkSchedule(input, blocks)).toEqual([]);
    const last = await s.lastRun();
    expect(last?.id).toBe(run.id);
    expect(last?.inputHash).toMatch(/^[0-9a-f]{64}$/);
    const meta = await f.database.db.selectFrom('meta').select('value').where('key', '=', 'last_scheduled.tfn').executeTakeFirst();
    expect(meta?.value).toBe(String(EVENING_MS));
  });

  it('re-running with nothing changed keeps every observation (no churn)', async () => {
    const s = f.service();
    const first = await s.runNow('first');
    const before = await storedPlan(f);
    const second = await s.runNow('second');
    expect(second.status).toBe('ok');
    expect(second.createdCount).toBe(0);
    expect(second.canceledCount).toBe(0);
    expect(second.keptCount).toBe(first.blockCount);
    expect(await storedPlan(f)).toEqual(before);
  });

  it('a cancelled request loses its observations (OCS: deleted ≥ 72 h ahead, CANCELED sooner) and the time is re-planned', async () => {
    const s = f.service();
    await s.runNow('first');
    const before = await storedPlan(f);
    const victim = before[0];
    if (!victim) throw new Error('empty plan');
    const group = await f.database.db.selectFrom('requests').select('request_group_id').where('id', '=', victim.request_id).executeTakeFirstOrThrow();
    const r = await cancelGroup(f.database.db, group.request_group_id, EVENING_MS, 'test');
    expect(r.ok).toBe(true);
    const after = await storedPlan(f);
    // The portal's cancel path already cancelled it (start < now + 72 h ⇒ CANCELED).
    expect(after.find((o) => o.id === victim.id)?.state).toBe('CANCELED');
    const run = await s.runNow('cancel');
    expect(run.status).toBe('ok');
    const plan = (await storedPlan(f)).filter((o) => o.state === 'PENDING');
    expect(plan.some((o) => o.request_id === victim.request_id)).toBe(false);
    const explained = await s.explain(victim.request_id);
    // Not in the latest input any more: the answer comes from the run that scheduled it.
    expect(explained.explanation?.requestId).toBe(victim.request_id);
  });

  it('explains every request of the input: scheduled where and when, or why not', async () => {
    const s = f.service();
    const run = await s.runNow('test');
    const input = s.lastInput();
    if (!input) throw new Error('no input');
    const plan = await storedPlan(f);
    for (const r of input.requests) {
      const a = await s.explain(Number(r.id));
      expect(a.runId).toBe(run.id);
      const e = a.explanation;
      if (!e) throw new Error(`no explanation for ${r.id}`);
      const stored = plan.find((o) => o.request_id === Number(r.id));
      expect(e.scheduled).toBe(stored !== undefined);
      if (stored) expect(e.startMs).toBe(stored.start_utc_ms);
      else expect(e.reason).toMatch(/^(no_telescope|outside_horizon|not_visible|telescope_unavailable|no_fit_in_window|outcompeted|running|invalid)$/);
      expect(e.why.length).toBeGreaterThan(5);
    }
    expect((await s.explain(999_999)).explanation).toBeNull();
  });

  it('refuses to store an infeasible schedule, leaving the database untouched', async () => {
    const { input } = await buildSchedulerInput(f.database.db, f.view(), { nowMs: EVENING_MS });
    const r = input.requests.find((x) => (x.visibility[x.telescopeIds[0] ?? ''] ?? []).length > 0);
    if (!r) throw new Error('no visible request');
    const tel = r.telescopeIds[0] ?? '';
    // Outside its visibility: at now, whatever the sky does, and twice (overlap).
    const bad = [
      { requestId: r.id, telescopeId: tel, startMs: input.horizon.endMs - 1000, endMs: input.horizon.endMs - 1000 + r.durationSec * 1000 },
    ];
    await expect(persistSchedule(f.database.db, f.view(), { input, blocks: bad, writeMs: EVENING_MS, owns: ['NORMAL'], reason: 'test' })).rejects.toSatisfy(
      (e: unknown) => e instanceof AppError && e.code === 'conflict.state',
    );
    expect(await storedPlan(f)).toEqual([]);
  });

  it('debounces triggers on the clock and records one run for a burst', async () => {
    const s = f.service({ debounceMs: 10_000 });
    s.request('a');
    s.request('b');
    await f.clock.advance(9_000);
    s.request('c');
    await f.clock.advance(9_000);
    await s.idle();
    expect(await s.lastRun()).toBeNull();
    await f.clock.advance(1_500);
    await s.idle();
    const runs = await f.database.db.selectFrom('scheduler_runs').select(['trigger', 'kind']).execute();
    expect(runs).toEqual([{ trigger: 'c', kind: 'normal' }]);
  });

  it('stop() cuts an in-flight solve short instead of waiting for it, and records no failed run', async () => {
    // A runner whose solve never ends on its own: only close() ends it (as terminating a worker does).
    let cut: ((e: Error) => void) | null = null;
    const runner: KernelRunner = {
      mode: 'worker',
      run: () => new Promise((_resolve, reject) => (cut = reject)),
      close: () => {
        cut?.(new Error('scheduler worker closed'));
        return Promise.resolve();
      },
    };
    const s = f.service({ runner });
    const run = s.runNow('test');
    const outcome = run.then(() => 'resolved', () => 'rejected');
    while (cut === null) await new Promise((r) => setTimeout(r, 5));
    await s.stop();
    expect(await outcome).toBe('rejected');
    expect(await s.lastRun()).toBeNull();
  });
});
