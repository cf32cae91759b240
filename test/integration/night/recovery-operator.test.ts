import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir';
import { createNightHarness, planNight, type NightHarness } from './harness';

const START = Date.parse('2026-11-21T20:00:00Z');
const MIN = 60_000;
const TEL = 'tfn.clma.0m4a';

describe('recovery and operator mode', () => {
  const open: NightHarness[] = [];
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });

  it('after a stop mid-configuration, the restart fails it honestly, keeps written frames and never reuses a frame number', async () => {
    const dir = makeTempDir('nightshift-recovery-');
    const first = await createNightHarness({ startUtcMs: START, telescopeIds: [TEL], dir });
    await planNight(first, START + 2 * MIN, START + 60 * MIN, [TEL]);
    first.executors.start();
    // Run until a few frames of the first configuration are written.
    for (let i = 0; i < 600; i++) {
      const n = await first.database.db.selectFrom('executor_exposures').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'recorded').executeTakeFirstOrThrow();
      if (Number(n.n) >= 2) break;
      await first.runUntil(first.clock.nowMs() + 1000, 1000);
    }
    // Simulate a crash: the journal says an exposure started that never finished.
    const statusId = (await first.database.db.selectFrom('configuration_statuses').select('id').where('state', '=', 'ATTEMPTED').executeTakeFirstOrThrow()).id;
    const before = first.executors.journal.exposuresOfStatus(statusId);
    const stopAt = first.clock.nowMs();
    await first.close(true);
    const second = await createNightHarness({ startUtcMs: stopAt + 30_000, telescopeIds: [TEL], dir, seed: false });
    open.push(second);
    const crashed = second.executors.journal.beginExposure({
      telescopeId: TEL, observationId: null, configurationStatusId: statusId, purpose: 'science', instrumentId: 'ns02', dayObs: '20261121', exposureSec: 30, startedUtcMs: stopAt,
      basenameFor: (n) => `tfn0m4a-ns02-20261121-${String(n).padStart(4, '0')}-e00`,
    });
    second.executors.start();
    await second.runUntil(second.clock.nowMs() + 10 * MIN);
    const status = await second.database.db.selectFrom('configuration_statuses').select(['state', 'summary_json']).where('id', '=', statusId).executeTakeFirstOrThrow();
    expect(status.state).toBe('FAILED');
    const summary = JSON.parse(status.summary_json ?? '{}') as { reason: string; time_completed: number };
    expect(summary.reason).toMatch(/interrupted/);
    const kept = second.executors.journal.exposuresOfStatus(statusId).filter((e) => e.state === 'recorded');
    expect(kept.length).toBe(before.filter((e) => e.state === 'recorded').length);
    expect(summary.time_completed).toBeCloseTo(kept.reduce((a, e) => a + e.exposureSec, 0), 6);
    expect(second.executors.journal.exposuresOfStatus(statusId).find((e) => e.id === crashed.id)?.state).toBe('interrupted');
    // No exposure of the failed configuration ran after the restart.
    expect(second.executors.journal.exposuresOfStatus(statusId).filter((e) => e.startedUtcMs > stopAt + 30_000)).toEqual([]);
    // Frame numbers are unique per instrument and day.
    const numbers = await second.database.db.selectFrom('executor_exposures').select(['instrument_id', 'day_obs', 'frame_number']).execute();
    expect(new Set(numbers.map((r) => `${r.instrument_id}/${r.day_obs}/${r.frame_number}`)).size).toBe(numbers.length);
  }, 90_000);

  it('operator marks produce the same states and summaries as robotic mode', async () => {
    const h = await createNightHarness({ startUtcMs: START, telescopeIds: [TEL] });
    open.push(h);
    await planNight(h, START + 2 * MIN, START + 60 * MIN, [TEL]);
    h.executors.setMode(TEL, 'operator');
    h.executors.start();
    await h.runUntil(START + 5 * MIN);
    const op = h.executors.operator(TEL);
    const schedule = await op.schedule(START, START + 60 * MIN);
    expect(schedule.length).toBeGreaterThan(1);
    const [a, b] = schedule as [(typeof schedule)[number], (typeof schedule)[number]];
    // Robotic mode stayed idle: nothing was attempted.
    expect(a.configurations.every((c) => c.state === 'PENDING')).toBe(true);
    const ca = a.configurations[0];
    const cb = b.configurations[0];
    if (!ca || !cb) throw new Error('no configurations');
    await op.mark(ca.statusId, { state: 'COMPLETED', reason: '', startUtcMs: START + 3 * MIN, endUtcMs: START + 4 * MIN });
    await expect(op.mark(cb.statusId, { state: 'NOT_ATTEMPTED', reason: ' ' })).rejects.toMatchObject({ code: 'validation.invalid' });
    await op.mark(cb.statusId, { state: 'NOT_ATTEMPTED', reason: 'clouds seen by the operator' });
    await expect(op.mark(ca.statusId, { state: 'FAILED', reason: 'again' })).rejects.toMatchObject({ code: 'conflict.state' });
    const db = h.database.db;
    const obsA = await db.selectFrom('observations').select('state').where('id', '=', a.id).executeTakeFirstOrThrow();
    const reqA = await db.selectFrom('requests').select('state').where('id', '=', a.requestId).executeTakeFirstOrThrow();
    const requested = ca.configuration.instrument_configs.reduce((s, ic) => s + ic.exposure_count * ic.exposure_time, 0);
    const sa = JSON.parse((await db.selectFrom('configuration_statuses').select('summary_json').where('id', '=', ca.statusId).executeTakeFirstOrThrow()).summary_json ?? '{}') as { time_completed: number; state: string };
    expect(sa).toMatchObject({ time_completed: requested, state: 'COMPLETED' });
    if (a.configurations.length === 1) {
      expect(obsA.state).toBe('COMPLETED');
      expect(reqA.state).toBe('COMPLETED');
    }
    const obsB = await db.selectFrom('observations').select('state').where('id', '=', b.id).executeTakeFirstOrThrow();
    if (b.configurations.length === 1) expect(obsB.state).toBe('NOT_ATTEMPTED');
    const reqB = await db.selectFrom('requests').select('state').where('id', '=', b.requestId).executeTakeFirstOrThrow();
    expect(reqB.state).toBe('PENDING');
  }, 60_000);
});
