/**
 * `observatory.setTelescopeLimits` through the HTTP adapter of a real core (demo observatory, real
 * SQLite): refused without the token, stored with it and read back through `visibility.target`
 * (what Settings and the Sky page load) and the OCS `GET /sites/`, the change announced as a
 * horizon mask change is (`queue.changed` for the scheduler, `timeline.changed` for consoles, a
 * re-plan), errors keyed by field name for out-of-range limits, not_found for an unknown telescope.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../../src-shared/ipc/contract';
import { RESOURCES_DIR, postIpc, startTestServer } from '../../helpers/serve-fixture';

const SMALL = 'tfn.clma.0m4a';
const LIMITS = { horizonDeg: 27, haLimitPosHours: 3.5, haLimitNegHours: -3, zenithBlindSpotDeg: 2 };

type RawTel = Record<string, unknown> & { code: string };
type RawDump = { results: { code: string; enclosure_set: { code: string; telescope_set: RawTel[] }[] }[] };
const smallOf = (dump: RawDump): RawTel => {
  const t = dump.results.find((s) => s.code === 'tfn')?.enclosure_set.find((e) => e.code === 'clma')?.telescope_set.find((x) => x.code === '0m4a');
  if (!t) throw new Error('no 0.4 m');
  return t;
};
/** The demo file's own 0.4 m limits, read without the code under test. */
const demoSmall = smallOf(JSON.parse(readFileSync(join(RESOURCES_DIR, 'demo/sites.json'), 'utf8')) as RawDump);

describe('observatory.setTelescopeLimits over HTTP', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const heard: { event: EventName; payload: unknown }[] = [];
  /** The 0.4 m's limits as the visibility engine reports them. */
  const limitsSeen = async () => {
    const r = await postIpc(server.http.url, 'visibility.target', {
      target: { type: 'ICRS', name: 'probe', ra: 0, dec: 0 },
      telescopeId: SMALL,
      stepMin: 60,
    });
    expect(r.json.ok).toBe(true);
    const t = (r.json.value.telescopes as Record<string, unknown>[]).find((x) => x['telescopeId'] === SMALL);
    return t
      ? { horizonDeg: t['horizonDeg'], haLimitPosHours: t['haLimitPosHours'], haLimitNegHours: t['haLimitNegHours'], zenithBlindSpotDeg: t['zenithBlindSpotDeg'] }
      : null;
  };
  const demoLimits = {
    horizonDeg: demoSmall['horizon'],
    haLimitPosHours: demoSmall['ha_limit_pos'],
    haLimitNegHours: demoSmall['ha_limit_neg'],
    zenithBlindSpotDeg: demoSmall['zenith_blind_spot'],
  };

  beforeAll(async () => {
    server = await startTestServer();
    server.core.bus.onAny((event, payload) => heard.push({ event, payload }));
    await server.core.scheduler.runNow('test setup');
    await server.core.scheduler.idle();
  }, 60_000);
  afterAll(async () => {
    await server.cleanup();
  });

  it('refuses the write without the token', async () => {
    const denied = await postIpc(server.http.url, 'observatory.setTelescopeLimits', { telescopeId: SMALL, ...LIMITS });
    expect(denied.status).toBe(401);
    expect(denied.json.error.code).toBe('auth.required');
    expect(await limitsSeen()).toEqual(demoLimits);
  });

  it('stores the limits with the token, answers them, announces them, and every reader sees them', async () => {
    heard.length = 0;
    const set = await postIpc(server.http.url, 'observatory.setTelescopeLimits', { telescopeId: SMALL, ...LIMITS }, server.core.token);
    expect(set.status).toBe(200);
    expect(set.json).toEqual({ ok: true, value: { telescopeId: SMALL, ...LIMITS } });
    expect(await limitsSeen()).toEqual(LIMITS);
    expect(heard.map((h) => h.event)).toContain('queue.changed');
    expect(heard.find((h) => h.event === 'timeline.changed')?.payload).toEqual({ siteCode: 'tfn' });

    // The OCS `/sites/` answer (what another OCS client reads) carries the configdb fields.
    const res = await fetch(`${server.http.url}/sites/`);
    expect(res.status).toBe(200);
    const tel = smallOf((await res.json()) as RawDump);
    expect([tel['horizon'], tel['ha_limit_pos'], tel['ha_limit_neg'], tel['zenith_blind_spot']]).toEqual([27, 3.5, -3, 2]);
    // The demo mask of the 0.4 m is untouched.
    expect(tel['horizon_mask']).toEqual(demoSmall['horizon_mask']);

    await server.core.scheduler.idle();
    const runs = server.core.database.raw
      .prepare("select count(*) n from scheduler_runs where trigger = 'observatory.setTelescopeLimits'")
      .get() as { n: number };
    expect(runs.n).toBe(1);
  }, 60_000);

  it('answers errors keyed by field name for out-of-range limits and keeps the stored ones', async () => {
    const bad = await postIpc(
      server.http.url,
      'observatory.setTelescopeLimits',
      { telescopeId: SMALL, horizonDeg: 95, haLimitPosHours: -1, haLimitNegHours: 2, zenithBlindSpotDeg: 0 },
      server.core.token,
    );
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('validation.invalid');
    expect(Object.keys(bad.json.error.details).sort()).toEqual(['haLimitNegHours', 'haLimitPosHours', 'horizonDeg']);
    expect(bad.json.error.details['horizonDeg'][0]).toMatch(/at most 90/);
    const notNumber = await postIpc(
      server.http.url,
      'observatory.setTelescopeLimits',
      { telescopeId: SMALL, ...LIMITS, horizonDeg: 'high' },
      server.core.token,
    );
    expect(notNumber.status).toBe(400);
    expect(Object.keys(notNumber.json.error.details)).toEqual(['horizonDeg']);
    expect(await limitsSeen()).toEqual(LIMITS);
  });

  it('answers not_found for an unknown telescope', async () => {
    const unknown = await postIpc(server.http.url, 'observatory.setTelescopeLimits', { telescopeId: 'tfn.doma.9m9z', ...LIMITS }, server.core.token);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('not_found');
  });
});
