/**
 * Alpaca camera members. ASCOM's region of interest (StartX/StartY/NumX/NumY) is in binned pixels
 * and only takes effect at StartExposure, so the server keeps it and converts it to the capability
 * interface's unbinned sub-frame when the exposure starts. A failed background exposure is reported
 * by `imageready` (and by the operation action) with the error the device gave.
 */
import { AppError } from '../../../src-shared/errors';
import type { Camera, CameraState, Subframe } from '../types';
import { as, notImplemented, st, type Served, type Table } from './members-shared';

const CAMERA_STATE = { idle: 0, exposing: 2, reading: 3, downloading: 4, error: 5 } as const;

type RoiKey = 'startX' | 'startY' | 'numX' | 'numY';

/** The ROI the client sees, binned pixels: what it set, else the camera's own sub-frame / full frame. */
function roiOf(s: Served, c: CameraState): { startX: number; startY: number; numX: number; numY: number } {
  if (s.camera.roi) return s.camera.roi;
  const f = c.subframe ?? { x: 0, y: 0, width: c.info.sensorWidthPx, height: c.info.sensorHeightPx };
  return {
    startX: Math.floor(f.x / c.binning.x),
    startY: Math.floor(f.y / c.binning.y),
    numX: Math.floor(f.width / c.binning.x),
    numY: Math.floor(f.height / c.binning.y),
  };
}

function roiMember(key: RoiKey, param: string): Table[string] {
  return {
    get: async (s) => roiOf(s, await st(s, 'camera'))[key],
    put: async (s, p) => {
      const v = p.num(param);
      if (!Number.isInteger(v) || v < 0) throw new AppError('validation.invalid', `${param} must be a non-negative integer`);
      s.camera.roi = { ...roiOf(s, await st(s, 'camera')), [key]: v };
    },
  };
}

/** The unbinned sub-frame for the ROI (null = full frame); InvalidValue when it leaves the sensor. */
function subframeFor(s: Served, c: CameraState): Subframe | null {
  const r = s.camera.roi;
  if (!r) return c.subframe;
  const f = { x: r.startX * c.binning.x, y: r.startY * c.binning.y, width: r.numX * c.binning.x, height: r.numY * c.binning.y };
  if (f.width < 1 || f.height < 1 || f.x + f.width > c.info.sensorWidthPx || f.y + f.height > c.info.sensorHeightPx) {
    throw new AppError('validation.invalid', 'StartX/StartY/NumX/NumY outside the sensor at this binning');
  }
  const full = f.x === 0 && f.y === 0 && f.width === c.info.sensorWidthPx && f.height === c.info.sensorHeightPx;
  return full ? null : f;
}

function abort(s: Served): Promise<void> {
  s.camera.aborting = true;
  return as<Camera>(s).abortExposure();
}

export const camera: Table = {
  cameraxsize: { get: async (s) => (await st(s, 'camera')).info.sensorWidthPx },
  cameraysize: { get: async (s) => (await st(s, 'camera')).info.sensorHeightPx },
  maxadu: { get: async (s) => (await st(s, 'camera')).info.maxAdu },
  maxbinx: { get: async (s) => (await st(s, 'camera')).info.maxBinning },
  maxbiny: { get: async (s) => (await st(s, 'camera')).info.maxBinning },
  pixelsizex: { get: async (s) => (await st(s, 'camera')).info.pixelSizeUm ?? notImplemented('pixelsizex') },
  pixelsizey: { get: async (s) => (await st(s, 'camera')).info.pixelSizeUm ?? notImplemented('pixelsizey') },
  canabortexposure: { get: async (s) => (await st(s, 'camera')).info.canAbort },
  cansetccdtemperature: { get: async (s) => (await st(s, 'camera')).info.canCool },
  cangetcoolerpower: { get: async (s) => (await st(s, 'camera')).coolerPowerPct !== null },
  ccdtemperature: { get: async (s) => (await st(s, 'camera')).sensorTemperatureC ?? notImplemented('ccdtemperature') },
  coolerpower: { get: async (s) => (await st(s, 'camera')).coolerPowerPct ?? notImplemented('coolerpower') },
  cooleron: {
    get: async (s) => (await st(s, 'camera')).coolerOn,
    put: (s, p) => as<Camera>(s).setCooler(p.bool('CoolerOn') ? s.camera.setpointC : null),
  },
  setccdtemperature: {
    get: async (s) => (await st(s, 'camera')).coolerSetpointC ?? s.camera.setpointC,
    put: async (s, p) => {
      const c = p.num('SetCCDTemperature');
      if (c < -273.15 || c > 100) throw new AppError('validation.invalid', 'SetCCDTemperature out of range');
      s.camera.setpointC = c;
      if ((await st(s, 'camera')).coolerOn) await as<Camera>(s).setCooler(c);
    },
  },
  sensortype: { get: () => 0 },
  readoutmodes: { get: async (s) => (await st(s, 'camera')).info.readoutModes },
  readoutmode: {
    get: async (s) => (await st(s, 'camera')).readoutMode,
    put: (s, p) => as<Camera>(s).setReadoutMode(p.num('ReadoutMode')),
  },
  binx: {
    get: async (s) => (await st(s, 'camera')).binning.x,
    put: async (s, p) => as<Camera>(s).setBinning({ x: p.num('BinX'), y: (await st(s, 'camera')).binning.y }),
  },
  biny: {
    get: async (s) => (await st(s, 'camera')).binning.y,
    put: async (s, p) => as<Camera>(s).setBinning({ x: (await st(s, 'camera')).binning.x, y: p.num('BinY') }),
  },
  startx: roiMember('startX', 'StartX'),
  starty: roiMember('startY', 'StartY'),
  numx: roiMember('numX', 'NumX'),
  numy: roiMember('numY', 'NumY'),
  camerastate: {
    get: async (s) => (s.camera.error ? CAMERA_STATE.error : s.camera.exposing ? Math.max(CAMERA_STATE.exposing, CAMERA_STATE[(await st(s, 'camera')).activity] ?? 0) : CAMERA_STATE.idle),
  },
  imageready: {
    // A failed exposure throws here (until the next StartExposure): polling clients get the device's error.
    get: (s) => {
      if (s.camera.error) throw s.camera.error instanceof Error ? s.camera.error : new AppError('device.error', 'the exposure failed');
      return s.camera.image !== null && !s.camera.exposing;
    },
  },
  percentcompleted: {
    get: (s) => (s.camera.image && !s.camera.exposing ? 100 : 0),
  },
  startexposure: {
    put: async (s, p) => {
      const durationSec = p.num('Duration');
      const light = p.bool('Light');
      if (!(durationSec >= 0)) throw new AppError('validation.invalid', 'Duration must be ≥ 0');
      if (s.camera.exposing) throw new AppError('device.busy', 'an exposure is in progress');
      const subframe = subframeFor(s, await st(s, 'camera'));
      s.camera.exposing = true;
      s.camera.aborting = false;
      s.camera.image = null;
      s.camera.error = null;
      s.camera.durationSec = durationSec;
      const op = as<Camera>(s)
        .expose({ durationSec, frameType: light ? 'light' : durationSec === 0 ? 'bias' : 'dark', subframe })
        .then(
          (img) => {
            s.camera.image = img;
          },
          (err: unknown) => {
            // An abort the client asked for is not a failure: the camera just goes idle.
            if (s.camera.aborting) return;
            s.camera.error = err;
            throw err;
          },
        )
        .finally(() => {
          s.camera.exposing = false;
        });
      s.background('expose', op);
    },
  },
  abortexposure: { put: (s) => abort(s) },
  stopexposure: { put: (s) => abort(s) },
  lastexposureduration: { get: (s) => (s.camera.image ? s.camera.image.metadata.exposureSec : notImplemented('lastexposureduration (no exposure yet)')) },
};
