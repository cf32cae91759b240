/**
 * Focuser over INDI's ABS_FOCUS_POSITION, REL_FOCUS_POSITION + FOCUS_MOTION, FOCUS_MAX,
 * FOCUS_ABORT_MOTION and FOCUS_TEMPERATURE.
 */
import { AppError } from '../../../src-shared/errors';
import { deviceError, ensurePostcondition } from '../errors';
import type { CallOptions, DriverContext, Focuser, FocuserState, IndiDeviceConfig } from '../types';
import type { IndiClient } from './client';
import { IndiDevice, INDI_QUICK_TIMEOUT_MS } from './device-base';

const MOVE_TIMEOUT_MS = 120_000;

export class IndiFocuser extends IndiDevice<'focuser'> implements Focuser {
  constructor(config: IndiDeviceConfig, ctx: DriverContext) {
    super('focuser', config, ctx);
  }

  protected async afterConnect(c: IndiClient, signal: AbortSignal): Promise<void> {
    await this.waitFor(c, 'ABS_FOCUS_POSITION', () => true, signal).catch(async (err: unknown) => {
      if (signal.aborted) throw err;
      await this.waitFor(c, 'REL_FOCUS_POSITION', () => true, signal);
    });
  }

  private maxPosition(): number {
    const m = this.num('FOCUS_MAX', 'FOCUS_MAX_VALUE');
    if (m !== null) return m;
    const v = this.vec('ABS_FOCUS_POSITION');
    return v?.type === 'Number' ? (v.elements.get('FOCUS_ABSOLUTE_POSITION')?.max ?? 0) : 0;
  }

  protected snapshot(): FocuserState {
    const absolute = this.vec('ABS_FOCUS_POSITION') !== null;
    return {
      kind: 'focuser',
      ...this.stateBase(),
      position: this.num('ABS_FOCUS_POSITION', 'FOCUS_ABSOLUTE_POSITION'),
      maxPosition: this.maxPosition(),
      absolute,
      moving: this.vec('ABS_FOCUS_POSITION')?.state === 'Busy' || this.vec('REL_FOCUS_POSITION')?.state === 'Busy',
      temperatureC: this.num('FOCUS_TEMPERATURE', 'TEMPERATURE'),
    };
  }

  private async moveAbs(c: IndiClient, position: number, signal: AbortSignal): Promise<void> {
    if (!this.vec('ABS_FOCUS_POSITION')) throw deviceError('device.unsupported', `${this.device} has no absolute position`);
    const max = this.maxPosition();
    if (!Number.isInteger(position) || position < 0 || (max > 0 && position > max)) {
      throw new AppError('validation.invalid', `focuser position ${position} outside 0…${max}`);
    }
    const onAbort = (): void => {
      if (c.isOpen && this.vec('FOCUS_ABORT_MOTION')) c.sendSwitch(this.device, 'FOCUS_ABORT_MOTION', { ABORT: true });
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.request(c, 'Number', 'ABS_FOCUS_POSITION', { FOCUS_ABSOLUTE_POSITION: position }, signal, {
        done: () => this.num('ABS_FOCUS_POSITION', 'FOCUS_ABSOLUTE_POSITION') === position,
      });
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    ensurePostcondition(this.num('ABS_FOCUS_POSITION', 'FOCUS_ABSOLUTE_POSITION') === position, `${this.device} at ${position}`);
  }

  moveTo(position: number, opts?: CallOptions): Promise<void> {
    return this.run('moveTo', opts, MOVE_TIMEOUT_MS, (c, signal) => this.moveAbs(c, position, signal));
  }

  moveBy(deltaSteps: number, opts?: CallOptions): Promise<void> {
    return this.run('moveBy', opts, MOVE_TIMEOUT_MS, async (c, signal) => {
      const pos = this.num('ABS_FOCUS_POSITION', 'FOCUS_ABSOLUTE_POSITION');
      if (pos !== null) return this.moveAbs(c, pos + deltaSteps, signal);
      if (!this.vec('REL_FOCUS_POSITION')) throw deviceError('device.unsupported', `${this.device} cannot move`);
      c.sendSwitch(this.device, 'FOCUS_MOTION', deltaSteps >= 0 ? { FOCUS_OUTWARD: true } : { FOCUS_INWARD: true });
      await this.request(c, 'Number', 'REL_FOCUS_POSITION', { FOCUS_RELATIVE_POSITION: Math.abs(deltaSteps) }, signal);
    });
  }

  halt(opts?: CallOptions): Promise<void> {
    return this.run('halt', opts, INDI_QUICK_TIMEOUT_MS, async (c, signal) => {
      if (!this.vec('FOCUS_ABORT_MOTION')) throw deviceError('device.unsupported', `${this.device} cannot halt`);
      await this.request(c, 'Switch', 'FOCUS_ABORT_MOTION', { ABORT: true }, signal, { idleFails: false });
    });
  }
}
