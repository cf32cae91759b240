/** Rotator over the Alpaca Rotator API (IRotatorV3+): MoveAbsolute / Move / Sync, poll IsMoving. */
import { ensurePostcondition } from '../../errors';
import type { AlpacaDeviceConfig, CallOptions, DriverContext, Rotator, RotatorState } from '../../types';
import { ALPACA_QUICK_TIMEOUT_MS, AlpacaDevice, angleDiffDeg, type AlpacaAdapterOptions } from './base';

const MOVE_TIMEOUT_MS = 120_000;
/** Arrival tolerance, degrees. */
const ON_ANGLE_DEG = 0.1;

const norm = (deg: number): number => ((deg % 360) + 360) % 360;

export class AlpacaRotator extends AlpacaDevice<'rotator'> implements Rotator {
  constructor(config: AlpacaDeviceConfig, ctx: DriverContext, options?: AlpacaAdapterOptions) {
    super('rotator', config, ctx, options);
  }

  protected async read(signal: AbortSignal): Promise<RotatorState> {
    const p = await this.readProps({ position: 'required', mechanicalposition: 'optional', ismoving: 'required', reverse: 'optional' }, signal);
    const position = p['position'] as number;
    const mechanical = p['mechanicalposition'] as number | null;
    const moving = p['ismoving'] as boolean;
    const reversed = p['reverse'] as boolean | null;
    return {
      kind: 'rotator',
      ...this.stateBase(),
      positionDeg: norm(position),
      mechanicalDeg: norm(mechanical ?? position),
      moving,
      reversed: reversed === true,
    };
  }

  moveTo(positionDeg: number, opts?: CallOptions): Promise<void> {
    return this.run('moveTo', opts, MOVE_TIMEOUT_MS, async (signal) => {
      const target = norm(positionDeg);
      await this.put('moveabsolute', { Position: target }, signal);
      await this.settleAt('moveTo', target, signal);
    });
  }

  moveBy(deltaDeg: number, opts?: CallOptions): Promise<void> {
    return this.run('moveBy', opts, MOVE_TIMEOUT_MS, async (signal) => {
      const target = norm((await this.get<number>('position', signal)) + deltaDeg);
      await this.put('move', { Position: deltaDeg }, signal);
      await this.settleAt('moveBy', target, signal);
    });
  }

  sync(positionDeg: number, opts?: CallOptions): Promise<void> {
    return this.run('sync', opts, ALPACA_QUICK_TIMEOUT_MS, async (signal) => {
      await this.put('sync', { Position: norm(positionDeg) }, signal);
      const p = await this.get<number>('position', signal);
      ensurePostcondition(Math.abs(angleDiffDeg(p, positionDeg)) < ON_ANGLE_DEG, `${this.id} synced to ${positionDeg}°`, { positionDeg: p });
    });
  }

  halt(opts?: CallOptions): Promise<void> {
    return this.run('halt', opts, ALPACA_QUICK_TIMEOUT_MS, async (signal) => {
      await this.put('halt', {}, signal);
      await this.waitFor(async () => !(await this.get<boolean>('ismoving', signal)), signal);
    });
  }

  private settleAt(operation: string, targetDeg: number, signal: AbortSignal): Promise<void> {
    return this.settle(
      operation,
      `${this.id} at ${targetDeg.toFixed(2)}°`,
      () => this.get<boolean>('ismoving', signal),
      async () => Math.abs(angleDiffDeg(await this.get<number>('position', signal), targetDeg)) < ON_ANGLE_DEG,
      signal,
    );
  }
}
