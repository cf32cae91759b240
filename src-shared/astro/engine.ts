/**
 * The one seam to astronomy-engine. It throws plain strings; everything that calls into it goes
 * through `guard` so callers only ever see `AppError`s.
 */
import { AppError } from '../errors';

/** Runs `fn`, turning anything astronomy-engine throws (often a bare string) into an AppError. */
export function guard<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (thrown) {
    if (thrown instanceof AppError) throw thrown;
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    throw new AppError('internal', `astronomy-engine: ${what}: ${message}`, { what });
  }
}
