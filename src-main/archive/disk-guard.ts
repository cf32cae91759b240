/**
 * The executor asks before every exposure sequence whether the archive disk has room; the answer
 * reads the real free space of the filesystem holding the archive root (statfs), keeps a reserve
 * for the OS and the database, and says why when it refuses, so the night report can too.
 */
import { mkdir } from 'node:fs/promises';
import type { Logger } from '../logging';
import { diskRoom, freeBytesAt } from './safe-write';
import type { DiskRoom } from './safe-write';

export interface DiskGuardOptions {
  archiveRoot: string;
  logger: Logger;
  /** Space always left free, bytes (default 1 GiB). */
  reserveBytes?: number;
  /** Extra fraction per frame for thumbnails and database growth (default 0.05). */
  overheadFraction?: number;
}

export interface DiskGuard {
  /**
   * Whether `frames` more frames of `frameBytes` bytes each fit above the reserve. `ok: false`
   * means stop exposing; `message` says why and how many frames still fit. Logs a warning when the
   * answer turns from yes to no, and an info line when it turns back.
   */
  canExpose(frames: number, frameBytes: number): Promise<DiskRoom>;
}

export function createDiskGuard(options: DiskGuardOptions): DiskGuard {
  const log = options.logger.child('archive');
  let lastOk: boolean | null = null;
  // The root is made once, not before every exposure; if it vanishes, statfs says ENOENT and it is made again.
  let rootMade = false;
  const freeBytes = async (): Promise<number> => {
    if (!rootMade) {
      await mkdir(options.archiveRoot, { recursive: true });
      rootMade = true;
    }
    try {
      return await freeBytesAt(options.archiveRoot);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      await mkdir(options.archiveRoot, { recursive: true });
      return freeBytesAt(options.archiveRoot);
    }
  };
  return {
    async canExpose(frames, frameBytes) {
      const room = diskRoom(await freeBytes(), {
        frames: Math.max(0, frames),
        frameBytes: Math.max(0, frameBytes),
        ...(options.reserveBytes === undefined ? {} : { reserveBytes: options.reserveBytes }),
        ...(options.overheadFraction === undefined ? {} : { overheadFraction: options.overheadFraction }),
      });
      if (!room.ok && lastOk !== false) log.warn('archive disk too full to expose', { message: room.message, freeBytes: room.freeBytes, neededBytes: room.neededBytes });
      if (room.ok && lastOk === false) log.info('archive disk has room again', { message: room.message });
      lastOk = room.ok;
      return room;
    },
  };
}
