import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { overheadsFor, requestDuration } from '../../../../src-shared/ocs';
import type { Request } from '../../../../src-shared/schemas';
import { cancelGroup, createRequestGroup, type Caller } from '../../../../src-main/portal';
import { createInlineRunner, type KernelRunner } from '../../../../src-main/scheduler';
import { HOUR_MS, startDemo, type DemoFixture } from './fixture';
import { rapidResponseLike } from './portal-harness';

async function demoCaller(f: DemoFixture): Promise<Caller> {
  const u = await f.database.db.selectFrom('users').select(['id', 'username']).where('username', '=', 'demo').executeTakeFirstOrThrow();
  return { id: u.id, username: u.username, isStaff: true, isSuperuser: true };
}

describe('scheduler service: rapid response', () => {
  let f: DemoFixture;
  beforeEach(async () => {
    f = await startDemo();
  });
  afterEach(() => f.close());

  it('tries the demo RAPID_RESPONSE request in its own pass and explains why it does not fit tonight', async () => {
    const s = f.service();
    await s.runNow('first');
    const rrIds = (await f.database.db.selectFrom('requests').innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id').select('requests.id').where('request_groups.observation_type', '=', 'RAPID_RESPONSE').execute()).map((r) => r.id);
    expect(rrIds.length).toBe(1);
    const rrId = rrIds[0] ?? 0;
    // The normal pass never places RR requests.
    expect(await f.database.db.selectFrom('observations').select('id').where('request_id', '=', rrId).execute()).toEqual([]);
    const runs = await s.placeRapidResponses('test');
    expect(runs.map((r) => [r.kind, r.createdCount])).toEqual([['rapid_response', 0]]);
    // Independently: SN 2023ixf (airmass ≤ 2) is up only briefly before dawn inside its 23 h window,
    // for less than the request's duration.
    const input = s.lastInput();
    const rr = input?.requests.find((r) => r.id === String(rrId));
    if (!rr) throw new Error('RR request not in the input');
    const w = rr.windows[0] ?? { startMs: 0, endMs: 0 };
    const longestMs = Math.max(0, ...(rr.visibility['tfn.doma.1m0a'] ?? []).map((v) => Math.min(v.endMs, w.endMs) - Math.max(v.startMs, w.startMs)));
    expect(longestMs).toBeLessThan(rr.durationSec * 1000);
    const e = await s.explain(rrId);
    expect(e.explanation).toMatchObject({ scheduled: false, reason: 'no_fit_in_window' });
  });

  it('pre-empts the running observation at its next configuration boundary: later statuses NOT_ATTEMPTED with the reason', async () => {
    const s = f.service({ leadMs: 0 });
    await s.runNow('first');
    // The first planned observation on the 1 m with two or more configuration statuses.
    const candidates = await f.database.db.selectFrom('observations').select(['id', 'request_id', 'start_utc_ms', 'end_utc_ms']).where('telescope', '=', '1m0a').where('state', '=', 'PENDING').orderBy('start_utc_ms').execute();
    let running: (typeof candidates)[number] | null = null;
    let statuses: { id: number; configuration_id: number }[] = [];
    for (const c of candidates) {
      statuses = await f.database.db.selectFrom('configuration_statuses').select(['id', 'configuration_id']).where('observation_id', '=', c.id).orderBy('id').execute();
      if (statuses.length >= 2) {
        running = c;
        break;
      }
    }
    if (running === null) throw new Error('no multi-configuration observation on the 1 m');
    // One minute in: the executor has started its first configuration (ATTEMPTED now).
    await f.clock.advance(running.start_utc_ms + 60_000 - f.clock.nowMs());
    const now = f.clock.nowMs();
    await f.database.db.updateTable('configuration_statuses').set({ state: 'ATTEMPTED', modified_utc_ms: now }).where('id', '=', statuses[0]?.id ?? 0).execute();
    await f.database.db.updateTable('observations').set({ state: 'IN_PROGRESS' }).where('id', '=', running.id).execute();

    // The boundary by the portal's duration rules: the first configuration alone, from its ATTEMPTED time.
    const body = JSON.parse((await f.database.db.selectFrom('requests').select('body_json').where('id', '=', running.request_id).executeTakeFirstOrThrow()).body_json) as Omit<Request, 'configurations'> & { configurations: (Request['configurations'][number] & { id: number })[] };
    const first = body.configurations.find((c) => c.id === statuses[0]?.configuration_id);
    if (!first) throw new Error('configuration not found');
    const lookup = (type: string) => {
      const e = f.view().index.instrumentTypes.get(type);
      return e ? overheadsFor(e) : null;
    };
    const boundaryMs = Math.ceil((now + requestDuration({ configuration_repeats: 1, configurations: [first] }, lookup).durationSec * 1000) / 1000) * 1000;
    expect(boundaryMs).toBeGreaterThan(now);
    expect(boundaryMs).toBeLessThan(running.end_utc_ms);

    // A rapid-response request on the same target (so it is visible) and telescope class.
    const payload = await rapidResponseLike(f.database.db, running.request_id, now, now + 6 * HOUR_MS);
    const created = await createRequestGroup({ db: f.database.db, configdb: f.view, visibility: null }, payload, await demoCaller(f), now);
    if (!created.ok) throw new Error(JSON.stringify(created.body));
    const rrRequestId = ((created.value['requests'] as { id: number }[])[0]?.id) ?? 0;

    const [run] = await s.placeRapidResponses('queue.changed');
    expect(run?.status).toBe('ok');
    // It starts at the boundary, not at once: the configuration in progress is not cut.
    const rrObs = await f.database.db.selectFrom('observations').select(['start_utc_ms', 'telescope', 'state']).where('request_id', '=', rrRequestId).executeTakeFirstOrThrow();
    expect(rrObs).toEqual({ start_utc_ms: boundaryMs, telescope: '1m0a', state: 'PENDING' });
    const after = await f.database.db.selectFrom('observations').select(['state', 'end_utc_ms']).where('id', '=', running.id).executeTakeFirstOrThrow();
    // A NOT_ATTEMPTED status makes the observation FAILED at once (§3.4), so the executor starts nothing more of it.
    expect(after).toEqual({ state: 'FAILED', end_utc_ms: boundaryMs });
    const st = await f.database.db.selectFrom('configuration_statuses').select(['state', 'summary_json']).where('observation_id', '=', running.id).orderBy('id').execute();
    // The configuration in progress is left to the executor, which ends it at the boundary.
    expect(st.map((x) => x.state)).toEqual(['ATTEMPTED', ...st.slice(1).map(() => 'NOT_ATTEMPTED')]);
    for (const x of st.slice(1)) expect((JSON.parse(x.summary_json ?? '{}') as { reason?: string }).reason).toBe(`pre-empted by rapid-response request ${rrRequestId}`);
    // The interrupted request stays PENDING, so a later pass can schedule it again.
    const req = await f.database.db.selectFrom('requests').select('state').where('id', '=', running.request_id).executeTakeFirstOrThrow();
    expect(req.state).toBe('PENDING');
    const history = await f.database.db.selectFrom('state_history').select(['to_state', 'reason']).where('entity', '=', 'observation').where('entity_id', '=', running.id).orderBy('id').execute();
    expect(history.at(-1)).toEqual({ to_state: 'FAILED', reason: `pre-empted by rapid-response request ${rrRequestId}` });
    // The next input keeps the telescope busy until the boundary (the configuration runs out) and
    // never offers the interrupted observation to another rapid response.
    await s.runNow('after');
    const fixed = s.lastInput()?.fixedBlocks.find((b) => b.requestId === String(running?.request_id));
    expect(fixed).toMatchObject({ kind: 'running', endMs: boundaryMs, rapidResponse: true });
  });

  it('without a configuration in progress the running observation stops at once', async () => {
    const s = f.service({ leadMs: 0 });
    await s.runNow('first');
    // The first observation on the 1 m long enough to be interrupted five minutes in.
    const running = (await f.database.db.selectFrom('observations').select(['id', 'request_id', 'start_utc_ms', 'end_utc_ms']).where('telescope', '=', '1m0a').orderBy('start_utc_ms').execute()).find((o) => o.end_utc_ms - o.start_utc_ms >= 20 * 60_000);
    if (!running) throw new Error('no long observation on the 1 m');
    // Five minutes past its start and nothing ATTEMPTED: the executor is between configurations (or never started it).
    await f.clock.advance(running.start_utc_ms + 5 * 60_000 - f.clock.nowMs());
    const now = f.clock.nowMs();
    const payload = await rapidResponseLike(f.database.db, running.request_id, now, now + 6 * HOUR_MS);
    const created = await createRequestGroup({ db: f.database.db, configdb: f.view, visibility: null }, payload, await demoCaller(f), now);
    if (!created.ok) throw new Error(JSON.stringify(created.body));
    const rrRequestId = ((created.value['requests'] as { id: number }[])[0]?.id) ?? 0;
    await s.placeRapidResponses('queue.changed');
    const rrObs = await f.database.db.selectFrom('observations').select('start_utc_ms').where('request_id', '=', rrRequestId).executeTakeFirstOrThrow();
    expect(rrObs.start_utc_ms).toBe(now);
    const after = await f.database.db.selectFrom('observations').select(['state', 'end_utc_ms']).where('id', '=', running.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ state: 'NOT_ATTEMPTED', end_utc_ms: now });
    const st = await f.database.db.selectFrom('configuration_statuses').select(['state', 'summary_json']).where('observation_id', '=', running.id).execute();
    for (const x of st) {
      expect(x.state).toBe('NOT_ATTEMPTED');
      expect((JSON.parse(x.summary_json ?? '{}') as { reason?: string }).reason).toBe(`pre-empted by rapid-response request ${rrRequestId}`);
    }
  });

  it('does not wait for a normal run in progress, and that run does not overwrite the rapid response', async () => {
    // The real in-line kernel, with normal solves held at a gate the test opens.
    const inline = createInlineRunner();
    let open: () => void = () => undefined;
    let gate: Promise<void> = Promise.resolve();
    const runner: KernelRunner = {
      mode: 'inline',
      run: async (job) => {
        if (job.kind === 'solve') await gate;
        return inline.run(job);
      },
      close: () => inline.close(),
    };
    const s = f.service({ leadMs: 0, runner });
    await s.runNow('first');
    const running = (await f.database.db.selectFrom('observations').select(['request_id', 'start_utc_ms', 'end_utc_ms']).where('telescope', '=', '1m0a').orderBy('start_utc_ms').execute()).find((o) => o.end_utc_ms - o.start_utc_ms >= 20 * 60_000);
    if (!running) throw new Error('no long observation on the 1 m');
    await f.clock.advance(running.start_utc_ms + 5 * 60_000 - f.clock.nowMs());
    gate = new Promise((resolve) => (open = resolve));
    const normal = s.runNow('held');
    const now = f.clock.nowMs();
    const payload = await rapidResponseLike(f.database.db, running.request_id, now, now + 6 * HOUR_MS);
    const created = await createRequestGroup({ db: f.database.db, configdb: f.view, visibility: null }, payload, await demoCaller(f), now);
    if (!created.ok) throw new Error(JSON.stringify(created.body));
    const rrRequestId = ((created.value['requests'] as { id: number }[])[0]?.id) ?? 0;
    // Resolves while the normal solve is still held.
    const runs = await s.placeRapidResponses('queue.changed');
    expect(runs.some((r) => r.createdCount > 0)).toBe(true);
    const rrObs = await f.database.db.selectFrom('observations').select(['id', 'start_utc_ms', 'end_utc_ms']).where('request_id', '=', rrRequestId).executeTakeFirstOrThrow();
    expect(rrObs.start_utc_ms).toBe(now);
    open();
    const run = await normal;
    expect(run.status).toBe('ok');
    // The normal run solved again with the rapid response in its input: it is kept, and nothing overlaps it.
    expect(await f.database.db.selectFrom('observations').select('state').where('id', '=', rrObs.id).executeTakeFirstOrThrow()).toEqual({ state: 'PENDING' });
    expect(s.lastInput()?.fixedBlocks.some((b) => b.requestId === String(rrRequestId))).toBe(true);
    const overlapping = await f.database.db
      .selectFrom('observations')
      .select('id')
      .where('telescope', '=', '1m0a')
      .where('state', 'in', ['PENDING', 'IN_PROGRESS'])
      .where('id', '!=', rrObs.id)
      .where('start_utc_ms', '<', rrObs.end_utc_ms)
      .where('end_utc_ms', '>', rrObs.start_utc_ms)
      .execute();
    expect(overlapping).toEqual([]);
    expect(f.logLines.some((l) => l.includes('superseded by a rapid response'))).toBe(true);
  });

  it('reacts to queue.changed on the bus: the RR pass runs at once, the normal pass after the quiet time', async () => {
    const s = f.service({ debounceMs: 30_000, leadMs: 0 });
    s.start();
    await s.idle();
    const first = await f.database.db.selectFrom('scheduler_runs').select(['kind', 'trigger']).orderBy('id').execute();
    expect(first).toEqual([
      { kind: 'rapid_response', trigger: 'start' },
      { kind: 'normal', trigger: 'start' },
    ]);
    // A change that changes nothing the scheduler sees (e.g. a configuration report): the RR pass
    // does not try the same unplaceable request again and the stored (optimal) plan stands.
    f.bus.publish('queue.changed', { requestGroupIds: [1] });
    await s.idle();
    await f.clock.advance(30_000);
    await s.idle();
    expect((await f.database.db.selectFrom('scheduler_runs').select('kind').where('id', '>', 2).execute()).map((r) => r.kind)).toEqual([]);
    expect(s.skippedPasses()).toBe(1);
    // A real change: a planned request is cancelled through the portal.
    const victim = await f.database.db.selectFrom('observations').innerJoin('requests', 'requests.id', 'observations.request_id').select('requests.request_group_id').where('observations.state', '=', 'PENDING').orderBy('observations.start_utc_ms').executeTakeFirstOrThrow();
    expect((await cancelGroup(f.database.db, victim.request_group_id, f.clock.nowMs(), 'test')).ok).toBe(true);
    f.bus.publish('queue.changed', { requestGroupIds: [victim.request_group_id] });
    await s.idle();
    // At once: only the rapid-response pass (the demo RR still does not fit, and says so).
    expect((await f.database.db.selectFrom('scheduler_runs').select('kind').where('id', '>', 2).execute()).map((r) => r.kind)).toEqual(['rapid_response']);
    await f.clock.advance(30_000);
    await s.idle();
    const runs = await f.database.db.selectFrom('scheduler_runs').select(['kind', 'trigger']).orderBy('id').execute();
    expect(runs.at(-1)).toEqual({ kind: 'normal', trigger: 'queue.changed' });
    // A weather hold from the device stream triggers a re-plan that leaves the held telescope empty.
    f.bus.publish('devices.changed', { telescopeId: 'tfn.clma.0m4a', kind: 'safety', name: 'roof safety', family: 'sim', connection: 'connected', summary: 'UNSAFE', state: { safe: false }, updatedMs: f.clock.nowMs(), error: null });
    expect(s.holds().map((h) => h.kind)).toEqual(['weather']);
    await f.clock.advance(30_000);
    await s.idle();
    const pending = await f.database.db.selectFrom('observations').select('telescope').where('state', '=', 'PENDING').where('start_utc_ms', '>=', f.clock.nowMs()).where('telescope', '=', '0m4a').execute();
    expect(pending).toEqual([]);
    const timeline = s.blockSource.blocksBetween('tfn', f.clock.nowMs(), f.clock.nowMs() + HOUR_MS);
    expect(timeline.some((b) => b.kind === 'weather' && b.telescopeId === 'tfn.clma.0m4a')).toBe(true);
  });
});
