/**
 * Mount over INDI's standard telescope properties: EQUATORIAL_EOD_COORD (JNow; J2000
 * EQUATORIAL_COORD when the driver defines it), ON_COORD_SET, TELESCOPE_PARK, TELESCOPE_TRACK_STATE,
 * TELESCOPE_ABORT_MOTION, TELESCOPE_PIER_SIDE, HORIZONTAL_COORD, GEOGRAPHIC_COORD.
 */
import { AppError } from '../../../src-shared/errors';
import { deviceError, ensurePostcondition } from '../errors';
import { diffHours, equatorialToHorizontal, horizontalToEquatorial, j2000ToJnow, jnowToJ2000, lstHours, normalizeHours } from '../sim/sky-math';
import type { CallOptions, DeviceSite, DriverContext, EquatorialCoords, Equinox, HorizontalCoords, IndiDeviceConfig, Mount, MountLimits, MountState, PierSide } from '../types';
import type { IndiClient } from './client';
import { IndiDevice, INDI_QUICK_TIMEOUT_MS } from './device-base';

/** Arrival tolerance (devices.md §2.4.5: the 1.9.9 sim's first slew ends ~3′ off in RA). */
export const INDI_SLEW_TOLERANCE_RA_HOURS = 0.02;
export const INDI_SLEW_TOLERANCE_DEC_DEG = 0.1;
const SLEW_TIMEOUT_MS = 180_000;
const PARK_TIMEOUT_MS = 180_000;

const DEFAULT_LIMITS: MountLimits = { minAltitudeDeg: 0, maxAltitudeDeg: 90, maxHourAngleHours: null };

export class IndiMount extends IndiDevice<'mount'> implements Mount {
  private limits: MountLimits = { ...DEFAULT_LIMITS };
  private target: EquatorialCoords | null = null;

  constructor(config: IndiDeviceConfig, ctx: DriverContext) {
    super('mount', config, ctx);
  }

  protected async afterConnect(c: IndiClient, signal: AbortSignal): Promise<void> {
    await this.waitFor(c, 'EQUATORIAL_EOD_COORD', () => true, signal);
  }

  /** Site from the driver (GEOGRAPHIC_COORD, longitude 0–360 east) or the telescope's config. */
  private site(): DeviceSite | null {
    const lat = this.num('GEOGRAPHIC_COORD', 'LAT');
    const lon = this.num('GEOGRAPHIC_COORD', 'LONG');
    if (lat !== null && lon !== null) {
      return { latitudeDeg: lat, longitudeDeg: lon > 180 ? lon - 360 : lon, elevationM: this.num('GEOGRAPHIC_COORD', 'ELEV') ?? 0 };
    }
    return this.ctx.site;
  }

  private jnow(): EquatorialCoords {
    const ra = this.num('EQUATORIAL_EOD_COORD', 'RA');
    const dec = this.num('EQUATORIAL_EOD_COORD', 'DEC');
    if (ra === null || dec === null) throw deviceError('device.protocol', `${this.device}: no EQUATORIAL_EOD_COORD`);
    return { raHours: normalizeHours(ra), decDeg: dec };
  }

  protected snapshot(): MountState {
    const now = this.clock.nowMs();
    const jnow = this.jnow();
    const ra2000 = this.num('EQUATORIAL_COORD', 'RA');
    const dec2000 = this.num('EQUATORIAL_COORD', 'DEC');
    const j2000 = ra2000 !== null && dec2000 !== null ? { raHours: ra2000, decDeg: dec2000 } : jnowToJ2000(jnow, now);
    const alt = this.num('HORIZONTAL_COORD', 'ALT');
    const az = this.num('HORIZONTAL_COORD', 'AZ');
    const site = this.site();
    const horizontal: HorizontalCoords | null =
      alt !== null && az !== null
        ? { altitudeDeg: alt, azimuthDeg: az }
        : site
          ? equatorialToHorizontal(jnow, lstHours(now, site.longitudeDeg), site.latitudeDeg)
          : null;
    const pier: PierSide = this.on('TELESCOPE_PIER_SIDE', 'PIER_EAST') ? 'east' : this.on('TELESCOPE_PIER_SIDE', 'PIER_WEST') ? 'west' : 'unknown';
    const coordState = this.vec('EQUATORIAL_EOD_COORD')?.state;
    return {
      kind: 'mount',
      ...this.stateBase(),
      jnow,
      j2000,
      horizontal,
      slewing: coordState === 'Busy' || this.vec('TELESCOPE_PARK')?.state === 'Busy',
      tracking: this.on('TELESCOPE_TRACK_STATE', 'TRACK_ON') === true,
      parked: this.on('TELESCOPE_PARK', 'PARK') === true,
      pierSide: pier,
      limits: { ...this.limits },
      target: this.target,
    };
  }

  private checkLimits(jnow: EquatorialCoords): void {
    const site = this.site();
    if (!site) return;
    const lst = lstHours(this.clock.nowMs(), site.longitudeDeg);
    const hz = equatorialToHorizontal(jnow, lst, site.latitudeDeg);
    if (hz.altitudeDeg < this.limits.minAltitudeDeg || hz.altitudeDeg > this.limits.maxAltitudeDeg) {
      throw deviceError('device.unsafe', `target altitude ${hz.altitudeDeg.toFixed(1)}° outside limits`, { altitudeDeg: hz.altitudeDeg, limits: this.limits });
    }
    const ha = diffHours(lst, jnow.raHours);
    if (this.limits.maxHourAngleHours !== null && Math.abs(ha) > this.limits.maxHourAngleHours) {
      throw deviceError('device.unsafe', `target hour angle ${ha.toFixed(2)} h outside limits`, { hourAngleHours: ha, limits: this.limits });
    }
  }

  private near(target: EquatorialCoords): boolean {
    const cur = this.jnow();
    return Math.abs(diffHours(cur.raHours, target.raHours)) < INDI_SLEW_TOLERANCE_RA_HOURS && Math.abs(cur.decDeg - target.decDeg) < INDI_SLEW_TOLERANCE_DEC_DEG;
  }

  /** Writes EQUATORIAL_EOD_COORD under ON_COORD_SET=`mode`, aborting the motion if the caller aborts. */
  private async gotoJnow(c: IndiClient, jnow: EquatorialCoords, mode: 'TRACK' | 'SLEW' | 'SYNC', signal: AbortSignal): Promise<void> {
    if (this.on('TELESCOPE_PARK', 'PARK') === true) throw deviceError('device.error', `${this.device} is parked; unpark first`);
    c.sendSwitch(this.device, 'ON_COORD_SET', { [mode]: true });
    const onAbort = (): void => {
      if (c.isOpen) c.sendSwitch(this.device, 'TELESCOPE_ABORT_MOTION', { ABORT: true });
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.request(c, 'Number', 'EQUATORIAL_EOD_COORD', { RA: jnow.raHours, DEC: jnow.decDeg }, signal, { done: () => this.near(jnow) });
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    ensurePostcondition(this.near(jnow), `${this.device} at RA ${jnow.raHours.toFixed(4)} h Dec ${jnow.decDeg.toFixed(3)}°`, { actual: this.jnow(), target: jnow });
  }

  private toJnow(target: EquatorialCoords, equinox: Equinox): EquatorialCoords {
    return equinox === 'jnow' ? target : j2000ToJnow(target, this.clock.nowMs());
  }

  slewToCoordinates(target: EquatorialCoords, equinox: Equinox, opts?: CallOptions): Promise<void> {
    return this.run('slew', opts, SLEW_TIMEOUT_MS, async (c, signal) => {
      const jnow = this.toJnow(target, equinox);
      this.checkLimits(jnow);
      this.target = equinox === 'j2000' ? target : jnowToJ2000(target, this.clock.nowMs());
      await this.gotoJnow(c, jnow, 'TRACK', signal);
      // TRACK_STATE stays Busy while tracking (1.9.9), so check the switch, not the state
      await this.waitFor(c, 'TELESCOPE_TRACK_STATE', () => this.on('TELESCOPE_TRACK_STATE', 'TRACK_ON') === true, signal);
    });
  }

  slewToHorizontal(target: HorizontalCoords, opts?: CallOptions): Promise<void> {
    return this.run('slewToHorizontal', opts, SLEW_TIMEOUT_MS, async (c, signal) => {
      const site = this.site();
      if (!site) throw deviceError('device.unsupported', `${this.id}: site unknown, cannot convert alt/az`);
      if (target.altitudeDeg < this.limits.minAltitudeDeg || target.altitudeDeg > this.limits.maxAltitudeDeg) {
        throw deviceError('device.unsafe', `altitude ${target.altitudeDeg}° outside limits`, { limits: this.limits });
      }
      const jnow = horizontalToEquatorial(target, lstHours(this.clock.nowMs(), site.longitudeDeg), site.latitudeDeg);
      await this.gotoJnow(c, jnow, 'SLEW', signal);
      if (this.on('TELESCOPE_TRACK_STATE', 'TRACK_ON') === true) await this.setTrackingWith(c, false, signal);
    });
  }

  syncToCoordinates(target: EquatorialCoords, equinox: Equinox, opts?: CallOptions): Promise<void> {
    return this.run('sync', opts, INDI_QUICK_TIMEOUT_MS, async (c, signal) => {
      await this.gotoJnow(c, this.toJnow(target, equinox), 'SYNC', signal);
      c.sendSwitch(this.device, 'ON_COORD_SET', { TRACK: true });
    });
  }

  private async setTrackingWith(c: IndiClient, on: boolean, signal: AbortSignal): Promise<void> {
    const rev = this.vec('TELESCOPE_TRACK_STATE')?.revision ?? 0;
    if (!this.vec('TELESCOPE_TRACK_STATE')) throw deviceError('device.unsupported', `${this.device} has no TELESCOPE_TRACK_STATE`);
    c.sendSwitch(this.device, 'TELESCOPE_TRACK_STATE', on ? { TRACK_ON: true } : { TRACK_OFF: true });
    await this.waitFor(
      c,
      'TELESCOPE_TRACK_STATE',
      (v) => {
        if (v.revision <= rev) return false;
        if (v.state === 'Alert') throw deviceError('device.error', `${this.device} refused tracking ${on ? 'on' : 'off'}`);
        return this.on('TELESCOPE_TRACK_STATE', 'TRACK_ON') === on;
      },
      signal,
    );
  }

  setTracking(on: boolean, opts?: CallOptions): Promise<void> {
    return this.run('setTracking', opts, INDI_QUICK_TIMEOUT_MS, (c, signal) => this.setTrackingWith(c, on, signal));
  }

  park(opts?: CallOptions): Promise<void> {
    return this.run('park', opts, PARK_TIMEOUT_MS, async (c, signal) => {
      await this.request(c, 'Switch', 'TELESCOPE_PARK', { PARK: true }, signal, { done: () => this.on('TELESCOPE_PARK', 'PARK') === true });
      ensurePostcondition(this.on('TELESCOPE_PARK', 'PARK') === true, `${this.device} parked`);
    });
  }

  unpark(opts?: CallOptions): Promise<void> {
    return this.run('unpark', opts, PARK_TIMEOUT_MS, async (c, signal) => {
      if (this.on('TELESCOPE_PARK', 'UNPARK') === true) return;
      await this.request(c, 'Switch', 'TELESCOPE_PARK', { UNPARK: true }, signal, { done: () => this.on('TELESCOPE_PARK', 'UNPARK') === true });
    });
  }

  abort(opts?: CallOptions): Promise<void> {
    return this.run('abort', opts, INDI_QUICK_TIMEOUT_MS, async (c, signal) => {
      c.sendSwitch(this.device, 'TELESCOPE_ABORT_MOTION', { ABORT: true });
      await this.waitFor(c, 'EQUATORIAL_EOD_COORD', (v) => v.state !== 'Busy', signal);
    });
  }

  setLimits(limits: MountLimits): Promise<void> {
    if (!(limits.minAltitudeDeg < limits.maxAltitudeDeg)) {
      return Promise.reject(new AppError('validation.invalid', 'minAltitudeDeg must be below maxAltitudeDeg'));
    }
    this.limits = { ...limits };
    return Promise.resolve();
  }
}
