/**
 * Rotator over INDI's ABS_ROTATOR_ANGLE (ANGLE, degrees), SYNC_ROTATOR_ANGLE, ROTATOR_ABORT_MOTION
 * and ROTATOR_REVERSE. Drivers differ in what a sync does: some re-base the reported angle (then
 * the mechanical angle is the reported one minus the syncs made through this adapter), others (the
 * 1.9.9 simulator) accept the sync and keep reporting the raw angle (then this adapter adds the
 * offset itself). Which one happened is seen after each sync.
 */
import { deviceError, ensurePostcondition } from '../errors';
import type { CallOptions, DriverContext, IndiDeviceConfig, Rotator, RotatorState } from '../types';
import type { IndiClient } from './client';
import { IndiDevice, INDI_QUICK_TIMEOUT_MS } from './device-base';

const MOVE_TIMEOUT_MS = 180_000;
/** Arrival tolerance, degrees. */
const ANGLE_TOLERANCE_DEG = 0.1;

const norm = (deg: number): number => ((deg % 360) + 360) % 360;
const off = (a: number, b: number): number => Math.abs(((((a - b) % 360) + 540) % 360) - 180);

export class IndiRotator extends IndiDevice<'rotator'> implements Rotator {
  /** Degrees the driver shifted its reported angle by syncs (reported − mechanical). */
  private driverOffsetDeg = 0;
  /** Degrees this adapter adds to the reported angle when the driver ignores syncs (sky − reported). */
  private clientOffsetDeg = 0;

  constructor(config: IndiDeviceConfig, ctx: DriverContext) {
    super('rotator', config, ctx);
  }

  protected async afterConnect(c: IndiClient, signal: AbortSignal): Promise<void> {
    await this.waitFor(c, 'ABS_ROTATOR_ANGLE', () => true, signal);
  }

  private angle(): number | null {
    return this.num('ABS_ROTATOR_ANGLE', 'ANGLE');
  }

  protected snapshot(): RotatorState {
    const a = this.angle() ?? 0;
    return {
      kind: 'rotator',
      ...this.stateBase(),
      positionDeg: norm(a + this.clientOffsetDeg),
      mechanicalDeg: norm(a - this.driverOffsetDeg),
      moving: this.vec('ABS_ROTATOR_ANGLE')?.state === 'Busy',
      reversed: this.on('ROTATOR_REVERSE', 'INDI_ENABLED') === true,
    };
  }

  /** Moves so that the sky position angle is `targetDeg`. */
  private async goTo(c: IndiClient, targetDeg: number, signal: AbortSignal): Promise<void> {
    const target = norm(targetDeg - this.clientOffsetDeg);
    const onAbort = (): void => {
      if (c.isOpen && this.vec('ROTATOR_ABORT_MOTION')) c.sendSwitch(this.device, 'ROTATOR_ABORT_MOTION', { ABORT: true });
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.request(c, 'Number', 'ABS_ROTATOR_ANGLE', { ANGLE: target }, signal, {
        done: () => off(this.angle() ?? NaN, target) < ANGLE_TOLERANCE_DEG,
      });
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    const a = this.angle();
    ensurePostcondition(a !== null && off(a, target) < ANGLE_TOLERANCE_DEG, `${this.device} at ${target.toFixed(2)}°`, { angleDeg: a });
  }

  moveTo(positionDeg: number, opts?: CallOptions): Promise<void> {
    return this.run('moveTo', opts, MOVE_TIMEOUT_MS, (c, signal) => this.goTo(c, positionDeg, signal));
  }

  moveBy(deltaDeg: number, opts?: CallOptions): Promise<void> {
    return this.run('moveBy', opts, MOVE_TIMEOUT_MS, (c, signal) => this.goTo(c, (this.angle() ?? 0) + this.clientOffsetDeg + deltaDeg, signal));
  }

  sync(positionDeg: number, opts?: CallOptions): Promise<void> {
    return this.run('sync', opts, INDI_QUICK_TIMEOUT_MS, async (c, signal) => {
      if (!this.vec('SYNC_ROTATOR_ANGLE')) throw deviceError('device.unsupported', `${this.device} cannot sync`);
      const before = this.angle() ?? 0;
      const target = norm(positionDeg);
      await this.request(c, 'Number', 'SYNC_ROTATOR_ANGLE', { ANGLE: target }, signal, { idleFails: false });
      // Does the driver re-base its reported angle? Give it a moment to say so.
      const grace = new AbortController();
      this.clock.sleep(2_000, AbortSignal.any([signal, grace.signal])).then(() => grace.abort(new Error('no re-base')), () => undefined);
      const rebased = await this.waitFor(c, 'ABS_ROTATOR_ANGLE', () => off(this.angle() ?? NaN, target) < ANGLE_TOLERANCE_DEG, AbortSignal.any([signal, grace.signal])).then(
        () => true,
        () => false,
      );
      grace.abort();
      if (signal.aborted) throw signal.reason;
      if (rebased) {
        this.driverOffsetDeg = norm(this.driverOffsetDeg + target - before);
        this.clientOffsetDeg = 0;
      } else {
        this.clientOffsetDeg = norm(target - (this.angle() ?? 0));
      }
      const sky = norm((this.angle() ?? 0) + this.clientOffsetDeg);
      ensurePostcondition(off(sky, target) < ANGLE_TOLERANCE_DEG, `${this.device} synced to ${target.toFixed(2)}°`, { positionDeg: sky });
    });
  }

  halt(opts?: CallOptions): Promise<void> {
    return this.run('halt', opts, INDI_QUICK_TIMEOUT_MS, async (c, signal) => {
      if (!this.vec('ROTATOR_ABORT_MOTION')) throw deviceError('device.unsupported', `${this.device} cannot halt`);
      await this.request(c, 'Switch', 'ROTATOR_ABORT_MOTION', { ABORT: true }, signal, { idleFails: false });
    });
  }
}
