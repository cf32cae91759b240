/**
 * Simulated cooled CCD. An exposure takes its duration plus a readout time on the clock and yields
 * a real image of the field the world's mount points at (see image-synth.ts).
 */
import type { Clock } from '../../clock';
import { deviceError, ensurePostcondition } from '../errors';
import type {
  Binning,
  CallOptions,
  Camera,
  CameraActivity,
  CameraImage,
  CameraInfo,
  CameraState,
  ExposureRequest,
  Subframe,
} from '../types';
import { SIM_QUICK_TIMEOUT_MS, SimDevice, numOption, strOption } from './base';
import { synthesizeImage } from './image-synth';
import { zeroPointMag } from './photometry';
import { simWcsHeaders } from './wcs-header';
import type { SimWorld } from './world';

const READOUT_MODES = ['normal', 'fast'];

export class SimCamera extends SimDevice<'camera'> implements Camera {
  readonly info: CameraInfo;
  private activity: CameraActivity = 'idle';
  private binning: Binning = { x: 1, y: 1 };
  private subframe: Subframe | null = null;
  private readoutMode = 0;
  private coolerSetpointC: number | null = null;
  /** Sensor temperature model: exponential approach to the set-point (or ambient) from this anchor. */
  private tempAnchor: { c: number; atMs: number };
  private exposureEndMs: number | null = null;
  private exposureAbort: AbortController | null = null;
  private frameCount = 0;
  private readonly focalLengthMm: number;
  private readonly readoutSecPerMpx: number;
  private readonly skyAduPerSec: number;
  private readonly fwhmPx: number;
  private readonly seed: number;
  private readonly apertureMm: number;
  private readonly obstruction: number;
  private readonly efficiency: number;
  private readonly gainEPerAdu: number;

  constructor(id: string, clock: Clock, world: SimWorld, options?: Record<string, unknown>) {
    super('camera', id, strOption(options, 'name', 'Nightshift Sim Camera'), clock, world);
    this.info = {
      sensorWidthPx: numOption(options, 'widthPx', 1280),
      sensorHeightPx: numOption(options, 'heightPx', 1024),
      pixelSizeUm: numOption(options, 'pixelSizeUm', 5.4),
      maxBinning: 4,
      readoutModes: [...READOUT_MODES],
      canCool: true,
      canAbort: true,
      maxAdu: 65535,
    };
    this.focalLengthMm = numOption(options, 'focalLengthMm', 1000);
    this.readoutSecPerMpx = numOption(options, 'readoutSecPerMpx', 0.5);
    this.skyAduPerSec = numOption(options, 'skyAduPerSec', 5);
    this.fwhmPx = numOption(options, 'fwhmPx', 2.5);
    this.seed = numOption(options, 'seed', 1);
    // Photometry (photometry.ts): aperture defaults to an f/8 system of the focal length.
    this.apertureMm = numOption(options, 'apertureMm', this.focalLengthMm / 8);
    this.obstruction = numOption(options, 'obstruction', 0.3);
    this.efficiency = numOption(options, 'efficiency', 0.5);
    this.gainEPerAdu = numOption(options, 'gainEPerAdu', 1);
    this.tempAnchor = { c: this.ambientC(), atMs: clock.nowMs() };
  }

  /** Plate scale of one unbinned pixel, arcseconds. */
  get pixelScaleArcsec(): number {
    return (206.265 * (this.info.pixelSizeUm ?? 5.4)) / this.focalLengthMm;
  }

  expose(request: ExposureRequest, opts?: CallOptions): Promise<CameraImage> {
    const budgetMs = (request.durationSec + this.readoutSec(request) + 30) * 1000;
    return this.run('expose', opts, budgetMs, async (signal, effect) => {
      if (this.activity !== 'idle') throw deviceError('device.busy', `${this.id}: exposure already in progress`);
      if (!(request.durationSec >= 0)) throw deviceError('device.error', `${this.id}: invalid duration`);
      if (request.binning) this.applyBinning(request.binning);
      if (request.subframe !== undefined) this.applySubframe(request.subframe);
      if (request.readoutMode !== undefined) this.applyReadoutMode(request.readoutMode);
      const startUtcMs = this.clock.nowMs();
      const pointing = this.world.pointing?.() ?? null;
      const filter = this.world.filter?.() ?? null;
      const stop = new AbortController();
      this.exposureAbort = stop;
      this.exposureEndMs = startUtcMs + request.durationSec * 1000;
      this.activity = 'exposing';
      try {
        const both = AbortSignal.any([signal, stop.signal]);
        await this.clock.sleep(request.durationSec * 1000, both);
        this.activity = 'reading';
        await this.clock.sleep(this.readoutSec(request) * 1000, both);
      } finally {
        this.activity = 'idle';
        this.exposureEndMs = null;
        this.exposureAbort = null;
      }
      const frame = this.subframe ?? { x: 0, y: 0, width: this.info.sensorWidthPx, height: this.info.sensorHeightPx };
      const focusErr = this.world.focusErrorSteps?.() ?? 0;
      const positionAngleDeg = this.world.positionAngleDeg?.() ?? 0;
      const image = synthesizeImage({
        sensorWidthPx: this.info.sensorWidthPx,
        sensorHeightPx: this.info.sensorHeightPx,
        subframe: frame,
        // A lying camera (postcondition fault) delivers the wrong geometry.
        binning: effect.skip ? { x: this.binning.x + 1, y: this.binning.y + 1 } : this.binning,
        frameType: request.frameType,
        exposureSec: request.durationSec,
        pixelScaleArcsec: this.pixelScaleArcsec,
        pointing,
        positionAngleDeg,
        epochUtcMs: startUtcMs,
        skyVisible: this.world.skyVisible?.() ?? true,
        // Defocus widens stars: ~1 px FWHM per 100 steps away from best focus.
        fwhmPx: Math.hypot(this.fwhmPx, Math.abs(focusErr) / 100),
        skyAduPerSec: this.skyAduPerSec,
        zeroPointMag: this.zeroPointMag(filter),
        transmission: filter === null ? 1 : filterTransmission(filter),
        biasAdu: 1000,
        readNoiseAdu: this.readoutMode === 0 ? 5 : 9,
        darkAduPerSec: 0.02 * 2 ** ((this.sensorTemperatureC() - 0) / 6),
        flatLevelAdu: 25_000,
        maxAdu: this.info.maxAdu,
        seed: (this.seed * 7919 + ++this.frameCount * 104_729 + Math.floor(startUtcMs / 1000)) >>> 0,
        catalog: this.world.catalog,
      });
      const expectW = Math.floor(frame.width / this.binning.x);
      const expectH = Math.floor(frame.height / this.binning.y);
      ensurePostcondition(image.width === expectW && image.height === expectH, 'image geometry matches settings', {
        width: image.width,
        height: image.height,
        expectW,
        expectH,
      });
      return {
        pixels: image.pixels,
        width: image.width,
        height: image.height,
        fits: null,
        metadata: {
          startUtcMs,
          exposureSec: request.durationSec,
          frameType: request.frameType,
          binning: { ...this.binning },
          subframe: { ...frame },
          readoutMode: this.readoutMode,
          sensorTemperatureC: round1(this.sensorTemperatureC()),
          cameraName: this.name,
          pointingJ2000: pointing,
          filter,
          headers: {
            XPIXSZ: (this.info.pixelSizeUm ?? 0) * this.binning.x,
            NSTARS: image.starsDrawn,
            APERTURE: this.apertureMm,
            MAGZERO: round3(this.zeroPointMag(filter)),
            ...(pointing !== null && request.frameType === 'light'
              ? simWcsHeaders({
                  pointing,
                  pixelScaleArcsec: this.pixelScaleArcsec,
                  positionAngleDeg,
                  sensorWidthPx: this.info.sensorWidthPx,
                  sensorHeightPx: this.info.sensorHeightPx,
                  subframe: frame,
                  binning: this.binning,
                })
              : {}),
          },
        },
      };
    });
  }

  abortExposure(opts?: CallOptions): Promise<void> {
    return this.run('abortExposure', opts, SIM_QUICK_TIMEOUT_MS, (_signal, effect) => {
      if (!effect.skip && this.exposureAbort) {
        this.exposureAbort.abort(deviceError('device.error', `${this.id}: exposure aborted`));
        this.activity = 'idle';
        this.exposureEndMs = null;
      }
      ensurePostcondition(this.activity === 'idle', 'camera idle after abort');
      return Promise.resolve();
    });
  }

  setBinning(binning: Binning, opts?: CallOptions): Promise<void> {
    return this.setter('setBinning', opts, () => this.applyBinning(binning), () => this.binning.x === binning.x && this.binning.y === binning.y);
  }

  setSubframe(subframe: Subframe | null, opts?: CallOptions): Promise<void> {
    return this.setter(
      'setSubframe',
      opts,
      () => this.applySubframe(subframe),
      () => JSON.stringify(this.subframe) === JSON.stringify(subframe),
    );
  }

  setReadoutMode(mode: number, opts?: CallOptions): Promise<void> {
    return this.setter('setReadoutMode', opts, () => this.applyReadoutMode(mode), () => this.readoutMode === mode);
  }

  setCooler(setpointC: number | null, opts?: CallOptions): Promise<void> {
    return this.setter(
      'setCooler',
      opts,
      () => {
        this.tempAnchor = { c: this.sensorTemperatureC(), atMs: this.clock.nowMs() };
        this.coolerSetpointC = setpointC;
      },
      () => this.coolerSetpointC === setpointC,
    );
  }

  protected currentState(): CameraState {
    const now = this.clock.nowMs();
    const temp = this.sensorTemperatureC();
    const ambient = this.ambientC();
    return {
      kind: 'camera',
      ...this.stateBase(),
      info: { ...this.info, readoutModes: [...this.info.readoutModes] },
      activity: this.activity,
      binning: { ...this.binning },
      subframe: this.subframe ? { ...this.subframe } : null,
      readoutMode: this.readoutMode,
      sensorTemperatureC: round1(temp),
      coolerOn: this.coolerSetpointC !== null,
      coolerSetpointC: this.coolerSetpointC,
      coolerPowerPct: this.coolerSetpointC === null ? 0 : round1(Math.min(100, Math.max(0, (ambient - temp) * 3))),
      exposureRemainingSec: this.exposureEndMs === null ? null : Math.max(0, (this.exposureEndMs - now) / 1000),
    };
  }

  // --- simulation ------------------------------------------------------------------------

  private setter(command: string, opts: CallOptions | undefined, apply: () => void, verify: () => boolean): Promise<void> {
    return this.run(command, opts, SIM_QUICK_TIMEOUT_MS, (_signal, effect) => {
      if (this.activity !== 'idle') throw deviceError('device.busy', `${this.id}: cannot ${command} while exposing`);
      if (!effect.skip) apply();
      ensurePostcondition(verify(), `${command} read back`);
      return Promise.resolve();
    });
  }

  private applyBinning(b: Binning): void {
    const ok = Number.isInteger(b.x) && Number.isInteger(b.y) && b.x >= 1 && b.y >= 1;
    if (!ok || b.x > this.info.maxBinning || b.y > this.info.maxBinning) {
      throw deviceError('device.error', `${this.id}: binning ${b.x}×${b.y} not supported`);
    }
    this.binning = { x: b.x, y: b.y };
  }

  private applySubframe(s: Subframe | null): void {
    if (s !== null) {
      const ok =
        s.x >= 0 && s.y >= 0 && s.width >= 1 && s.height >= 1 &&
        s.x + s.width <= this.info.sensorWidthPx && s.y + s.height <= this.info.sensorHeightPx;
      if (!ok) throw deviceError('device.error', `${this.id}: subframe outside the sensor`);
    }
    this.subframe = s === null ? null : { ...s };
  }

  private applyReadoutMode(mode: number): void {
    if (!Number.isInteger(mode) || mode < 0 || mode >= this.info.readoutModes.length) {
      throw deviceError('device.error', `${this.id}: no readout mode ${mode}`);
    }
    this.readoutMode = mode;
  }

  private readoutSec(request: ExposureRequest): number {
    const b = request.binning ?? this.binning;
    const f = request.subframe ?? this.subframe;
    const px = f ? f.width * f.height : this.info.sensorWidthPx * this.info.sensorHeightPx;
    const modeFactor = (request.readoutMode ?? this.readoutMode) === 1 ? 0.25 : 1;
    return ((px / (b.x * b.y)) / 1e6) * this.readoutSecPerMpx * modeFactor;
  }

  /** ADU/s zero point of a magnitude-0 star through `filter` (−Infinity when opaque). */
  zeroPointMag(filter: string | null): number {
    return zeroPointMag({ apertureMm: this.apertureMm, obstruction: this.obstruction, efficiency: this.efficiency, gainEPerAdu: this.gainEPerAdu, filter });
  }

  private ambientC(): number {
    return this.world.ambientC?.() ?? 10;
  }

  /** First-order cooling toward the set-point (never below ambient − 40 °C), time constant 60 s. */
  private sensorTemperatureC(): number {
    const ambient = this.ambientC();
    const goal = this.coolerSetpointC === null ? ambient : Math.max(this.coolerSetpointC, ambient - 40);
    const dtSec = (this.clock.nowMs() - this.tempAnchor.atMs) / 1000;
    return goal + (this.tempAnchor.c - goal) * Math.exp(-dtSec / 60);
  }
}

function round3(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1000) / 1000 : -99;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Rough broadband vs narrowband throughput, so filter changes show in the images. */
function filterTransmission(name: string): number {
  const n = name.toLowerCase();
  if (n === 'l' || n.startsWith('lum') || n === 'clear') return 1;
  if (n === 'ha' || n.includes('oiii') || n.includes('sii') || n.includes('alpha')) return 0.05;
  if (n === 'dark' || n === 'blank') return 0;
  return 0.35;
}
