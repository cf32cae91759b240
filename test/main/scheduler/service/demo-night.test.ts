import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { darkIntervals, requestVisibility, type Interval } from '../../../../src-shared/astro';
import { TimelineSchema } from '../../../../src-shared/ipc/contract';
import { isStaticOcsTarget, observatoryTelescopes, toAstroTarget, toObservingConstraints } from '../../../../src-shared/ocs';
import { parseOcsDatetimeMs, type Request } from '../../../../src-shared/schemas';
import { createHandlers } from '../../../../src-main/core-handlers';
import { readDemoFiles } from '../../../../src-main/demo';
import { createDispatch } from '../../../../src-main/ipc';
import { QueueService } from '../../../../src-main/queue';
import { SkyService } from '../../../../src-main/sky';
import { TimelineService } from '../../../../src-main/timeline';
import { EVENING_MS, RESOURCES_DIR, startDemo, type DemoFixture } from './fixture';

/** 1 s: visibility edges are rounded inward to whole seconds; the reference engine refines to 200 ms. */
const TOL_MS = 1000;
const within = (b: Interval, list: readonly Interval[]): boolean => list.some((i) => b.startMs >= i.startMs - TOL_MS && b.endMs <= i.endMs + TOL_MS);

describe('the demo night, end to end (seeded at 20:00 local on a simulated clock)', () => {
  let f: DemoFixture;
  beforeEach(async () => {
    f = await startDemo(EVENING_MS);
  });
  afterEach(() => f.close());

  it('schedules inside visibility, windows and dark time, and the console contract shows it', async () => {
    const scheduler = f.service();
    const timeline = new TimelineService(f.clock, f.observatory);
    timeline.addSource(scheduler.blockSource);
    const sky = new SkyService(f.clock, f.observatory, f.bus);
    const handlers = createHandlers({
      config: { dataDir: '/nonexistent', port: 0, bindAddress: '127.0.0.1', simulate: true, speed: 0, simStartMs: EVENING_MS, faults: null,
    seedDemo: true, rendererDir: null, resourcesDir: RESOURCES_DIR },
      shell: 'serve',
      version: 'test',
      clock: f.clock,
      bus: f.bus,
      observatory: f.observatory,
      queue: new QueueService(f.database.db),
      sky,
      timeline,
      devices: { snapshot: () => [] },
      resetDemo: () => Promise.reject(new Error('not in this test')),
      demoFiles: () => readDemoFiles(RESOURCES_DIR),
      scheduler,
    });
    const dispatch = createDispatch(handlers, () => undefined);
    const ctx = { canWrite: true, via: 'cli' as const };

    const ran = await dispatch('schedule.run', {}, ctx);
    if (!ran.ok) throw new Error(JSON.stringify(ran.error));
    const run = ran.value as { id: number; status: string; blockCount: number };
    expect(run.status).toBe('ok');

    // Every stored observation, checked against an independent visibility computation (the
    // validator's per-request path, not the scheduler's batch path) and the request's windows.
    const obs = await f.database.db
      .selectFrom('observations')
      .innerJoin('requests', 'requests.id', 'observations.request_id')
      .select(['observations.id', 'observations.request_id', 'observations.site', 'observations.enclosure', 'observations.telescope', 'observations.start_utc_ms', 'observations.end_utc_ms', 'requests.body_json'])
      .where('observations.state', '=', 'PENDING')
      .execute();
    expect(obs.length).toBe(run.blockCount);
    const tels = new Map(observatoryTelescopes(f.view().sites).map((t) => [t.id, t]));
    for (const o of obs) {
      const b = { startMs: o.start_utc_ms, endMs: o.end_utc_ms };
      const telId = `${o.site}.${o.enclosure}.${o.telescope}`;
      const tel = tels.get(telId);
      if (!tel) throw new Error(`unknown telescope ${telId}`);
      const body = JSON.parse(o.body_json) as Request;
      const windows = body.windows.map((w) => ({ startMs: parseOcsDatetimeMs(w.start ?? '') ?? 0, endMs: parseOcsDatetimeMs(w.end) ?? 0 }));
      expect(within(b, windows), `observation ${o.id} in a window`).toBe(true);
      const dark = darkIntervals(tel.limits.site, b.startMs - 86_400_000, b.endMs + 86_400_000);
      expect(within(b, dark), `observation ${o.id} in dark time`).toBe(true);
      const pointings = body.configurations.filter((c) => !isStaticOcsTarget(c.target)).map((c) => ({ target: toAstroTarget(c.target) ?? (() => { throw new Error('target'); })(), constraints: toObservingConstraints(c.constraints) }));
      if (pointings.length > 0) {
        // Only the night around the block (windows run up to 30 days; the answer there is the same).
        const near = windows.map((w) => ({ startMs: Math.max(w.startMs, b.startMs - 43_200_000), endMs: Math.min(w.endMs, b.endMs + 43_200_000) })).filter((w) => w.endMs > w.startMs);
        const vis = requestVisibility({ pointings, windows: near, telescopes: [{ id: telId, limits: tel.limits }], nowMs: EVENING_MS });
        expect(within(b, vis.perTelescope[telId] ?? []), `observation ${o.id} (request ${o.request_id}) visible`).toBe(true);
      }
      expect(b.startMs).toBeGreaterThanOrEqual(EVENING_MS);
    }

    // The console's night view: `timeline.tonight` (validated against the contract by dispatch).
    const tl = await dispatch('timeline.tonight', {}, ctx);
    if (!tl.ok) throw new Error(JSON.stringify(tl.error));
    const tonight = TimelineSchema.parse(tl.value);
    const expected = obs.filter((o) => o.end_utc_ms > tonight.nightStartMs && o.start_utc_ms < tonight.nightEndMs);
    expect(expected.length).toBeGreaterThan(5);
    const shown = tonight.blocks.filter((b) => b.kind === 'observation');
    expect(shown.map((b) => [b.requestId, b.startMs]).sort()).toEqual(expected.map((o) => [o.request_id, o.start_utc_ms]).sort());
    for (const b of shown) {
      expect(b.telescopeId).toMatch(/^tfn\.(doma\.1m0a|clma\.0m4a)$/);
      expect(b.label.length).toBeGreaterThan(0);
      expect(b.state).toBe('PENDING');
    }
    // Both telescopes are busy tonight.
    expect(new Set(shown.map((b) => b.telescopeId)).size).toBe(2);

    // And the console can ask why.
    const first = shown[0];
    const ex = await dispatch('schedule.explain', { requestId: first?.requestId ?? 0 }, ctx);
    if (!ex.ok) throw new Error(JSON.stringify(ex.error));
    expect(ex.value).toMatchObject({ runId: run.id, explanation: { scheduled: true, startMs: first?.startMs, telescopeId: first?.telescopeId } });
    const last = await dispatch('schedule.lastRun', {}, ctx);
    expect(last).toMatchObject({ ok: true, value: { run: { id: run.id } } });
    // Writes need the right to write.
    expect(await dispatch('schedule.run', {}, { canWrite: false, via: 'http' })).toMatchObject({ ok: false, error: { code: 'auth.required' } });
    sky.dispose();
  });
});
