/**
 * One HTTP GET for the online name resolvers: Node's `fetch` with a wall-clock timeout and the
 * caller's abort signal. Network latency is real time, not observatory time, so the timeout is an
 * `AbortSignal.timeout` rather than a `Clock` sleep (a simulated clock running 60× would otherwise
 * cut every query short). Throws on network errors, timeouts and aborts; HTTP errors are returned.
 */

export interface HttpGetOptions {
  /** Give up after this many real milliseconds (> 0). */
  timeoutMs: number;
  /** The caller's cancel; only `aborted` is read unless it is a real AbortSignal. */
  signal?: { readonly aborted: boolean } | undefined;
}

export interface HttpGetResult {
  status: number;
  text: string;
}

/** What the resolvers need from HTTP (tests may pass another implementation; the default is `httpGet`). */
export type HttpGet = (url: string, opts: HttpGetOptions) => Promise<HttpGetResult>;

/** GET `url` as text. Throws an Error naming the cause when the server cannot be reached in time. */
export async function httpGet(url: string, opts: HttpGetOptions): Promise<HttpGetResult> {
  // Read through a function: the flag changes while we wait, which narrowing cannot see.
  const aborted = (): boolean => opts.signal?.aborted === true;
  if (aborted()) throw new Error('cancelled');
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal instanceof AbortSignal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  try {
    const res = await fetch(url, { signal, headers: { accept: '*/*', 'user-agent': 'Nightshift observatory control (name resolver)' } });
    return { status: res.status, text: await res.text() };
  } catch (e) {
    if (timeout.aborted) throw new Error(`no answer within ${Math.round(opts.timeoutMs / 1000)} s`, { cause: e });
    if (aborted()) throw new Error('cancelled', { cause: e });
    // undici hides the useful part (ENOTFOUND, ECONNREFUSED) in `cause`.
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : null;
    throw new Error(cause ?? (e instanceof Error ? e.message : String(e)), { cause: e });
  }
}
