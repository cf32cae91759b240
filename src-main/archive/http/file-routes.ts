/**
 * Signed file links: `/frame-files/{versionId}/{basename}{ext}?expires=…&signature=…` streams a
 * FITS file and `/thumbnail-files/{frameId}/{basename}-small.png?…` its thumbnail, to anyone who
 * holds an unexpired link (no API token: TOM and browsers fetch them with a plain GET).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sendJson } from '../../api';
import type { HttpRoute } from '../../api';
import type { Clock } from '../../clock';
import type { Logger } from '../../logging';
import { ensureThumbnail } from '../console';
import { latestVersion } from '../frame-dict';
import type { FramesRepo } from '../frames-repo';
import type { UrlSigner } from '../url-signer';

export type SignedKind = 'version' | 'thumbnail';

const PREFIX: Record<SignedKind, string> = { version: '/frame-files', thumbnail: '/thumbnail-files' };
const SUBJECT: Record<SignedKind, string> = { version: 'v', thumbnail: 't' };

/** The path and query of a signed link (prefix it with the origin). */
export function signedPath(signer: UrlSigner, kind: SignedKind, id: number, fileName: string, nowUtcMs: number): string {
  const grant = signer.sign(`${SUBJECT[kind]}.${id}`, nowUtcMs);
  return `${PREFIX[kind]}/${id}/${encodeURIComponent(fileName)}?expires=${grant.expires}&signature=${grant.signature}`;
}

export interface FileRouteDeps {
  repo: FramesRepo;
  signer: UrlSigner;
  clock: Clock;
  logger: Logger;
  archiveRoot: string;
}

export function fileRoutes(deps: FileRouteDeps): HttpRoute[] {
  const log = deps.logger.child('archive');

  async function serve(req: IncomingMessage, res: ServerResponse, match: RegExpExecArray, kind: SignedKind): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const id = Number(match[1]);
    const name = decodeURIComponent(match[2] ?? '');
    const verdict = deps.signer.verify(`${SUBJECT[kind]}.${id}`, Number(url.searchParams.get('expires')), url.searchParams.get('signature') ?? '', deps.clock.nowMs());
    if (verdict === 'expired') return sendJson(res, 403, { detail: 'This link has expired; fetch the frame again for a fresh one.' });
    if (verdict === 'invalid') return sendJson(res, 403, { detail: 'Invalid or missing link signature.' });

    let key: string | null = null;
    let expectedName = '';
    let contentType = 'application/fits';
    let etag: string | null = null;
    /** A thumbnail's bytes, read (or remade) already: sent as they are rather than read again. */
    let bytes: Uint8Array | null = null;
    if (kind === 'version') {
      const found = await deps.repo.versionById(id);
      if (found !== null) {
        key = found.version.key;
        expectedName = `${found.frame.basename}${found.version.extension}`;
        etag = found.version.md5;
      }
    } else {
      const frame = await deps.repo.getFrame(id, { all: true, proposals: [] }, deps.clock.nowMs());
      if (frame !== null) {
        key = frame.thumbnailKey;
        expectedName = `${frame.basename}-small.png`;
        contentType = 'image/png';
        // Thumbnails are written without fsync: one lost or cut short by a power cut is remade from the frame.
        const version = latestVersion(frame);
        if (key !== null && version !== null && name === expectedName) {
          const thumbKey = key;
          bytes = await ensureThumbnail(join(deps.archiveRoot, ...version.key.split('/')), join(deps.archiveRoot, ...thumbKey.split('/'))).then(
            (t) => t.png,
            (error: unknown) => {
              log.warn('could not remake thumbnail', { key: thumbKey, error: String(error) });
              return null;
            },
          );
        }
      }
    }
    if (key === null || name !== expectedName) return sendJson(res, 404, { detail: 'Not found.' });
    const file = join(deps.archiveRoot, ...key.split('/'));
    const size =
      bytes?.length ??
      (await stat(file).then(
        (s) => s.size,
        () => null,
      ));
    if (size === null) {
      log.error('archived file missing on disk', { key });
      return sendJson(res, 404, { detail: 'Not found.' });
    }
    res.writeHead(200, {
      'Content-Type': contentType,
      'Content-Length': size,
      'Content-Disposition': `attachment; filename="${expectedName}"`,
      'Cache-Control': 'private, max-age=3600',
      ...(etag === null ? {} : { ETag: `"${etag}"` }),
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    if (bytes !== null) res.end(bytes);
    else await pipeline(createReadStream(file), res);
  }

  const routes: HttpRoute[] = [];
  for (const kind of ['version', 'thumbnail'] as const) {
    for (const method of ['GET', 'HEAD']) {
      routes.push({
        method,
        pattern: new RegExp(`^${PREFIX[kind]}/(\\d+)/([^/]+)$`),
        // The URL's signature is the credential (like the archive's presigned links).
        authenticatesItself: true,
        async handle(req, res, match) {
          try {
            await serve(req, res, match, kind);
          } catch (error) {
            log.error('archive file request failed', { url: req.url, error: String(error) });
            if (!res.headersSent) sendJson(res, 500, { detail: 'Internal server error.' });
            else res.destroy();
          }
        },
      });
    }
  }
  return routes;
}
