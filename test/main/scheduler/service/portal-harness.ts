/**
 * The demo observatory with the OCS portal on a real HTTP server and the scheduler service on the
 * same bus: what a TOM client sees. Requests go in through `/api/`, the portal publishes
 * `queue.changed`, the scheduler reacts. Shared by the end-to-end tests and the bench.
 */
import { startHttpServer, type RunningHttpServer } from '../../../../src-main/api';
import { createPortal, type Db, type Portal } from '../../../../src-main/portal';
import { EVENING_MS, startDemo, type DemoFixture } from './fixture';

export interface PortalHarness extends DemoFixture {
  portal: Portal;
  http: RunningHttpServer;
  url: string;
  /** POST/GET as the demo user; answers status and parsed JSON. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
}

export async function startPortalDemo(seedMs = EVENING_MS): Promise<PortalHarness> {
  const f = await startDemo(seedMs);
  const portal = createPortal({ db: f.database.db, raw: f.database.raw, clock: f.clock, bus: f.bus, observatory: f.observatory, logger: f.logger });
  const http = await startHttpServer({
    dispatch: () => Promise.resolve({ ok: false, error: { code: 'not_found', message: 'no IPC here' } }),
    bus: f.bus,
    token: 'b'.repeat(48),
    bindAddress: '127.0.0.1',
    port: 0,
    rendererDir: null,
    logger: f.logger,
    routes: portal.routes,
  });
  const token = await f.database.db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select('api_tokens.key')
    .where('users.username', '=', 'demo')
    .executeTakeFirstOrThrow();
  const close = f.close;
  return {
    ...f,
    portal,
    http,
    url: http.url,
    async call(method, path, body) {
      const res = await fetch(`${http.url}${path}`, {
        method,
        headers: { Authorization: `Token ${token.key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
    },
    async close() {
      portal.stop();
      await http.close();
      await close();
    },
  };
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * A RAPID_RESPONSE group copying the configurations and location of a stored request (so its
 * target is up when that request is scheduled), with one window [fromMs, toMs). `raOffsetDeg`
 * moves ICRS targets east by that much: a new target (nothing about it is cached yet).
 */
export async function rapidResponseLike(db: Db, requestId: number, fromMs: number, toMs: number, name = 'RR test', raOffsetDeg = 0): Promise<Record<string, unknown>> {
  const row = await db.selectFrom('requests').select('body_json').where('id', '=', requestId).executeTakeFirstOrThrow();
  const body = JSON.parse(row.body_json) as Record<string, unknown> & { configurations: Record<string, unknown>[] };
  for (const c of body.configurations) {
    const t = c['target'] as Record<string, unknown> | undefined;
    if (raOffsetDeg !== 0 && t?.['type'] === 'ICRS' && typeof t['ra'] === 'number') c['target'] = { ...t, ra: (t['ra'] + raOffsetDeg + 360) % 360, name: `${String(t['name'])} offset` };
  }
  return {
    name,
    proposal: 'NS2026-GAL',
    observation_type: 'RAPID_RESPONSE',
    operator: 'SINGLE',
    ipp_value: 1,
    requests: [{ location: body['location'], configurations: body.configurations.map(({ id: _id, ...c }) => c), windows: [{ start: iso(fromMs), end: iso(toMs) }] }],
  };
}
