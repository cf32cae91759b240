import { connect as netConnect, type Socket } from 'node:net';
import type { Clock } from '../../clock';
import { AppError } from '../../../src-shared/errors';
import { IndiElementReader, type IndiElement } from './element-reader';
import { applySet, vectorFromDef, vectorTag, type IndiState, type IndiVector } from './properties';
import { escapeXml } from './xml-tokenizer';

export type IndiBlobMode = 'Never' | 'Also' | 'Only';

export type IndiEvent =
  | { kind: 'def' | 'set'; vector: IndiVector }
  | { kind: 'del'; device: string; name: string | null }
  | { kind: 'message'; device: string | null; message: string; timestamp: string }
  | { kind: 'closed'; error: AppError | null };

export interface IndiConnectOptions {
  /** Host name or address; a value starting with `/` is a Unix socket path (port ignored). */
  host: string;
  /** TCP port (INDI default 7624). */
  port: number;
  clock: Clock;
  /** Give up connecting after this many clock milliseconds (default 5000). */
  connectTimeoutMs?: number;
}

export interface WaitOptions {
  /** Clock milliseconds before failing with `device.timeout`. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface RequestOptions extends WaitOptions {
  /**
   * Post-condition on the vector once it reports Ok (e.g. RA/Dec within tolerance of the target);
   * guards against a stale Ok that was in flight when the request was sent. Default: always true.
   */
  done?: (v: IndiVector) => boolean;
  /** Treat an Idle answer as failure (INDI's "refused", e.g. goto while parked). Default true. */
  idleFails?: boolean;
}

type Waiter = (v: IndiVector | null, ev: IndiEvent) => void;

/** The message log kept per device, newest last. */
const MESSAGES_KEPT = 20;

/**
 * An INDI protocol client over one TCP connection: keeps the property vectors the server defines,
 * sends new…Vector requests, and waits (on the Clock) for properties to reach a state.
 * BLOBs are delivered only for devices given to `enableBlob`.
 */
export class IndiClient {
  private readonly vectors = new Map<string, Map<string, IndiVector>>();
  private readonly listeners = new Set<(ev: IndiEvent) => void>();
  private readonly waiters = new Set<Waiter>();
  private readonly messages = new Map<string, string[]>();
  private readonly reader: IndiElementReader;
  private closedError: AppError | null = null;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly clock: Clock,
  ) {
    this.reader = new IndiElementReader((el) => this.onElement(el));
    socket.on('data', (chunk: Buffer) => {
      try {
        this.reader.push(chunk);
      } catch (err) {
        const e = err instanceof AppError ? err : new AppError('device.protocol', String(err));
        this.shutdown(e);
      }
    });
    socket.on('error', (err) => this.shutdown(new AppError('device.disconnected', `INDI connection error: ${err.message}`)));
    socket.on('close', () => this.shutdown(new AppError('device.disconnected', 'INDI server closed the connection')));
  }

  /** Opens a TCP connection to an indiserver; rejects with `device.disconnected` / `device.timeout`. */
  static async connect(opts: IndiConnectOptions): Promise<IndiClient> {
    const socket = opts.host.startsWith('/') ? netConnect({ path: opts.host }) : netConnect({ host: opts.host, port: opts.port });
    if (!opts.host.startsWith('/')) socket.setNoDelay(true);
    const abort = new AbortController();
    try {
      await Promise.race([
        new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('error', (err) =>
            reject(new AppError('device.disconnected', `cannot reach INDI server ${opts.host}:${opts.port}: ${err.message}`)),
          );
        }),
        opts.clock.sleep(opts.connectTimeoutMs ?? 5000, abort.signal).then(() => {
          throw new AppError('device.timeout', `INDI server ${opts.host}:${opts.port} did not accept within timeout`);
        }),
      ]);
    } catch (err) {
      socket.destroy();
      throw err;
    } finally {
      abort.abort();
    }
    socket.removeAllListeners('error');
    return new IndiClient(socket, opts.clock);
  }

  /** True until the connection closes or fails. */
  get isOpen(): boolean {
    return !this.closed;
  }

  /** Subscribes to events; returns the unsubscribe function. */
  on(listener: (ev: IndiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks the server to define properties (all, one device's, or one property). */
  getProperties(device?: string, name?: string): void {
    let attrs = ' version="1.7"';
    if (device !== undefined) attrs += ` device="${escapeXml(device)}"`;
    if (name !== undefined) attrs += ` name="${escapeXml(name)}"`;
    this.send(`<getProperties${attrs}/>`);
  }

  /** Sets this connection's BLOB policy for a device (optionally one BLOB property). Default is Never. */
  enableBlob(device: string, mode: IndiBlobMode, name?: string): void {
    const n = name === undefined ? '' : ` name="${escapeXml(name)}"`;
    this.send(`<enableBLOB device="${escapeXml(device)}"${n}>${mode}</enableBLOB>`);
  }

  /** Names of the devices that have at least one property defined. */
  devices(): string[] {
    return [...this.vectors.keys()];
  }

  /** The vector as last seen; null when not (or no longer) defined. */
  vector(device: string, name: string): IndiVector | null {
    return this.vectors.get(device)?.get(name) ?? null;
  }

  /** All vectors of a device (empty when unknown). */
  deviceVectors(device: string): IndiVector[] {
    return [...(this.vectors.get(device)?.values() ?? [])];
  }

  /** A number element's value; null when the vector or element is missing or not a number vector. */
  number(device: string, name: string, element: string): number | null {
    const v = this.vector(device, name);
    if (v?.type !== 'Number') return null;
    return v.elements.get(element)?.value ?? null;
  }

  /** A switch element's state (true = On); null when missing. */
  switchOn(device: string, name: string, element: string): boolean | null {
    const v = this.vector(device, name);
    if (v?.type !== 'Switch') return null;
    return v.elements.get(element)?.value ?? null;
  }

  /** A text element's value; null when missing. */
  text(device: string, name: string, element: string): string | null {
    const v = this.vector(device, name);
    if (v?.type !== 'Text') return null;
    return v.elements.get(element)?.value ?? null;
  }

  /** A light element's state; null when missing. */
  light(device: string, name: string, element: string): IndiState | null {
    const v = this.vector(device, name);
    if (v?.type !== 'Light') return null;
    return v.elements.get(element)?.value ?? null;
  }

  /** Recent `message` lines from a device (newest last). */
  recentMessages(device: string): string[] {
    return [...(this.messages.get(device) ?? [])];
  }

  /**
   * Sends newNumberVector. Members not given are filled from the current values, because some
   * drivers only act when the whole vector arrives (RA *and* Dec).
   */
  sendNumber(device: string, name: string, values: Record<string, number>): void {
    const v = this.vector(device, name);
    const all: Record<string, string> = {};
    if (v?.type === 'Number') for (const e of v.elements.values()) all[e.name] = String(e.value);
    for (const [k, x] of Object.entries(values)) all[k] = String(x);
    this.sendVector('Number', device, name, all);
  }

  /** Sends newSwitchVector with the given members (for OneOfMany, the one that should be On is enough). */
  sendSwitch(device: string, name: string, values: Record<string, boolean>): void {
    const all: Record<string, string> = {};
    for (const [k, x] of Object.entries(values)) all[k] = x ? 'On' : 'Off';
    this.sendVector('Switch', device, name, all);
  }

  /** Sends newTextVector; members not given are filled from current values. */
  sendText(device: string, name: string, values: Record<string, string>): void {
    const v = this.vector(device, name);
    const all: Record<string, string> = {};
    if (v?.type === 'Text') for (const e of v.elements.values()) all[e.name] = e.value;
    Object.assign(all, values);
    this.sendVector('Text', device, name, all);
  }

  /**
   * Resolves with the vector once `pred` holds (checked now and on every def/set of it); rejects
   * with `device.timeout`, `device.disconnected`, the signal's reason, or whatever `pred` throws.
   * A vector that is not defined yet is waited for.
   */
  waitFor(device: string, name: string, pred: (v: IndiVector) => boolean, opts: WaitOptions): Promise<IndiVector> {
    return new Promise<IndiVector>((resolve, reject) => {
      if (this.closed) return reject(this.closedError ?? new AppError('device.disconnected', 'INDI connection closed'));
      const abort = new AbortController();
      const finish = (err: unknown, v?: IndiVector): void => {
        this.waiters.delete(waiter);
        abort.abort();
        opts.signal?.removeEventListener('abort', onAbort);
        if (err !== null) reject(err instanceof Error ? err : new AppError('device.error', 'wait failed', { reason: err }));
        else resolve(v as IndiVector);
      };
      const test = (v: IndiVector): void => {
        try {
          if (pred(v)) finish(null, v);
        } catch (err) {
          finish(err);
        }
      };
      const waiter: Waiter = (v, ev) => {
        if (ev.kind === 'closed') finish(ev.error ?? new AppError('device.disconnected', 'INDI connection closed'));
        else if (v && v.device === device && v.name === name) test(v);
      };
      const onAbort = (): void => finish(opts.signal?.reason ?? new AppError('device.error', 'aborted'));
      if (opts.signal?.aborted) return onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
      this.clock.sleep(opts.timeoutMs, abort.signal).then(
        () => finish(new AppError('device.timeout', `${device}.${name} did not reach the expected state within ${opts.timeoutMs} ms`, { device, name, state: this.vector(device, name)?.state ?? null })),
        () => undefined,
      );
      const now = this.vector(device, name);
      if (now) test(now);
    });
  }

  /**
   * Sends a new…Vector and waits for the driver to finish it: resolves when the vector is updated
   * to Ok and `done` holds; rejects with `device.error` on Alert (or Idle when `idleFails`),
   * `device.timeout` past `timeoutMs`, `device.unsupported` when the property is not defined.
   */
  async request(
    type: 'Number' | 'Switch' | 'Text',
    device: string,
    name: string,
    values: Record<string, number> | Record<string, boolean> | Record<string, string>,
    opts: RequestOptions,
  ): Promise<IndiVector> {
    const before = this.vector(device, name);
    if (!before) throw new AppError('device.unsupported', `${device} has no property ${name} (not connected?)`, { device, name });
    const startRevision = before.revision;
    const done = opts.done ?? (() => true);
    const idleFails = opts.idleFails ?? true;
    if (type === 'Number') this.sendNumber(device, name, values as Record<string, number>);
    else if (type === 'Switch') this.sendSwitch(device, name, values as Record<string, boolean>);
    else this.sendText(device, name, values as Record<string, string>);
    // An Idle update that was already on its way before the driver saw our request (seen under
    // load with the CCD simulator's CONNECTION) is not a refusal: Idle fails only once the driver
    // has acknowledged the request with Busy. A driver that really gives up says Alert, or times out.
    let acknowledged = false;
    return this.waitFor(
      device,
      name,
      (v) => {
        if (v.revision <= startRevision) return false;
        if (v.state === 'Busy') acknowledged = true;
        if (v.state === 'Alert' || (v.state === 'Idle' && idleFails && acknowledged && !done(v))) {
          const last = this.recentMessages(device).at(-1) ?? '';
          throw new AppError('device.error', `${device}.${name} went ${v.state}${last ? `: ${last}` : ''}`, {
            device,
            name,
            state: v.state,
            message: v.message || last,
          });
        }
        return v.state === 'Ok' && done(v);
      },
      opts,
    );
  }

  /**
   * Round trip through the server and driver: re-requests one property's definition and waits for
   * it. Used as a heartbeat; rejects like waitFor.
   */
  async ping(device: string, name: string, opts: WaitOptions): Promise<void> {
    const rev = this.vector(device, name)?.revision ?? 0;
    this.getProperties(device, name);
    await this.waitFor(device, name, (v) => v.revision > rev, opts);
  }

  /** Closes the connection; pending waits reject with `device.disconnected`. */
  close(): void {
    this.socket.end();
    this.socket.destroy();
    this.shutdown(null);
  }

  private sendVector(type: 'Number' | 'Switch' | 'Text', device: string, name: string, values: Record<string, string>): void {
    const kids = Object.entries(values)
      .map(([k, x]) => `<one${type} name="${escapeXml(k)}">${escapeXml(x)}</one${type}>`)
      .join('');
    this.send(`<new${type}Vector device="${escapeXml(device)}" name="${escapeXml(name)}">${kids}</new${type}Vector>`);
  }

  private send(xml: string): void {
    if (this.closed) throw this.closedError ?? new AppError('device.disconnected', 'INDI connection closed');
    this.socket.write(`${xml}\n`);
  }

  private onElement(el: IndiElement): void {
    const tag = vectorTag(el.tag);
    if (tag && tag.verb !== 'new') {
      const device = el.attrs.device;
      const name = el.attrs.name;
      if (device === undefined || name === undefined) return;
      let v: IndiVector | null;
      if (tag.verb === 'def') {
        const fresh = vectorFromDef(el);
        if (!fresh) return;
        // duplicate definitions happen (1.9.9 CCD sim): replace, keep BLOB payloads and revision
        const old = this.vector(device, name);
        if (old) {
          fresh.revision = old.revision + 1;
          if (old.type === 'BLOB' && fresh.type === 'BLOB') {
            for (const [k, e] of old.elements) {
              const n = fresh.elements.get(k);
              if (n) Object.assign(n, { data: e.data, format: e.format, size: e.size });
            }
          }
        }
        let dev = this.vectors.get(device);
        if (!dev) this.vectors.set(device, (dev = new Map<string, IndiVector>()));
        dev.set(name, fresh);
        v = fresh;
      } else {
        v = this.vector(device, name);
        if (!v || !applySet(v, el)) return;
      }
      if (v.message) this.remember(device, v.message);
      this.emit({ kind: tag.verb, vector: v }, v);
      return;
    }
    if (el.tag === 'message') {
      const device = el.attrs.device ?? null;
      const message = el.attrs.message ?? '';
      if (device !== null) this.remember(device, message);
      this.emit({ kind: 'message', device, message, timestamp: el.attrs.timestamp ?? '' }, null);
      return;
    }
    if (el.tag === 'delProperty') {
      const device = el.attrs.device;
      if (device === undefined) return;
      const name = el.attrs.name ?? null;
      if (name === null) this.vectors.delete(device);
      else this.vectors.get(device)?.delete(name);
      if (el.attrs.message) this.remember(device, el.attrs.message);
      this.emit({ kind: 'del', device, name }, null);
    }
  }

  private remember(device: string, message: string): void {
    let list = this.messages.get(device);
    if (!list) this.messages.set(device, (list = []));
    list.push(message);
    if (list.length > MESSAGES_KEPT) list.shift();
  }

  private emit(ev: IndiEvent, v: IndiVector | null): void {
    for (const w of [...this.waiters]) w(v, ev);
    for (const l of [...this.listeners]) {
      try {
        l(ev);
      } catch {
        // a listener's bug must not break the protocol stream
      }
    }
  }

  private shutdown(error: AppError | null): void {
    if (this.closed) return;
    this.closed = true;
    this.closedError = error ?? new AppError('device.disconnected', 'INDI connection closed');
    if (error) this.socket.destroy();
    this.emit({ kind: 'closed', error }, null);
  }
}
