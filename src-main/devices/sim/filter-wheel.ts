/** Simulated filter wheel: each slot step takes `secPerSlot`, plus a fixed settle time. */
import type { Clock } from '../../clock';
import { deviceError, ensurePostcondition } from '../errors';
import type { CallOptions, FilterWheel, FilterWheelState } from '../types';
import { SimDevice, numOption, strOption } from './base';
import type { SimWorld } from './world';

const DEFAULT_NAMES = ['L', 'R', 'G', 'B', 'Ha', 'OIII', 'SII'];

export class SimFilterWheel extends SimDevice<'filterWheel'> implements FilterWheel {
  private readonly names: string[];
  private slot = 0;
  private moveEndMs: number | null = null;
  private readonly secPerSlot: number;

  constructor(id: string, clock: Clock, world: SimWorld, options?: Record<string, unknown>) {
    super('filterWheel', id, strOption(options, 'name', 'Nightshift Sim Filter Wheel'), clock, world);
    const names = options?.['filters'];
    this.names = Array.isArray(names) && names.every((n) => typeof n === 'string') ? [...names] : [...DEFAULT_NAMES];
    this.secPerSlot = numOption(options, 'secPerSlot', 0.3);
    world.filter = () => (this.isMoving() ? null : (this.names[this.slot] ?? null));
  }

  setSlot(slot: number, opts?: CallOptions): Promise<void> {
    return this.run('setSlot', opts, 60_000, async (signal, effect) => {
      if (!Number.isInteger(slot) || slot < 0 || slot >= this.names.length) {
        throw deviceError('device.error', `${this.id}: no slot ${slot} (0..${this.names.length - 1})`);
      }
      if (this.isMoving()) throw deviceError('device.busy', `${this.id}: wheel is moving`);
      // The wheel turns one way only: distance counts forward around the wheel.
      const steps = (slot - this.slot + this.names.length) % this.names.length;
      const durationMs = (steps * this.secPerSlot + 0.2) * 1000;
      this.moveEndMs = this.clock.nowMs() + durationMs;
      try {
        await this.clock.sleep(durationMs, signal);
      } finally {
        this.moveEndMs = null;
      }
      if (!effect.skip) this.slot = slot;
      ensurePostcondition(this.slot === slot, `filter wheel at slot ${slot}`, { slot: this.slot });
    });
  }

  protected currentState(): FilterWheelState {
    const moving = this.isMoving();
    return { kind: 'filterWheel', ...this.stateBase(), names: [...this.names], slot: moving ? null : this.slot, moving };
  }

  private isMoving(): boolean {
    return this.moveEndMs !== null && this.clock.nowMs() < this.moveEndMs;
  }
}
