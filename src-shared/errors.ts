/**
 * Errors with stable dotted codes. Codes are part of the contract: the console, the CLI and
 * tests match on them, so rename one only with a migration note.
 */
export type ErrorCode =
  | 'validation.invalid'
  | 'not_found'
  | 'conflict.state'
  | 'auth.required'
  | 'auth.invalid'
  | 'db.locked'
  | 'db.migration'
  | 'config.invalid'
  | 'device.timeout'
  | 'device.disconnected'
  | 'device.error'
  | 'device.postcondition'
  | 'device.unsafe'
  | 'device.busy'
  | 'device.protocol'
  | 'device.unsupported'
  | 'internal';

/** Field-keyed messages, OCS style: `{ "requests": [{ "windows": ["…"] }] }` or `{ field: ["…"] }`. */
export type FieldErrors = { [field: string]: string[] | FieldErrors | FieldErrors[] };

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  /** Field-level detail for validation errors; free-form context otherwise. */
  details?: FieldErrors | Record<string, unknown>;
}

export class AppError extends Error implements AppErrorShape {
  readonly code: ErrorCode;
  readonly details?: FieldErrors | Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: FieldErrors | Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }

  toJSON(): AppErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** Turns anything thrown into an AppErrorShape; unknown errors become `internal`. */
export function toAppError(thrown: unknown): AppErrorShape {
  if (thrown instanceof AppError) return thrown.toJSON();
  if (thrown instanceof Error) return { code: 'internal', message: thrown.message };
  return { code: 'internal', message: String(thrown) };
}
