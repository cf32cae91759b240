/**
 * Dome or roll-off roof over INDI's DOME_SHUTTER, ABS_DOME_POSITION, DOME_PARK, DOME_AUTOSYNC and
 * DOME_ABORT_MOTION. A driver without ABS_DOME_POSITION is treated as a roof.
 */
import { deviceError, ensurePostcondition } from '../errors';
import type { CallOptions, Dome, DomeState, DriverContext, IndiDeviceConfig, ShutterStatus } from '../types';
import type { IndiClient } from './client';
import { IndiDevice, INDI_QUICK_TIMEOUT_MS } from './device-base';

const MOTION_TIMEOUT_MS = 180_000;
/** Azimuth arrival tolerance, degrees. */
const AZIMUTH_TOLERANCE_DEG = 0.5;

export class IndiDome extends IndiDevice<'dome'> implements Dome {
  constructor(config: IndiDeviceConfig, ctx: DriverContext) {
    super('dome', config, ctx);
  }

  protected async afterConnect(c: IndiClient, signal: AbortSignal): Promise<void> {
    // DOME_PARK or DOME_SHUTTER: every dome/roof driver defines at least one once connected
    await Promise.race([this.waitFor(c, 'DOME_SHUTTER', () => true, signal), this.waitFor(c, 'DOME_PARK', () => true, signal)]);
  }

  private shutter(): ShutterStatus {
    const v = this.vec('DOME_SHUTTER');
    if (!v) return 'unknown';
    const open = this.on('DOME_SHUTTER', 'SHUTTER_OPEN') === true;
    const close = this.on('DOME_SHUTTER', 'SHUTTER_CLOSE') === true;
    if (v.state === 'Alert') return 'error';
    if (v.state === 'Busy') return open ? 'opening' : close ? 'closing' : 'unknown';
    return open ? 'open' : close ? 'closed' : 'unknown';
  }

  protected snapshot(): DomeState {
    const canSetAzimuth = this.vec('ABS_DOME_POSITION') !== null;
    return {
      kind: 'dome',
      ...this.stateBase(),
      capabilities: {
        canSetAzimuth,
        canSlave: this.vec('DOME_AUTOSYNC') !== null,
        canPark: this.vec('DOME_PARK') !== null,
        canSetShutter: this.vec('DOME_SHUTTER') !== null,
      },
      shutter: this.shutter(),
      azimuthDeg: canSetAzimuth ? this.num('ABS_DOME_POSITION', 'DOME_ABSOLUTE_POSITION') : null,
      slewing: this.vec('ABS_DOME_POSITION')?.state === 'Busy' || this.vec('DOME_MOTION')?.state === 'Busy' || this.vec('DOME_PARK')?.state === 'Busy',
      slaved: this.on('DOME_AUTOSYNC', 'DOME_AUTOSYNC_ENABLE') === true,
      parked: this.on('DOME_PARK', 'PARK') === true,
    };
  }

  private async setSwitch(c: IndiClient, name: string, element: string, signal: AbortSignal, what: string): Promise<void> {
    if (!this.vec(name)) throw deviceError('device.unsupported', `${this.device} has no ${name}`);
    if (this.on(name, element) === true && this.vec(name)?.state === 'Ok') return;
    const onAbort = (): void => {
      if (c.isOpen && this.vec('DOME_ABORT_MOTION')) c.sendSwitch(this.device, 'DOME_ABORT_MOTION', { ABORT: true });
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.request(c, 'Switch', name, { [element]: true }, signal, { done: () => this.on(name, element) === true });
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    ensurePostcondition(this.on(name, element) === true && this.vec(name)?.state === 'Ok', what);
  }

  openShutter(opts?: CallOptions): Promise<void> {
    return this.run('openShutter', opts, MOTION_TIMEOUT_MS, (c, s) => this.setSwitch(c, 'DOME_SHUTTER', 'SHUTTER_OPEN', s, 'shutter open'));
  }

  closeShutter(opts?: CallOptions): Promise<void> {
    return this.run('closeShutter', opts, MOTION_TIMEOUT_MS, (c, s) => this.setSwitch(c, 'DOME_SHUTTER', 'SHUTTER_CLOSE', s, 'shutter closed'));
  }

  slewToAzimuth(azimuthDeg: number, opts?: CallOptions): Promise<void> {
    return this.run('slewToAzimuth', opts, MOTION_TIMEOUT_MS, async (c, signal) => {
      if (!this.vec('ABS_DOME_POSITION')) throw deviceError('device.unsupported', `${this.device} has no azimuth (roof?)`);
      const target = ((azimuthDeg % 360) + 360) % 360;
      const near = (): boolean => {
        const az = this.num('ABS_DOME_POSITION', 'DOME_ABSOLUTE_POSITION');
        if (az === null) return false;
        const d = Math.abs(((az - target + 540) % 360) - 180);
        return d <= AZIMUTH_TOLERANCE_DEG;
      };
      await this.request(c, 'Number', 'ABS_DOME_POSITION', { DOME_ABSOLUTE_POSITION: target }, signal, { done: near });
      ensurePostcondition(near(), `${this.device} at azimuth ${target}°`);
    });
  }

  setSlaved(on: boolean, opts?: CallOptions): Promise<void> {
    return this.run('setSlaved', opts, INDI_QUICK_TIMEOUT_MS, (c, s) =>
      this.setSwitch(c, 'DOME_AUTOSYNC', on ? 'DOME_AUTOSYNC_ENABLE' : 'DOME_AUTOSYNC_DISABLE', s, `slaving ${on ? 'on' : 'off'}`),
    );
  }

  park(opts?: CallOptions): Promise<void> {
    return this.run('park', opts, MOTION_TIMEOUT_MS, (c, s) => this.setSwitch(c, 'DOME_PARK', 'PARK', s, 'dome parked'));
  }

  unpark(opts?: CallOptions): Promise<void> {
    return this.run('unpark', opts, MOTION_TIMEOUT_MS, (c, s) => this.setSwitch(c, 'DOME_PARK', 'UNPARK', s, 'dome unparked'));
  }

  abort(opts?: CallOptions): Promise<void> {
    return this.run('abort', opts, INDI_QUICK_TIMEOUT_MS, async (c, signal) => {
      if (!this.vec('DOME_ABORT_MOTION')) throw deviceError('device.unsupported', `${this.device} cannot abort`);
      await this.request(c, 'Switch', 'DOME_ABORT_MOTION', { ABORT: true }, signal, { idleFails: false });
    });
  }
}
