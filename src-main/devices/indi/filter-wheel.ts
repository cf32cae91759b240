/** Filter wheel over INDI's FILTER_SLOT (1-based FILTER_SLOT_VALUE) and FILTER_NAME. */
import { AppError } from '../../../src-shared/errors';
import { ensurePostcondition } from '../errors';
import type { CallOptions, DriverContext, FilterWheel, FilterWheelState, IndiDeviceConfig } from '../types';
import type { IndiClient } from './client';
import { IndiDevice } from './device-base';

const MOVE_TIMEOUT_MS = 60_000;

export class IndiFilterWheel extends IndiDevice<'filterWheel'> implements FilterWheel {
  constructor(config: IndiDeviceConfig, ctx: DriverContext) {
    super('filterWheel', config, ctx);
  }

  protected async afterConnect(c: IndiClient, signal: AbortSignal): Promise<void> {
    await this.waitFor(c, 'FILTER_SLOT', () => true, signal);
  }

  /** Names by 0-based slot: FILTER_NAME elements ordered by their trailing number. */
  private names(): string[] {
    const v = this.vec('FILTER_NAME');
    if (v?.type !== 'Text') {
      const max = this.slotMax();
      return Array.from({ length: max }, (_, i) => `Slot ${i + 1}`);
    }
    return [...v.elements.values()]
      .map((e) => ({ n: Number(/(\d+)$/.exec(e.name)?.[1] ?? NaN), value: e.value }))
      .sort((a, b) => a.n - b.n)
      .map((e) => e.value);
  }

  private slotMax(): number {
    const v = this.vec('FILTER_SLOT');
    return v?.type === 'Number' ? (v.elements.get('FILTER_SLOT_VALUE')?.max ?? 0) : 0;
  }

  protected snapshot(): FilterWheelState {
    const moving = this.vec('FILTER_SLOT')?.state === 'Busy';
    const raw = this.num('FILTER_SLOT', 'FILTER_SLOT_VALUE');
    return { kind: 'filterWheel', ...this.stateBase(), names: this.names(), slot: moving || raw === null ? null : raw - 1, moving };
  }

  setSlot(slot: number, opts?: CallOptions): Promise<void> {
    return this.run('setSlot', opts, MOVE_TIMEOUT_MS, async (c, signal) => {
      const count = Math.max(this.names().length, this.slotMax());
      if (!Number.isInteger(slot) || slot < 0 || slot >= count) throw new AppError('validation.invalid', `slot ${slot} outside 0…${count - 1}`);
      const want = slot + 1;
      await this.request(c, 'Number', 'FILTER_SLOT', { FILTER_SLOT_VALUE: want }, signal, {
        done: () => this.num('FILTER_SLOT', 'FILTER_SLOT_VALUE') === want,
      });
      ensurePostcondition(this.num('FILTER_SLOT', 'FILTER_SLOT_VALUE') === want, `${this.device} at slot ${want}`);
    });
  }
}
