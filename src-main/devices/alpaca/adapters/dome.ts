/**
 * Dome or roll-off roof over the Alpaca Dome API. Shutter and azimuth moves are asynchronous
 * (poll ShutterStatus / Slewing). Alpaca has no Unpark: a dome leaves park by moving, so unpark
 * succeeds only when the dome is not parked (or reports it cannot park at all).
 */
import { deviceError, ensurePostcondition } from '../../errors';
import type { AlpacaDeviceConfig, CallOptions, DomeCapabilities, DomeState, DriverContext, Dome, ShutterStatus } from '../../types';
import { ALPACA_QUICK_TIMEOUT_MS, AlpacaDevice, angleDiffDeg, type AlpacaAdapterOptions } from './base';

const MOVE_TIMEOUT_MS = 180_000;
const SHUTTER: Record<number, ShutterStatus> = { 0: 'open', 1: 'closed', 2: 'opening', 3: 'closing', 4: 'error' };

export class AlpacaDome extends AlpacaDevice<'dome'> implements Dome {
  private capabilities: DomeCapabilities = { canSetAzimuth: false, canSlave: false, canPark: false, canSetShutter: false };

  constructor(config: AlpacaDeviceConfig, ctx: DriverContext, options?: AlpacaAdapterOptions) {
    super('dome', config, ctx, options);
  }

  protected override async afterConnect(signal: AbortSignal): Promise<void> {
    const [az, slave, park, shutter] = await Promise.all([
      this.optional<boolean>('cansetazimuth', signal),
      this.optional<boolean>('canslave', signal),
      this.optional<boolean>('canpark', signal),
      this.optional<boolean>('cansetshutter', signal),
    ]);
    this.capabilities = { canSetAzimuth: az === true, canSlave: slave === true, canPark: park === true, canSetShutter: shutter === true };
  }

  protected async read(signal: AbortSignal): Promise<DomeState> {
    const c = this.capabilities;
    const p = await this.readProps(
      {
        ...(c.canSetShutter ? ({ shutterstatus: 'required' } as const) : {}),
        ...(c.canSetAzimuth ? ({ azimuth: 'optional' } as const) : {}),
        slewing: 'required',
        ...(c.canSlave ? ({ slaved: 'optional' } as const) : {}),
        ...(c.canPark ? ({ atpark: 'optional' } as const) : {}),
      },
      signal,
    );
    const shutter = c.canSetShutter ? (p['shutterstatus'] as number) : null;
    const azimuth = c.canSetAzimuth ? (p['azimuth'] as number | null) : null;
    const slewing = p['slewing'] as boolean;
    const slaved = c.canSlave ? (p['slaved'] as boolean | null) : false;
    const parked = c.canPark ? (p['atpark'] as boolean | null) : false;
    return {
      kind: 'dome',
      ...this.stateBase(),
      capabilities: { ...c },
      shutter: shutter === null ? 'unknown' : (SHUTTER[shutter] ?? 'unknown'),
      azimuthDeg: azimuth,
      slewing,
      slaved: slaved === true,
      parked: parked === true,
    };
  }

  openShutter(opts?: CallOptions): Promise<void> {
    return this.run('openShutter', opts, MOVE_TIMEOUT_MS, (signal) => this.moveShutter('open', signal));
  }

  closeShutter(opts?: CallOptions): Promise<void> {
    return this.run('closeShutter', opts, MOVE_TIMEOUT_MS, (signal) => this.moveShutter('closed', signal));
  }

  slewToAzimuth(azimuthDeg: number, opts?: CallOptions): Promise<void> {
    return this.run('slewToAzimuth', opts, MOVE_TIMEOUT_MS, async (signal) => {
      if (!this.capabilities.canSetAzimuth) throw deviceError('device.unsupported', `${this.id}: cannot set azimuth (a roof?)`);
      const target = ((azimuthDeg % 360) + 360) % 360;
      await this.put('slewtoazimuth', { Azimuth: target }, signal);
      await this.settle(
        'slewToAzimuth',
        `${this.id} at azimuth ${target.toFixed(1)}°`,
        () => this.get<boolean>('slewing', signal),
        async () => Math.abs(angleDiffDeg(await this.get<number>('azimuth', signal), target)) < 1,
        signal,
      );
    });
  }

  setSlaved(on: boolean, opts?: CallOptions): Promise<void> {
    return this.run('setSlaved', opts, ALPACA_QUICK_TIMEOUT_MS, async (signal) => {
      if (!this.capabilities.canSlave) throw deviceError('device.unsupported', `${this.id}: cannot be slaved`);
      await this.put('slaved', { Slaved: on }, signal);
      ensurePostcondition((await this.get<boolean>('slaved', signal)) === on, `${this.id} slaving ${on ? 'on' : 'off'}`);
    });
  }

  park(opts?: CallOptions): Promise<void> {
    return this.run('park', opts, MOVE_TIMEOUT_MS, async (signal) => {
      if (!this.capabilities.canPark) throw deviceError('device.unsupported', `${this.id}: cannot park`);
      await this.put('park', {}, signal);
      await this.settle('park', `${this.id} parked`, () => this.get<boolean>('slewing', signal), () => this.get<boolean>('atpark', signal), signal);
    });
  }

  unpark(opts?: CallOptions): Promise<void> {
    return this.run('unpark', opts, ALPACA_QUICK_TIMEOUT_MS, async (signal) => {
      if (!this.capabilities.canPark) return;
      if (await this.get<boolean>('atpark', signal)) {
        throw deviceError('device.unsupported', `${this.id}: Alpaca domes have no Unpark; slew the dome to leave park`);
      }
    });
  }

  abort(opts?: CallOptions): Promise<void> {
    return this.run('abort', opts, ALPACA_QUICK_TIMEOUT_MS, async (signal) => {
      await this.put('abortslew', {}, signal);
      await this.waitFor(async () => !(await this.get<boolean>('slewing', signal)), signal);
    });
  }

  private async moveShutter(to: 'open' | 'closed', signal: AbortSignal): Promise<void> {
    if (!this.capabilities.canSetShutter) throw deviceError('device.unsupported', `${this.id}: has no controllable shutter`);
    await this.put(to === 'open' ? 'openshutter' : 'closeshutter', {}, signal);
    let status: ShutterStatus = 'unknown';
    await this.settle(
      to === 'open' ? 'openShutter' : 'closeShutter',
      `${this.id} shutter ${to}`,
      async () => {
        status = SHUTTER[await this.get<number>('shutterstatus', signal)] ?? 'unknown';
        return status === 'opening' || status === 'closing';
      },
      () => Promise.resolve(status === to),
      signal,
    );
  }
}
