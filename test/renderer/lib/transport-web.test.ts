/**
 * The web CoreClient against a real HTTP server and a real WebSocket server (`ws`), speaking the
 * wire protocol of the UI contract: POST /ipc/<name> answers a Result; /ws carries envelopes.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { ConnectionInfo, ConnectionState, CoreClient } from '../../../src-renderer/lib/transport';
import type { SocketFactory } from '../../../src-renderer/lib/transport-web';
import { createWebClient } from '../../../src-renderer/lib/transport-web';
import type { EventEnvelope } from '../../../src-shared/ipc/contract';

const nodeSocket: SocketFactory = (url, h) => {
  const ws = new WebSocket(url);
  ws.onopen = () => h.open();
  ws.onmessage = (e) => h.message(e.data);
  ws.onclose = (e) => h.close(e.code, e.reason);
  ws.onerror = () => undefined; // a close always follows
  return ws;
};

interface Seen {
  name: string;
  body: unknown;
  authorization: string | undefined;
}

let server: Server;
let wss: WebSocketServer;
let port: number;
let seen: Seen[];
let wsUrls: string[];
let client: CoreClient | null;

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });

beforeEach(async () => {
  seen = [];
  wsUrls = [];
  client = null;
  server = createServer((req, res) => {
    void (async () => {
      const name = (req.url ?? '').replace(/^\/ipc\//, '');
      const body: unknown = JSON.parse((await readBody(req)) || 'null');
      seen.push({ name, body, authorization: req.headers.authorization });
      res.setHeader('content-type', 'application/json');
      if (name === 'queue.list') res.end(JSON.stringify({ ok: true, value: { count: 0, groups: [] } }));
      else res.end(JSON.stringify({ ok: false, error: { code: 'not_found', message: `no ${name}` } }));
    })();
  });
  wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (_socket, req) => wsUrls.push(req.url ?? ''));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  client?.close();
  for (const c of wss.clients) c.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function makeClient(token: string | null = 'tok-123'): CoreClient {
  client = createWebClient({
    baseUrl: `http://127.0.0.1:${port}/`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    fetch: (url, init) => fetch(url, init),
    socket: nodeSocket,
    token: () => token,
    backoff: { baseMs: 20, maxMs: 100, jitter: 0 },
  });
  return client;
}

function waitForState(c: CoreClient, state: ConnectionState): Promise<ConnectionInfo> {
  if (c.connection.state === state) return Promise.resolve(c.connection);
  return new Promise((resolve) => {
    const off = c.onConnection((info) => {
      if (info.state === state) {
        off();
        resolve(info);
      }
    });
  });
}

const broadcast = (message: unknown): void => {
  for (const c of wss.clients) c.send(typeof message === 'string' ? message : JSON.stringify(message));
};

describe('web CoreClient', () => {
  it('posts validated input (defaults applied) with the token and returns the Result', async () => {
    const c = makeClient();
    const answer = await c.invoke('queue.list', { state: 'PENDING' });
    expect(answer).toEqual({ ok: true, value: { count: 0, groups: [] } });
    expect(seen).toEqual([
      { name: 'queue.list', body: { state: 'PENDING', limit: 200, offset: 0 }, authorization: 'Token tok-123' },
    ]);
  });

  it('passes error Results through unchanged', async () => {
    const c = makeClient(null);
    const answer = await c.invoke('app.info', {});
    expect(answer).toEqual({ ok: false, error: { code: 'not_found', message: 'no app.info' } });
    expect(seen[0]?.authorization).toBeUndefined();
  });

  it('refuses invalid input on the client with field-level errors, without a request', async () => {
    const c = makeClient();
    const answer = await c.invoke('queue.list', { limit: 5000 });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('validation.invalid');
    expect(Object.keys(answer.error.details ?? {})).toEqual(['limit']);
    expect(seen).toHaveLength(0);
  });

  it('answers an unreachable core with an error Result instead of throwing', async () => {
    const c = createWebClient({
      baseUrl: 'http://127.0.0.1:1/',
      wsUrl: 'ws://127.0.0.1:1/ws',
      fetch: (url, init) => fetch(url, init),
      socket: nodeSocket,
      token: () => null,
      backoff: { baseMs: 10_000, maxMs: 10_000, jitter: 0 },
    });
    client = c;
    const answer = await c.invoke('app.info', {});
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.message).toMatch(/^Core unreachable/);
  });

  it('delivers valid events and drops unknown or malformed ones', async () => {
    const c = makeClient();
    const got: EventEnvelope[] = [];
    c.onEvent((e) => got.push(e));
    await waitForState(c, 'open');
    expect(wsUrls).toEqual(['/ws?token=tok-123']);
    const tick = { utcMs: 1_795_000_000_000, siteCode: 'tfn', sunAltitudeDeg: -30.5, nightPhase: 'night' };
    const done = new Promise<void>((resolve) => c.onEvent((e) => e.event === 'queue.changed' && resolve()));
    broadcast('not json');
    broadcast({ event: 'nope.changed', payload: {} });
    broadcast({ event: 'clock.tick', payload: { ...tick, nightPhase: 'dusk' } });
    broadcast({ event: 'clock.tick', payload: tick });
    broadcast({ event: 'queue.changed', payload: { requestGroupIds: [3] } });
    await done;
    expect(got).toEqual([
      { event: 'clock.tick', payload: tick },
      { event: 'queue.changed', payload: { requestGroupIds: [3] } },
    ]);
  });

  it('reports the drop, reconnects with backoff, and stops for good on close()', async () => {
    const c = makeClient();
    const states: ConnectionState[] = [];
    c.onConnection((i) => states.push(i.state));
    await waitForState(c, 'open');
    const dropped = waitForState(c, 'reconnecting');
    for (const s of wss.clients) s.close(4000, 'core restarting');
    const info = await dropped;
    expect(info.retryInMs).toBe(20);
    expect(info.lastError).toBe('core restarting (4000)');
    await waitForState(c, 'open');
    expect(wsUrls).toHaveLength(2);
    c.close();
    expect(c.connection.state).toBe('closed');
    expect(states).toEqual(['open', 'reconnecting', 'open', 'closed']);
  });
});
