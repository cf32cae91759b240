/**
 * A rapid-response interruption with the executor running on simulated devices: the executor must
 * stop the interrupted observation at the safe point the scheduler chose (the end of the
 * configuration in progress), run nothing more of it, and then run the rapid-response observation.
 * Coordination is through the database only (statuses, the cut end), as with a remote site.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../../src-main/logging';
import { configdbViewOf, createRequestGroup } from '../../../../src-main/portal';
import { createSchedulerService, type SchedulerService } from '../../../../src-main/scheduler';
import { createNightHarness, type NightHarness } from '../../../integration/night/harness';
import { EVENING_MS, HOUR_MS } from './fixture';
import { rapidResponseLike } from './portal-harness';

const TEL = 'tfn.clma.0m4a';

describe('rapid response with the executor running', () => {
  let h: NightHarness | null = null;
  let s: SchedulerService | null = null;
  afterEach(async () => {
    await s?.stop();
    await h?.close();
    h = null;
    s = null;
  });

  it('the executor finishes the configuration in progress, starts nothing more of the interrupted observation, then runs the RR', { timeout: 120_000 }, async () => {
    h = await createNightHarness({ startUtcMs: EVENING_MS, telescopeIds: [TEL] });
    const db = h.database.db;
    const view = configdbViewOf(h.observatory);
    s = createSchedulerService({ db, raw: h.database.raw, clock: h.clock, bus: h.bus, logger: createMemoryLogger([]), observatory: h.observatory, runner: 'inline', leadMs: 0 });
    await s.runNow('plan');
    // The first planned observation on the telescope with two or more configuration statuses.
    const planned = await db.selectFrom('observations').select(['id', 'request_id', 'start_utc_ms', 'end_utc_ms']).where('telescope', '=', TEL.split('.')[2] ?? '').where('state', '=', 'PENDING').orderBy('start_utc_ms').execute();
    let target: (typeof planned)[number] | null = null;
    for (const o of planned) {
      const n = (await db.selectFrom('configuration_statuses').select('id').where('observation_id', '=', o.id).execute()).length;
      if (n >= 2 && o.start_utc_ms < EVENING_MS + 6 * HOUR_MS) {
        target = o;
        break;
      }
    }
    if (target === null) throw new Error('no multi-configuration observation tonight');
    // Earlier observations are not what this test is about: go to just before it, then start the executor.
    await h.clock.advance(target.start_utc_ms - 60_000 - h.clock.nowMs());
    h.executors.start();
    // Wait until the executor is inside the first configuration.
    const statuses = () => db.selectFrom('configuration_statuses').select(['id', 'state', 'summary_json']).where('observation_id', '=', target?.id ?? 0).orderBy('id').execute();
    for (let i = 0; i < 120 && (await statuses())[0]?.state !== 'ATTEMPTED'; i++) await h.runUntil(h.clock.nowMs() + 5_000);
    expect((await statuses())[0]?.state).toBe('ATTEMPTED');

    const now = h.clock.nowMs();
    const caller = await db.selectFrom('users').select(['id', 'username']).where('username', '=', 'demo').executeTakeFirstOrThrow();
    const payload = await rapidResponseLike(db, target.request_id, now, now + 6 * HOUR_MS, 'RR during calibrations');
    const created = await createRequestGroup({ db, configdb: view, visibility: null }, payload, { ...caller, isStaff: true, isSuperuser: true }, now);
    if (!created.ok) throw new Error(JSON.stringify(created.body));
    const rrRequestId = (created.value['requests'] as { id: number }[])[0]?.id ?? 0;
    const [run] = await s.placeRapidResponses('queue.changed');
    expect(run?.status).toBe('ok');
    const rrObs = await db.selectFrom('observations').select(['id', 'start_utc_ms']).where('request_id', '=', rrRequestId).executeTakeFirstOrThrow();
    const cut = await db.selectFrom('observations').select(['end_utc_ms']).where('id', '=', target.id).executeTakeFirstOrThrow();
    // The safe point: in the future (the configuration in progress is not cut), and the RR starts there.
    expect(rrObs.start_utc_ms).toBeGreaterThan(now);
    expect(cut.end_utc_ms).toBe(rrObs.start_utc_ms);

    await h.runUntil(rrObs.start_utc_ms + 30 * 60_000);
    const after = await statuses();
    // The configuration in progress completed; every later one was never started.
    expect(after[0]?.state).toBe('COMPLETED');
    for (const x of after.slice(1)) {
      expect(x.state).toBe('NOT_ATTEMPTED');
      expect((JSON.parse(x.summary_json ?? '{}') as { reason?: string }).reason).toBe(`pre-empted by rapid-response request ${rrRequestId}`);
    }
    const exposures = await db.selectFrom('executor_exposures').select(['observation_id', 'configuration_status_id', 'started_utc_ms']).execute();
    const later = new Set(after.slice(1).map((x) => x.id));
    expect(exposures.filter((e) => e.configuration_status_id !== null && later.has(e.configuration_status_id))).toEqual([]);
    const first = after[0];
    const firstEndMs = Date.parse((JSON.parse(first?.summary_json ?? '{}') as { end?: string }).end ?? '');
    // Nothing of the interrupted observation was exposed after its first configuration ended…
    expect(exposures.filter((e) => e.observation_id === target?.id).every((e) => e.started_utc_ms < firstEndMs)).toBe(true);
    // …and the executor went on to the rapid-response observation after it.
    const rrExposures = exposures.filter((e) => e.observation_id === rrObs.id);
    expect(rrExposures.length).toBeGreaterThan(0);
    expect(Math.min(...rrExposures.map((e) => e.started_utc_ms))).toBeGreaterThanOrEqual(firstEndMs);
    const rrStatuses = await db.selectFrom('configuration_statuses').select('state').where('observation_id', '=', rrObs.id).execute();
    expect(rrStatuses.some((x) => x.state === 'COMPLETED')).toBe(true);
  });
});
