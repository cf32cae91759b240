/**
 * What every simulated device shares: the link (connect/disconnect/ping), fault injection, deadlines
 * on the Clock, and the world it lives in.
 */
import type { Clock } from '../../clock';
import { deviceError, untilAborted, withDeadline } from '../errors';
import type { CallOptions, DeviceBase, DeviceKind, DeviceStateOf } from '../types';
import { FaultInjector } from './faults';
import type { SimWorld } from './world';

/** Default timeout of quick calls (reads, pings, setters), ms. */
export const SIM_QUICK_TIMEOUT_MS = 5_000;

/** Options common to all sim devices (config `options`). */
export interface SimCommonOptions {
  /** Name reported in state. */
  name?: string;
}

/** Marks the effect of a command: `skip` when a `postcondition` fault makes the device lie. */
export interface SimEffect {
  skip: boolean;
}

export abstract class SimDevice<K extends DeviceKind> implements DeviceBase<K> {
  readonly family = 'sim' as const;
  /** Arm faults here from tests or `serve --simulate`. */
  readonly faults = new FaultInjector();
  protected connected = false;

  protected constructor(
    readonly kind: K,
    readonly id: string,
    readonly name: string,
    protected readonly clock: Clock,
    protected readonly world: SimWorld,
  ) {}

  isConnected(): boolean {
    return this.connected;
  }

  async connect(opts?: CallOptions): Promise<void> {
    await withDeadline(this.clock, opts, 10_000, `${this.id} connect`, async (signal) => {
      const fault = this.faults.take('connect');
      if (fault === 'stall') await untilAborted(signal);
      if (fault !== null) throw deviceError('device.disconnected', `${this.id}: connection refused (simulated)`);
      // A link takes a moment to come up, as real ones do; keeps ordering honest in tests.
      await this.clock.sleep(10, signal);
      this.connected = true;
      this.onConnected();
    });
  }

  disconnect(): Promise<void> {
    this.connected = false;
    this.onDisconnected();
    return Promise.resolve();
  }

  ping(opts?: CallOptions): Promise<void> {
    return this.run('ping', opts, SIM_QUICK_TIMEOUT_MS, () => Promise.resolve());
  }

  readState(opts?: CallOptions): Promise<DeviceStateOf<K>> {
    return this.run('readState', opts, SIM_QUICK_TIMEOUT_MS, () => Promise.resolve(this.currentState()));
  }

  /** The state as the simulation has it now. */
  protected abstract currentState(): DeviceStateOf<K>;

  /** Hook: link came up. */
  protected onConnected(): void {}

  /** Hook: link went down (stop motions that need the host, e.g. nothing for most sims). */
  protected onDisconnected(): void {}

  /**
   * Runs one command under a deadline, applying any armed fault first. `body` gets the deadline's
   * signal and whether it must skip its effect (a lying device).
   */
  protected run<T>(
    command: string,
    opts: CallOptions | undefined,
    defaultTimeoutMs: number,
    body: (signal: AbortSignal, effect: SimEffect) => Promise<T>,
  ): Promise<T> {
    return withDeadline(this.clock, opts, defaultTimeoutMs, `${this.id} ${command}`, async (signal) => {
      if (!this.connected) throw deviceError('device.disconnected', `${this.id}: not connected`);
      const fault = this.faults.take(command);
      switch (fault) {
        case null:
          return body(signal, { skip: false });
        case 'disconnect':
          this.connected = false;
          this.onDisconnected();
          throw deviceError('device.disconnected', `${this.id}: link lost during ${command} (simulated)`);
        case 'stall':
          return untilAborted(signal);
        case 'error':
          throw deviceError('device.error', `${this.id}: device reported an error for ${command} (simulated)`);
        case 'garbage':
          throw deviceError('device.protocol', `${this.id}: unparsable reply to ${command} (simulated garbage)`, {
            reply: '\u00ff\u00fe#?',
          });
        case 'postcondition':
          return body(signal, { skip: true });
        case 'refuseConnect':
          return body(signal, { skip: false });
      }
    });
  }

  protected stateBase(): { name: string; readUtcMs: number } {
    return { name: this.name, readUtcMs: this.clock.nowMs() };
  }
}

/** Reads a number option with a default, rejecting non-finite values. */
export function numOption(options: Record<string, unknown> | undefined, key: string, fallback: number): number {
  const v = options?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export function boolOption(options: Record<string, unknown> | undefined, key: string, fallback: boolean): boolean {
  const v = options?.[key];
  return typeof v === 'boolean' ? v : fallback;
}

export function strOption(options: Record<string, unknown> | undefined, key: string, fallback: string): string {
  const v = options?.[key];
  return typeof v === 'string' ? v : fallback;
}
