/**
 * The archive service the core builds: the frames repo, the recorder (live frames and crash
 * recovery), the disk guard for the executor, signed links, and the HTTP routes at the host root.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { dirname, join } from 'node:path';
import type { HttpRoute } from '../api';
import type { Clock } from '../clock';
import type { Database } from '../db';
import type { Logger } from '../logging';
import { portalTokenAccess } from './access';
import type { AccessResolver } from './access';
import { createFrameRecorder } from './archive-service';
import type { RecoveryReport } from './archive-service';
import { createDiskGuard } from './disk-guard';
import type { WrittenFrame } from './frame-store';
import { createFramesRepo } from './frames-repo';
import type { FramesRepo, StoredFrame } from './frames-repo';
import { archiveRoutes } from './http/routes';
import type { DiskRoom } from './safe-write';
import { createUrlSigner, loadOrCreateSigningKey } from './url-signer';

export interface ArchiveOptions {
  db: Kysely<Database>;
  /** The same connection kysely uses (for registering the `covers` SQL function). */
  raw: BetterSqlite3.Database;
  clock: Clock;
  logger: Logger;
  /** Directory holding `{SITEID}/{INSTRUME}/{DAY-OBS}/raw/…` (e.g. `<dataDir>/archive`). */
  archiveRoot: string;
  /** Where the link-signing key lives (`<dataDir>/archive-url-key`); default: the archive root's parent. */
  dataDir?: string;
  /** Origin for absolute links when behind a proxy, e.g. `https://archive.example.org`; default from Host. */
  publicBaseUrl?: string | null;
  /** Space the disk guard always leaves free, bytes (default 1 GiB). */
  diskReserveBytes?: number;
  /** Who may read what; default: data dir token → all, portal tokens → their proposals, else public. */
  access?: AccessResolver;
  /** Called after each frame is recorded (live or recovered). */
  onFrameRecorded?: (frame: StoredFrame) => void;
}

export interface Archive {
  routes: HttpRoute[];
  repo: FramesRepo;
  /** Records a frame after `writeFrame` resolved (frame + version in one transaction; idempotent per file). */
  recordFrame(written: WrittenFrame): Promise<StoredFrame>;
  /** Start-up recovery: sweep temp files, record frame files on disk that have no row. */
  recover(): Promise<RecoveryReport>;
  /** Disk-space guard for the executor: may `frames` more frames of `frameBytes` be written? */
  canExpose(frames: number, frameBytes: number): Promise<DiskRoom>;
  /** Absolute path of the archive root. */
  archiveRoot: string;
}

export function createArchive(options: ArchiveOptions): Archive {
  const repo = createFramesRepo(options.db, options.raw);
  const keyFile = join(options.dataDir ?? dirname(options.archiveRoot), 'archive-url-key');
  const signer = createUrlSigner(loadOrCreateSigningKey(keyFile));
  const recorder = createFrameRecorder({
    repo,
    clock: options.clock,
    logger: options.logger,
    archiveRoot: options.archiveRoot,
    ...(options.onFrameRecorded === undefined ? {} : { onRecorded: options.onFrameRecorded }),
  });
  const guard = createDiskGuard({
    archiveRoot: options.archiveRoot,
    logger: options.logger,
    ...(options.diskReserveBytes === undefined ? {} : { reserveBytes: options.diskReserveBytes }),
  });
  const routes = archiveRoutes({
    repo,
    signer,
    clock: options.clock,
    logger: options.logger,
    archiveRoot: options.archiveRoot,
    access: options.access ?? portalTokenAccess(options.db),
    publicBaseUrl: options.publicBaseUrl ?? null,
  });
  return {
    routes,
    repo,
    recordFrame: (written) => recorder.recordFrame(written),
    recover: () => recorder.recover(),
    canExpose: (frames, frameBytes) => guard.canExpose(frames, frameBytes),
    archiveRoot: options.archiveRoot,
  };
}
