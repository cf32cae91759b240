/**
 * Shared helpers for device code: coded errors, deadlines (timeout + cancellation on the Clock) and
 * post-condition checks. Every family uses these so a timeout looks the same whichever protocol hit it.
 */
import type { ErrorCode } from '../../src-shared/errors';
import { AppError } from '../../src-shared/errors';
import type { Clock } from '../clock';
import type { CallOptions } from './types';

export type DeviceErrorCode = Extract<ErrorCode, `device.${string}`>;

/** An AppError with a `device.*` code. */
export function deviceError(code: DeviceErrorCode, message: string, details?: Record<string, unknown>): AppError {
  return new AppError(code, message, details);
}

/** True for an AppError with one of the given codes (any device code when none given). */
export function isDeviceError(thrown: unknown, ...codes: DeviceErrorCode[]): thrown is AppError {
  if (!(thrown instanceof AppError)) return false;
  if (codes.length === 0) return thrown.code.startsWith('device.');
  return (codes as string[]).includes(thrown.code);
}

/** Throws `device.postcondition` unless `ok`. */
export function ensurePostcondition(ok: boolean, what: string, details?: Record<string, unknown>): void {
  if (!ok) throw deviceError('device.postcondition', `post-condition failed: ${what}`, details);
}

/**
 * Runs `fn` with a signal that aborts when the caller's signal aborts or when `timeoutMs`
 * (opts.timeoutMs, else `defaultTimeoutMs`) of clock time has passed. On timeout it rejects with
 * `device.timeout` whatever `fn` does; on caller abort with the caller's reason. `fn` should pass the
 * signal to every wait so nothing keeps running after the deadline.
 */
export async function withDeadline<T>(
  clock: Clock,
  opts: CallOptions | undefined,
  defaultTimeoutMs: number,
  what: string,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const outer = opts?.signal;
  if (outer?.aborted) throw outer.reason ?? new Error('aborted');
  const timeoutMs = opts?.timeoutMs ?? defaultTimeoutMs;
  const inner = new AbortController();
  const timer = new AbortController();
  const onOuterAbort = (): void => inner.abort(outer?.reason ?? new Error('aborted'));
  outer?.addEventListener('abort', onOuterAbort, { once: true });

  const timeout = clock.sleep(timeoutMs, timer.signal).then(
    () => {
      const error = deviceError('device.timeout', `${what}: no result within ${timeoutMs} ms`, { timeoutMs });
      inner.abort(error);
      throw error;
    },
    () => undefined as never, // timer cancelled: the race was decided elsewhere
  );
  const aborted = new Promise<never>((_, reject) => {
    if (inner.signal.aborted) reject(asError(inner.signal.reason));
    inner.signal.addEventListener('abort', () => reject(asError(inner.signal.reason)), { once: true });
  });
  try {
    return await Promise.race([fn(inner.signal), timeout, aborted]);
  } finally {
    timer.abort();
    outer?.removeEventListener('abort', onOuterAbort);
    // Losing promises must not surface as unhandled rejections.
    aborted.catch(() => undefined);
    timeout.catch(() => undefined);
  }
}

/** A promise that never resolves and rejects with the signal's reason when it aborts (a stalled device). */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (signal.aborted) reject(asError(signal.reason));
    else signal.addEventListener('abort', () => reject(asError(signal.reason)), { once: true });
  });
}

/**
 * Polls `check` every `pollMs` of clock time until it returns true; rejects with the signal's reason
 * when aborted (pair with {@link withDeadline} for a timeout).
 */
export async function pollUntil(
  clock: Clock,
  check: () => boolean | Promise<boolean>,
  pollMs: number,
  signal: AbortSignal,
): Promise<void> {
  for (;;) {
    if (signal.aborted) throw signal.reason;
    if (await check()) return;
    await clock.sleep(pollMs, signal);
  }
}

/** Abort reasons are Errors in practice (AbortSignal defaults to a DOMException); wrap anything else. */
function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(typeof reason === 'string' ? reason : 'aborted');
}
