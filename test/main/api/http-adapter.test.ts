import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { serve } from '../../../src-main/serve';
import { postIpc, RESOURCES_DIR, startTestServer } from '../../helpers/serve-fixture';

const demoGroups = (JSON.parse(readFileSync(join(RESOURCES_DIR, 'demo', 'requestgroups.json'), 'utf8')) as { request_groups: unknown[] })
  .request_groups.length;

describe('HTTP + WebSocket adapter on loopback', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer({ speed: 2000 });
  });
  afterAll(() => server.cleanup());

  it('answers contract invocations with Results', async () => {
    const info = await postIpc(server.http.url, 'app.info', {});
    expect(info.status).toBe(200);
    expect(info.json.ok).toBe(true);
    expect(info.json.value).toMatchObject({ name: 'Nightshift', shell: 'serve', simulate: true, canWrite: false });
  });

  it('lists the seeded demo queue', async () => {
    const { json } = await postIpc(server.http.url, 'queue.list', {});
    expect(json.ok).toBe(true);
    expect(json.value.count).toBe(demoGroups);
    expect(json.value.groups[0].requests.length).toBeGreaterThan(0);
    expect(json.value.groups.every((g: { state: string }) => g.state === 'PENDING')).toBe(true);
  });

  it('gives field-level errors for invalid input and malformed JSON', async () => {
    const bad = await postIpc(server.http.url, 'queue.list', { limit: 'ten', offset: -1 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('validation.invalid');
    expect(Object.keys(bad.json.error.details).sort()).toEqual(['limit', 'offset']);
    const malformed = await postIpc(server.http.url, 'queue.list', '{"limit": ');
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.details.non_field_errors[0]).toMatch(/JSON/);
    const unknown = await postIpc(server.http.url, 'nope.nothing', {});
    expect(unknown.status).toBe(404);
  });

  it('refuses writes without the token and accepts them with it', async () => {
    const denied = await postIpc(server.http.url, 'demo.reset', {});
    expect(denied.status).toBe(401);
    expect(denied.json.error.code).toBe('auth.required');
    const allowed = await postIpc(server.http.url, 'demo.reset', {}, server.core.token);
    expect(allowed.json).toEqual({ ok: true, value: { requestGroups: demoGroups } });
  });

  it('keeps the token in a 0600 file in the data dir', () => {
    const mode = statSync(join(server.dataDir, 'api-token')).mode & 0o777;
    expect(mode).toBe(0o600);
    expect(readFileSync(join(server.dataDir, 'api-token'), 'utf8').trim()).toBe(server.core.token);
  });

  it('streams clock ticks over the WebSocket', async () => {
    const ws = new WebSocket(`${server.http.url.replace('http', 'ws')}/ws`);
    const tick = await new Promise<{ event: string; payload: { utcMs: number; nightPhase: string } }>((resolve, reject) => {
      ws.on('message', (data: Buffer) => {
        const envelope = JSON.parse(data.toString()) as { event: string };
        if (envelope.event === 'clock.tick') resolve(envelope as never); // other live events may come first
      });
      ws.on('error', reject);
    });
    ws.close();
    expect(tick.event).toBe('clock.tick');
    expect(tick.payload.utcMs).toBeGreaterThan(Date.parse('2026-11-21T22:00:00Z'));
    expect(['day', 'civil', 'nautical', 'astronomical', 'night']).toContain(tick.payload.nightPhase);
    // Ticks pause while a scheduler pass holds the simulated clock: on a loaded machine that can be long.
  }, 90_000);

  it('streams the events a write causes (queue.changed after demo.reset)', async () => {
    const ws = new WebSocket(`${server.http.url.replace('http', 'ws')}/ws`);
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => resolve());
      ws.on('error', reject);
    });
    const changed = new Promise<{ event: string }>((resolve) => {
      ws.on('message', (data: Buffer) => {
        const envelope = JSON.parse(data.toString()) as { event: string };
        if (envelope.event === 'queue.changed') resolve(envelope);
      });
    });
    const reset = await postIpc(server.http.url, 'demo.reset', {}, server.core.token);
    expect(reset.json.ok).toBe(true);
    expect((await changed).event).toBe('queue.changed');
    ws.close();
  });

  it('answers only to loopback host names (DNS-rebinding guard)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.http.url}/healthz`, { headers: { Host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('refuses a second instance on the same data directory with a clear message', async () => {
    await expect(
      serve({ ...server.core.config, port: 0 }),
    ).rejects.toThrow(/Another Nightshift \(PID \d+\) is already using the data directory/);
  });
});

describe('HTTP adapter bound beyond loopback', () => {
  it('needs the token for reads too', async () => {
    const server = await startTestServer({ bindAddress: '0.0.0.0' });
    try {
      const denied = await postIpc(server.http.url, 'app.info', {});
      expect(denied.status).toBe(401);
      const allowed = await postIpc(server.http.url, 'app.info', {}, server.core.token);
      expect(allowed.json.ok).toBe(true);
      expect(allowed.json.value.canWrite).toBe(true);

      // The OCS API takes its own per-user tokens (what TOM Toolkit sends), but never anonymous calls.
      const anonymous = await fetch(`${server.http.url}/api/proposals/`);
      expect(anonymous.status).toBe(401);
      const auth = await fetch(`${server.http.url}/api/api-token-auth/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'demo', password: server.core.token }),
      });
      const { token } = (await auth.json()) as { token: string };
      expect(token).toMatch(/^[0-9a-f]{40}$/);
      const withUserToken = await fetch(`${server.http.url}/api/proposals/`, { headers: { Authorization: `Token ${token}` } });
      expect(withUserToken.status).toBe(200);
    } finally {
      await server.cleanup();
    }
  });
});
