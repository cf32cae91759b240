/**
 * Camera over INDI's CCD properties: CCD_EXPOSURE, CCD_ABORT_EXPOSURE, BLOB CCD1, CCD_FRAME,
 * CCD_BINNING, CCD_FRAME_TYPE, CCD_TEMPERATURE, CCD_COOLER, CCD_INFO, UPLOAD_MODE, CCD_COMPRESSION.
 * Images arrive as FITS BLOBs (enableBLOB Also on the shared connection, compression off: 1.9.9's
 * `.fits.fz` needs a Rice decoder) and are decoded to pixels.
 */
import { AppError } from '../../../src-shared/errors';
import { decodeFits } from '../../archive/fits/reader';
import { deviceError, ensurePostcondition } from '../errors';
import { jnowToJ2000 } from '../sim/sky-math';
import type {
  Binning,
  CallOptions,
  Camera,
  CameraActivity,
  CameraImage,
  CameraInfo,
  CameraState,
  DriverContext,
  EquatorialCoords,
  ExposureRequest,
  FrameType,
  IndiDeviceConfig,
  Subframe,
} from '../types';
import type { IndiClient } from './client';
import { IndiDevice, INDI_QUICK_TIMEOUT_MS } from './device-base';
import { parseIndiNumber } from './properties';

/** Time allowed after the exposure for readout and download, ms. */
const DOWNLOAD_ALLOWANCE_MS = 60_000;

const FRAME_SWITCH: Record<FrameType, string> = { light: 'FRAME_LIGHT', dark: 'FRAME_DARK', bias: 'FRAME_BIAS', flat: 'FRAME_FLAT' };

export class IndiCamera extends IndiDevice<'camera'> implements Camera {
  private exposing = false;

  constructor(config: IndiDeviceConfig, ctx: DriverContext) {
    super('camera', config, ctx);
  }

  protected async afterConnect(c: IndiClient, signal: AbortSignal): Promise<void> {
    await this.waitFor(c, 'CCD_EXPOSURE', () => true, signal);
    c.enableBlob(this.device, 'Also', 'CCD1');
    if (this.vec('UPLOAD_MODE')) c.sendSwitch(this.device, 'UPLOAD_MODE', { UPLOAD_CLIENT: true });
    if (this.vec('CCD_COMPRESSION')) c.sendSwitch(this.device, 'CCD_COMPRESSION', { INDI_DISABLED: true });
    if (this.vec('CCD_TRANSFER_FORMAT')) c.sendSwitch(this.device, 'CCD_TRANSFER_FORMAT', { FORMAT_FITS: true });
  }

  private info(): CameraInfo {
    const binVec = this.vec('CCD_BINNING');
    const maxBin = binVec?.type === 'Number' ? Math.max(1, binVec.elements.get('HOR_BIN')?.max ?? 1) : 1;
    const bits = this.num('CCD_INFO', 'CCD_BITSPERPIXEL') ?? 16;
    return {
      sensorWidthPx: this.num('CCD_INFO', 'CCD_MAX_X') ?? 0,
      sensorHeightPx: this.num('CCD_INFO', 'CCD_MAX_Y') ?? 0,
      pixelSizeUm: this.num('CCD_INFO', 'CCD_PIXEL_SIZE'),
      maxBinning: maxBin,
      readoutModes: ['default'],
      canCool: this.vec('CCD_TEMPERATURE')?.perm !== 'ro' && this.vec('CCD_TEMPERATURE') !== null,
      canAbort: this.vec('CCD_ABORT_EXPOSURE') !== null,
      maxAdu: 2 ** Math.min(32, bits) - 1,
    };
  }

  private binning(): Binning {
    return { x: this.num('CCD_BINNING', 'HOR_BIN') ?? 1, y: this.num('CCD_BINNING', 'VER_BIN') ?? 1 };
  }

  private frame(info: CameraInfo): Subframe {
    return {
      x: this.num('CCD_FRAME', 'X') ?? 0,
      y: this.num('CCD_FRAME', 'Y') ?? 0,
      width: this.num('CCD_FRAME', 'WIDTH') ?? info.sensorWidthPx,
      height: this.num('CCD_FRAME', 'HEIGHT') ?? info.sensorHeightPx,
    };
  }

  protected snapshot(): CameraState {
    const info = this.info();
    const f = this.frame(info);
    const full = f.x === 0 && f.y === 0 && f.width === info.sensorWidthPx && f.height === info.sensorHeightPx;
    const expVec = this.vec('CCD_EXPOSURE');
    const busy = expVec?.state === 'Busy';
    const activity: CameraActivity = expVec?.state === 'Alert' ? 'error' : busy ? 'exposing' : this.exposing ? 'downloading' : 'idle';
    const temp = this.vec('CCD_TEMPERATURE');
    return {
      kind: 'camera',
      ...this.stateBase(),
      info,
      activity,
      binning: this.binning(),
      subframe: full ? null : f,
      readoutMode: 0,
      sensorTemperatureC: this.num('CCD_TEMPERATURE', 'CCD_TEMPERATURE_VALUE'),
      coolerOn: this.on('CCD_COOLER', 'COOLER_ON') === true || temp?.state === 'Busy',
      coolerSetpointC: null,
      coolerPowerPct: this.num('CCD_COOLER_POWER', 'CCD_COOLER_VALUE'),
      exposureRemainingSec: busy ? this.num('CCD_EXPOSURE', 'CCD_EXPOSURE_VALUE') : null,
    };
  }

  async expose(request: ExposureRequest, opts?: CallOptions): Promise<CameraImage> {
    if (!(request.durationSec >= 0)) throw new AppError('validation.invalid', 'durationSec must be ≥ 0');
    const timeoutMs = request.durationSec * 1000 + DOWNLOAD_ALLOWANCE_MS;
    return this.run('expose', opts, timeoutMs, async (c, signal) => {
      if (this.exposing || this.vec('CCD_EXPOSURE')?.state === 'Busy') throw deviceError('device.busy', `${this.device} is already exposing`);
      this.exposing = true;
      try {
        if (request.binning) await this.applyBinning(c, request.binning, signal);
        if (request.subframe !== undefined) await this.applySubframe(c, request.subframe, signal);
        if (request.readoutMode !== undefined && request.readoutMode !== 0) throw deviceError('device.unsupported', 'INDI cameras have readout mode 0 only here');
        if (this.vec('CCD_FRAME_TYPE')) {
          await this.request(c, 'Switch', 'CCD_FRAME_TYPE', { [FRAME_SWITCH[request.frameType]]: true }, signal, {
            done: () => this.on('CCD_FRAME_TYPE', FRAME_SWITCH[request.frameType]) === true,
          });
        }
        const blobRev = this.vec('CCD1')?.revision ?? 0;
        // the 1.9.9 sim sends the BLOB before CCD_EXPOSURE turns Ok: wait for the BLOB itself
        const blob = this.waitFor(c, 'CCD1', (v) => {
          if (v.revision > blobRev && v.type === 'BLOB' && v.elements.get('CCD1')?.data) return true;
          if (this.vec('CCD_EXPOSURE')?.state === 'Alert') throw deviceError('device.error', `${this.device} exposure failed`);
          return false;
        }, signal);
        const expAlert = this.waitFor(c, 'CCD_EXPOSURE', (v) => {
          if (v.state === 'Alert') throw deviceError('device.error', `${this.device} exposure went Alert: ${c.recentMessages(this.device).at(-1) ?? ''}`);
          return false;
        }, signal);
        const onAbort = (): void => {
          if (c.isOpen && this.vec('CCD_ABORT_EXPOSURE')) c.sendSwitch(this.device, 'CCD_ABORT_EXPOSURE', { ABORT: true });
        };
        signal.addEventListener('abort', onAbort, { once: true });
        const startUtcMs = this.clock.nowMs();
        c.sendNumber(this.device, 'CCD_EXPOSURE', { CCD_EXPOSURE_VALUE: request.durationSec });
        try {
          const v = await Promise.race([blob, expAlert]);
          const el = v.type === 'BLOB' ? v.elements.get('CCD1') : undefined;
          if (!el?.data) throw deviceError('device.protocol', 'BLOB without data');
          return this.toImage(el.data, el.format, request, startUtcMs);
        } finally {
          signal.removeEventListener('abort', onAbort);
          expAlert.catch(() => undefined);
          blob.catch(() => undefined);
        }
      } finally {
        this.exposing = false;
      }
    });
  }

  private toImage(fits: Uint8Array, format: string, request: ExposureRequest, startUtcMs: number): CameraImage {
    if (format !== '.fits') throw deviceError('device.unsupported', `${this.device} sent a ${format} BLOB; only uncompressed .fits is decoded`);
    let hdu;
    try {
      hdu = decodeFits(fits);
    } catch (err) {
      throw deviceError('device.protocol', `${this.device} sent an unreadable FITS: ${(err as Error).message}`);
    }
    const [width = 0, height = 0] = hdu.axes;
    if (!hdu.data || hdu.axes.length !== 2) throw deviceError('device.unsupported', `${this.device}: only 2-D mono images are supported`);
    const pixels = hdu.data instanceof Uint16Array ? hdu.data : Float32Array.from(hdu.data as ArrayLike<number>);
    const headers: Record<string, string | number | boolean> = {};
    for (const card of hdu.cards) {
      const value = (card as { value?: unknown }).value;
      if (card.key.length > 0 && card.key.length <= 8 && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) headers[card.key] = value;
    }
    const info = this.info();
    return {
      pixels,
      width,
      height,
      fits,
      metadata: {
        startUtcMs,
        exposureSec: typeof headers.EXPTIME === 'number' ? headers.EXPTIME : request.durationSec,
        frameType: request.frameType,
        binning: this.binning(),
        subframe: this.frame(info),
        readoutMode: 0,
        sensorTemperatureC: this.num('CCD_TEMPERATURE', 'CCD_TEMPERATURE_VALUE'),
        cameraName: this.config.name ?? this.device,
        pointingJ2000: pointingFromHeaders(headers, startUtcMs),
        // the 1.9.9 CCD sim's FILTER key follows its own built-in wheel (devices.md §2.4.4)
        filter: null,
        headers,
      },
    };
  }

  abortExposure(opts?: CallOptions): Promise<void> {
    return this.run('abortExposure', opts, INDI_QUICK_TIMEOUT_MS, async (c, signal) => {
      if (!this.vec('CCD_ABORT_EXPOSURE')) throw deviceError('device.unsupported', `${this.device} cannot abort`);
      c.sendSwitch(this.device, 'CCD_ABORT_EXPOSURE', { ABORT: true });
      await this.waitFor(c, 'CCD_EXPOSURE', (v) => v.state !== 'Busy', signal);
    });
  }

  private async applyBinning(c: IndiClient, b: Binning, signal: AbortSignal): Promise<void> {
    if (!this.vec('CCD_BINNING')) {
      if (b.x === 1 && b.y === 1) return;
      throw deviceError('device.unsupported', `${this.device} cannot bin`);
    }
    await this.request(c, 'Number', 'CCD_BINNING', { HOR_BIN: b.x, VER_BIN: b.y }, signal, {
      done: () => this.num('CCD_BINNING', 'HOR_BIN') === b.x && this.num('CCD_BINNING', 'VER_BIN') === b.y,
    });
  }

  private async applySubframe(c: IndiClient, s: Subframe | null, signal: AbortSignal): Promise<void> {
    const info = this.info();
    const f = s ?? { x: 0, y: 0, width: info.sensorWidthPx, height: info.sensorHeightPx };
    await this.request(c, 'Number', 'CCD_FRAME', { X: f.x, Y: f.y, WIDTH: f.width, HEIGHT: f.height }, signal, {
      done: () => this.num('CCD_FRAME', 'WIDTH') === f.width && this.num('CCD_FRAME', 'HEIGHT') === f.height,
    });
    ensurePostcondition(this.num('CCD_FRAME', 'X') === f.x && this.num('CCD_FRAME', 'Y') === f.y, 'sub-frame origin');
  }

  setBinning(binning: Binning, opts?: CallOptions): Promise<void> {
    return this.run('setBinning', opts, INDI_QUICK_TIMEOUT_MS, (c, signal) => this.applyBinning(c, binning, signal));
  }

  setSubframe(subframe: Subframe | null, opts?: CallOptions): Promise<void> {
    return this.run('setSubframe', opts, INDI_QUICK_TIMEOUT_MS, (c, signal) => this.applySubframe(c, subframe, signal));
  }

  setReadoutMode(mode: number, opts?: CallOptions): Promise<void> {
    return this.run('setReadoutMode', opts, INDI_QUICK_TIMEOUT_MS, () =>
      mode === 0 ? Promise.resolve() : Promise.reject(deviceError('device.unsupported', 'INDI cameras have readout mode 0 only here')),
    );
  }

  setCooler(setpointC: number | null, opts?: CallOptions): Promise<void> {
    return this.run('setCooler', opts, INDI_QUICK_TIMEOUT_MS, async (c, signal) => {
      if (setpointC === null) {
        if (!this.vec('CCD_COOLER')) throw deviceError('device.unsupported', `${this.device} has no CCD_COOLER switch`);
        await this.request(c, 'Switch', 'CCD_COOLER', { COOLER_OFF: true }, signal, { done: () => this.on('CCD_COOLER', 'COOLER_OFF') === true });
        return;
      }
      const v = this.vec('CCD_TEMPERATURE');
      if (!v || v.perm === 'ro') throw deviceError('device.unsupported', `${this.device} cannot set a temperature`);
      const rev = v.revision;
      c.sendNumber(this.device, 'CCD_TEMPERATURE', { CCD_TEMPERATURE_VALUE: setpointC });
      // accepted = the driver answered (Busy while ramping, Ok if already there); Alert = refused
      await this.waitFor(c, 'CCD_TEMPERATURE', (x) => {
        if (x.revision <= rev) return false;
        if (x.state === 'Alert') throw deviceError('device.error', `${this.device} refused set-point ${setpointC} °C`);
        return x.state === 'Busy' || x.state === 'Ok';
      }, signal);
    });
  }
}

/** OBJCTRA/OBJCTDEC ('HH MM SS', 'DD MM SS', equinox of date in INDI) → J2000; null when absent. */
function pointingFromHeaders(h: Record<string, string | number | boolean>, utcMs: number): EquatorialCoords | null {
  if (typeof h.OBJCTRA !== 'string' || typeof h.OBJCTDEC !== 'string') return null;
  const ra = parseIndiNumber(h.OBJCTRA);
  const dec = parseIndiNumber(h.OBJCTDEC);
  if (!Number.isFinite(ra) || !Number.isFinite(dec)) return null;
  const equinox = typeof h.EQUINOX === 'number' ? h.EQUINOX : null;
  const c = { raHours: ra, decDeg: dec };
  return equinox !== null && Math.abs(equinox - 2000) < 0.01 ? c : jnowToJ2000(c, utcMs);
}
