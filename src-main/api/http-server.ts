import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { toAppError, type AppErrorShape } from '../../src-shared/errors';
import type { EventEnvelope } from '../../src-shared/ipc/contract';
import { isLoopback } from '../config';
import type { EventBus } from '../events/bus';
import type { Dispatch } from '../ipc';
import type { Logger } from '../logging';
import { parseJsonBody, readBody } from './read-body';
import { serveStatic } from './static-files';
import { tokenFromAuthorization, tokenMatches } from './token';

/** What a route handler learns about the caller. */
export interface HttpCallContext {
  /** The caller presented the data dir's access token. */
  authenticated: boolean;
  /**
   * The server is bound beyond loopback, so every call needs credentials: a route that
   * authenticates its callers itself must refuse anonymous ones.
   */
  requireCaller: boolean;
}

/** An extra HTTP route (the OCS-compatible `/api/…` endpoints register through this). */
export interface HttpRoute {
  method: string;
  pattern: RegExp;
  /**
   * The route checks credentials itself (e.g. the OCS API's per-user tokens), so the server does
   * not demand the data dir's token first; it passes `requireCaller` instead.
   */
  authenticatesItself?: boolean;
  handle(req: IncomingMessage, res: ServerResponse, match: RegExpExecArray, ctx: HttpCallContext): Promise<void>;
}

export interface HttpServerOptions {
  dispatch: Dispatch;
  bus: EventBus;
  token: string;
  bindAddress: string;
  port: number;
  rendererDir: string | null;
  logger: Logger;
  routes?: HttpRoute[];
}

export interface RunningHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const IPC_BODY_LIMIT = 1024 * 1024;

// The console's own origin only; the Sky atlas's survey hosts are added when that view exists.
const CSP = [
  "default-src 'self'",
  // aladin-lite (the atlas) compiles its WASM core, fetched from a data: URL inside its own chunk.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https://alasky.cds.unistra.fr https://alaskybis.cds.unistra.fr",
  // Survey hosts of the atlas (HiPS tiles and properties); keep in step with features/sky/survey-probe.ts.
  "connect-src 'self' ws: wss: data: https://alasky.cds.unistra.fr https://alaskybis.cds.unistra.fr",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The HTTP + WebSocket adapter: `POST /ipc/<name>` serves the contract, `/ws` streams its events,
 * extra routes serve the OCS API, and everything else is the built console. Bound to loopback,
 * reads are open and writes need the token; bound elsewhere, everything but the console's static
 * files needs the token.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { dispatch, bus, token, logger } = options;
  const loopbackOnly = isLoopback(options.bindAddress);
  const routes = options.routes ?? [];
  const log = logger.child('http');

  const authenticated = (req: IncomingMessage, url: URL): boolean =>
    tokenMatches(tokenFromAuthorization(req.headers.authorization) ?? url.searchParams.get('token'), token);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error('request failed', { url: req.url, error: String(error) });
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: toAppError(error) });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (loopbackOnly && !hostIsLoopback(req.headers.host)) {
      // DNS-rebinding guard: a loopback server answers only to loopback host names.
      return sendJson(res, 421, { ok: false, error: { code: 'auth.invalid', message: 'Misdirected request' } });
    }
    const isAuthenticated = authenticated(req, url);
    const needsTokenForReads = !loopbackOnly;

    if (url.pathname === '/healthz') return sendJson(res, 200, { ok: true });

    if (url.pathname.startsWith('/ipc/')) {
      if (req.method !== 'POST') return sendJson(res, 405, fail('validation.invalid', 'Use POST'));
      if (needsTokenForReads && !isAuthenticated) return sendJson(res, 401, fail('auth.required', 'This server needs the access token'));
      const name = decodeURIComponent(url.pathname.slice('/ipc/'.length));
      let input: unknown;
      try {
        input = parseJsonBody(await readBody(req, IPC_BODY_LIMIT));
      } catch (error) {
        return sendJson(res, 400, { ok: false, error: toAppError(error) });
      }
      const result = await dispatch(name, input, { canWrite: isAuthenticated, via: 'http' });
      return sendJson(res, result.ok ? 200 : statusFor(result.error), result);
    }

    for (const route of routes) {
      if (route.method !== req.method) continue;
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      if (needsTokenForReads && !isAuthenticated && !route.authenticatesItself) {
        return sendJson(res, 401, { detail: 'Authentication credentials were not provided.' });
      }
      return route.handle(req, res, match, { authenticated: isAuthenticated, requireCaller: needsTokenForReads });
    }

    if ((req.method === 'GET' || req.method === 'HEAD') && options.rendererDir) {
      res.setHeader('Content-Security-Policy', CSP);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
      if (serveStatic(options.rendererDir, url.pathname, res)) return;
    }
    sendJson(res, 404, fail('not_found', `Nothing at ${url.pathname}`));
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const allowed = url.pathname === '/ws' && (!loopbackOnly || hostIsLoopback(req.headers.host)) && (loopbackOnly || authenticated(req, url));
    if (!allowed) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  const sockets = new Set<WebSocket>();
  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => sockets.delete(ws));
  });
  const unsubscribe = bus.onAny((event, payload) => {
    if (sockets.size === 0) return;
    const text = JSON.stringify({ event, payload } satisfies EventEnvelope);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.bindAddress, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.bindAddress.includes(':') ? `[${options.bindAddress}]` : options.bindAddress;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        for (const ws of sockets) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function hostIsLoopback(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return isLoopback(name);
}

function fail(code: AppErrorShape['code'], message: string): { ok: false; error: AppErrorShape } {
  return { ok: false, error: { code, message } };
}

function statusFor(error: AppErrorShape): number {
  switch (error.code) {
    case 'validation.invalid':
    case 'config.invalid':
      return 400;
    case 'auth.required':
    case 'auth.invalid':
      return 401;
    case 'not_found':
      return 404;
    case 'conflict.state':
    case 'db.locked':
      return 409;
    default:
      return error.code.startsWith('device.') ? 503 : 500;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}
