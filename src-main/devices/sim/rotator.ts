/** Simulated field rotator: moves at `degPerSec` the short way round; sync offsets sky vs mechanical. */
import type { Clock } from '../../clock';
import { deviceError, ensurePostcondition } from '../errors';
import type { CallOptions, Rotator, RotatorState } from '../types';
import { SIM_QUICK_TIMEOUT_MS, SimDevice, numOption, strOption } from './base';
import type { LinearMove } from './motion';
import { positionAt, startMove } from './motion';
import { normalizeDeg } from './sky-math';
import type { SimWorld } from './world';

export class SimRotator extends SimDevice<'rotator'> implements Rotator {
  /** Mechanical angle, unwrapped degrees. */
  private mechanical = 0;
  /** Sky = mechanical + offset. */
  private offsetDeg = 0;
  private move: LinearMove | null = null;
  private readonly degPerSec: number;

  constructor(id: string, clock: Clock, world: SimWorld, options?: Record<string, unknown>) {
    super('rotator', id, strOption(options, 'name', 'Nightshift Sim Rotator'), clock, world);
    this.degPerSec = numOption(options, 'degPerSec', 10);
    world.positionAngleDeg = () => normalizeDeg(this.mech() + this.offsetDeg);
  }

  moveTo(positionDeg: number, opts?: CallOptions): Promise<void> {
    return this.run('moveTo', opts, 120_000, (signal, effect) => {
      const delta = ((positionDeg - (this.mech() + this.offsetDeg)) % 360 + 540) % 360 - 180;
      return this.doMove(delta, positionDeg, signal, effect.skip);
    });
  }

  moveBy(deltaDeg: number, opts?: CallOptions): Promise<void> {
    return this.run('moveBy', opts, 120_000, (signal, effect) =>
      this.doMove(deltaDeg, this.mech() + this.offsetDeg + deltaDeg, signal, effect.skip),
    );
  }

  sync(positionDeg: number, opts?: CallOptions): Promise<void> {
    return this.run('sync', opts, SIM_QUICK_TIMEOUT_MS, (_signal, effect) => {
      if (!effect.skip) this.offsetDeg = positionDeg - this.mech();
      ensurePostcondition(angleOff(this.mech() + this.offsetDeg, positionDeg) < 1e-6, 'rotator synced');
      return Promise.resolve();
    });
  }

  halt(opts?: CallOptions): Promise<void> {
    return this.run('halt', opts, SIM_QUICK_TIMEOUT_MS, () => {
      this.stop(deviceError('device.error', `${this.id}: rotation halted`));
      return Promise.resolve();
    });
  }

  protected currentState(): RotatorState {
    const mech = this.mech();
    return {
      kind: 'rotator',
      ...this.stateBase(),
      positionDeg: normalizeDeg(mech + this.offsetDeg),
      mechanicalDeg: normalizeDeg(mech),
      moving: this.move !== null && this.clock.nowMs() < this.move.endMs,
      reversed: false,
    };
  }

  private async doMove(deltaDeg: number, targetSkyDeg: number, signal: AbortSignal, skip: boolean): Promise<void> {
    if (!Number.isFinite(deltaDeg)) throw deviceError('device.error', `${this.id}: invalid angle`);
    if (this.move && this.clock.nowMs() < this.move.endMs) throw deviceError('device.busy', `${this.id}: rotator is moving`);
    const now = this.clock.nowMs();
    const from = this.mech();
    const m = startMove(from, skip ? from : from + deltaDeg, now, this.degPerSec, 100);
    this.move = m;
    const onAbort = (): void => this.stop(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.clock.sleep(m.endMs - now, AbortSignal.any([signal, m.stop.signal]));
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (this.move === m) {
      this.mechanical = m.to;
      this.move = null;
    }
    ensurePostcondition(angleOff(this.mechanical + this.offsetDeg, targetSkyDeg) < 0.01, `rotator at ${targetSkyDeg}°`);
  }

  private stop(reason: unknown): void {
    const m = this.move;
    if (!m) return;
    this.mechanical = positionAt(m, this.clock.nowMs());
    this.move = null;
    m.stop.abort(reason);
  }

  private mech(): number {
    return this.move ? positionAt(this.move, this.clock.nowMs()) : this.mechanical;
  }
}

function angleOff(a: number, b: number): number {
  return Math.abs((((a - b) % 360) + 540) % 360 - 180);
}
