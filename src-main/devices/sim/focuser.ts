/** Simulated absolute focuser with a temperature probe; best focus drifts with temperature. */
import type { Clock } from '../../clock';
import { deviceError, ensurePostcondition } from '../errors';
import type { CallOptions, Focuser, FocuserState } from '../types';
import { SIM_QUICK_TIMEOUT_MS, SimDevice, numOption, strOption } from './base';
import type { LinearMove } from './motion';
import { positionAt, startMove } from './motion';
import type { SimWorld } from './world';

export class SimFocuser extends SimDevice<'focuser'> implements Focuser {
  private position: number;
  private move: LinearMove | null = null;
  private readonly maxPosition: number;
  private readonly stepsPerSec: number;
  private readonly bestFocus: number;
  /** Best focus shifts by this many steps per °C (thermal expansion of the tube). */
  private readonly stepsPerDegC: number;

  constructor(id: string, clock: Clock, world: SimWorld, options?: Record<string, unknown>) {
    super('focuser', id, strOption(options, 'name', 'Nightshift Sim Focuser'), clock, world);
    this.maxPosition = numOption(options, 'maxPosition', 50_000);
    this.position = numOption(options, 'position', 25_000);
    this.stepsPerSec = numOption(options, 'stepsPerSec', 2_000);
    this.bestFocus = numOption(options, 'bestFocus', 25_000);
    this.stepsPerDegC = numOption(options, 'stepsPerDegC', 10);
    world.focusErrorSteps = () => this.currentPosition() - this.bestFocusNow();
  }

  moveTo(position: number, opts?: CallOptions): Promise<void> {
    return this.run('moveTo', opts, 120_000, (signal, effect) => this.doMove(position, signal, effect.skip));
  }

  moveBy(deltaSteps: number, opts?: CallOptions): Promise<void> {
    return this.run('moveBy', opts, 120_000, (signal, effect) =>
      this.doMove(Math.round(this.currentPosition()) + deltaSteps, signal, effect.skip),
    );
  }

  halt(opts?: CallOptions): Promise<void> {
    return this.run('halt', opts, SIM_QUICK_TIMEOUT_MS, (_signal, effect) => {
      if (!effect.skip) this.stop(deviceError('device.error', `${this.id}: move halted`));
      ensurePostcondition(this.move === null, 'focuser stopped');
      return Promise.resolve();
    });
  }

  protected currentState(): FocuserState {
    return {
      kind: 'focuser',
      ...this.stateBase(),
      position: Math.round(this.currentPosition()),
      maxPosition: this.maxPosition,
      absolute: true,
      moving: this.move !== null && this.clock.nowMs() < this.move.endMs,
      temperatureC: this.temperatureC(),
    };
  }

  private async doMove(target: number, signal: AbortSignal, skip: boolean): Promise<void> {
    if (!Number.isInteger(target) || target < 0 || target > this.maxPosition) {
      throw deviceError('device.error', `${this.id}: position ${target} outside 0..${this.maxPosition}`);
    }
    if (this.move && this.clock.nowMs() < this.move.endMs) throw deviceError('device.busy', `${this.id}: focuser is moving`);
    const now = this.clock.nowMs();
    const m = startMove(this.currentPosition(), skip ? this.currentPosition() : target, now, this.stepsPerSec, 50);
    this.move = m;
    const onAbort = (): void => this.stop(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.clock.sleep(m.endMs - now, AbortSignal.any([signal, m.stop.signal]));
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (this.move === m) {
      this.position = m.to;
      this.move = null;
    }
    ensurePostcondition(Math.round(this.position) === target, `focuser at ${target}`, { position: this.position });
  }

  private stop(reason: unknown): void {
    const m = this.move;
    if (!m) return;
    this.position = Math.round(positionAt(m, this.clock.nowMs()));
    this.move = null;
    m.stop.abort(reason);
  }

  private currentPosition(): number {
    return this.move ? positionAt(this.move, this.clock.nowMs()) : this.position;
  }

  private temperatureC(): number | null {
    return this.world.ambientC?.() ?? null;
  }

  private bestFocusNow(): number {
    return this.bestFocus + this.stepsPerDegC * ((this.temperatureC() ?? 10) - 10);
  }
}
