/**
 * The executor against concurrent cancellations (the scheduler's re-plan, a rapid-response
 * interruption, a cancelled request): a configuration whose observation was cancelled, or whose
 * status was closed, between the executor's check and its ATTEMPTED report never runs; a running
 * configuration whose observation is aborted stops mid-way. Real SQLite, sim devices, the
 * portal's and the scheduler's own write paths; the clock is stepped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SimWeatherStation } from '../../../src-main/devices/sim';
import { readDemoFiles, resetDemo } from '../../../src-main/demo';
import { applyObservationCancel } from '../../../src-main/portal';
import { interruptObservation } from '../../../src-main/scheduler/service';
import { RESOURCES, createNightHarness, planNight, type NightHarness } from '../../integration/night/harness';

const START = Date.parse('2026-11-21T20:00:00Z');
const MIN = 60_000;
const TEL = 'tfn.clma.0m4a';

type Weather = SimWeatherStation;

describe('executor: cancellations racing the ATTEMPTED report', () => {
  let h: NightHarness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  /** A planned night on the 0.4 m that starts in the rain: the executor waits for safe conditions. */
  const rainyStart = async (): Promise<{ n: NightHarness; obsId: number }> => {
    const n = await createNightHarness({ startUtcMs: START, telescopeIds: [TEL], safety: { holdMs: 2 * MIN, stepTimeoutMs: 60_000 } });
    h = n;
    (n.devices.device(TEL, 'weather') as Weather).setScript([{ atSec: 0, readings: { rainRateMmPerHour: 2 } }]);
    const ids = await planNight(n, START + 2 * MIN, START + 90 * MIN, [TEL]);
    const obsId = ids[0];
    if (obsId === undefined) throw new Error('nothing planned');
    n.executors.start();
    // Past the first observation's start: the executor picked it and waits for the weather.
    for (let i = 0; i < 120 && n.executors.status().find((s) => s.telescopeId === TEL)?.phase !== 'waiting'; i++) await n.runUntil(n.clock.nowMs() + 5_000);
    expect(n.executors.status().find((s) => s.telescopeId === TEL)?.observationId).toBe(obsId);
    return { n, obsId };
  };

  const statesOf = async (n: NightHarness, obsId: number) =>
    n.database.db.selectFrom('configuration_statuses').select(['id', 'state', 'summary_json']).where('observation_id', '=', obsId).orderBy('id').execute();
  const exposuresOf = async (n: NightHarness, obsId: number) =>
    n.database.db.selectFrom('executor_exposures').select(['started_utc_ms']).where('observation_id', '=', obsId).execute();

  it('an observation cancelled while the executor waited is never started when the weather clears', { timeout: 60_000 }, async () => {
    const { n, obsId } = await rainyStart();
    const row = await n.database.db.selectFrom('observations').select(['id', 'state', 'start_utc_ms', 'end_utc_ms']).where('id', '=', obsId).executeTakeFirstOrThrow();
    // The portal's cancel (§3.8): running by time, so ABORTED.
    expect(await applyObservationCancel(n.database.db, row, n.clock.nowMs(), 'request cancelled')).toBe(true);
    (n.devices.device(TEL, 'weather') as Weather).setScript([]);
    await n.runUntil(n.clock.nowMs() + 20 * MIN);
    expect((await n.database.db.selectFrom('observations').select('state').where('id', '=', obsId).executeTakeFirstOrThrow()).state).toBe('ABORTED');
    expect((await statesOf(n, obsId)).map((s) => s.state).filter((s) => s !== 'PENDING')).toEqual([]);
    expect(await exposuresOf(n, obsId)).toEqual([]);
    // The telescope is not stuck: the next planned observation runs.
    const later = await n.database.db.selectFrom('executor_exposures').select('observation_id').where('observation_id', '!=', obsId).execute();
    expect(later.length).toBeGreaterThan(0);
  });

  it('configurations a rapid-response interruption closed while the executor waited are never run', { timeout: 60_000 }, async () => {
    const { n, obsId } = await rainyStart();
    const req = await n.database.db.selectFrom('observations').select(['request_id', 'end_utc_ms']).where('id', '=', obsId).executeTakeFirstOrThrow();
    const reason = 'pre-empted by rapid-response request 999';
    await n.database.db.transaction().execute((trx) => interruptObservation(trx, { requestId: String(req.request_id), telescopeId: TEL, atMs: n.clock.nowMs(), originalEndMs: req.end_utc_ms, atSafePoint: false, reason }, n.clock.nowMs()));
    (n.devices.device(TEL, 'weather') as Weather).setScript([]);
    await n.runUntil(n.clock.nowMs() + 20 * MIN);
    const after = await statesOf(n, obsId);
    expect(after.length).toBeGreaterThan(0);
    for (const s of after) {
      expect(s.state).toBe('NOT_ATTEMPTED');
      // The interruption's reason stands: the executor did not overwrite it with a run of its own.
      expect((JSON.parse(s.summary_json ?? '{}') as { reason?: string }).reason).toBe(reason);
    }
    expect(await exposuresOf(n, obsId)).toEqual([]);
  });

  it('a running configuration stops mid-way when its observation is aborted', { timeout: 60_000 }, async () => {
    const n = await createNightHarness({ startUtcMs: START, telescopeIds: [TEL], safety: { stepTimeoutMs: 60_000 } });
    h = n;
    const [obsId] = await planNight(n, START + 2 * MIN, START + 90 * MIN, [TEL]);
    if (obsId === undefined) throw new Error('nothing planned');
    n.executors.start();
    for (let i = 0; i < 600 && n.executors.status().find((s) => s.telescopeId === TEL)?.phase !== 'exposing'; i++) await n.runUntil(n.clock.nowMs() + 1000, 1000);
    const row = await n.database.db.selectFrom('observations').select(['id', 'state', 'start_utc_ms', 'end_utc_ms']).where('id', '=', obsId).executeTakeFirstOrThrow();
    expect(row.state).toBe('IN_PROGRESS');
    const cancelMs = n.clock.nowMs();
    expect(await applyObservationCancel(n.database.db, row, cancelMs, 'request cancelled')).toBe(true);
    // As the portal does after a cancel: the executor hears it at once.
    n.bus.publish('queue.changed', { requestGroupIds: [] });
    await n.runUntil(cancelMs + 10 * MIN);
    const after = await statesOf(n, obsId);
    const first = after[0];
    expect(first?.state).toBe('FAILED');
    expect((JSON.parse(first?.summary_json ?? '{}') as { reason?: string }).reason).toMatch(/ABORTED while this configuration ran/);
    for (const s of after.slice(1)) expect(s.state).toBe('PENDING');
    // Nothing of it was exposed after the cancel (the exposure in progress was cut).
    expect((await exposuresOf(n, obsId)).filter((e) => e.started_utc_ms > cancelMs)).toEqual([]);
    expect((await n.database.db.selectFrom('observations').select('state').where('id', '=', obsId).executeTakeFirstOrThrow()).state).toBe('ABORTED');
  });

  it('a demo reset while a configuration runs stops it without an error and the executor goes idle', { timeout: 60_000 }, async () => {
    const n = await createNightHarness({ startUtcMs: START, telescopeIds: [TEL], safety: { stepTimeoutMs: 60_000 } });
    h = n;
    const [obsId] = await planNight(n, START + 2 * MIN, START + 90 * MIN, [TEL]);
    if (obsId === undefined) throw new Error('nothing planned');
    n.executors.start();
    for (let i = 0; i < 600 && n.executors.status().find((s) => s.telescopeId === TEL)?.phase !== 'exposing'; i++) await n.runUntil(n.clock.nowMs() + 1000, 1000);
    const resetMs = n.clock.nowMs();
    // The console's "reset demo": every observation and status is deleted, then the demo seeded again.
    await resetDemo(n.database.db, n.observatory, readDemoFiles(RESOURCES), resetMs);
    n.bus.publish('queue.changed', { requestGroupIds: [] });
    await n.runUntil(resetMs + 10 * MIN);
    expect(n.logLines.filter((l) => l.includes('"level":"error"'))).toEqual([]);
    expect(n.logLines.some((l) => l.includes('removed from the portal'))).toBe(true);
    // The exposure in progress was cut and nothing of the deleted observation ran after the reset.
    expect((await exposuresOf(n, obsId)).filter((e) => e.started_utc_ms > resetMs)).toEqual([]);
    expect(n.executors.status().find((s) => s.telescopeId === TEL)?.phase).toBe('idle');
  });
});
