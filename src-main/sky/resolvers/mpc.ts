/**
 * The Minor Planet Center's Orbits API for asteroids and comets: asks `get-orb` for the MPC's
 * best-fit orbit of a designation or name and answers an orbital-elements target in the OCS schemes
 * MPC_MINOR_PLANET or MPC_COMET.
 *
 * The API takes its parameter as a JSON body on a GET (`{"desig": "1P"}`, per the MPC's
 * documentation), which `fetch` refuses to send, so this file speaks node:http(s) directly.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { NameResolver, ResolveAnswer, ResolveOptions } from '../../../src-shared/sky';
import type { HttpGetOptions, HttpGetResult } from './http-get';
import { mpcDesignation, parseMpcOrbit } from './mpc-parse';

/** The public Orbits API endpoint (data.minorplanetcenter.net). */
export const MPC_BASE_URL = 'https://data.minorplanetcenter.net/api/get-orb';

/** A GET carrying a JSON body (tests may pass another implementation; the default is `httpGetJsonBody`). */
export type HttpGetJsonBody = (url: string, body: unknown, opts: HttpGetOptions) => Promise<HttpGetResult>;

/** Bodies larger than this are cut off: an orbit with covariances is ~12 kB. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** GET `url` with `body` as JSON. Throws an Error naming the cause when the server cannot be reached in time. */
export function httpGetJsonBody(url: string, body: unknown, opts: HttpGetOptions): Promise<HttpGetResult> {
  if (opts.signal?.aborted === true) return Promise.reject(new Error('cancelled'));
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  const u = new URL(url);
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  const signal = opts.signal;
  return new Promise<HttpGetResult>((resolve, reject) => {
    let settled = false;
    const cleanUp = (): void => {
      clearTimeout(timer);
      if (signal instanceof AbortSignal) signal.removeEventListener('abort', onAbort);
    };
    const fail = (e: Error): void => {
      if (settled) return;
      settled = true;
      cleanUp();
      req.destroy();
      reject(e);
    };
    const onAbort = (): void => fail(new Error('cancelled'));
    const req = request(
      u,
      { method: 'GET', headers: { 'content-type': 'application/json', 'content-length': String(payload.length), accept: 'application/json', 'user-agent': 'Nightshift observatory control (name resolver)' } },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY_BYTES) fail(new Error('answer too large'));
          else chunks.push(c);
        });
        res.on('error', (e) => fail(e));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          cleanUp();
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    // Real time, not observatory time: see http-get.ts.
    const timer = setTimeout(() => fail(new Error(`no answer within ${Math.round(opts.timeoutMs / 1000)} s`)), opts.timeoutMs);
    if (signal instanceof AbortSignal) signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e: NodeJS.ErrnoException) => fail(new Error(e.code ?? e.message, { cause: e })));
    req.end(payload);
  });
}

export interface MpcOptions {
  baseUrl?: string;
  /** Real milliseconds before a query is given up (default 10000). */
  timeoutMs?: number;
  get?: HttpGetJsonBody;
}

export class MpcResolver implements NameResolver {
  readonly id = 'mpc' as const;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly get: HttpGetJsonBody;

  constructor(opts: MpcOptions = {}) {
    this.baseUrl = opts.baseUrl ?? MPC_BASE_URL;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.get = opts.get ?? httpGetJsonBody;
  }

  /** Never throws: unreachable or failing service → `offline`; unknown designation → `not-found`. */
  async resolve(name: string, opts: ResolveOptions): Promise<ResolveAnswer> {
    const desig = mpcDesignation(name);
    if (desig === '') return { status: 'not-found', resolver: 'mpc', message: 'No designation given' };
    let res;
    try {
      res = await this.get(this.baseUrl, { desig }, { timeoutMs: this.timeoutMs, signal: opts.signal });
    } catch (e) {
      return { status: 'offline', resolver: 'mpc', message: `The MPC could not be reached (${e instanceof Error ? e.message : String(e)})` };
    }
    if (res.status >= 500 || res.status === 429) return { status: 'offline', resolver: 'mpc', message: `The MPC answered HTTP ${res.status}` };
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      // A 4xx page in HTML means the designation was refused; anything else is a broken service.
      if (res.status >= 400) return { status: 'not-found', resolver: 'mpc', message: `The MPC knows no "${name.trim()}" (HTTP ${res.status})` };
      return { status: 'offline', resolver: 'mpc', message: `The MPC answered something that is not JSON (HTTP ${res.status})` };
    }
    const parsed = parseMpcOrbit(body, name);
    if (parsed.kind !== 'elements') return { status: 'not-found', resolver: 'mpc', message: parsed.message };
    return {
      status: 'found',
      result: { canonicalName: parsed.canonicalName, otherNames: [], target: { kind: 'orbital-elements', elements: parsed.elements }, vMag: null, objectType: parsed.objectType, resolver: 'mpc' },
    };
  }
}
