/**
 * What every Alpaca-backed device shares: the HTTP client (one per server, shared through the
 * driver context), connecting (ASCOM Platform 7 `connect` + `connecting` when the device has it,
 * else the legacy `Connected` setter), deadlines on the Clock, polling for the completion of
 * asynchronous operations, turning a failed operation into the coded error the server had, and
 * reading state through Platform 7 `devicestate` (one round trip) when the device has it.
 */
import type { AppError } from '../../../../src-shared/errors';
import type { Clock } from '../../../clock';
import { deviceError, isDeviceError, withDeadline } from '../../errors';
import type { AlpacaDeviceConfig, CallOptions, DeviceBase, DeviceKind, DeviceStateOf, DriverContext } from '../../types';
import { AlpacaClient } from '../client';
import { alpacaError } from '../errors';
import { ALPACA_TYPE, DEVICE_STATE_NAMES, INTERFACE_VERSION, OPERATION_ACTION } from '../members-shared';

/** Tuning knobs of the adapters (tests shorten them; defaults suit real hardware on a LAN). */
export interface AlpacaAdapterOptions {
  /** How often a long operation's state property is polled, clock ms (default 250). */
  pollMs?: number;
  /** Timeout of one HTTP request, clock ms (default 10 000). */
  requestTimeoutMs?: number;
  /**
   * After an asynchronous PUT, how long the device may take to start reporting motion before "not
   * moving and not there" counts as a failure, clock ms (default 3 000).
   */
  startGraceMs?: number;
}

/** Default timeouts of whole calls, clock ms. */
export const ALPACA_QUICK_TIMEOUT_MS = 10_000;
export const ALPACA_CONNECT_TIMEOUT_MS = 15_000;

type Params = Record<string, string | number | boolean>;

/** What `readProps` needs of a member: `required` fails the read when absent; `optional` gives null. */
export type PropNeed = 'required' | 'optional';

/**
 * How a connection was made: `async` = Platform 7 `PUT connect` + polling `connecting`; `legacy` =
 * `PUT connected=True`; null = not connected.
 */
export type AlpacaConnectionMode = 'async' | 'legacy';

/** What the server's NightshiftOperation action says about a background operation. */
export interface OperationStatus {
  state: 'none' | 'running' | 'done' | 'failed';
  error: AppError | null;
}

function sharedClient(ctx: DriverContext, host: string, port: number, requestTimeoutMs: number): AlpacaClient {
  const key = `alpaca:${host}:${port}`;
  const existing = ctx.shared.get(key);
  if (existing instanceof AlpacaClient) return existing;
  const client = new AlpacaClient({ host, port, clock: ctx.clock, timeoutMs: requestTimeoutMs });
  ctx.shared.set(key, client);
  return client;
}

export abstract class AlpacaDevice<K extends DeviceKind> implements DeviceBase<K> {
  readonly family = 'alpaca' as const;
  readonly id: string;
  protected readonly clock: Clock;
  protected readonly client: AlpacaClient;
  protected readonly type: string;
  protected readonly number: number;
  protected readonly pollMs: number;
  protected readonly startGraceMs: number;
  /** Name the device reports (read at connect), else the configured one. */
  protected deviceName: string;
  private connected = false;
  private supportsOperationAction = false;
  private mode: AlpacaConnectionMode | null = null;
  /** InterfaceVersion read at connect (null: not read or not answered). */
  private interfaceVersion: number | null = null;
  /** Whether `devicestate` answers: null = not known yet (tried on the next state read). */
  private deviceStateWorks: boolean | null = null;

  protected constructor(
    readonly kind: K,
    protected readonly config: AlpacaDeviceConfig,
    ctx: DriverContext,
    options: AlpacaAdapterOptions = {},
  ) {
    this.id = config.id;
    this.clock = ctx.clock;
    this.type = ALPACA_TYPE[kind];
    this.number = config.deviceNumber;
    this.pollMs = options.pollMs ?? 250;
    this.startGraceMs = options.startGraceMs ?? 3_000;
    this.deviceName = config.name ?? `${this.type} ${config.deviceNumber}`;
    this.client = sharedClient(ctx, config.host, config.port, options.requestTimeoutMs ?? 10_000);
  }

  async connect(opts?: CallOptions): Promise<void> {
    const timeoutMs = opts?.timeoutMs ?? this.config.timings?.connectTimeoutMs ?? ALPACA_CONNECT_TIMEOUT_MS;
    await withDeadline(this.clock, { ...opts, timeoutMs }, timeoutMs, `${this.id} connect`, async (signal) => {
      const mode = (await this.connectAsync(signal)) ? 'async' : 'legacy';
      if (mode === 'legacy') {
        await this.put('connected', { Connected: true }, signal);
        // Post-condition: the device says it is connected (some legacy drivers connect asynchronously too).
        await this.waitFor(() => this.get<boolean>('connected', signal), signal);
      } else if (!(await this.get<boolean>('connected', signal))) {
        // Connecting ended without an error, so Connected must now be true.
        throw deviceError('device.postcondition', `post-condition failed: ${this.id} connected after Connect`, { deviceId: this.id });
      }
      this.mode = mode;
      // Platform 7 interface versions have DeviceState; older ones are read member by member.
      this.deviceStateWorks = this.interfaceVersion === null ? (mode === 'async' ? null : false) : this.interfaceVersion >= INTERFACE_VERSION[this.kind];
      const actions = await this.optional<string[]>('supportedactions', signal);
      this.supportsOperationAction = Array.isArray(actions) && actions.some((a) => a.toLowerCase() === OPERATION_ACTION.toLowerCase());
      const name = await this.optional<string>('name', signal);
      if (typeof name === 'string' && name.length > 0 && this.config.name === undefined) this.deviceName = name;
      await this.afterConnect(signal);
      this.connected = true;
    });
  }

  /**
   * Tells the device to disconnect (best effort: never rejects) and forgets the link: Platform 7
   * `PUT disconnect` then polling `connecting` until false when the link was made that way, else
   * `PUT connected=False`.
   */
  async disconnect(opts?: CallOptions): Promise<void> {
    const wasConnected = this.connected;
    const mode = this.mode;
    this.connected = false;
    this.mode = null;
    if (!wasConnected) return;
    const timeoutMs = opts?.timeoutMs ?? 2_000;
    if (mode === 'async') {
      await withDeadline(this.clock, opts, timeoutMs, `${this.id} disconnect`, async (signal) => {
        await this.client.put(this.type, this.number, 'disconnect', {}, { signal });
        await this.waitFor(async () => !(await this.client.get<boolean>(this.type, this.number, 'connecting', {}, { signal })), signal);
      }).catch(() => undefined);
      return;
    }
    await this.client.put(this.type, this.number, 'connected', { Connected: false }, { timeoutMs, signal: opts?.signal }).catch(() => undefined);
  }

  /** Whether state reads use `devicestate` (true), individual GETs (false), or will try it next (null). */
  get usesDeviceState(): boolean | null {
    return this.deviceStateWorks;
  }

  /** How the current connection was made (null when not connected). */
  get connectionMode(): AlpacaConnectionMode | null {
    return this.connected ? this.mode : null;
  }

  /**
   * Platform 7 connect: used when the device's InterfaceVersion is a Platform 7 one, or unknown
   * and `PUT connect` is not refused. Starts the connection and polls `connecting` until false (a
   * failure of the asynchronous connect comes back as the error of that read). Resolves false,
   * having done nothing, when the device predates Platform 7 or refuses `connect` as not
   * implemented (0x400; also HTTP 400/404/405 from servers that treat unknown members so).
   */
  private async connectAsync(signal: AbortSignal): Promise<boolean> {
    let version: number | null = null;
    this.interfaceVersion = null;
    try {
      version = await this.client.get<number>(this.type, this.number, 'interfaceversion', {}, { signal });
      this.interfaceVersion = typeof version === 'number' ? version : null;
    } catch (thrown) {
      if (signal.aborted || isDeviceError(thrown, 'device.disconnected') || isDeviceError(thrown, 'device.timeout')) throw thrown;
    }
    const platform7 = typeof version === 'number' ? version >= INTERFACE_VERSION[this.kind] : null;
    if (platform7 === false) return false;
    try {
      await this.client.put(this.type, this.number, 'connect', {}, { signal });
    } catch (thrown) {
      if (!signal.aborted && refusedAsUnknown(thrown)) return false;
      throw this.noteFailure(thrown);
    }
    try {
      await this.waitFor(async () => !(await this.get<boolean>('connecting', signal)), signal);
    } catch (thrown) {
      // Accepted `connect` but has no `connecting`: not really Platform 7, use the legacy setter.
      if (!signal.aborted && isDeviceError(thrown, 'device.unsupported')) return false;
      throw thrown;
    }
    return true;
  }

  isConnected(): boolean {
    return this.connected;
  }

  async ping(opts?: CallOptions): Promise<void> {
    const timeoutMs = opts?.timeoutMs ?? this.config.timings?.pingTimeoutMs ?? 2_000;
    await this.run('ping', { ...opts, timeoutMs }, timeoutMs, async (signal) => {
      if (!(await this.get<boolean>('connected', signal))) {
        this.connected = false;
        throw deviceError('device.disconnected', `${this.id}: the Alpaca device reports Connected = False`);
      }
    });
  }

  readState(opts?: CallOptions): Promise<DeviceStateOf<K>> {
    return this.run('readState', opts, ALPACA_QUICK_TIMEOUT_MS, (signal) => this.read(signal));
  }

  /** Hook after Connected = True: read static information (sensor size, filter names…). */
  protected afterConnect(_signal: AbortSignal): Promise<void> {
    return Promise.resolve();
  }

  /** Reads a fresh state snapshot. */
  protected abstract read(signal: AbortSignal): Promise<DeviceStateOf<K>>;

  protected stateBase(): { name: string; readUtcMs: number } {
    return { name: this.deviceName, readUtcMs: this.clock.nowMs() };
  }

  /** Runs one call under a deadline; fails fast with `device.disconnected` when not connected. */
  protected run<T>(what: string, opts: CallOptions | undefined, defaultTimeoutMs: number, body: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return withDeadline(this.clock, opts, defaultTimeoutMs, `${this.id} ${what}`, async (signal) => {
      if (!this.connected) throw deviceError('device.disconnected', `${this.id}: not connected`);
      return body(signal);
    });
  }

  /** GET a member; a NotConnected answer marks the link down. */
  protected async get<T>(member: string, signal: AbortSignal, params: Params = {}): Promise<T> {
    try {
      return await this.client.get<T>(this.type, this.number, member, params, { signal });
    } catch (thrown) {
      throw this.noteFailure(thrown);
    }
  }

  /** GET a member the device may not implement: null on NotImplemented. */
  protected async optional<T>(member: string, signal: AbortSignal): Promise<T | null> {
    try {
      return await this.get<T>(member, signal);
    } catch (thrown) {
      if (isDeviceError(thrown, 'device.unsupported')) return null;
      throw thrown;
    }
  }

  /**
   * Reads `spec`'s members (lower-case Alpaca names) for a state snapshot. On a Platform 7 device one
   * `GET devicestate` answers every operational member; members it does not cover (configuration
   * such as `binx`), and required ones it left out, are read one GET each; optional ones it left
   * out are null (ASCOM: DeviceState omits what is unknown or not implemented). Older devices, and
   * servers that refuse `devicestate`, are read one GET per member (optional → null on
   * NotImplemented). Resolves member → value.
   */
  protected async readProps(spec: Readonly<Record<string, PropNeed>>, signal: AbortSignal): Promise<Record<string, unknown>> {
    const members = Object.keys(spec);
    const covered = new Set(DEVICE_STATE_NAMES[this.kind].map((n) => n.toLowerCase()));
    const state = this.deviceStateWorks !== false && members.some((m) => covered.has(m)) ? await this.readDeviceState(signal) : null;
    const out: Record<string, unknown> = {};
    await Promise.all(
      members.map(async (m) => {
        if (state !== null && covered.has(m)) {
          if (state.has(m)) return void (out[m] = state.get(m));
          if (spec[m] === 'optional') return void (out[m] = null);
        }
        out[m] = spec[m] === 'optional' ? await this.optional<unknown>(m, signal) : await this.get<unknown>(m, signal);
      }),
    );
    return out;
  }

  /** `GET devicestate` as lower-case member → value; null (and not tried again) when the server refuses it. */
  private async readDeviceState(signal: AbortSignal): Promise<Map<string, unknown> | null> {
    let raw: unknown;
    try {
      raw = await this.get<unknown>('devicestate', signal);
    } catch (thrown) {
      if (!signal.aborted && refusedAsUnknown(thrown)) {
        this.deviceStateWorks = false;
        return null;
      }
      throw thrown;
    }
    if (!Array.isArray(raw)) {
      // Not the documented list: this server's devicestate cannot be trusted; read members instead.
      this.deviceStateWorks = false;
      return null;
    }
    this.deviceStateWorks = true;
    const map = new Map<string, unknown>();
    for (const entry of raw as unknown[]) {
      const name = (entry as { Name?: unknown } | null)?.Name;
      const value = (entry as { Value?: unknown } | null)?.Value;
      if (typeof name === 'string' && value !== undefined && value !== null) map.set(name.toLowerCase(), value);
    }
    return map;
  }

  protected async put(member: string, params: Params, signal: AbortSignal): Promise<void> {
    try {
      await this.client.put(this.type, this.number, member, params, { signal });
    } catch (thrown) {
      throw this.noteFailure(thrown);
    }
  }

  /** Polls `check` every pollMs until true (bounded by the caller's deadline signal). */
  protected async waitFor(check: () => Promise<boolean>, signal: AbortSignal): Promise<void> {
    for (;;) {
      if (await check()) return;
      await this.clock.sleep(this.pollMs, signal);
    }
  }

  /**
   * Waits for an asynchronous operation started by a PUT: polls `moving` until it is false, then
   * `arrived`. A device that is still not there after the start grace, or whose server reports the
   * operation failed, ends the wait: with the server's coded error when it gave one (our own
   * server does), else `device.postcondition` naming `what`.
   */
  protected async settle(
    operation: string,
    what: string,
    moving: () => Promise<boolean>,
    arrived: () => Promise<boolean>,
    signal: AbortSignal,
  ): Promise<void> {
    const startMs = this.clock.nowMs();
    for (;;) {
      if (!(await moving())) {
        if (await arrived()) return;
        const status = await this.operationStatus(operation, signal);
        if (status.error) throw status.error;
        if (status.state !== 'running' && this.clock.nowMs() - startMs >= this.startGraceMs) {
          throw deviceError('device.postcondition', `post-condition failed: ${what}`, { deviceId: this.id, operation });
        }
      }
      await this.clock.sleep(this.pollMs, signal);
    }
  }

  /** The state of a background operation on our own server (`none` for servers without the action). */
  protected async operationStatus(operation: string, signal: AbortSignal): Promise<OperationStatus> {
    if (!this.supportsOperationAction) return { state: 'none', error: null };
    try {
      const raw = await this.client.put(this.type, this.number, 'action', { Action: OPERATION_ACTION, Parameters: operation }, { signal });
      const v = JSON.parse(String(raw)) as { state?: unknown; errorNumber?: unknown; errorMessage?: unknown };
      const state = v.state === 'running' || v.state === 'done' || v.state === 'failed' ? v.state : 'none';
      const error =
        state === 'failed' && typeof v.errorNumber === 'number' && v.errorNumber !== 0
          ? alpacaError(v.errorNumber, typeof v.errorMessage === 'string' ? v.errorMessage : '', { deviceId: this.id, operation })
          : null;
      return { state, error };
    } catch (thrown) {
      if (signal.aborted) throw thrown;
      return { state: 'none', error: null };
    }
  }

  private noteFailure(thrown: unknown): unknown {
    if (isDeviceError(thrown, 'device.disconnected')) this.connected = false;
    return thrown;
  }
}

/** A refusal meaning "no such member here": NotImplemented, or an HTTP 400/404/405 answer. */
function refusedAsUnknown(thrown: unknown): boolean {
  if (isDeviceError(thrown, 'device.unsupported')) return true;
  const status = (thrown as { details?: { httpStatus?: unknown } } | null)?.details?.httpStatus;
  return status === 400 || status === 404 || status === 405;
}

/** Angle difference a − b folded into (−180, 180], degrees. */
export function angleDiffDeg(a: number, b: number): number {
  return ((((a - b) % 360) + 540) % 360) - 180;
}
