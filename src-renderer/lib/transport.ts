/**
 * The console's one way to reach the core. `CoreClient` is typed from the contract; two
 * implementations exist — Electron (the preload's `window.nightshift`) and web (HTTP POST /ipc/<name>
 * plus a WebSocket at /ws) — and `createCoreClient` picks one at start. Nothing else in the console
 * knows which shell it runs in.
 */
import type { z } from 'zod';
import type {
  EventEnvelope,
  InvocationArgs,
  InvocationInput,
  InvocationName,
  InvocationOutput,
} from '../../src-shared/ipc/contract';
import { events, invocations, isEventName } from '../../src-shared/ipc/contract';
import type { Result } from '../../src-shared/ipc/result';
import { err, ok } from '../../src-shared/ipc/result';
import { zodIssuesToFieldErrors } from '../../src-shared/ipc/validate';

/** Link state as the status bar shows it. Electron's IPC is always `open`. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectionInfo {
  state: ConnectionState;
  /** Retries since the link was last open; 0 while open. */
  attempt: number;
  /** Delay before the next reconnect attempt, ms; null unless `reconnecting`. */
  retryInMs: number | null;
  /** Why the link last dropped, if known. */
  lastError: string | null;
}

export type EventHandler = (envelope: EventEnvelope) => void;
export type ConnectionHandler = (info: ConnectionInfo) => void;

export interface CoreClient {
  readonly kind: 'electron' | 'web';
  /** Current link state (a snapshot; subscribe with `onConnection`). */
  readonly connection: ConnectionInfo;
  /** Calls an invocation. Never rejects: transport failures come back as `{ ok: false }`. */
  invoke<N extends InvocationName>(name: N, input: InvocationInput<N>): Promise<Result<InvocationOutput<N>>>;
  /** Receives every event from the core; returns the unsubscribe. */
  onEvent(handler: EventHandler): () => void;
  /** Receives link state changes (not the current one); returns the unsubscribe. */
  onConnection(handler: ConnectionHandler): () => void;
  /** Stops the client: closes the socket and cancels reconnects. */
  close(): void;
}

/**
 * Validates an invocation's input against the contract on the client, so a form can show
 * field-level errors without a round trip. Returns the parsed input (defaults applied) or a
 * `validation.invalid` error with field-keyed details.
 */
export function validateInput<N extends InvocationName>(name: N, input: unknown): Result<InvocationArgs<N>> {
  const schema = invocations[name].input as unknown as z.ZodType<InvocationArgs<N>>;
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return err({
    code: 'validation.invalid',
    message: `Invalid input for ${name}`,
    details: zodIssuesToFieldErrors(parsed.error.issues),
  });
}

/** True for a value shaped like a contract `Result` (the boundary's only answer form). */
export function isResultShape(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: unknown };
  if (v.ok === true) return 'value' in value;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const e = v.error as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' && typeof e.message === 'string';
}

/**
 * Parses one wire message into an event envelope, or null when it is not one we know. The
 * payload is validated against the contract: the console trusts the core, but a version skew
 * between console and core should drop a message, not crash a store.
 */
export function parseEnvelope(data: unknown): EventEnvelope | null {
  let value: unknown = data;
  if (typeof data === 'string') {
    try {
      value = JSON.parse(data);
    } catch {
      return null;
    }
  }
  if (typeof value !== 'object' || value === null) return null;
  const { event, payload } = value as { event?: unknown; payload?: unknown };
  if (typeof event !== 'string' || !isEventName(event)) return null;
  const parsed = events[event].safeParse(payload);
  if (!parsed.success) return null;
  return { event, payload: parsed.data };
}

/** Calls every handler, isolating a throwing one so the others still run. */
export function dispatch<T>(handlers: Iterable<(value: T) => void>, value: T): void {
  for (const h of handlers) {
    try {
      h(value);
    } catch (thrown) {
      console.error('[nightshift] event handler failed', thrown);
    }
  }
}
