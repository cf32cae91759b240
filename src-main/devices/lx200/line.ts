/**
 * One LX200 conversation over a byte link: one command in flight at a time, reply framing by
 * command kind, timeouts on the Clock, leftovers flushed before each command (after `:SC#`, `:MS#`
 * errors and `:CM#` mounts often send more than expected), and a `#` prefix to resynchronise the
 * mount's parser after a timeout or garbage.
 */
import type { Clock } from '../../clock';
import { deviceError, withDeadline } from '../errors';
import type { ByteLink } from '../transport';
import type { ReplyKind } from './protocol';
import { takeReply } from './protocol';

export interface ExchangeOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

const latin1 = new TextDecoder('latin1');

export class Lx200Line {
  private rx = '';
  private wakeRead: (() => void) | null = null;
  private queue: Promise<void> = Promise.resolve();
  private needResync = false;
  private closed = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly link: ByteLink,
    private readonly clock: Clock,
    private readonly name: string,
  ) {
    this.unsubscribe.push(
      link.onData((chunk) => {
        this.rx += latin1.decode(chunk);
        this.wakeRead?.();
      }),
      link.onClose(() => {
        this.closed = true;
        this.wakeRead?.();
      }),
    );
  }

  get isOpen(): boolean {
    return !this.closed && this.link.isOpen;
  }

  /** Sends `command` (e.g. `:GR#` or `\x06`) and returns its reply framed as `kind`. */
  exchange(command: string, kind: ReplyKind, opts: ExchangeOptions): Promise<string> {
    const run = (): Promise<string> => this.exchangeNow(command, kind, opts);
    const p = this.queue.then(run, run);
    this.queue = p.then(
      () => undefined,
      () => undefined,
    );
    return p;
  }

  async close(): Promise<void> {
    for (const u of this.unsubscribe) u();
    this.closed = true;
    await this.link.close();
  }

  private async exchangeNow(command: string, kind: ReplyKind, opts: ExchangeOptions): Promise<string> {
    if (!this.isOpen) throw deviceError('device.disconnected', `${this.name}: serial link closed`);
    return withDeadline(this.clock, opts, opts.timeoutMs, `${this.name} ${printable(command)}`, async (signal) => {
      this.rx = ''; // whatever is left belongs to an earlier, finished command
      const prefix = this.needResync ? '#' : '';
      this.needResync = true; // cleared only when this exchange completes cleanly
      await this.link.write(Buffer.from(prefix + command, 'latin1'));
      for (;;) {
        const got = takeReply(this.rx, kind);
        if (got) {
          this.rx = this.rx.slice(got[1]);
          this.needResync = false;
          return got[0];
        }
        if (!this.isOpen) throw deviceError('device.disconnected', `${this.name}: serial link closed`);
        await this.nextData(signal);
      }
    });
  }

  /** Call after a reply failed to parse: the next command resynchronises. */
  markGarbage(): void {
    this.needResync = true;
  }

  private nextData(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        this.wakeRead = null;
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        this.wakeRead = null;
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      if (signal.aborted) return onAbort();
      this.wakeRead = done;
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function printable(s: string): string {
  let out = '';
  for (const c of s) {
    const code = c.charCodeAt(0);
    out += code < 0x20 || code >= 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : c;
  }
  return out;
}
