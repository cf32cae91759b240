/**
 * One managed device: its connection state machine (connect → heartbeat → fault → backoff →
 * reconnect), its command queue (one command at a time), and its last published snapshot.
 */
import type { AppErrorShape } from '../../../src-shared/errors';
import { toAppError } from '../../../src-shared/errors';
import type { Clock } from '../../clock';
import { deviceError, isDeviceError } from '../errors';
import type { AnyDevice, ConnectionStatus, DeviceConfig, DeviceSnapshot, DeviceState } from '../types';

export interface SlotTimings {
  heartbeatMs: number;
  pingTimeoutMs: number;
  connectTimeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export class DeviceSlot {
  private snap: DeviceSnapshot;
  private wanted = true;
  private stopped = false;
  private readonly stopCtrl = new AbortController();
  private wakeCtrl = new AbortController();
  private chain: Promise<void> = Promise.resolve();
  private loopDone: Promise<void> = Promise.resolve();
  private lastPublished = '';

  constructor(
    readonly telescopeId: string,
    readonly config: DeviceConfig,
    /** Null when the device could not be built (unsupported family, bad config). */
    readonly device: AnyDevice | null,
    private readonly clock: Clock,
    private readonly timings: SlotTimings,
    private readonly publish: (snapshot: DeviceSnapshot) => void,
    buildError: AppErrorShape | null,
  ) {
    this.snap = {
      telescopeId,
      deviceId: config.id,
      kind: config.kind,
      family: config.family,
      connection: { status: 'disconnected', reason: null, sinceUtcMs: clock.nowMs(), attempts: 0 },
      state: null,
      lastError: null,
    };
    if (buildError) this.setStatus('faulted', buildError);
  }

  snapshot(): DeviceSnapshot {
    return structuredClone(this.snap);
  }

  /** Starts the connection loop (no-op for a device that could not be built). */
  start(): void {
    if (!this.device) {
      this.emit();
      return;
    }
    this.loopDone = this.loop(this.device);
  }

  /** Operator intent: keep the device connected (true) or disconnected (false). */
  setWanted(wanted: boolean): void {
    this.wanted = wanted;
    if (wanted) this.snap.connection.attempts = 0;
    this.wake();
  }

  /**
   * Runs `fn` after every earlier command on this device finished (one at a time), then re-reads
   * the state. Fails fast with `device.disconnected` when the device is not connected.
   */
  command<T>(fn: (device: AnyDevice, signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const run = async (): Promise<T> => {
      const device = this.device;
      if (!device || this.snap.connection.status !== 'connected') {
        throw deviceError('device.disconnected', `${this.config.id} is ${this.snap.connection.status}`, {
          reason: this.snap.connection.reason,
        });
      }
      const sig = signal ? AbortSignal.any([signal, this.stopCtrl.signal]) : this.stopCtrl.signal;
      try {
        const result = await fn(device, sig);
        this.snap.lastError = null;
        await this.refresh(device).catch(() => undefined);
        return result;
      } catch (thrown) {
        this.snap.lastError = toAppError(thrown);
        if (isDeviceError(thrown, 'device.disconnected')) {
          this.fault(thrown);
          this.wake(); // reconnect now rather than at the next heartbeat
        }
        else await this.refresh(device).catch(() => undefined);
        this.emit();
        throw thrown;
      }
    };
    const p = this.chain.then(run, run);
    this.chain = p.then(
      () => undefined,
      () => undefined,
    );
    return p;
  }

  /** Stops the loop and disconnects the device (best effort). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopCtrl.abort(deviceError('device.disconnected', 'device manager stopped'));
    await this.loopDone;
    await this.device?.disconnect().catch(() => undefined);
    this.setStatus('disconnected', null);
  }

  // --- loop ------------------------------------------------------------------------------

  private async loop(device: AnyDevice): Promise<void> {
    while (!this.stopped) {
      const wake = this.wakeCtrl.signal;
      try {
        if (!this.wanted) {
          if (this.snap.connection.status !== 'disconnected') {
            await device.disconnect().catch(() => undefined);
            this.setStatus('disconnected', null);
          }
          await this.sleep(3_600_000, wake);
          continue;
        }
        if (this.snap.connection.status !== 'connected') {
          await this.connectOnce(device, wake);
          continue;
        }
        await this.sleep(this.timings.heartbeatMs, wake);
        if (this.stopped || !this.wanted) continue;
        await this.poll(device);
      } catch {
        // Woken up or stopped: re-evaluate from the top.
      }
    }
  }

  private async connectOnce(device: AnyDevice, wake: AbortSignal): Promise<void> {
    this.setStatus('connecting', this.snap.connection.reason);
    try {
      await device.connect({ timeoutMs: this.timings.connectTimeoutMs, signal: this.stopCtrl.signal });
      this.snap.connection.attempts = 0;
      this.setStatus('connected', null);
      await this.poll(device);
    } catch (thrown) {
      if (this.stopped) return;
      this.snap.connection.attempts += 1;
      this.fault(thrown);
      await device.disconnect().catch(() => undefined);
      await this.sleep(this.backoffMs(), wake);
    }
  }

  /** Heartbeat: a ping round trip then a state read, each under the ping timeout. */
  private async poll(device: AnyDevice): Promise<void> {
    try {
      await device.ping({ timeoutMs: this.timings.pingTimeoutMs, signal: this.stopCtrl.signal });
      await this.refresh(device);
    } catch (thrown) {
      if (this.stopped) return;
      this.snap.connection.attempts += 1;
      this.fault(thrown);
      await device.disconnect().catch(() => undefined);
      await this.sleep(this.backoffMs(), this.wakeCtrl.signal).catch(() => undefined);
    }
  }

  private async refresh(device: AnyDevice): Promise<void> {
    const state: DeviceState = await device.readState({ timeoutMs: this.timings.pingTimeoutMs, signal: this.stopCtrl.signal });
    this.snap.state = state;
    this.emit();
  }

  private fault(thrown: unknown): void {
    const reason = isDeviceError(thrown)
      ? toAppError(thrown)
      : { ...toAppError(thrown), code: 'device.error' as const };
    this.setStatus('faulted', reason);
  }

  private backoffMs(): number {
    const n = Math.max(1, this.snap.connection.attempts);
    return Math.min(this.timings.backoffMaxMs, this.timings.backoffBaseMs * 2 ** (n - 1));
  }

  private sleep(ms: number, wake: AbortSignal): Promise<void> {
    return this.clock.sleep(ms, AbortSignal.any([wake, this.stopCtrl.signal]));
  }

  private wake(): void {
    const old = this.wakeCtrl;
    this.wakeCtrl = new AbortController();
    old.abort(new Error('wake'));
  }

  private setStatus(status: ConnectionStatus, reason: AppErrorShape | null): void {
    const c = this.snap.connection;
    if (c.status !== status || JSON.stringify(c.reason) !== JSON.stringify(reason)) {
      if (c.status !== status) c.sinceUtcMs = this.clock.nowMs();
      c.status = status;
      c.reason = reason;
    }
    this.emit();
  }

  /** Publishes when anything but the read timestamp changed. */
  private emit(): void {
    const key = JSON.stringify({ ...this.snap, state: this.snap.state ? { ...this.snap.state, readUtcMs: 0 } : null });
    if (key === this.lastPublished) return;
    this.lastPublished = key;
    this.publish(this.snapshot());
  }
}
