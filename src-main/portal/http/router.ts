/**
 * The portal's route plumbing: DRF-shaped answers, caller resolution (`Authorization: Token`,
 * or the data dir's access token as the staff `demo` user), JSON bodies with a size limit, and a
 * guard that turns any unexpected failure into a logged 500 instead of a dropped connection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../../src-shared/errors';
import { sendJson, type HttpCallContext, type HttpRoute } from '../../api';
import type { Logger } from '../../logging';
import { accessTokenUser, userByToken } from '../auth';
import type { Caller, Db } from '../types';

/** Largest accepted JSON body; the portal refuses bigger ones with 413. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Beyond this the connection is cut rather than drained. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

export type Access = 'anon' | 'user' | 'staff' | 'login';

export interface RouteCall {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  match: RegExpExecArray;
  /** null = anonymous (only on 'anon' routes). */
  caller: Caller | null;
  nowUtcMs: number;
}

export interface RouterDeps {
  db: Db;
  nowMs(): number;
  logger: Logger;
}

export const DETAIL = {
  noCredentials: 'Authentication credentials were not provided.',
  invalidToken: 'Invalid token.',
  forbidden: 'You do not have permission to perform this action.',
  notFound: 'Not found.',
} as const;

/** Path pattern with an optional trailing slash (clients call both forms). */
export function path(body: string): RegExp {
  return new RegExp(`^${body.replace(/\/$/, '')}/?$`);
}

function tokenOf(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^(?:Token|Bearer)\s+(\S+)\s*$/i.exec(h.trim());
  return m?.[1] ?? '';
}

export function makeRoute(deps: RouterDeps, method: string, pattern: RegExp, access: Access, handle: (call: RouteCall) => Promise<void> | void): HttpRoute {
  const log = deps.logger.child('portal');
  return {
    method,
    pattern,
    authenticatesItself: true,
    async handle(req: IncomingMessage, res: ServerResponse, match: RegExpExecArray, ctx: HttpCallContext): Promise<void> {
      try {
        const nowUtcMs = deps.nowMs();
        const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
        let caller: Caller | null = null;
        if (ctx.authenticated) caller = await accessTokenUser(deps.db, nowUtcMs);
        else {
          const token = tokenOf(req);
          if (token !== null) {
            caller = token === '' ? null : await userByToken(deps.db, token);
            if (!caller) return drain(req, res, 401, { detail: DETAIL.invalidToken });
          }
        }
        // `login` (api-token-auth) is how a caller gets credentials, so it is open even when
        // the server demands credentials for everything else.
        const needsCaller = access === 'login' ? false : access !== 'anon' || ctx.requireCaller;
        if (needsCaller && !caller) return drain(req, res, 401, { detail: DETAIL.noCredentials });
        if (access === 'staff' && !caller?.isStaff) return drain(req, res, 403, { detail: DETAIL.forbidden });
        await handle({ req, res, url, match, caller, nowUtcMs });
      } catch (error) {
        if (error instanceof AppError && error.code === 'conflict.state') {
          if (!res.headersSent) sendJson(res, 400, { errors: [error.message] });
          return;
        }
        log.error('portal request failed', { method: req.method, url: req.url, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        if (!res.headersSent) sendJson(res, 500, { detail: 'Internal server error.' });
        else res.end();
      }
    },
  };
}

/** Answers after discarding any unread body (so the client sees the status, not a reset). */
function drain(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  if (req.readableEnded) return sendJson(res, status, body);
  req.resume();
  sendJson(res, status, body);
}

export type BodyResult = { ok: true; value: unknown } | { ok: false };

/**
 * Reads a JSON body. Too large → 413 (the rest is drained, or the connection closed past 64 MB);
 * malformed → 400 `{"detail": "JSON parse error - …"}`; empty → `{}`.
 */
export function readJson(req: IncomingMessage, res: ServerResponse, limitBytes = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve) => {
    const tooLarge = (size: number): void => {
      sendJson(res, 413, { detail: `Request body too large: ${size} bytes or more; the limit is ${limitBytes} bytes.` });
      resolve({ ok: false });
    };
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limitBytes) {
      res.setHeader('Connection', 'close');
      if (declared > DRAIN_LIMIT_BYTES) {
        tooLarge(declared);
        res.on('finish', () => req.destroy());
        return;
      }
      req.resume();
      req.on('end', () => tooLarge(declared));
      req.on('error', () => resolve({ ok: false }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        over = true;
        chunks.length = 0;
        if (size > DRAIN_LIMIT_BYTES) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => resolve({ ok: false }));
    req.on('end', () => {
      if (over) {
        res.setHeader('Connection', 'close');
        return tooLarge(size);
      }
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return resolve({ ok: true, value: {} });
      try {
        resolve({ ok: true, value: JSON.parse(text) as unknown });
      } catch (error) {
        sendJson(res, 400, { detail: `JSON parse error - ${(error as Error).message}` });
        resolve({ ok: false });
      }
    });
  });
}

export { sendJson };
