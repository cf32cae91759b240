/**
 * The console's read side of the archive: the paged frame list, filter values, thumbnails
 * (made on first request when missing), a bounded preview image for the FITS viewer, and the full
 * header. Reuses the frames repo and query parser the `/frames/` API uses. The console is the data
 * dir's own client, so it reads with full access (as the data dir's token does over HTTP).
 */
import { AppError } from '../../../src-shared/errors';
import type { FrameHeader, FrameImage, FrameThumbnail, FramesFacets, FramesList } from '../../../src-shared/ipc/contract';
import type { Clock } from '../../clock';
import type { Logger } from '../../logging';
import { latestVersion } from '../frame-dict';
import { parseFrameQuery } from '../frame-query';
import { FULL_ACCESS } from '../frames-repo';
import type { FramesRepo, StoredFrame } from '../frames-repo';
import { thumbnailRelativePath } from '../paths';
import { archivePath, ensureThumbnail, headerRows, pngSize, previewImage, readHeaderCards } from './frame-files';
import { frameQueryFor, frameRow } from './frame-rows';
import type { FramesListArgs } from './frame-rows';

export interface FrameConsoleOptions {
  repo: FramesRepo;
  /** Absolute archive root (`Archive.archiveRoot`). */
  archiveRoot: string;
  clock: Clock;
  /** Where made thumbnails and missing files are noted; default: nowhere. */
  logger?: Logger;
  /** Preview images kept decoded, most recent first (default 4; each is ≤ 4 MiB at 1024 px). */
  previewCacheSize?: number;
}

export interface FrameConsole {
  /** One page of frames, newest first, and how many match. Throws `validation.invalid` for a bad filter. */
  list(args: FramesListArgs): Promise<FramesList>;
  /** Telescopes, filters and instruments among archived frames, sorted. */
  facets(): Promise<FramesFacets>;
  /** The frame's small thumbnail; made and stored beside the frame when it has none. Throws `not_found`. */
  thumbnail(frameId: number): Promise<FrameThumbnail>;
  /** The image block-averaged to ≤ `maxSizePx` on its long side. Throws `not_found`, or `validation.invalid` for a non-2-D file. */
  image(frameId: number, maxSizePx: number): Promise<FrameImage>;
  /** The primary header in file order (from the file; the stored dict when the file is gone). Throws `not_found`. */
  header(frameId: number): Promise<FrameHeader>;
}

const DEFAULT_PREVIEW_CACHE = 4;

export function createFrameConsole(options: FrameConsoleOptions): FrameConsole {
  const { repo, archiveRoot, clock } = options;
  const log = options.logger?.child('archive.console') ?? null;
  const cacheSize = options.previewCacheSize ?? DEFAULT_PREVIEW_CACHE;
  const previews = new Map<string, Promise<FrameImage>>();
  // Two cards scrolling into view at once must not both make the same missing thumbnail.
  const making = new Map<number, Promise<FrameThumbnail>>();

  async function frameOf(frameId: number): Promise<{ frame: StoredFrame; key: string }> {
    const frame = await repo.getFrame(frameId, FULL_ACCESS, clock.nowMs());
    const version = frame === null ? null : latestVersion(frame);
    if (frame === null || version === null) throw new AppError('not_found', `No archived frame ${frameId}`, { frameId: ['unknown frame'] });
    return { frame, key: version.key };
  }

  async function makeThumbnailFor(frameId: number): Promise<FrameThumbnail> {
    const { frame, key } = await frameOf(frameId);
    const thumbKey = frame.thumbnailKey ?? thumbnailRelativePath(key, 'small');
    const { png, made } = await ensureThumbnail(archivePath(archiveRoot, key), archivePath(archiveRoot, thumbKey));
    if (made) log?.info('thumbnail made on request', { frameId, basename: frame.basename, path: thumbKey });
    const size = pngSize(png);
    if (size === null) throw new AppError('internal', `thumbnail of frame ${frameId} is not a PNG`, { path: [thumbKey] });
    return { frameId, ...size, pngBase64: Buffer.from(png).toString('base64') };
  }

  return {
    async list(args) {
      const page = await repo.listFrames(frameQueryFor(args), FULL_ACCESS, clock.nowMs());
      return { count: page.count, frames: page.frames.map(frameRow) };
    },

    async facets() {
      const q = parseFrameQuery({});
      if (!q.ok) throw new AppError('internal', 'the empty frame query did not parse');
      const a = await repo.aggregate(q.query, FULL_ACCESS, clock.nowMs());
      return { telescopes: a.telescopes, filters: a.filters, instruments: a.instruments };
    },

    thumbnail(frameId) {
      const pending = making.get(frameId);
      if (pending !== undefined) return pending;
      const p = makeThumbnailFor(frameId).finally(() => making.delete(frameId));
      making.set(frameId, p);
      return p;
    },

    image(frameId, maxSizePx) {
      const cacheKey = `${frameId}:${maxSizePx}`;
      const cached = previews.get(cacheKey);
      if (cached !== undefined) {
        // Most recent last, so the first key is the one to drop.
        previews.delete(cacheKey);
        previews.set(cacheKey, cached);
        return cached;
      }
      const p = frameOf(frameId).then(({ frame, key }) => previewImage(archivePath(archiveRoot, key), { frameId, basename: frame.basename }, maxSizePx));
      previews.set(cacheKey, p);
      p.catch(() => previews.delete(cacheKey));
      while (previews.size > cacheSize) {
        const oldest = previews.keys().next().value;
        if (oldest === undefined) break;
        previews.delete(oldest);
      }
      return p;
    },

    async header(frameId) {
      const { frame, key } = await frameOf(frameId);
      try {
        return { frameId, basename: frame.basename, cards: headerRows(await readHeaderCards(archivePath(archiveRoot, key))) };
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'not_found')) throw error;
        // The file is gone (moved, or the disk was swapped): the stored dict still answers.
        const dict = (await repo.getHeaders(frameId, FULL_ACCESS, clock.nowMs())) ?? {};
        log?.warn('frame file missing; header from the database', { frameId, path: key });
        return { frameId, basename: frame.basename, cards: Object.entries(dict).map(([k, v]) => ({ key: k, value: v, comment: '' })) };
      }
    },
  };
}

