import { AppError } from '../../src-shared/errors';
import {
  invocations,
  isInvocationName,
  type InvocationArgs,
  type InvocationName,
  type InvocationOutput,
} from '../../src-shared/ipc/contract';
import { attempt, err, type Result } from '../../src-shared/ipc/result';
import { zodIssuesToFieldErrors } from '../../src-shared/ipc/validate';

/** Who is calling: the adapters decide; handlers never see raw transport details. */
export interface CallContext {
  /** May this caller invoke write operations? */
  canWrite: boolean;
  /** Which shell carried the call. */
  via: 'electron' | 'http' | 'cli';
}

export type Handler<N extends InvocationName> = (
  args: InvocationArgs<N>,
  ctx: CallContext,
) => InvocationOutput<N> | Promise<InvocationOutput<N>>;

/** One handler per contract entry: a missing one is a compile error. */
export type Handlers = { [N in InvocationName]: Handler<N> };

export type Dispatch = (name: string, input: unknown, ctx: CallContext) => Promise<Result<unknown>>;

/**
 * The adapter-independent entry point: checks the name, the caller's right to write and the
 * input (field-level errors), runs the handler, and returns a Result. Never throws.
 */
export function createDispatch(handlers: Handlers, onInternalError: (name: string, error: unknown) => void): Dispatch {
  return async (name, input, ctx) => {
    if (!isInvocationName(name)) return err({ code: 'not_found', message: `Unknown invocation "${name}"` });
    const spec = invocations[name];
    if (spec.write && !ctx.canWrite) {
      return err({ code: 'auth.required', message: `"${name}" changes state and needs the access token (see: nightshift token)` });
    }
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      return err({ code: 'validation.invalid', message: `Invalid input for "${name}"`, details: zodIssuesToFieldErrors(parsed.error.issues) });
    }
    const handler = handlers[name] as Handler<InvocationName>;
    const result = await attempt(() => handler(parsed.data as never, ctx));
    if (!result.ok && result.error.code === 'internal') onInternalError(name, result.error);
    if (!result.ok) return result;
    return checkOutput(name, result.value);
  };
}

/** The core promises outputs match the contract; a mismatch is our bug, reported as such. */
function checkOutput(name: InvocationName, value: unknown): Result<unknown> {
  const parsed = invocations[name].output.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const error = new AppError('internal', `Output of "${name}" does not match the contract`, zodIssuesToFieldErrors(parsed.error.issues));
  return err(error.toJSON());
}
