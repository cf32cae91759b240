/**
 * Mount over the Alpaca Telescope API (ITelescopeV3/V4): slews are asynchronous
 * (SlewToCoordinatesAsync then poll Slewing), parks may return before motion ends (poll AtPark).
 * Coordinates are converted between J2000 and the equinox the device declares (EquatorialSystem).
 * Limits are enforced client-side before every slew: Alpaca has no limit members.
 */
import { deviceError, ensurePostcondition } from '../../errors';
import {
  equatorialToHorizontal,
  j2000ToJnow,
  jnowToJ2000,
  lstHours,
  diffHours,
  separationDeg,
} from '../../sim/sky-math';
import type {
  AlpacaDeviceConfig,
  CallOptions,
  DeviceSite,
  DriverContext,
  EquatorialCoords,
  Equinox,
  HorizontalCoords,
  Mount,
  MountLimits,
  MountState,
  PierSide,
} from '../../types';
import { ALPACA_QUICK_TIMEOUT_MS, AlpacaDevice, angleDiffDeg, type AlpacaAdapterOptions } from './base';

/** A slew counts as arrived within this separation, degrees (3′: real mounts land well inside). */
export const ALPACA_ON_TARGET_DEG = 0.05;
const SLEW_TIMEOUT_MS = 300_000;

/** ASCOM EquatorialSystem: 1 topocentric (JNow), 2 J2000; others treated as JNow. */
const EQUATORIAL_J2000 = 2;

export class AlpacaMount extends AlpacaDevice<'mount'> implements Mount {
  private readonly site: DeviceSite | null;
  private equinox: Equinox = 'jnow';
  private limits: MountLimits = { minAltitudeDeg: 0, maxAltitudeDeg: 90, maxHourAngleHours: null };
  private target: EquatorialCoords | null = null;

  constructor(config: AlpacaDeviceConfig, ctx: DriverContext, options?: AlpacaAdapterOptions) {
    super('mount', config, ctx, options);
    this.site = ctx.site;
  }

  protected override async afterConnect(signal: AbortSignal): Promise<void> {
    const system = await this.optional<number>('equatorialsystem', signal);
    this.equinox = system === EQUATORIAL_J2000 ? 'j2000' : 'jnow';
  }

  protected async read(signal: AbortSignal): Promise<MountState> {
    const p = await this.readProps(
      { rightascension: 'required', declination: 'required', altitude: 'optional', azimuth: 'optional', slewing: 'required', tracking: 'required', atpark: 'optional', sideofpier: 'optional' },
      signal,
    );
    const ra = p['rightascension'] as number;
    const dec = p['declination'] as number;
    const alt = p['altitude'] as number | null;
    const az = p['azimuth'] as number | null;
    const slewing = p['slewing'] as boolean;
    const tracking = p['tracking'] as boolean;
    const parked = p['atpark'] as boolean | null;
    const side = p['sideofpier'] as number | null;
    const now = this.clock.nowMs();
    const device = { raHours: ra, decDeg: dec };
    const jnow = this.equinox === 'jnow' ? device : j2000ToJnow(device, now);
    const j2000 = this.equinox === 'j2000' ? device : jnowToJ2000(device, now);
    const pierSide: PierSide = side === 0 ? 'east' : side === 1 ? 'west' : 'unknown';
    return {
      kind: 'mount',
      ...this.stateBase(),
      jnow,
      j2000,
      horizontal: alt !== null && az !== null ? { altitudeDeg: alt, azimuthDeg: az } : null,
      slewing,
      tracking,
      parked: parked === true,
      pierSide,
      limits: { ...this.limits },
      target: this.target,
    };
  }

  slewToCoordinates(target: EquatorialCoords, equinox: Equinox, opts?: CallOptions): Promise<void> {
    return this.run('slewToCoordinates', opts, SLEW_TIMEOUT_MS, async (signal) => {
      if (!(target.raHours >= 0 && target.raHours < 24 && Math.abs(target.decDeg) <= 90)) {
        throw deviceError('device.error', `${this.id}: target out of range`);
      }
      const now = this.clock.nowMs();
      const inDevice = this.toDevice(target, equinox, now);
      this.checkLimits(equinox === 'jnow' ? target : j2000ToJnow(target, now), now);
      await this.ensureUnparked(signal);
      // ASCOM refuses a coordinate slew without tracking (InvalidOperation): turn it on first.
      if (!(await this.get<boolean>('tracking', signal))) await this.put('tracking', { Tracking: true }, signal);
      this.target = equinox === 'j2000' ? target : jnowToJ2000(target, now);
      await this.withAbort(signal, () => this.put('slewtocoordinatesasync', { RightAscension: inDevice.raHours, Declination: inDevice.decDeg }, signal));
      await this.withAbort(signal, () =>
        this.settle('slew', `${this.id} on target`, () => this.get<boolean>('slewing', signal), () => this.onTarget(inDevice, signal), signal),
      );
      ensurePostcondition(await this.get<boolean>('tracking', signal), `${this.id} tracking after the slew`);
    });
  }

  slewToHorizontal(target: HorizontalCoords, opts?: CallOptions): Promise<void> {
    return this.run('slewToHorizontal', opts, SLEW_TIMEOUT_MS, async (signal) => {
      if (target.altitudeDeg < this.limits.minAltitudeDeg || target.altitudeDeg > this.limits.maxAltitudeDeg) {
        throw deviceError('device.unsafe', `${this.id}: altitude ${target.altitudeDeg.toFixed(1)}° outside limits`);
      }
      await this.ensureUnparked(signal);
      if (await this.get<boolean>('tracking', signal)) await this.put('tracking', { Tracking: false }, signal);
      await this.withAbort(signal, () => this.put('slewtoaltazasync', { Azimuth: target.azimuthDeg, Altitude: target.altitudeDeg }, signal));
      const arrived = async (): Promise<boolean> => {
        const [alt, az] = await Promise.all([this.get<number>('altitude', signal), this.get<number>('azimuth', signal)]);
        return Math.hypot(alt - target.altitudeDeg, angleDiffDeg(az, target.azimuthDeg) * Math.cos((alt * Math.PI) / 180)) < ALPACA_ON_TARGET_DEG;
      };
      await this.withAbort(signal, () => this.settle('slewToHorizontal', `${this.id} at alt/az target`, () => this.get<boolean>('slewing', signal), arrived, signal));
    });
  }

  syncToCoordinates(target: EquatorialCoords, equinox: Equinox, opts?: CallOptions): Promise<void> {
    return this.run('syncToCoordinates', opts, ALPACA_QUICK_TIMEOUT_MS, async (signal) => {
      const inDevice = this.toDevice(target, equinox, this.clock.nowMs());
      await this.put('synctocoordinates', { RightAscension: inDevice.raHours, Declination: inDevice.decDeg }, signal);
      ensurePostcondition(await this.onTarget(inDevice, signal), `${this.id} position equals the sync target`);
    });
  }

  setTracking(on: boolean, opts?: CallOptions): Promise<void> {
    return this.run('setTracking', opts, ALPACA_QUICK_TIMEOUT_MS, async (signal) => {
      await this.put('tracking', { Tracking: on }, signal);
      ensurePostcondition((await this.get<boolean>('tracking', signal)) === on, `${this.id} tracking ${on ? 'on' : 'off'}`);
    });
  }

  park(opts?: CallOptions): Promise<void> {
    return this.run('park', opts, SLEW_TIMEOUT_MS, async (signal) => {
      if (await this.get<boolean>('atpark', signal)) return;
      await this.withAbort(signal, () => this.put('park', {}, signal));
      await this.withAbort(signal, () =>
        this.settle('park', `${this.id} parked`, () => this.get<boolean>('slewing', signal), () => this.get<boolean>('atpark', signal), signal),
      );
    });
  }

  unpark(opts?: CallOptions): Promise<void> {
    return this.run('unpark', opts, ALPACA_QUICK_TIMEOUT_MS, async (signal) => {
      await this.put('unpark', {}, signal);
      ensurePostcondition(!(await this.get<boolean>('atpark', signal)), `${this.id} unparked`);
    });
  }

  abort(opts?: CallOptions): Promise<void> {
    return this.run('abort', opts, ALPACA_QUICK_TIMEOUT_MS, async (signal) => {
      await this.put('abortslew', {}, signal);
      await this.waitFor(async () => !(await this.get<boolean>('slewing', signal)), signal);
    });
  }

  setLimits(limits: MountLimits, opts?: CallOptions): Promise<void> {
    return this.run('setLimits', opts, ALPACA_QUICK_TIMEOUT_MS, () => {
      this.limits = { ...limits };
      return Promise.resolve();
    });
  }

  private toDevice(target: EquatorialCoords, equinox: Equinox, nowMs: number): EquatorialCoords {
    if (equinox === this.equinox) return target;
    return equinox === 'j2000' ? j2000ToJnow(target, nowMs) : jnowToJ2000(target, nowMs);
  }

  private async onTarget(inDevice: EquatorialCoords, signal: AbortSignal): Promise<boolean> {
    const [ra, dec] = await Promise.all([this.get<number>('rightascension', signal), this.get<number>('declination', signal)]);
    return separationDeg({ raHours: ra, decDeg: dec }, inDevice) < ALPACA_ON_TARGET_DEG;
  }

  private async ensureUnparked(signal: AbortSignal): Promise<void> {
    if ((await this.optional<boolean>('atpark', signal)) === true) {
      throw deviceError('device.error', `${this.id}: mount is parked`, { reason: 'parked' });
    }
  }

  /** Runs a motion step; if the caller aborts (or the deadline passes), tells the mount to stop. */
  private async withAbort<T>(signal: AbortSignal, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (thrown) {
      if (signal.aborted) await this.client.put(this.type, this.number, 'abortslew', {}, { timeoutMs: 2_000 }).catch(() => undefined);
      throw thrown;
    }
  }

  private checkLimits(jnow: EquatorialCoords, nowMs: number): void {
    const site = this.site;
    if (!site) return;
    const lst = lstHours(nowMs, site.longitudeDeg);
    const hz = equatorialToHorizontal(jnow, lst, site.latitudeDeg);
    if (hz.altitudeDeg < this.limits.minAltitudeDeg || hz.altitudeDeg > this.limits.maxAltitudeDeg) {
      throw deviceError('device.unsafe', `${this.id}: target altitude ${hz.altitudeDeg.toFixed(1)}° outside limits`, { altitudeDeg: hz.altitudeDeg });
    }
    const ha = diffHours(lst, jnow.raHours);
    if (this.limits.maxHourAngleHours !== null && Math.abs(ha) > this.limits.maxHourAngleHours) {
      throw deviceError('device.unsafe', `${this.id}: target hour angle ${ha.toFixed(2)} h outside limits`);
    }
  }
}
