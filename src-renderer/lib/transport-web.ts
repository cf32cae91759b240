/**
 * CoreClient for the browser console served by the core: invocations are `POST /ipc/<name>` with
 * the JSON input (answer: a `Result`, HTTP 200 even for errors); events arrive on a WebSocket at
 * `/ws`, reopened with backoff whenever it closes.
 */
import type { InvocationInput, InvocationName, InvocationOutput } from '../../src-shared/ipc/contract';
import type { Result } from '../../src-shared/ipc/result';
import { err } from '../../src-shared/ipc/result';
import type { BackoffOptions } from './backoff';
import { DEFAULT_BACKOFF, backoffDelayMs } from './backoff';
import type { ConnectionHandler, ConnectionInfo, CoreClient, EventHandler } from './transport';
import { dispatch, isResultShape, parseEnvelope, validateInput } from './transport';

/** The few socket callbacks the client needs; adapts a browser WebSocket (or `ws` in tests). */
export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  close(code: number, reason: string): void;
}
export interface EventSocket {
  close(): void;
}
export type SocketFactory = (url: string, handlers: SocketHandlers) => EventSocket;

/** Minimal `fetch` the client calls. */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
) => Promise<{ status: number; json(): Promise<unknown> }>;

export interface WebClientOptions {
  /** Base URL of the core, ending in `/` (e.g. `http://127.0.0.1:8123/`). */
  baseUrl: string;
  /** WebSocket URL of the event stream (e.g. `ws://127.0.0.1:8123/ws`). */
  wsUrl: string;
  fetch: FetchLike;
  socket: SocketFactory;
  /** The access token, or null; read on every call so a token entered later is used. */
  token: () => string | null;
  backoff?: BackoffOptions;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Browser WebSocket adapter. */
export const browserSocket: SocketFactory = (url, h) => {
  const ws = new WebSocket(url);
  ws.onopen = () => h.open();
  ws.onmessage = (e: MessageEvent) => h.message(e.data);
  ws.onclose = (e: CloseEvent) => h.close(e.code, e.reason);
  return ws;
};

/** Default options for a console served by the core at `location`. */
export function browserOptions(location: Location, token: () => string | null): WebClientOptions {
  const wsProtocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return {
    baseUrl: `${location.origin}/`,
    wsUrl: `${wsProtocol}//${location.host}/ws`,
    fetch: (url, init) => fetch(url, init),
    socket: browserSocket,
    token,
  };
}

export function createWebClient(options: WebClientOptions): CoreClient {
  const handlers = new Set<EventHandler>();
  const connectionHandlers = new Set<ConnectionHandler>();
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let info: ConnectionInfo = { state: 'connecting', attempt: 0, retryInMs: null, lastError: null };
  let socket: EventSocket | null = null;
  let timer: unknown = null;
  let stopped = false;

  const setInfo = (next: ConnectionInfo): void => {
    info = next;
    dispatch(connectionHandlers, next);
  };

  const socketUrl = (): string => {
    // Browsers cannot set headers on a WebSocket, so the token (needed when bound beyond loopback) rides in the query.
    const token = options.token();
    return token === null ? options.wsUrl : `${options.wsUrl}?token=${encodeURIComponent(token)}`;
  };

  const open = (): void => {
    timer = null;
    if (stopped) return;
    let opened = false;
    const current = options.socket(socketUrl(), {
      open: () => {
        if (stopped || socket !== current) return;
        opened = true;
        setInfo({ state: 'open', attempt: 0, retryInMs: null, lastError: null });
      },
      message: (data) => {
        if (stopped || socket !== current) return;
        const envelope = parseEnvelope(data);
        if (envelope !== null) dispatch(handlers, envelope);
      },
      close: (code, reason) => {
        if (socket !== current) return;
        socket = null;
        if (stopped) return;
        const attempt = opened ? 0 : info.attempt;
        const delay = backoffDelayMs(attempt, backoff, options.random);
        const why = reason !== '' ? `${reason} (${code})` : `socket closed (${code})`;
        setInfo({ state: 'reconnecting', attempt: attempt + 1, retryInMs: delay, lastError: why });
        timer = setTimer(open, delay);
      },
    });
    socket = current;
  };

  open();

  return {
    kind: 'web',
    get connection(): ConnectionInfo {
      return info;
    },
    async invoke<N extends InvocationName>(name: N, input: InvocationInput<N>): Promise<Result<InvocationOutput<N>>> {
      const checked = validateInput(name, input);
      if (!checked.ok) return checked;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const token = options.token();
      if (token !== null) headers.authorization = `Token ${token}`;
      try {
        const res = await options.fetch(`${options.baseUrl}ipc/${name}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(checked.value),
        });
        const body = await res.json();
        if (isResultShape(body)) return body as Result<InvocationOutput<N>>;
        return err({ code: 'internal', message: `Unexpected answer from the core for ${name} (HTTP ${res.status})` });
      } catch (thrown) {
        const why = thrown instanceof Error ? thrown.message : String(thrown);
        return err({ code: 'internal', message: `Core unreachable: ${why}` });
      }
    },
    onEvent(handler: EventHandler): () => void {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    onConnection(handler: ConnectionHandler): () => void {
      connectionHandlers.add(handler);
      return () => connectionHandlers.delete(handler);
    },
    close(): void {
      if (stopped) return;
      stopped = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
      const s = socket;
      socket = null;
      s?.close();
      setInfo({ state: 'closed', attempt: 0, retryInMs: null, lastError: null });
      handlers.clear();
      connectionHandlers.clear();
    },
  };
}
