/**
 * LX200 mount driver (classic LX200, Autostar, and the many mounts that speak the dialect).
 * Pointing is read with `:GR#`/`:GD#` (JNow), slews with `:Sr`/`:Sd`/`:MS#`, progress with `:D#`.
 * Classic LX200 cannot report tracking or park: the driver verifies what the protocol allows
 * (position read back after slews and syncs, alignment mode via ACK after `:AP#`/`:AL#`, motion
 * stopped after park/abort) and keeps its own flags for the rest.
 */
import type { Clock } from '../../clock';
import { deviceError, ensurePostcondition, withDeadline } from '../errors';
import {
  equatorialToHorizontal,
  horizontalToEquatorial,
  j2000ToJnow,
  jnowToJ2000,
  lstHours,
  diffHours,
  separationDeg,
} from '../sim/sky-math';
import type { ByteLink } from '../transport';
import { openSerialLink } from '../transport';
import type {
  CallOptions,
  DeviceSite,
  EquatorialCoords,
  Equinox,
  HorizontalCoords,
  Lx200DeviceConfig,
  Mount,
  MountLimits,
  MountState,
} from '../types';
import { Lx200Line } from './line';
import type { Precision, ReplyKind } from './protocol';
import {
  CHAR,
  GOTO,
  HASH,
  NONE,
  formatAlt,
  formatAz,
  formatDec,
  formatRa,
  parseAck,

  parseDec,
  parseGoto,
  parseRa,
  parseSlewing,
} from './protocol';

export interface Lx200Options {
  /** Opens the link (default: the serial port at config.path). Tests pass an in-memory link. */
  openLink?: () => Promise<ByteLink>;
  /** Per-reply timeout, ms (default 2000; 9600 baud replies take ~10 ms). */
  replyTimeoutMs?: number;
  /** Slew progress poll period, ms (default 500). */
  pollMs?: number;
  /** A slew or sync counts as on target within this, arcminutes (default 5). */
  onTargetArcmin?: number;
}

export class Lx200Mount implements Mount {
  readonly kind = 'mount' as const;
  readonly family = 'lx200' as const;
  readonly id: string;
  private line: Lx200Line | null = null;
  private precision: Precision = 'high';
  private tracking = true;
  private parked = false;
  private target: EquatorialCoords | null = null;
  private limits: MountLimits = { minAltitudeDeg: 0, maxAltitudeDeg: 90, maxHourAngleHours: null };
  private productName = 'LX200';
  private readonly replyTimeoutMs: number;
  private readonly pollMs: number;
  private readonly onTargetDeg: number;

  constructor(
    private readonly config: Lx200DeviceConfig,
    private readonly clock: Clock,
    private readonly site: DeviceSite | null,
    private readonly options: Lx200Options = {},
  ) {
    this.id = config.id;
    this.replyTimeoutMs = options.replyTimeoutMs ?? 2000;
    this.pollMs = options.pollMs ?? 500;
    this.onTargetDeg = (options.onTargetArcmin ?? 5) / 60;
  }

  isConnected(): boolean {
    return this.line?.isOpen ?? false;
  }

  connect(opts?: CallOptions): Promise<void> {
    return withDeadline(this.clock, opts, 10_000, `${this.id} connect`, async (signal) => {
      await this.disconnect();
      let link: ByteLink;
      try {
        link = await (this.options.openLink ?? (() => openSerialLink({ path: this.config.path, baudRate: this.config.baudRate ?? 9600 })))();
      } catch (thrown) {
        throw deviceError('device.disconnected', `${this.id}: cannot open ${this.config.path}: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
      }
      this.line = new Lx200Line(link, this.clock, this.id);
      try {
        const ack = await this.ask('\x06', CHAR, signal);
        if (parseAck(ack) === null) throw this.garbage('ACK', ack);
        const name = await this.ask(':GVP#', HASH, signal).catch(() => ''); // classic LX200 has no :GVP#
        if (name.trim()) this.productName = name.trim();
        await this.negotiatePrecision(signal);
      } catch (thrown) {
        await this.disconnect();
        throw thrown;
      }
    });
  }

  async disconnect(): Promise<void> {
    const line = this.line;
    this.line = null;
    await line?.close().catch(() => undefined);
  }

  ping(opts?: CallOptions): Promise<void> {
    return this.call(opts, this.replyTimeoutMs * 2, 'ping', async (signal) => {
      await this.readRa(signal);
    });
  }

  readState(opts?: CallOptions): Promise<MountState> {
    return this.call(opts, this.replyTimeoutMs * 4, 'readState', async (signal) => {
      const jnow = await this.readPosition(signal);
      const slewing = parseSlewing(await this.ask(':D#', HASH, signal));
      const now = this.clock.nowMs();
      const site = this.site;
      return {
        kind: 'mount',
        name: this.config.name ?? this.productName,
        readUtcMs: now,
        jnow,
        j2000: jnowToJ2000(jnow, now),
        horizontal: site ? equatorialToHorizontal(jnow, lstHours(now, site.longitudeDeg), site.latitudeDeg) : null,
        slewing,
        tracking: this.tracking && !this.parked,
        parked: this.parked,
        pierSide: 'unknown',
        limits: { ...this.limits },
        target: this.target,
      };
    });
  }

  slewToCoordinates(target: EquatorialCoords, equinox: Equinox, opts?: CallOptions): Promise<void> {
    return this.call(opts, 300_000, 'slewToCoordinates', async (signal) => {
      this.ensureUnparked();
      const now = this.clock.nowMs();
      const jnow = equinox === 'jnow' ? target : j2000ToJnow(target, now);
      this.checkLimits(jnow, now);
      await this.setTarget(jnow, signal);
      const reply = await this.ask(':MS#', GOTO, signal);
      const result = parseGoto(reply);
      if (!result) throw this.garbage(':MS#', reply);
      if (!result.ok) {
        throw deviceError('device.unsafe', `${this.id}: mount refused the slew (${result.code}: ${result.message || 'below horizon or limit'})`, {
          code: result.code,
        });
      }
      this.target = equinox === 'j2000' ? target : jnowToJ2000(target, now);
      this.tracking = true;
      await this.waitUntilStopped(signal);
      const pos = await this.readPosition(signal);
      const offDeg = separationDeg(pos, jnow);
      ensurePostcondition(offDeg <= this.onTargetDeg, 'mount on target', { offArcmin: offDeg * 60 });
    });
  }

  slewToHorizontal(target: HorizontalCoords, opts?: CallOptions): Promise<void> {
    return this.call(opts, 300_000, 'slewToHorizontal', async (signal) => {
      this.ensureUnparked();
      if (target.altitudeDeg < this.limits.minAltitudeDeg || target.altitudeDeg > this.limits.maxAltitudeDeg) {
        throw deviceError('device.unsafe', `${this.id}: altitude ${target.altitudeDeg.toFixed(1)}° outside limits`);
      }
      await this.expectOne(`:Sa${this.sep()}${formatAlt(target.altitudeDeg)}#`, signal);
      await this.expectOne(`:Sz${this.sep()}${formatAz(target.azimuthDeg)}#`, signal);
      const reply = await this.ask(':MA#', GOTO, signal);
      const result = parseGoto(reply);
      if (!result) throw this.garbage(':MA#', reply);
      if (!result.ok) throw deviceError('device.unsafe', `${this.id}: mount refused the alt/az slew`);
      await this.waitUntilStopped(signal);
      if (this.site) {
        const pos = await this.readPosition(signal);
        const now = this.clock.nowMs();
        const want = horizontalToEquatorial(target, lstHours(now, this.site.longitudeDeg), this.site.latitudeDeg);
        // The mount may track after an alt/az goto; allow for the drift during the check.
        ensurePostcondition(separationDeg(pos, want) <= this.onTargetDeg * 2, 'mount at alt/az target');
      }
    });
  }

  syncToCoordinates(target: EquatorialCoords, equinox: Equinox, opts?: CallOptions): Promise<void> {
    return this.call(opts, 30_000, 'syncToCoordinates', async (signal) => {
      this.ensureUnparked();
      const jnow = equinox === 'jnow' ? target : j2000ToJnow(target, this.clock.nowMs());
      await this.setTarget(jnow, signal);
      await this.ask(':CM#', HASH, signal); // free text ("Coordinates matched", object name…)
      const pos = await this.readPosition(signal);
      ensurePostcondition(separationDeg(pos, jnow) <= this.precisionToleranceDeg(), 'position equals sync target');
    });
  }

  setTracking(on: boolean, opts?: CallOptions): Promise<void> {
    return this.call(opts, 10_000, 'setTracking', async (signal) => {
      if (on) this.ensureUnparked();
      // Autostar: polar alignment mode tracks, land mode does not; ACK reports which one is active.
      await this.ask(on ? ':AP#' : ':AL#', NONE, signal);
      const mode = parseAck(await this.ask('\x06', CHAR, signal));
      ensurePostcondition(on ? mode === 'polar' || mode === 'german' || mode === 'altaz' : mode === 'land', `tracking ${on ? 'on' : 'off'}`, { mode });
      this.tracking = on;
    });
  }

  park(opts?: CallOptions): Promise<void> {
    return this.call(opts, 300_000, 'park', async (signal) => {
      await this.ask(':hP#', NONE, signal);
      await this.waitUntilStopped(signal);
      // Stopped means two position reads agree (a classic LX200 has no park status to read).
      const a = await this.readPosition(signal);
      await this.clock.sleep(this.pollMs, signal);
      const b = await this.readPosition(signal);
      ensurePostcondition(separationDeg(a, b) < 0.05, 'mount stopped at park');
      this.parked = true;
      this.tracking = false;
    });
  }

  unpark(opts?: CallOptions): Promise<void> {
    return this.call(opts, 10_000, 'unpark', async (signal) => {
      // No unpark command in the classic set; prove the mount answers before declaring it usable.
      await this.readPosition(signal);
      this.parked = false;
    });
  }

  abort(opts?: CallOptions): Promise<void> {
    return this.call(opts, 30_000, 'abort', async (signal) => {
      await this.ask(':Q#', NONE, signal);
      await this.waitUntilStopped(signal);
    });
  }

  setLimits(limits: MountLimits, opts?: CallOptions): Promise<void> {
    return this.call(opts, 1000, 'setLimits', () => {
      this.limits = { ...limits };
      return Promise.resolve();
    });
  }

  // --- internals -------------------------------------------------------------------------

  private call<T>(opts: CallOptions | undefined, timeoutMs: number, what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return withDeadline(this.clock, opts, timeoutMs, `${this.id} ${what}`, (signal) => {
      if (!this.line?.isOpen) throw deviceError('device.disconnected', `${this.id}: not connected`);
      return fn(signal);
    });
  }

  private ask(command: string, kind: ReplyKind, signal: AbortSignal): Promise<string> {
    const line = this.line;
    if (!line) return Promise.reject(deviceError('device.disconnected', `${this.id}: not connected`));
    return line.exchange(command, kind, { timeoutMs: this.replyTimeoutMs, signal });
  }

  private sep(): string {
    return this.config.noSpaceAfterCommand ? '' : ' ';
  }

  /** `:Sr` + `:Sd`, each answered `1` (valid) or `0` (invalid). */
  private async setTarget(jnow: EquatorialCoords, signal: AbortSignal): Promise<void> {
    await this.expectOne(`:Sr${this.sep()}${formatRa(jnow.raHours, this.precision)}#`, signal);
    await this.expectOne(`:Sd${this.sep()}${formatDec(jnow.decDeg, this.precision)}#`, signal);
  }

  private async expectOne(command: string, signal: AbortSignal): Promise<void> {
    const r = await this.ask(command, CHAR, signal);
    if (r === '1') return;
    if (r === '0') throw deviceError('device.error', `${this.id}: mount rejected ${command}`);
    throw this.garbage(command, r);
  }

  private async readRa(signal: AbortSignal): Promise<number> {
    const reply = await this.ask(':GR#', HASH, signal);
    const ra = parseRa(reply);
    if (!ra) throw this.garbage(':GR#', reply);
    this.precision = ra.precision;
    return ra.raHours;
  }

  private async readPosition(signal: AbortSignal): Promise<EquatorialCoords> {
    const raHours = await this.readRa(signal);
    const reply = await this.ask(':GD#', HASH, signal);
    const decDeg = parseDec(reply);
    if (decDeg === null) throw this.garbage(':GD#', reply);
    return { raHours, decDeg };
  }

  /** `:U#` toggles precision without a reply; `:GR#` tells which one is active. */
  private async negotiatePrecision(signal: AbortSignal): Promise<void> {
    const want = this.config.precision ?? 'auto';
    await this.readRa(signal);
    const desired: Precision = want === 'low' ? 'low' : 'high';
    if (this.precision === desired) return;
    await this.ask(':U#', NONE, signal);
    await this.readRa(signal);
    if (this.precision !== desired && want !== 'auto') {
      throw deviceError('device.postcondition', `${this.id}: could not switch to ${desired} precision`);
    }
  }

  private async waitUntilStopped(signal: AbortSignal): Promise<void> {
    for (;;) {
      const reply = await this.ask(':D#', HASH, signal);
      if (!parseSlewing(reply)) return;
      await this.clock.sleep(this.pollMs, signal);
    }
  }

  private precisionToleranceDeg(): number {
    return this.precision === 'high' ? 2 / 3600 * 15 : 1 / 60 * 1.5; // one unit of the reply format, with margin
  }

  private checkLimits(jnow: EquatorialCoords, now: number): void {
    const site = this.site;
    if (!site) return;
    const lst = lstHours(now, site.longitudeDeg);
    const hz = equatorialToHorizontal(jnow, lst, site.latitudeDeg);
    if (hz.altitudeDeg < this.limits.minAltitudeDeg || hz.altitudeDeg > this.limits.maxAltitudeDeg) {
      throw deviceError('device.unsafe', `${this.id}: target altitude ${hz.altitudeDeg.toFixed(1)}° outside limits`);
    }
    const ha = diffHours(lst, jnow.raHours);
    if (this.limits.maxHourAngleHours !== null && Math.abs(ha) > this.limits.maxHourAngleHours) {
      throw deviceError('device.unsafe', `${this.id}: target hour angle ${ha.toFixed(2)} h outside limits`);
    }
  }

  private ensureUnparked(): void {
    if (this.parked) throw deviceError('device.error', `${this.id}: mount is parked`, { reason: 'parked' });
  }

  private garbage(command: string, reply: string): Error {
    this.line?.markGarbage();
    return deviceError('device.protocol', `${this.id}: unparsable reply to ${command.replace('\x06', 'ACK')}`, { reply });
  }
}

