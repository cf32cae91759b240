/**
 * Simulated equatorial mount. Motion is analytic in clock time: a slew moves both axes at
 * `slewRateDegPerSec` (plus a settle time), tracking holds RA, no tracking lets RA drift at the
 * sidereal rate. Commands verify their result by reading the simulated position back.
 */
import type { Clock } from '../../clock';
import { deviceError, ensurePostcondition } from '../errors';
import type {
  CallOptions,
  EquatorialCoords,
  Equinox,
  HorizontalCoords,
  Mount,
  MountLimits,
  MountState,
  PierSide,
} from '../types';
import { SIM_QUICK_TIMEOUT_MS, SimDevice, boolOption, numOption, strOption } from './base';
import {
  diffHours,
  equatorialToHorizontal,
  horizontalToEquatorial,
  j2000ToJnow,
  jnowToJ2000,
  lstHours,
  normalizeHours,
  separationDeg,
} from './sky-math';
import type { SimWorld } from './world';

/** Sidereal hours per solar hour. */
const SIDEREAL_RATE = 1.00273790935;
/** A slew counts as on target within this separation, degrees (≈ 3.6″). */
const ON_TARGET_DEG = 0.001;

interface Motion {
  from: EquatorialCoords;
  /** JNow target; for horizontal slews and parks resolved at the end. */
  to: EquatorialCoords;
  startMs: number;
  endMs: number;
  kind: 'slew' | 'park';
  trackAfter: boolean;
  stop: AbortController;
}

export class SimMount extends SimDevice<'mount'> implements Mount {
  private anchor: EquatorialCoords & { atMs: number };
  private tracking = false;
  private parked: boolean;
  private motion: Motion | null = null;
  private target: EquatorialCoords | null = null;
  private limits: MountLimits = { minAltitudeDeg: 0, maxAltitudeDeg: 90, maxHourAngleHours: null };
  private readonly slewRateDegPerSec: number;
  private readonly settleMs: number;

  constructor(id: string, clock: Clock, world: SimWorld, options?: Record<string, unknown>) {
    super('mount', id, strOption(options, 'name', 'Nightshift Sim Mount'), clock, world);
    this.slewRateDegPerSec = numOption(options, 'slewRateDegPerSec', 3);
    this.settleMs = numOption(options, 'settleSec', 1) * 1000;
    this.parked = boolOption(options, 'parked', true);
    this.limits.minAltitudeDeg = numOption(options, 'minAltitudeDeg', 0);
    this.anchor = { ...this.parkPosition(clock.nowMs()), atMs: clock.nowMs() };
    world.pointing = () => (this.parked || this.motion ? null : this.positionJ2000());
    world.mountAzimuthDeg = () => (this.parked ? null : (this.horizontal(this.clock.nowMs())?.azimuthDeg ?? null));
  }

  slewToCoordinates(target: EquatorialCoords, equinox: Equinox, opts?: CallOptions): Promise<void> {
    return this.run('slewToCoordinates', opts, 300_000, async (signal, effect) => {
      const now = this.clock.nowMs();
      const jnow = equinox === 'jnow' ? target : j2000ToJnow(target, now);
      this.checkSlewAllowed(jnow);
      this.target = equinox === 'j2000' ? target : jnowToJ2000(target, now);
      await this.move(jnow, 'slew', true, signal, effect.skip);
      const pos = this.positionJnow(this.clock.nowMs());
      const offDeg = separationDeg(pos, jnow);
      ensurePostcondition(offDeg < ON_TARGET_DEG && this.tracking, 'mount on target and tracking', { offDeg });
    });
  }

  slewToHorizontal(target: HorizontalCoords, opts?: CallOptions): Promise<void> {
    return this.run('slewToHorizontal', opts, 300_000, async (signal, effect) => {
      const site = this.world.site;
      if (!site) throw deviceError('device.unsupported', `${this.id}: alt/az slews need the site`);
      if (target.altitudeDeg < this.limits.minAltitudeDeg || target.altitudeDeg > this.limits.maxAltitudeDeg) {
        throw deviceError('device.unsafe', `${this.id}: altitude ${target.altitudeDeg.toFixed(1)}° outside limits`);
      }
      this.ensureUnparked();
      const eq = horizontalToEquatorial(target, lstHours(this.clock.nowMs(), site.longitudeDeg), site.latitudeDeg);
      await this.move(eq, 'slew', false, signal, effect.skip, target);
      const hz = this.horizontal(this.clock.nowMs());
      const offDeg = hz ? Math.hypot(hz.altitudeDeg - target.altitudeDeg, diffHours(hz.azimuthDeg / 15, target.azimuthDeg / 15) * 15) : 0;
      ensurePostcondition(offDeg < 0.01, 'mount at alt/az target', { offDeg });
    });
  }

  syncToCoordinates(target: EquatorialCoords, equinox: Equinox, opts?: CallOptions): Promise<void> {
    return this.run('syncToCoordinates', opts, SIM_QUICK_TIMEOUT_MS, (_signal, effect) => {
      this.ensureUnparked();
      if (this.motion) throw deviceError('device.busy', `${this.id}: cannot sync while slewing`);
      const now = this.clock.nowMs();
      const jnow = equinox === 'jnow' ? target : j2000ToJnow(target, now);
      if (!effect.skip) this.anchor = { ...jnow, atMs: now };
      ensurePostcondition(separationDeg(this.positionJnow(now), jnow) < ON_TARGET_DEG, 'position equals sync target');
      return Promise.resolve();
    });
  }

  setTracking(on: boolean, opts?: CallOptions): Promise<void> {
    return this.run('setTracking', opts, SIM_QUICK_TIMEOUT_MS, (_signal, effect) => {
      if (on) this.ensureUnparked();
      if (!effect.skip) {
        this.settle();
        const now = this.clock.nowMs();
        this.anchor = { ...this.positionJnow(now), atMs: now };
        this.tracking = on;
      }
      ensurePostcondition(this.tracking === on, `tracking ${on ? 'on' : 'off'}`);
      return Promise.resolve();
    });
  }

  park(opts?: CallOptions): Promise<void> {
    return this.run('park', opts, 300_000, async (signal, effect) => {
      if (!this.parked) await this.move(this.parkPosition(this.clock.nowMs()), 'park', false, signal, effect.skip);
      ensurePostcondition(this.parked, 'mount parked');
    });
  }

  unpark(opts?: CallOptions): Promise<void> {
    return this.run('unpark', opts, SIM_QUICK_TIMEOUT_MS, (_signal, effect) => {
      if (!effect.skip) this.parked = false;
      ensurePostcondition(!this.parked, 'mount unparked');
      return Promise.resolve();
    });
  }

  abort(opts?: CallOptions): Promise<void> {
    return this.run('abort', opts, SIM_QUICK_TIMEOUT_MS, (_signal, effect) => {
      if (!effect.skip) this.stopMotion(deviceError('device.error', `${this.id}: slew aborted`));
      ensurePostcondition(this.motion === null, 'mount stopped');
      return Promise.resolve();
    });
  }

  setLimits(limits: MountLimits, opts?: CallOptions): Promise<void> {
    return this.run('setLimits', opts, SIM_QUICK_TIMEOUT_MS, () => {
      this.limits = { ...limits };
      return Promise.resolve();
    });
  }

  protected currentState(): MountState {
    this.settle();
    const now = this.clock.nowMs();
    const jnow = this.positionJnow(now);
    return {
      kind: 'mount',
      ...this.stateBase(),
      jnow,
      j2000: jnowToJ2000(jnow, now),
      horizontal: this.horizontal(now),
      slewing: this.motion !== null,
      tracking: this.tracking,
      parked: this.parked,
      pierSide: this.pierSide(now),
      limits: { ...this.limits },
      target: this.target,
    };
  }

  protected override onDisconnected(): void {
    // The mount hardware keeps doing what it does; the host just stops seeing it.
  }

  // --- simulation ------------------------------------------------------------------------

  /** Runs one motion to `to` (JNow) and waits for it; `skip` = pretend (a lying device). */
  private async move(
    to: EquatorialCoords,
    kind: Motion['kind'],
    trackAfter: boolean,
    signal: AbortSignal,
    skip: boolean,
    horizontalTarget?: HorizontalCoords,
  ): Promise<void> {
    this.stopMotion(deviceError('device.error', `${this.id}: slew superseded by a new one`));
    const now = this.clock.nowMs();
    const from = this.positionJnow(now);
    const distDeg = Math.max(Math.abs(diffHours(to.raHours, from.raHours)) * 15, Math.abs(to.decDeg - from.decDeg));
    const durationMs = (distDeg / this.slewRateDegPerSec) * 1000 + this.settleMs;
    const stop = new AbortController();
    if (!skip) {
      this.motion = { from, to, startMs: now, endMs: now + durationMs, kind, trackAfter, stop };
      if (kind === 'slew') this.parked = false;
    }
    const onAbort = (): void => this.stopMotion(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const both = AbortSignal.any([signal, stop.signal]);
      await this.clock.sleep(durationMs, both);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (stop.signal.aborted) throw stop.signal.reason;
    if (this.motion?.stop === stop && horizontalTarget && this.world.site) {
      // An alt/az target is fixed on the sky of the end time, not of the start.
      const lst = lstHours(this.motion.endMs, this.world.site.longitudeDeg);
      this.motion.to = horizontalToEquatorial(horizontalTarget, lst, this.world.site.latitudeDeg);
    }
    this.settle();
  }

  /** Completes a motion whose end time has passed. */
  private settle(): void {
    const m = this.motion;
    if (!m || this.clock.nowMs() < m.endMs) return;
    this.motion = null;
    this.anchor = { ...m.to, atMs: m.endMs };
    this.tracking = m.trackAfter;
    if (m.kind === 'park') this.parked = true;
  }

  private stopMotion(reason: unknown): void {
    this.settle();
    const m = this.motion;
    if (!m) return;
    const now = this.clock.nowMs();
    this.anchor = { ...this.positionJnow(now), atMs: now };
    this.motion = null;
    m.stop.abort(reason);
  }

  private positionJnow(now: number): EquatorialCoords {
    const m = this.motion;
    if (m && now < m.endMs) {
      const f = Math.min(1, Math.max(0, (now - m.startMs) / Math.max(1, m.endMs - m.startMs - this.settleMs)));
      return {
        raHours: normalizeHours(m.from.raHours + diffHours(m.to.raHours, m.from.raHours) * f),
        decDeg: m.from.decDeg + (m.to.decDeg - m.from.decDeg) * f,
      };
    }
    if (m) return m.to;
    const driftHours = this.tracking ? 0 : ((now - this.anchor.atMs) / 3_600_000) * SIDEREAL_RATE;
    return { raHours: normalizeHours(this.anchor.raHours + driftHours), decDeg: this.anchor.decDeg };
  }

  private positionJ2000(): EquatorialCoords {
    const now = this.clock.nowMs();
    return jnowToJ2000(this.positionJnow(now), now);
  }

  private horizontal(now: number): HorizontalCoords | null {
    const site = this.world.site;
    if (!site) return null;
    return equatorialToHorizontal(this.positionJnow(now), lstHours(now, site.longitudeDeg), site.latitudeDeg);
  }

  private pierSide(now: number): PierSide {
    const site = this.world.site;
    if (!site || this.parked) return 'unknown';
    const haHours = diffHours(lstHours(now, site.longitudeDeg), this.positionJnow(now).raHours);
    // Object west of the meridian: the tube is on the east side of the pier (ASCOM pierEast).
    return haHours >= 0 ? 'east' : 'west';
  }

  /** The pole of the site's hemisphere, at the meridian. */
  private parkPosition(now: number): EquatorialCoords {
    const site = this.world.site;
    const south = site !== null && site.latitudeDeg < 0;
    const raHours = site ? lstHours(now, site.longitudeDeg) : 0;
    return { raHours, decDeg: south ? -90 : 90 };
  }

  private ensureUnparked(): void {
    if (this.parked) throw deviceError('device.error', `${this.id}: mount is parked`, { reason: 'parked' });
  }

  private checkSlewAllowed(jnow: EquatorialCoords): void {
    this.ensureUnparked();
    const site = this.world.site;
    if (!site) return;
    const now = this.clock.nowMs();
    const lst = lstHours(now, site.longitudeDeg);
    const hz = equatorialToHorizontal(jnow, lst, site.latitudeDeg);
    if (hz.altitudeDeg < this.limits.minAltitudeDeg || hz.altitudeDeg > this.limits.maxAltitudeDeg) {
      throw deviceError('device.unsafe', `${this.id}: target altitude ${hz.altitudeDeg.toFixed(1)}° outside limits`, {
        altitudeDeg: hz.altitudeDeg,
      });
    }
    const ha = diffHours(lst, jnow.raHours);
    if (this.limits.maxHourAngleHours !== null && Math.abs(ha) > this.limits.maxHourAngleHours) {
      throw deviceError('device.unsafe', `${this.id}: target hour angle ${ha.toFixed(2)} h outside limits`);
    }
  }
}
