/**
 * Re-plan coalescing: a debounced normal pass keeps a proven-optimal stored plan while nothing it
 * stands on changed (an ATTEMPTED report, an end less than the lead off), and solves again when
 * something did (a failure, an early end, an overlap, a new request); the rapid-response pass does
 * not rebuild for a request it already found unplaceable until something changes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancelGroup } from '../../../../src-main/portal';
import { reportStatus } from '../../../../src-main/executor';
import { planChange, type PlanState } from '../../../../src-main/scheduler/service/plan-state';
import { EVENING_MS, startDemo, type DemoFixture } from './fixture';

const MIN = 60_000;
/** The service's lead: an end at least this much earlier is worth a re-plan. */
const LEAD = 2 * MIN;
const T = 'tfn.doma.1m0a';

function state(atMs: number, observations: [number, { requestId: number; startMs: number; endMs: number; kind?: 'ok' | 'cut' }][], requests: number[]): PlanState {
  return {
    atMs,
    requests: new Map(requests.map((id) => [id, atMs + 86_400_000])),
    observations: new Map(observations.map(([id, o]) => [id, { telescopeId: T, kind: 'ok', queue: true, ...o }])),
    downtimes: [],
    holds: [],
  };
}

describe('planChange', () => {
  const t0 = EVENING_MS;
  // Observation 1 (request 10) runs [t0, t0+30 min); observation 2 (request 20) is planned after it.
  const prev = state(t0, [[1, { requestId: 10, startMs: t0, endMs: t0 + 30 * MIN }], [2, { requestId: 20, startMs: t0 + 35 * MIN, endMs: t0 + 60 * MIN }]], [10, 20, 30]);

  it('nothing changed, or an end a minute off, keeps the plan', () => {
    expect(planChange(prev, state(t0 + MIN, [...prev.observations], [10, 20, 30]), LEAD)).toBeNull();
    const later = state(t0 + 10 * MIN, [[1, { requestId: 10, startMs: t0, endMs: t0 + 31 * MIN }], [2, { requestId: 20, startMs: t0 + 35 * MIN, endMs: t0 + 60 * MIN }]], [10, 20, 30]);
    expect(planChange(prev, later, LEAD)).toBeNull();
    const slightlyEarly = state(t0 + 10 * MIN, [[1, { requestId: 10, startMs: t0, endMs: t0 + 29 * MIN }], [2, { requestId: 20, startMs: t0 + 35 * MIN, endMs: t0 + 60 * MIN }]], [10, 20, 30]);
    expect(planChange(prev, slightlyEarly, LEAD)).toBeNull();
  });

  it('an observation completed on time with its request keeps the plan', () => {
    const done = state(t0 + 31 * MIN, [[1, { requestId: 10, startMs: t0, endMs: t0 + 30 * MIN }], [2, { requestId: 20, startMs: t0 + 35 * MIN, endMs: t0 + 60 * MIN }]], [20, 30]);
    expect(planChange(prev, done, LEAD)).toBeNull();
  });

  it('an overlap, an early end, a failure and a new request each call for a re-plan', () => {
    const overlap = state(t0 + 10 * MIN, [[1, { requestId: 10, startMs: t0, endMs: t0 + 36 * MIN }], [2, { requestId: 20, startMs: t0 + 35 * MIN, endMs: t0 + 60 * MIN }]], [10, 20, 30]);
    expect(planChange(prev, overlap, LEAD)).toMatch(/overlaps/);
    const early = state(t0 + 10 * MIN, [[1, { requestId: 10, startMs: t0, endMs: t0 + 12 * MIN }], [2, { requestId: 20, startMs: t0 + 35 * MIN, endMs: t0 + 60 * MIN }]], [10, 20, 30]);
    expect(planChange(prev, early, LEAD)).toMatch(/ends early/);
    // Failed: the observation leaves the read (only completed ones stay), its request stays PENDING.
    const failed = state(t0 + 10 * MIN, [[2, { requestId: 20, startMs: t0 + 35 * MIN, endMs: t0 + 60 * MIN }]], [10, 20, 30]);
    expect(planChange(prev, failed, LEAD)).toMatch(/left the plan/);
    const added = state(t0 + MIN, [...prev.observations], [10, 20, 30, 40]);
    expect(planChange(prev, added, LEAD)).toMatch(/requests changed/);
    const held = { ...state(t0 + MIN, [...prev.observations], [10, 20, 30]), holds: [{ key: 'weather', endMs: null }] };
    expect(planChange(prev, held, LEAD)).toMatch(/holds/);
  });
});

describe('scheduler service: coalesced re-plans', () => {
  let f: DemoFixture;
  beforeEach(async () => {
    f = await startDemo();
  });
  afterEach(() => f.close());

  it('an ATTEMPTED report keeps the stored plan; a failure is re-planned', { timeout: 120_000 }, async () => {
    const s = f.service({ leadMs: 0, debounceMs: 1_000 });
    const first = await s.runNow('first');
    expect(first.status).toBe('ok');
    expect(first.optimal).toBe(true);
    const o = await f.database.db.selectFrom('observations').select(['id', 'start_utc_ms', 'request_id']).where('state', '=', 'PENDING').orderBy('start_utc_ms').executeTakeFirstOrThrow();
    await f.clock.advance(o.start_utc_ms - f.clock.nowMs());
    const status = await f.database.db.selectFrom('configuration_statuses').select('id').where('observation_id', '=', o.id).orderBy('id').executeTakeFirstOrThrow();
    const reporter = { db: f.database.db, configdb: f.view, bus: f.bus };
    await reportStatus(reporter, status.id, { state: 'ATTEMPTED' }, f.clock.nowMs());
    s.request('attempted');
    await f.clock.advance(1_000);
    await s.idle();
    expect(s.skippedPasses()).toBe(1);
    expect((await s.lastRun())?.id).toBe(first.id);

    const now = f.clock.nowMs();
    await reportStatus(reporter, status.id, { state: 'FAILED', summary: { startUtcMs: now, endUtcMs: now, state: 'FAILED', reason: 'test failure', timeCompletedSec: 0, events: [] } }, now);
    expect((await f.database.db.selectFrom('observations').select('state').where('id', '=', o.id).executeTakeFirstOrThrow()).state).toBe('FAILED');
    s.request('failed');
    await f.clock.advance(1_000);
    await s.idle();
    expect(s.skippedPasses()).toBe(1);
    const second = await s.lastRun();
    expect(second?.id).toBeGreaterThan(first.id);
    expect(second?.trigger).toBe('failed');
  });

  it('an unplaceable rapid-response request is not rebuilt for until something changes', { timeout: 120_000 }, async () => {
    const s = f.service({ leadMs: 0 });
    const runs = await s.placeRapidResponses('first');
    // The demo's rapid-response request (windows the target is not up in) cannot be placed.
    const unplaced = runs.filter((r) => r.blockCount === 0);
    expect(unplaced.length).toBeGreaterThan(0);
    expect(await s.placeRapidResponses('again')).toEqual([]);
    // The normal plan is no obstacle to a rapid response: storing one changes nothing for it…
    await s.runNow('plan');
    expect(await s.placeRapidResponses('after a plan')).toEqual([]);
    // …while a request cancelled through the portal is a change worth another try.
    const victim = await f.database.db.selectFrom('observations').innerJoin('requests', 'requests.id', 'observations.request_id').select('requests.request_group_id').where('observations.state', '=', 'PENDING').orderBy('observations.start_utc_ms').executeTakeFirstOrThrow();
    expect((await cancelGroup(f.database.db, victim.request_group_id, f.clock.nowMs(), 'test')).ok).toBe(true);
    expect((await s.placeRapidResponses('after a cancel')).length).toBe(unplaced.length);
  });
});
