/**
 * Simulated dome or roll-off roof (`options.roof: true`: no azimuth, no slaving). The shutter takes
 * `shutterSec` to open or close; azimuth moves at `degPerSec` the short way round. Slaved, the dome
 * follows the mount's azimuth at that rate (as a dome controller slaved to its telescope does),
 * leaving park when it moves; park and abort end the slaving (ASCOM: AbortSlew sets Slaved false).
 */
import type { Clock } from '../../clock';
import { deviceError, ensurePostcondition } from '../errors';
import type { CallOptions, Dome, DomeCapabilities, DomeState, ShutterStatus } from '../types';
import { SIM_QUICK_TIMEOUT_MS, SimDevice, boolOption, numOption, strOption } from './base';
import type { LinearMove } from './motion';
import { positionAt, startMove } from './motion';
import { normalizeDeg } from './sky-math';
import type { SimWorld } from './world';

/** A slaved dome further than this from the mount's azimuth reports itself slewing. */
const FOLLOW_SLEWING_DEG = 1;

/** The signed shortest turn from 0 to `deg`, in (−180, 180]. */
function shortestDeg(deg: number): number {
  return ((((deg % 360) + 540) % 360) - 180) || 0;
}

export class SimDome extends SimDevice<'dome'> implements Dome {
  private readonly capabilities: DomeCapabilities;
  private shutter: 'open' | 'closed' = 'closed';
  private shutterMove: { to: 'open' | 'closed'; endMs: number; stop: AbortController } | null = null;
  private azimuth = 0;
  private azMove: LinearMove | null = null;
  private slaved = false;
  /** Clock time up to which a slaved dome's following has been applied. */
  private followedToMs = 0;
  private parked = true;
  private readonly shutterSec: number;
  private readonly degPerSec: number;
  private readonly parkAzimuthDeg: number;

  constructor(id: string, clock: Clock, world: SimWorld, options?: Record<string, unknown>) {
    const roof = boolOption(options, 'roof', false);
    super('dome', id, strOption(options, 'name', roof ? 'Nightshift Sim Roof' : 'Nightshift Sim Dome'), clock, world);
    this.capabilities = { canSetAzimuth: !roof, canSlave: !roof, canPark: true, canSetShutter: true };
    this.shutterSec = numOption(options, 'shutterSec', roof ? 20 : 10);
    this.degPerSec = numOption(options, 'degPerSec', 5);
    this.parkAzimuthDeg = numOption(options, 'parkAzimuthDeg', 0);
    if (boolOption(options, 'open', false)) this.shutter = 'open';
    world.skyVisible = () => this.shutterStatus() === 'open';
  }

  openShutter(opts?: CallOptions): Promise<void> {
    return this.run('openShutter', opts, 120_000, (signal, effect) => this.moveShutter('open', signal, effect.skip));
  }

  closeShutter(opts?: CallOptions): Promise<void> {
    return this.run('closeShutter', opts, 120_000, (signal, effect) => this.moveShutter('closed', signal, effect.skip));
  }

  slewToAzimuth(azimuthDeg: number, opts?: CallOptions): Promise<void> {
    return this.run('slewToAzimuth', opts, 120_000, async (signal, effect) => {
      if (!this.capabilities.canSetAzimuth) throw deviceError('device.unsupported', `${this.id}: a roof has no azimuth`);
      if (!Number.isFinite(azimuthDeg)) throw deviceError('device.error', `${this.id}: invalid azimuth`);
      await this.moveAzimuth(normalizeDeg(azimuthDeg), signal, effect.skip);
      this.parked = false;
    });
  }

  setSlaved(on: boolean, opts?: CallOptions): Promise<void> {
    return this.run('setSlaved', opts, SIM_QUICK_TIMEOUT_MS, (_signal, effect) => {
      if (!this.capabilities.canSlave) throw deviceError('device.unsupported', `${this.id}: a roof cannot be slaved`);
      this.settle();
      if (!effect.skip) this.slaved = on;
      this.followedToMs = this.clock.nowMs();
      ensurePostcondition(this.slaved === on, `slaving ${on ? 'on' : 'off'}`);
      return Promise.resolve();
    });
  }

  park(opts?: CallOptions): Promise<void> {
    return this.run('park', opts, 120_000, async (signal, effect) => {
      this.settle();
      if (!effect.skip) this.slaved = false;
      if (this.capabilities.canSetAzimuth) await this.moveAzimuth(this.parkAzimuthDeg, signal, effect.skip);
      if (!effect.skip) this.parked = true;
      ensurePostcondition(this.parked, 'dome parked');
    });
  }

  unpark(opts?: CallOptions): Promise<void> {
    return this.run('unpark', opts, SIM_QUICK_TIMEOUT_MS, (_signal, effect) => {
      if (!effect.skip) this.parked = false;
      ensurePostcondition(!this.parked, 'dome unparked');
      return Promise.resolve();
    });
  }

  abort(opts?: CallOptions): Promise<void> {
    return this.run('abort', opts, SIM_QUICK_TIMEOUT_MS, () => {
      this.settle();
      this.slaved = false;
      const reason = deviceError('device.error', `${this.id}: motion aborted`);
      const sm = this.shutterMove;
      if (sm) {
        this.shutterMove = null;
        sm.stop.abort(reason);
      }
      this.stopAzimuth(reason);
      return Promise.resolve();
    });
  }

  protected currentState(): DomeState {
    this.settle();
    return {
      kind: 'dome',
      ...this.stateBase(),
      capabilities: { ...this.capabilities },
      shutter: this.shutterStatus(),
      azimuthDeg: this.capabilities.canSetAzimuth ? normalizeDeg(this.az()) : null,
      slewing: (this.azMove !== null && this.clock.nowMs() < this.azMove.endMs) || this.followGapDeg() > FOLLOW_SLEWING_DEG,
      slaved: this.slaved,
      parked: this.parked,
    };
  }

  private async moveShutter(to: 'open' | 'closed', signal: AbortSignal, skip: boolean): Promise<void> {
    this.settle();
    if (this.shutterMove) throw deviceError('device.busy', `${this.id}: shutter is moving`);
    if (this.shutter !== to) {
      const now = this.clock.nowMs();
      const stop = new AbortController();
      const endMs = now + this.shutterSec * 1000;
      if (!skip) this.shutterMove = { to, endMs, stop };
      await this.clock.sleep(endMs - now, AbortSignal.any([signal, stop.signal]));
      this.settle();
    }
    ensurePostcondition(this.shutterStatus() === to, `shutter ${to}`, { shutter: this.shutterStatus() });
  }

  private async moveAzimuth(targetDeg: number, signal: AbortSignal, skip: boolean): Promise<void> {
    this.settle();
    if (this.azMove) throw deviceError('device.busy', `${this.id}: dome is rotating`);
    const from = this.az();
    const delta = (((targetDeg - from) % 360) + 540) % 360 - 180;
    const now = this.clock.nowMs();
    const m = startMove(from, skip ? from : from + delta, now, this.degPerSec, 200);
    this.azMove = m;
    const onAbort = (): void => this.stopAzimuth(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.clock.sleep(m.endMs - now, AbortSignal.any([signal, m.stop.signal]));
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    this.settle();
    const off = Math.abs((((normalizeDeg(this.az()) - targetDeg) % 360) + 540) % 360 - 180);
    ensurePostcondition(off < 0.5, `dome at azimuth ${targetDeg}°`, { azimuthDeg: normalizeDeg(this.az()) });
  }

  private stopAzimuth(reason: unknown): void {
    const m = this.azMove;
    if (!m) return;
    this.azimuth = positionAt(m, this.clock.nowMs());
    this.azMove = null;
    m.stop.abort(reason);
  }

  private settle(): void {
    const now = this.clock.nowMs();
    if (this.shutterMove && now >= this.shutterMove.endMs) {
      this.shutter = this.shutterMove.to;
      this.shutterMove = null;
    }
    if (this.azMove && now >= this.azMove.endMs) {
      this.azimuth = this.azMove.to;
      this.azMove = null;
      this.followedToMs = now;
    }
    this.follow(now);
  }

  /** A slaved dome turns towards the mount's azimuth at `degPerSec` for the clock time since the last look. */
  private follow(now: number): void {
    const since = this.followedToMs;
    this.followedToMs = now;
    if (!this.slaved || this.azMove) return;
    const targetDeg = this.world.mountAzimuthDeg?.() ?? null;
    if (targetDeg === null) return;
    const delta = shortestDeg(targetDeg - this.azimuth);
    const stepDeg = (this.degPerSec * Math.max(0, now - since)) / 1000;
    if (Math.abs(delta) < 1e-9 || stepDeg <= 0) return;
    this.azimuth = normalizeDeg(this.azimuth + Math.max(-stepDeg, Math.min(stepDeg, delta)));
    this.parked = false;
  }

  /** How far a slaved dome lags the mount, degrees (0 when not slaved or the mount is parked). */
  private followGapDeg(): number {
    const targetDeg = this.slaved && !this.azMove ? (this.world.mountAzimuthDeg?.() ?? null) : null;
    return targetDeg === null ? 0 : Math.abs(shortestDeg(targetDeg - this.azimuth));
  }

  private shutterStatus(): ShutterStatus {
    this.settle();
    if (this.shutterMove) return this.shutterMove.to === 'open' ? 'opening' : 'closing';
    return this.shutter;
  }

  private az(): number {
    return this.azMove ? positionAt(this.azMove, this.clock.nowMs()) : this.azimuth;
  }
}
