import type { z } from 'zod';
import type { FieldErrors } from '../errors';
import { AppError } from '../errors';

/** Converts zod issues into field-keyed messages: `{ "limit": ["Too big: expected number to be <=1000"] }`. */
export function zodIssuesToFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.length === 0 ? 'non_field_errors' : issue.path.map(String).join('.');
    const list = out[key];
    if (Array.isArray(list)) (list as string[]).push(issue.message);
    else out[key] = [issue.message];
  }
  return out;
}

/** Parses `value` with `schema` or throws a `validation.invalid` AppError with field-level details. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError('validation.invalid', `Invalid ${what}`, zodIssuesToFieldErrors(parsed.error.issues));
}
