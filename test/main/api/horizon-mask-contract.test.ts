/**
 * `observatory.setHorizonMask` through the HTTP adapter of a real core (demo observatory, real
 * SQLite): refused without the token, stored with it and read back through `visibility.target`,
 * the change announced (`queue.changed` for the scheduler, `timeline.changed` for consoles),
 * field-keyed errors for a malformed mask, not_found for an unknown telescope, cleared with null.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../../src-shared/ipc/contract';
import { postIpc, startTestServer } from '../../helpers/serve-fixture';

const ONE_M = 'tfn.doma.1m0a';
const MASK: [number, number][] = [
  [0, 18],
  [90, 42],
  [180, 10],
  [270, 25],
];

describe('observatory.setHorizonMask over HTTP', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const heard: { event: EventName; payload: unknown }[] = [];
  /** The 1 m's mask as the visibility engine (and so the Sky page and Settings) reports it. */
  const maskSeen = async (): Promise<[number, number][] | null> => {
    const r = await postIpc(server.http.url, 'visibility.target', {
      target: { type: 'ICRS', name: 'probe', ra: 0, dec: 0 },
      telescopeId: ONE_M,
      stepMin: 60,
    });
    expect(r.json.ok).toBe(true);
    const tel = (
      r.json.value.telescopes as {
        telescopeId: string;
        horizonMask: { azimuthDeg: number; altitudeDeg: number }[] | null;
      }[]
    ).find((t) => t.telescopeId === ONE_M);
    return tel?.horizonMask?.map((p) => [p.azimuthDeg, p.altitudeDeg]) ?? null;
  };

  beforeAll(async () => {
    server = await startTestServer();
    server.core.bus.onAny((event, payload) => heard.push({ event, payload }));
    // A plan stands before the change (so the re-plan below is the mask's own, not the first run).
    await server.core.scheduler.runNow('test setup');
    await server.core.scheduler.idle();
  }, 60_000);
  afterAll(async () => {
    await server.cleanup();
  });

  it('refuses the write without the token', async () => {
    const denied = await postIpc(server.http.url, 'observatory.setHorizonMask', {
      telescopeId: ONE_M,
      horizonMask: MASK,
    });
    expect(denied.status).toBe(401);
    expect(denied.json.error.code).toBe('auth.required');
    expect(await maskSeen()).toBeNull();
  });

  it('stores the mask with the token, answers it, announces it, and every reader sees it', async () => {
    heard.length = 0;
    const set = await postIpc(
      server.http.url,
      'observatory.setHorizonMask',
      { telescopeId: ONE_M, horizonMask: MASK },
      server.core.token,
    );
    expect(set.status).toBe(200);
    expect(set.json).toEqual({ ok: true, value: { telescopeId: ONE_M, horizonMask: MASK } });
    expect(await maskSeen()).toEqual(MASK);
    const names = heard.map((h) => h.event);
    expect(names).toContain('queue.changed');
    expect(heard.find((h) => h.event === 'timeline.changed')?.payload).toEqual({ siteCode: 'tfn' });
    const row = server.core.database.raw
      .prepare('select points_json from telescope_horizon_masks where telescope_id = ?')
      .get(ONE_M) as { points_json: string } | undefined;
    expect(row?.points_json).toBe(JSON.stringify(MASK));
    // The schedule is solved again against the new horizon (the debounced re-plan alone may keep it).
    await server.core.scheduler.idle();
    const runs = server.core.database.raw
      .prepare("select count(*) n from scheduler_runs where trigger = 'observatory.setHorizonMask'")
      .get() as { n: number };
    expect(runs.n).toBe(1);
  }, 60_000);

  it('answers field-keyed errors for a malformed mask and keeps the stored one', async () => {
    const bad = await postIpc(
      server.http.url,
      'observatory.setHorizonMask',
      {
        telescopeId: ONE_M,
        horizonMask: [
          [0, 5],
          [360, 5],
          [90, -20],
        ],
      },
      server.core.token,
    );
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('validation.invalid');
    expect(Object.keys(bad.json.error.details).sort()).toEqual(['horizonMask.1.0', 'horizonMask.2.1']);
    expect(bad.json.error.details['horizonMask.1.0'][0]).toMatch(/below 360/);
    expect(bad.json.error.details['horizonMask.2.1'][0]).toMatch(/at least -10/);
    const notPairs = await postIpc(
      server.http.url,
      'observatory.setHorizonMask',
      { telescopeId: ONE_M, horizonMask: [[0, 'x']] },
      server.core.token,
    );
    expect(notPairs.status).toBe(400);
    expect(Object.keys(notPairs.json.error.details)).toEqual(['horizonMask.0.1']);
    expect(await maskSeen()).toEqual(MASK);
  });

  it('answers not_found for an unknown telescope', async () => {
    const unknown = await postIpc(
      server.http.url,
      'observatory.setHorizonMask',
      { telescopeId: 'tfn.doma.9m9z', horizonMask: MASK },
      server.core.token,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('not_found');
  });

  it('clears the mask with null', async () => {
    const cleared = await postIpc(
      server.http.url,
      'observatory.setHorizonMask',
      { telescopeId: ONE_M, horizonMask: null },
      server.core.token,
    );
    expect(cleared.json).toEqual({ ok: true, value: { telescopeId: ONE_M, horizonMask: null } });
    expect(await maskSeen()).toBeNull();
  });
});
