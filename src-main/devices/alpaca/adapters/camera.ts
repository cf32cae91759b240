/**
 * Camera over the Alpaca Camera API: settings (BinX/BinY, StartX/StartY/NumX/NumY in binned pixels,
 * ReadoutMode, cooler) are written and read back, StartExposure is polled through ImageReady, and
 * the image is downloaded as ImageBytes (JSON ImageArray fallback) and checked against the
 * geometry that was asked for.
 */
import { deviceError, ensurePostcondition } from '../../errors';
import type {
  AlpacaDeviceConfig,
  Binning,
  CallOptions,
  Camera,
  CameraActivity,
  CameraImage,
  CameraInfo,
  CameraState,
  DriverContext,
  ExposureRequest,
  Subframe,
} from '../../types';
import { ALPACA_QUICK_TIMEOUT_MS, AlpacaDevice, type AlpacaAdapterOptions } from './base';

/** ASCOM CameraState → activity. */
const ACTIVITY: Record<number, CameraActivity> = { 0: 'idle', 1: 'exposing', 2: 'exposing', 3: 'reading', 4: 'downloading', 5: 'error' };

export class AlpacaCamera extends AlpacaDevice<'camera'> implements Camera {
  private info: CameraInfo = {
    sensorWidthPx: 0,
    sensorHeightPx: 0,
    pixelSizeUm: null,
    maxBinning: 1,
    readoutModes: ['default'],
    canCool: false,
    canAbort: false,
    maxAdu: 65535,
  };
  /** Duration of the exposure in progress, s (for the time-left estimate). */
  private lastDurationSec: number | null = null;

  constructor(config: AlpacaDeviceConfig, ctx: DriverContext, options?: AlpacaAdapterOptions) {
    super('camera', config, ctx, options);
  }

  protected override async afterConnect(signal: AbortSignal): Promise<void> {
    const [w, h, px, maxBin, modes, canCool, canAbort, maxAdu] = await Promise.all([
      this.get<number>('cameraxsize', signal),
      this.get<number>('cameraysize', signal),
      this.optional<number>('pixelsizex', signal),
      this.optional<number>('maxbinx', signal),
      this.optional<string[]>('readoutmodes', signal),
      this.optional<boolean>('cansetccdtemperature', signal),
      this.optional<boolean>('canabortexposure', signal),
      this.optional<number>('maxadu', signal),
    ]);
    this.info = {
      sensorWidthPx: w,
      sensorHeightPx: h,
      pixelSizeUm: px,
      maxBinning: maxBin ?? 1,
      readoutModes: Array.isArray(modes) && modes.length > 0 ? modes : ['default'],
      canCool: canCool === true,
      canAbort: canAbort === true,
      maxAdu: maxAdu ?? 65535,
    };
  }

  protected async read(signal: AbortSignal): Promise<CameraState> {
    const cool = this.info.canCool;
    const [p, roi] = await Promise.all([
      this.readProps(
        {
          camerastate: 'required',
          binx: 'required',
          biny: 'required',
          readoutmode: 'optional',
          ccdtemperature: 'optional',
          ...(cool ? ({ cooleron: 'optional', setccdtemperature: 'optional', coolerpower: 'optional' } as const) : {}),
          percentcompleted: 'optional',
        },
        signal,
      ),
      this.readRoi(signal),
    ]);
    const state = p['camerastate'] as number;
    const binX = p['binx'] as number;
    const binY = p['biny'] as number;
    const mode = p['readoutmode'] as number | null;
    const temp = p['ccdtemperature'] as number | null;
    const coolerOn = cool ? (p['cooleron'] as boolean | null) : null;
    const setpoint = cool ? (p['setccdtemperature'] as number | null) : null;
    const power = cool ? (p['coolerpower'] as number | null) : null;
    const pct = p['percentcompleted'] as number | null;
    const activity = ACTIVITY[state] ?? 'error';
    const subframe = this.toSubframe(roi, { x: binX, y: binY });
    return {
      kind: 'camera',
      ...this.stateBase(),
      info: { ...this.info, readoutModes: [...this.info.readoutModes] },
      activity,
      binning: { x: binX, y: binY },
      subframe: isFullFrame(subframe, this.info) ? null : subframe,
      readoutMode: mode ?? 0,
      sensorTemperatureC: temp,
      coolerOn: coolerOn === true,
      coolerSetpointC: coolerOn === true ? setpoint : null,
      coolerPowerPct: power,
      // Alpaca gives progress, not time left: estimate it from PercentCompleted when exposing.
      exposureRemainingSec: activity === 'exposing' && pct !== null && this.lastDurationSec !== null ? Math.max(0, this.lastDurationSec * (1 - pct / 100)) : null,
    };
  }

  expose(request: ExposureRequest, opts?: CallOptions): Promise<CameraImage> {
    const budgetMs = (request.durationSec + 60) * 1000;
    return this.run('expose', opts, budgetMs, async (signal) => {
      if (!(request.durationSec >= 0)) throw deviceError('device.error', `${this.id}: invalid duration`);
      const state = await this.get<number>('camerastate', signal);
      if (state !== 0 && state !== 5) throw deviceError('device.busy', `${this.id}: exposure already in progress`);
      if (request.binning) await this.applyBinning(request.binning, signal);
      if (request.readoutMode !== undefined) await this.applyReadoutMode(request.readoutMode, signal);
      const binning = { x: await this.get<number>('binx', signal), y: await this.get<number>('biny', signal) };
      if (request.subframe !== undefined) await this.applySubframe(request.subframe, binning, signal);
      const roi = await this.readRoi(signal);
      const frame = this.toSubframe(roi, binning);
      const readoutMode = (await this.optional<number>('readoutmode', signal)) ?? 0;
      const sensorTemperatureC = await this.optional<number>('ccdtemperature', signal);

      const startUtcMs = this.clock.nowMs();
      const light = request.frameType === 'light' || request.frameType === 'flat';
      this.lastDurationSec = request.durationSec;
      await this.put('startexposure', { Duration: request.durationSec, Light: light }, signal);
      const onAbort = (): void => {
        if (this.info.canAbort) void this.client.put(this.type, this.number, 'abortexposure', {}, { timeoutMs: 2_000 }).catch(() => undefined);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        // Nothing to ask before the shutter closes: sleep through most of the exposure, then poll.
        const quietMs = Math.max(0, request.durationSec * 1000 - this.pollMs);
        if (quietMs > 0) await this.clock.sleep(quietMs, signal);
        await this.waitFor(async () => {
          if (await this.get<boolean>('imageready', signal)) return true;
          if ((await this.get<number>('camerastate', signal)) === 5) {
            // Our own server says exactly what failed; another server only that it did.
            const status = await this.operationStatus('expose', signal);
            throw status.error ?? deviceError('device.error', `${this.id}: the camera reports an error state`);
          }
          return false;
        }, signal);
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
      const img = await this.client.imageArray(this.number, { signal });
      ensurePostcondition(img.width === roi.numX && img.height === roi.numY, `${this.id} image geometry matches the ROI`, {
        width: img.width,
        height: img.height,
        expectW: roi.numX,
        expectH: roi.numY,
      });
      return {
        pixels: img.pixels,
        width: img.width,
        height: img.height,
        fits: null,
        metadata: {
          startUtcMs,
          exposureSec: request.durationSec,
          frameType: request.frameType,
          binning,
          subframe: frame,
          readoutMode,
          sensorTemperatureC,
          cameraName: this.deviceName,
          pointingJ2000: null,
          filter: null,
          headers: this.pixelHeaders(binning),
        },
      };
    });
  }

  abortExposure(opts?: CallOptions): Promise<void> {
    return this.run('abortExposure', opts, ALPACA_QUICK_TIMEOUT_MS, async (signal) => {
      if (!this.info.canAbort) throw deviceError('device.unsupported', `${this.id}: the camera cannot abort exposures`);
      await this.put('abortexposure', {}, signal);
      await this.waitFor(async () => {
        const s = await this.get<number>('camerastate', signal);
        return s === 0 || s === 5;
      }, signal);
    });
  }

  setBinning(binning: Binning, opts?: CallOptions): Promise<void> {
    return this.run('setBinning', opts, ALPACA_QUICK_TIMEOUT_MS, (signal) => this.applyBinning(binning, signal));
  }

  setSubframe(subframe: Subframe | null, opts?: CallOptions): Promise<void> {
    return this.run('setSubframe', opts, ALPACA_QUICK_TIMEOUT_MS, async (signal) => {
      const binning = { x: await this.get<number>('binx', signal), y: await this.get<number>('biny', signal) };
      await this.applySubframe(subframe, binning, signal);
    });
  }

  setReadoutMode(mode: number, opts?: CallOptions): Promise<void> {
    return this.run('setReadoutMode', opts, ALPACA_QUICK_TIMEOUT_MS, (signal) => this.applyReadoutMode(mode, signal));
  }

  setCooler(setpointC: number | null, opts?: CallOptions): Promise<void> {
    return this.run('setCooler', opts, ALPACA_QUICK_TIMEOUT_MS, async (signal) => {
      if (!this.info.canCool) throw deviceError('device.unsupported', `${this.id}: the camera cannot cool`);
      if (setpointC === null) {
        await this.put('cooleron', { CoolerOn: false }, signal);
        ensurePostcondition(!(await this.get<boolean>('cooleron', signal)), `${this.id} cooler off`);
        return;
      }
      await this.put('setccdtemperature', { SetCCDTemperature: setpointC }, signal);
      await this.put('cooleron', { CoolerOn: true }, signal);
      const [on, sp] = await Promise.all([this.get<boolean>('cooleron', signal), this.get<number>('setccdtemperature', signal)]);
      ensurePostcondition(on && Math.abs(sp - setpointC) < 0.01, `${this.id} cooler on at ${setpointC} °C`, { coolerOn: on, setpointC: sp });
    });
  }

  /**
   * Sets the binning and re-writes the ROI for it: the capability interface's sub-frame is in
   * unbinned pixels and must survive a binning change, while ASCOM's NumX/NumY are binned.
   */
  private async applyBinning(b: Binning, signal: AbortSignal): Promise<void> {
    const old = { x: await this.get<number>('binx', signal), y: await this.get<number>('biny', signal) };
    if (old.x === b.x && old.y === b.y) return;
    const frame = this.toSubframe(await this.readRoi(signal), old);
    await this.put('binx', { BinX: b.x }, signal);
    await this.put('biny', { BinY: b.y }, signal);
    const [x, y] = await Promise.all([this.get<number>('binx', signal), this.get<number>('biny', signal)]);
    ensurePostcondition(x === b.x && y === b.y, `${this.id} binning ${b.x}×${b.y}`, { binX: x, binY: y });
    await this.applySubframe(isFullFrame(frame, this.info) ? null : frame, b, signal);
  }

  private async applyReadoutMode(mode: number, signal: AbortSignal): Promise<void> {
    await this.put('readoutmode', { ReadoutMode: mode }, signal);
    ensurePostcondition((await this.get<number>('readoutmode', signal)) === mode, `${this.id} readout mode ${mode}`);
  }

  /** Writes the ROI in binned pixels (null = full frame at this binning) and reads it back. */
  private async applySubframe(s: Subframe | null, b: Binning, signal: AbortSignal): Promise<void> {
    const f = s ?? { x: 0, y: 0, width: this.info.sensorWidthPx, height: this.info.sensorHeightPx };
    const want = { startX: Math.floor(f.x / b.x), startY: Math.floor(f.y / b.y), numX: Math.floor(f.width / b.x), numY: Math.floor(f.height / b.y) };
    await this.put('startx', { StartX: want.startX }, signal);
    await this.put('starty', { StartY: want.startY }, signal);
    await this.put('numx', { NumX: want.numX }, signal);
    await this.put('numy', { NumY: want.numY }, signal);
    const got = await this.readRoi(signal);
    ensurePostcondition(JSON.stringify(got) === JSON.stringify(want), `${this.id} sub-frame read back`, { want, got });
  }

  private async readRoi(signal: AbortSignal): Promise<{ startX: number; startY: number; numX: number; numY: number }> {
    const [startX, startY, numX, numY] = await Promise.all([
      this.get<number>('startx', signal),
      this.get<number>('starty', signal),
      this.get<number>('numx', signal),
      this.get<number>('numy', signal),
    ]);
    return { startX, startY, numX, numY };
  }

  private pixelHeaders(b: Binning): Record<string, number> {
    const um = this.info.pixelSizeUm;
    return um === null ? {} : { XPIXSZ: um * b.x, YPIXSZ: um * b.y };
  }

  private toSubframe(roi: { startX: number; startY: number; numX: number; numY: number }, b: Binning): Subframe {
    return { x: roi.startX * b.x, y: roi.startY * b.y, width: roi.numX * b.x, height: roi.numY * b.y };
  }
}

function isFullFrame(f: Subframe, info: CameraInfo): boolean {
  return f.x === 0 && f.y === 0 && f.width === info.sensorWidthPx && f.height === info.sensorHeightPx;
}
