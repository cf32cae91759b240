/**
 * Crash-safe file writes: the bytes go to a temporary file in the destination directory, are
 * fsynced, renamed over the final name, and the directory is fsynced so the rename itself is
 * durable. A crash at any point leaves either no file or the complete file under the final name
 * (plus, at worst, a stray `.tmp-*` file that `sweepTempFiles` removes on start).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, statfs, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../src-shared/errors';

export const TEMP_PREFIX = '.tmp-';

export interface WrittenFile {
  /** Absolute final path. */
  path: string;
  byteLength: number;
  /** Hex md5 of the bytes written (the science archive's version md5). */
  md5: string;
}

async function fsyncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; there the rename is as durable as NTFS makes it.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Directories this process has already created or found: a night writes hundreds of frames into
 * one directory, and a recursive mkdir per frame was measurable. A directory removed behind our
 * back is noticed when the temp file cannot be created (ENOENT) and made again.
 */
const knownDirs = new Set<string>();

async function ensureDirectory(dir: string): Promise<void> {
  if (knownDirs.has(dir)) return;
  await mkdir(dir, { recursive: true });
  // Bounded: a long-running daemon sees a new day directory per night per instrument.
  if (knownDirs.size >= 1000) knownDirs.clear();
  knownDirs.add(dir);
}

async function openNewFile(path: string, dir: string): Promise<FileHandle> {
  try {
    return await open(path, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || !knownDirs.has(dir)) throw e;
    knownDirs.delete(dir);
    await ensureDirectory(dir);
    return open(path, 'wx', 0o644);
  }
}

/**
 * Writes `parts` (concatenated) to `finalPath` atomically and durably, creating parent directories.
 * Refuses to replace an existing file unless `overwrite` (frames are immutable once acknowledged).
 * Throws `conflict.state` when the file exists, and passes filesystem errors on (ENOSPC etc.).
 * `durable: false` skips both fsyncs, for files that can always be remade (thumbnails): the
 * rename still never shows a half-written file, but after a power cut the file may be empty, so
 * their readers check what they read.
 */
export async function writeFileAtomic(finalPath: string, parts: readonly Uint8Array[], options: { overwrite?: boolean; durable?: boolean } = {}): Promise<WrittenFile> {
  const durable = options.durable !== false;
  const dir = dirname(finalPath);
  await ensureDirectory(dir);
  if (options.overwrite !== true) {
    const exists = await open(finalPath, 'r').then(
      async (h) => {
        await h.close();
        return true;
      },
      () => false,
    );
    if (exists) throw new AppError('conflict.state', `archive file already exists: ${finalPath}`, { path: finalPath });
  }
  const tmp = join(dir, `${TEMP_PREFIX}${basename(finalPath)}.${randomBytes(6).toString('hex')}`);
  const hash = createHash('md5');
  let byteLength = 0;
  const handle = await openNewFile(tmp, dir);
  try {
    for (const part of parts) {
      let offset = 0;
      while (offset < part.length) {
        const { bytesWritten } = await handle.write(part, offset, part.length - offset);
        offset += bytesWritten;
      }
      hash.update(part);
      byteLength += part.length;
    }
    if (durable) await handle.sync();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await handle.close();
  try {
    await rename(tmp, finalPath);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  if (durable) await fsyncDirectory(dir);
  return { path: finalPath, byteLength, md5: hash.digest('hex') };
}

/** Hex md5 of a file's contents, streamed. */
export async function md5OfFile(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Hex md5 of bytes in memory. */
export function md5OfBytes(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/**
 * Removes temp files a crash left in `dir` (not recursive). Returns the names removed. A missing
 * directory is not an error.
 */
export async function sweepTempFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    await unlink(join(dir, name));
    removed.push(name);
  }
  return removed;
}

export interface DiskRoomPolicy {
  /** Size of one frame file in bytes (e.g. header + data of the largest readout mode). */
  frameBytes: number;
  /** How many more frames the caller wants to write (≥ 0). */
  frames: number;
  /** Space kept free whatever happens, bytes (default 1 GiB): the OS and the database need room too. */
  reserveBytes?: number;
  /** Extra fraction of the frames' size for thumbnails and database growth (default 0.05). */
  overheadFraction?: number;
}

export interface DiskRoom {
  ok: boolean;
  freeBytes: number;
  neededBytes: number;
  /** Whole frames that still fit above the reserve (≥ 0). */
  framesThatFit: number;
  /** Human sentence for logs and the console; says why when not ok. */
  message: string;
}

/** Pure decision: is there room for `frames` more frames given `freeBytes` available to us? */
export function diskRoom(freeBytes: number, policy: DiskRoomPolicy): DiskRoom {
  const reserve = policy.reserveBytes ?? 1024 ** 3;
  const perFrame = policy.frameBytes * (1 + (policy.overheadFraction ?? 0.05));
  const neededBytes = Math.ceil(perFrame * policy.frames + reserve);
  const framesThatFit = perFrame > 0 ? Math.max(0, Math.floor((freeBytes - reserve) / perFrame)) : Number.MAX_SAFE_INTEGER;
  const ok = freeBytes >= neededBytes;
  const gib = (b: number): string => (b / 1024 ** 3).toFixed(2);
  const message = ok
    ? `disk ok: ${gib(freeBytes)} GiB free, ${policy.frames} frame(s) need ${gib(neededBytes)} GiB with reserve`
    : `disk nearly full: ${gib(freeBytes)} GiB free, ${policy.frames} frame(s) need ${gib(neededBytes)} GiB including a ${gib(reserve)} GiB reserve; room for ${framesThatFit} frame(s)`;
  return { ok, freeBytes, neededBytes, framesThatFit, message };
}

/** Bytes available to an unprivileged writer on the filesystem holding `dir` (statfs bavail × bsize). */
export async function freeBytesAt(dir: string): Promise<number> {
  const s = await statfs(dir);
  return Number(s.bavail) * Number(s.bsize);
}

/** `diskRoom` for the filesystem holding `dir`. */
export async function checkDiskRoom(dir: string, policy: DiskRoomPolicy): Promise<DiskRoom> {
  return diskRoom(await freeBytesAt(dir), policy);
}
