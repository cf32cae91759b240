/**
 * What every INDI-backed device shares: one client connection per server (shared by all devices of
 * a manager), the driver's CONNECTION switch, deadlines on the Clock, and change notification.
 */
import type { Clock } from '../../clock';
import { deviceError, withDeadline } from '../errors';
import type { CallOptions, DeviceBase, DeviceKind, DeviceStateOf, DriverContext, IndiDeviceConfig } from '../types';
import { IndiClient, type RequestOptions } from './client';
import type { IndiVector } from './properties';

/** Default timeouts, clock ms. */
export const INDI_QUICK_TIMEOUT_MS = 10_000;
export const INDI_CONNECT_TIMEOUT_MS = 20_000;
/** Longest single wait handed to the client; the deadline (withDeadline) is what really limits. */
const FOREVER_MS = 2_000_000_000;

interface PoolEntry {
  client: Promise<IndiClient>;
  refs: number;
}

/**
 * Acquires the shared connection to `host:port` (opening it on first use or after it closed).
 * Keyed `indi:host:port` in the manager's shared map.
 */
async function acquireClient(shared: Map<string, unknown>, host: string, port: number, clock: Clock, timeoutMs: number): Promise<IndiClient> {
  const key = `indi:${host}:${port}`;
  let entry = shared.get(key) as PoolEntry | undefined;
  if (entry) {
    const existing = await entry.client.catch(() => null);
    if (!existing?.isOpen) entry = undefined;
  }
  if (!entry) {
    const client = IndiClient.connect({ host, port, clock, connectTimeoutMs: timeoutMs });
    entry = { client, refs: 0 };
    shared.set(key, entry);
    client.catch(() => shared.delete(key));
  }
  entry.refs++;
  return entry.client;
}

function releaseClient(shared: Map<string, unknown>, host: string, port: number, client: IndiClient): void {
  const key = `indi:${host}:${port}`;
  const entry = shared.get(key) as PoolEntry | undefined;
  if (!entry) return;
  entry.refs--;
  if (entry.refs <= 0) {
    shared.delete(key);
    client.close();
  }
}

export abstract class IndiDevice<K extends DeviceKind> implements DeviceBase<K> {
  readonly family = 'indi' as const;
  readonly id: string;
  protected readonly device: string;
  protected readonly clock: Clock;
  protected client: IndiClient | null = null;
  private readonly host: string;
  private readonly port: number;
  private readonly changeListeners = new Set<() => void>();
  private unwatch: (() => void) | null = null;

  protected constructor(
    readonly kind: K,
    protected readonly config: IndiDeviceConfig,
    protected readonly ctx: DriverContext,
  ) {
    this.id = config.id;
    this.device = config.device;
    this.clock = ctx.clock;
    this.host = config.host;
    this.port = config.port ?? 7624;
  }

  async connect(opts?: CallOptions): Promise<void> {
    const timeoutMs = opts?.timeoutMs ?? this.config.timings?.connectTimeoutMs ?? INDI_CONNECT_TIMEOUT_MS;
    await withDeadline(this.clock, { ...opts, timeoutMs }, timeoutMs, `${this.id} connect`, async (signal) => {
      if (!this.client?.isOpen) {
        if (this.client) releaseClient(this.ctx.shared, this.host, this.port, this.client);
        this.client = null;
        this.client = await acquireClient(this.ctx.shared, this.host, this.port, this.clock, timeoutMs);
        this.watch(this.client);
      }
      const c = this.client;
      c.getProperties(this.device);
      await c.waitFor(this.device, 'CONNECTION', () => true, { timeoutMs: FOREVER_MS, signal });
      if (c.switchOn(this.device, 'CONNECTION', 'CONNECT') !== true) {
        await c.request('Switch', this.device, 'CONNECTION', { CONNECT: true }, {
          timeoutMs: FOREVER_MS,
          signal,
          done: () => c.switchOn(this.device, 'CONNECTION', 'CONNECT') === true,
        });
      }
      await this.afterConnect(c, signal);
    });
  }

  /** Releases this device's use of the server connection. The driver stays connected: other clients may use it. */
  disconnect(): Promise<void> {
    this.unwatch?.();
    this.unwatch = null;
    if (this.client) releaseClient(this.ctx.shared, this.host, this.port, this.client);
    this.client = null;
    return Promise.resolve();
  }

  isConnected(): boolean {
    return this.client?.isOpen === true && this.client.switchOn(this.device, 'CONNECTION', 'CONNECT') === true;
  }

  async ping(opts?: CallOptions): Promise<void> {
    const timeoutMs = opts?.timeoutMs ?? this.config.timings?.pingTimeoutMs ?? 2000;
    await withDeadline(this.clock, opts, timeoutMs, `${this.id} ping`, async (signal) => {
      const c = this.requireClient();
      await c.ping(this.device, 'CONNECTION', { timeoutMs: FOREVER_MS, signal });
      if (c.switchOn(this.device, 'CONNECTION', 'CONNECT') !== true) {
        throw deviceError('device.disconnected', `${this.device} reports CONNECTION off`);
      }
    });
  }

  async readState(opts?: CallOptions): Promise<DeviceStateOf<K>> {
    return withDeadline(this.clock, opts, INDI_QUICK_TIMEOUT_MS, `${this.id} readState`, () => {
      this.requireClient();
      return Promise.resolve(this.snapshot());
    });
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Forwards the client's events about this device (and the link closing) to onChange listeners. */
  private watch(c: IndiClient): void {
    this.unwatch?.();
    this.unwatch = c.on((ev) => {
      const relevant = 'vector' in ev ? ev.vector.device === this.device : 'device' in ev ? ev.device === this.device : true;
      if (!relevant) return;
      for (const l of [...this.changeListeners]) l();
    });
  }

  /** Hook after CONNECTION is On: wait for the kind's key properties, set defaults. */
  protected abstract afterConnect(client: IndiClient, signal: AbortSignal): Promise<void>;

  /** The state from the cached properties (INDI pushes every change, so the cache is fresh). */
  protected abstract snapshot(): DeviceStateOf<K>;

  protected requireClient(): IndiClient {
    if (!this.client?.isOpen) throw deviceError('device.disconnected', `${this.id}: not connected`);
    return this.client;
  }

  protected stateBase(): { name: string; readUtcMs: number } {
    return { name: this.config.name ?? this.device, readUtcMs: this.clock.nowMs() };
  }

  /** Runs a command under a deadline with the connected client. */
  protected run<T>(what: string, opts: CallOptions | undefined, defaultTimeoutMs: number, body: (c: IndiClient, signal: AbortSignal) => Promise<T>): Promise<T> {
    return withDeadline(this.clock, opts, defaultTimeoutMs, `${this.id} ${what}`, (signal) => body(this.requireClient(), signal));
  }

  /** client.request for this device, bounded by the deadline's signal. */
  protected request(
    c: IndiClient,
    type: 'Number' | 'Switch' | 'Text',
    name: string,
    values: Record<string, number> | Record<string, boolean> | Record<string, string>,
    signal: AbortSignal,
    extra: Omit<RequestOptions, 'timeoutMs' | 'signal'> = {},
  ): Promise<IndiVector> {
    return c.request(type, this.device, name, values, { ...extra, timeoutMs: FOREVER_MS, signal });
  }

  /** client.waitFor for this device, bounded by the deadline's signal. */
  protected waitFor(c: IndiClient, name: string, pred: (v: IndiVector) => boolean, signal: AbortSignal): Promise<IndiVector> {
    return c.waitFor(this.device, name, pred, { timeoutMs: FOREVER_MS, signal });
  }

  protected num(name: string, element: string): number | null {
    return this.client?.number(this.device, name, element) ?? null;
  }

  protected on(name: string, element: string): boolean | null {
    return this.client?.switchOn(this.device, name, element) ?? null;
  }

  protected vec(name: string): IndiVector | null {
    return this.client?.vector(this.device, name) ?? null;
  }
}
