/**
 * One archived exposure: disk guard → frame number journaled → expose → FITS written (temp, fsync,
 * rename) → recorded in the archive → journal says `recorded`. A failure at any step journals the
 * exposure as failed with its reason and rethrows.
 */
import { AppError, toAppError } from '../../src-shared/errors';
import type { FrameToWrite, StoredFrame } from '../archive';
import { basenameFor, dayObs, defaultPublicUtcMs, writeFrame } from '../archive';
import type { FitsImage } from '../archive';
import type { Binning, CameraImage, FrameType } from '../devices';
import type { ExecutorContext } from './context';

/** Everything about the frame except what the exposure itself decides (start, frame number, pointing). */
export type FrameTemplate = Omit<FrameToWrite, 'startUtcMs' | 'frameNumber' | 'exposureSec' | 'pointing' | 'binning' | 'basename'> & {
  /** Arcseconds per unbinned pixel for the WCS; null writes no WCS. */
  pixelScaleArcsec: number | null;
  /** ICRS pointing used when the camera does not report one (degrees), null for none. */
  targetRaDecDeg: { raDeg: number; decDeg: number } | null;
};

export interface ExposeRequest {
  observationId: number | null;
  configurationStatusId: number | null;
  exposureSec: number;
  frameType: FrameType;
  binning: Binning;
  template: FrameTemplate;
  signal: AbortSignal;
}

/** Bytes of a 16-bit frame of this geometry, plus header room. */
export function frameBytes(widthPx: number, heightPx: number, binning: Binning): number {
  return Math.ceil(widthPx / binning.x) * Math.ceil(heightPx / binning.y) * 2 + 20 * 2880;
}

function toFitsImage(image: CameraImage): FitsImage {
  return image.pixels instanceof Uint16Array
    ? { kind: 'uint16', width: image.width, height: image.height, data: image.pixels }
    : { kind: 'float32', width: image.width, height: image.height, data: image.pixels };
}

/** Takes one exposure and archives it; resolves with the stored frame. */
export async function exposeAndArchive(ctx: ExecutorContext, req: ExposeRequest, sensor: { widthPx: number; heightPx: number }): Promise<StoredFrame> {
  const tel = ctx.address.telescopeId;
  const room = await ctx.io.track(ctx.archive.canExpose(1, frameBytes(sensor.widthPx, sensor.heightPx, req.binning)));
  if (!room.ok) throw new AppError('conflict.state', `archive disk full: ${room.message}`, { reason: 'disk' });

  const startUtcMs = ctx.clock.nowMs();
  const base = { ...req.template, startUtcMs, exposureSec: req.exposureSec, binning: [req.binning.x, req.binning.y] as [number, number], pointing: null };
  const day = dayObs(startUtcMs, req.template.siteUtcOffsetHours);
  const row = ctx.journal.beginExposure({
    telescopeId: tel,
    observationId: req.observationId,
    configurationStatusId: req.configurationStatusId,
    purpose: 'science',
    instrumentId: req.template.instrumentId,
    dayObs: day,
    exposureSec: req.exposureSec,
    startedUtcMs: startUtcMs,
    basenameFor: (n) => basenameFor({ ...base, frameNumber: n }),
  });
  try {
    const image = await ctx.devices.command(
      tel,
      'camera',
      (camera, signal) =>
        camera.expose({ durationSec: req.exposureSec, frameType: req.frameType, binning: req.binning }, { signal: AbortSignal.any([signal, req.signal]) }),
      { signal: req.signal },
    );
    const meta = image.metadata;
    const pointing = meta.pointingJ2000
      ? { raDeg: meta.pointingJ2000.raHours * 15, decDeg: meta.pointingJ2000.decDeg }
      : req.template.targetRaDecDeg;
    const frame: FrameToWrite = {
      ...base,
      // The file is named by the journaled start (so the basename is the one journaled); DATE-OBS is the same instant.
      startUtcMs,
      exposureSec: meta.exposureSec,
      frameNumber: row.frameNumber,
      binning: [meta.binning.x, meta.binning.y],
      publicUtcMs: defaultPublicUtcMs(startUtcMs, req.template.configurationType, req.template.proposalId, row.basename),
      pointing:
        pointing && req.template.pixelScaleArcsec !== null && req.frameType === 'light'
          ? { ...pointing, pixelScaleArcsec: req.template.pixelScaleArcsec * meta.binning.x, rotationDeg: 0 }
          : null,
    };
    const written = await ctx.io.track(writeFrame(ctx.archive.archiveRoot, frame, toFitsImage(image), { writtenUtcMs: ctx.clock.nowMs(), ...(ctx.thumbnails ? {} : { thumbnail: false as const }) }));
    const stored = await ctx.io.track(ctx.archive.recordFrame(written));
    ctx.journal.endExposure(row.id, 'recorded', ctx.clock.nowMs(), stored.id, null);
    ctx.bus?.publish('frames.changed', { telescopeId: tel, frameIds: [stored.id] });
    return stored;
  } catch (thrown) {
    const e = toAppError(thrown);
    ctx.journal.endExposure(row.id, 'failed', ctx.clock.nowMs(), null, `${e.code}: ${e.message}`);
    throw thrown;
  }
}
