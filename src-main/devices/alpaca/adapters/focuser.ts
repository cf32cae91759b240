/** Focuser over the Alpaca Focuser API: Move (absolute position or relative steps), poll IsMoving. */
import { deviceError, ensurePostcondition } from '../../errors';
import type { AlpacaDeviceConfig, CallOptions, DriverContext, Focuser, FocuserState } from '../../types';
import { ALPACA_QUICK_TIMEOUT_MS, AlpacaDevice, type AlpacaAdapterOptions } from './base';

const MOVE_TIMEOUT_MS = 120_000;

export class AlpacaFocuser extends AlpacaDevice<'focuser'> implements Focuser {
  private absolute = true;
  private maxStep = 0;

  constructor(config: AlpacaDeviceConfig, ctx: DriverContext, options?: AlpacaAdapterOptions) {
    super('focuser', config, ctx, options);
  }

  protected override async afterConnect(signal: AbortSignal): Promise<void> {
    const [absolute, maxStep] = await Promise.all([this.get<boolean>('absolute', signal), this.get<number>('maxstep', signal)]);
    this.absolute = absolute;
    this.maxStep = maxStep;
  }

  protected async read(signal: AbortSignal): Promise<FocuserState> {
    const p = await this.readProps({ ...(this.absolute ? ({ position: 'required' } as const) : {}), ismoving: 'required', temperature: 'optional' }, signal);
    const position = this.absolute ? (p['position'] as number) : null;
    const moving = p['ismoving'] as boolean;
    const temperatureC = p['temperature'] as number | null;
    return { kind: 'focuser', ...this.stateBase(), position, maxPosition: this.maxStep, absolute: this.absolute, moving, temperatureC };
  }

  moveTo(position: number, opts?: CallOptions): Promise<void> {
    return this.run('moveTo', opts, MOVE_TIMEOUT_MS, (signal) => this.moveAbsolute(position, signal));
  }

  moveBy(deltaSteps: number, opts?: CallOptions): Promise<void> {
    return this.run('moveBy', opts, MOVE_TIMEOUT_MS, async (signal) => {
      if (this.absolute) return this.moveAbsolute((await this.get<number>('position', signal)) + deltaSteps, signal);
      // A relative focuser cannot prove where it went: the post-condition is that it stopped.
      await this.put('move', { Position: deltaSteps }, signal);
      await this.settle('move', `${this.id} stopped`, () => this.get<boolean>('ismoving', signal), () => Promise.resolve(true), signal);
    });
  }

  halt(opts?: CallOptions): Promise<void> {
    return this.run('halt', opts, ALPACA_QUICK_TIMEOUT_MS, async (signal) => {
      await this.put('halt', {}, signal);
      await this.waitFor(async () => !(await this.get<boolean>('ismoving', signal)), signal);
      ensurePostcondition(!(await this.get<boolean>('ismoving', signal)), `${this.id} stopped`);
    });
  }

  private async moveAbsolute(position: number, signal: AbortSignal): Promise<void> {
    if (!Number.isInteger(position) || position < 0 || position > this.maxStep) {
      throw deviceError('device.error', `${this.id}: position ${position} outside 0..${this.maxStep}`);
    }
    await this.put('move', { Position: position }, signal);
    await this.settle(
      'move',
      `${this.id} at ${position}`,
      () => this.get<boolean>('ismoving', signal),
      async () => (await this.get<number>('position', signal)) === position,
      signal,
    );
  }
}
