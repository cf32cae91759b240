import type { AppErrorShape } from '../errors';
import { toAppError } from '../errors';

/** What every invocation across the IPC/HTTP boundary returns: it never throws. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (error: AppErrorShape): Result<never> => ({ ok: false, error });

/** Runs `fn`, returning its value or the thrown error as a Result. */
export async function attempt<T>(fn: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (thrown) {
    return err(toAppError(thrown));
  }
}
