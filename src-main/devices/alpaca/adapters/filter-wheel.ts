/** Filter wheel over the Alpaca FilterWheel API: Position is −1 while the wheel moves. */
import { deviceError } from '../../errors';
import type { AlpacaDeviceConfig, CallOptions, DriverContext, FilterWheel, FilterWheelState } from '../../types';
import { AlpacaDevice, type AlpacaAdapterOptions } from './base';

const MOVE_TIMEOUT_MS = 60_000;

export class AlpacaFilterWheel extends AlpacaDevice<'filterWheel'> implements FilterWheel {
  private names: string[] = [];

  constructor(config: AlpacaDeviceConfig, ctx: DriverContext, options?: AlpacaAdapterOptions) {
    super('filterWheel', config, ctx, options);
  }

  protected override async afterConnect(signal: AbortSignal): Promise<void> {
    const names = await this.get<string[]>('names', signal);
    this.names = Array.isArray(names) ? names.map(String) : [];
  }

  protected async read(signal: AbortSignal): Promise<FilterWheelState> {
    const position = (await this.readProps({ position: 'required' }, signal))['position'] as number;
    const moving = position < 0;
    return { kind: 'filterWheel', ...this.stateBase(), names: [...this.names], slot: moving ? null : position, moving };
  }

  setSlot(slot: number, opts?: CallOptions): Promise<void> {
    return this.run('setSlot', opts, MOVE_TIMEOUT_MS, async (signal) => {
      if (!Number.isInteger(slot) || slot < 0 || slot >= this.names.length) {
        throw deviceError('device.error', `${this.id}: no slot ${slot} (0..${this.names.length - 1})`);
      }
      await this.put('position', { Position: slot }, signal);
      let position = -1;
      await this.settle(
        'setSlot',
        `${this.id} at slot ${slot}`,
        async () => (position = await this.get<number>('position', signal)) < 0,
        () => Promise.resolve(position === slot),
        signal,
      );
    });
  }
}
