/**
 * The science archive's read API at the host root (ocs-contract.md §10.1, ocs-clients.md §1.6):
 * `/frames/` (filters, ordering, limit/offset pages), `/frames/{id}/`, `/frames/{id}/headers/`,
 * `/frames/{id}/related/`, `/frames/aggregate/`, `/versions/?md5=`, `/thumbnails/`, and the signed
 * file links every frame dict's `url` points at.
 */
import { PUBLIC_ACCESS } from '../frames-repo';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../../api';
import type { HttpCallContext, HttpRoute } from '../../api';
import type { Clock } from '../../clock';
import type { Logger } from '../../logging';
import type { AccessResolver } from '../access';
import { apiDateTime } from '../dates';
import { frameDict, paginate } from '../frame-dict';
import type { FrameVersion } from '../frame-dict';
import { parseFrameQuery } from '../frame-query';
import type { FrameQuery } from '../frame-query';
import type { FrameAccess, FramesRepo, StoredFrame } from '../frames-repo';
import type { UrlSigner } from '../url-signer';
import { fileRoutes, signedPath } from './file-routes';

export interface ArchiveRouteDeps {
  repo: FramesRepo;
  signer: UrlSigner;
  clock: Clock;
  logger: Logger;
  archiveRoot: string;
  access: AccessResolver;
  /** Absolute origin for links (e.g. `https://archive.example.org`); null → from the request's Host. */
  publicBaseUrl: string | null;
}

interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  match: RegExpExecArray;
  access: FrameAccess;
  nowUtcMs: number;
  /** Origin for absolute links, no trailing slash. */
  base: string;
}

const NOT_FOUND = { detail: 'Not found.' };

/** Path with an optional trailing slash (clients call both forms). */
function path(body: string): RegExp {
  return new RegExp(`^${body}/?$`);
}

function originOf(req: IncomingMessage, publicBaseUrl: string | null): string {
  if (publicBaseUrl !== null) return publicBaseUrl.replace(/\/+$/, '');
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${secure ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
}

export function archiveRoutes(deps: ArchiveRouteDeps): HttpRoute[] {
  const log = deps.logger.child('archive');

  const route = (pattern: RegExp, handle: (call: Call) => Promise<void>): HttpRoute => ({
    method: 'GET',
    pattern,
    authenticatesItself: true,
    async handle(req: IncomingMessage, res: ServerResponse, match: RegExpExecArray, ctx: HttpCallContext): Promise<void> {
      try {
        const access = await deps.access(req, ctx.authenticated);
        if (access === 'invalid') return sendJson(res, 401, { detail: 'Invalid token.' });
        // Beyond loopback everything needs credentials: no anonymous (public-only) readers.
        if (ctx.requireCaller && access === PUBLIC_ACCESS) return sendJson(res, 401, { detail: 'Authentication credentials were not provided.' });
        const base = originOf(req, deps.publicBaseUrl);
        const url = new URL(req.url ?? '/', `${base}/`);
        await handle({ req, res, url, match, access, nowUtcMs: deps.clock.nowMs(), base });
      } catch (error) {
        log.error('archive request failed', { url: req.url, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        if (!res.headersSent) sendJson(res, 500, { detail: 'Internal server error.' });
        else res.end();
      }
    },
  });

  const versionUrl = (call: Call) => (frame: StoredFrame | { basename: string }, v: FrameVersion): string =>
    `${call.base}${signedPath(deps.signer, 'version', v.id, `${frame.basename}${v.extension}`, call.nowUtcMs)}`;

  const thumbnailUrl = (call: Call, frame: StoredFrame): string | null =>
    frame.thumbnailKey === null ? null : `${call.base}${signedPath(deps.signer, 'thumbnail', frame.id, `${frame.basename}-small.png`, call.nowUtcMs)}`;

  const dict = (call: Call, frame: StoredFrame, q: Pick<FrameQuery, 'includeThumbnails' | 'includeRelatedFrames'>): ReturnType<typeof frameDict> => {
    const thumb = thumbnailUrl(call, frame);
    return frameDict(q.includeRelatedFrames ? frame : { ...frame, relatedFrameIds: [] }, {
      versionUrl: versionUrl(call),
      ...(q.includeThumbnails ? { thumbnails: thumb === null ? [] : [{ size: 'small', url: thumb }] } : {}),
    });
  };

  /** Parses the query string; answers 400 with DRF field errors and returns null when invalid. */
  const query = (call: Call): FrameQuery | null => {
    const parsed = parseFrameQuery(call.url.searchParams);
    if (!parsed.ok) {
      sendJson(call.res, 400, parsed.errors);
      return null;
    }
    return parsed.query;
  };

  const frameId = (call: Call): number => Number(call.match[1]);

  return [
    route(path('/frames'), async (call) => {
      const q = query(call);
      if (q === null) return;
      const page = await deps.repo.listFrames(q, call.access, call.nowUtcMs);
      sendJson(call.res, 200, paginate(page.frames.map((f) => dict(call, f, q)), page.count, q.limit, q.offset, call.url.toString()));
    }),

    route(path('/frames/aggregate'), async (call) => {
      const q = query(call);
      if (q === null) return;
      sendJson(call.res, 200, await deps.repo.aggregate(q, call.access, call.nowUtcMs));
    }),

    route(path('/frames/(\\d+)'), async (call) => {
      const q = query(call);
      if (q === null) return;
      const frame = await deps.repo.getFrame(frameId(call), call.access, call.nowUtcMs);
      if (frame === null) return sendJson(call.res, 404, NOT_FOUND);
      sendJson(call.res, 200, dict(call, frame, q));
    }),

    route(path('/frames/(\\d+)/headers'), async (call) => {
      const headers = await deps.repo.getHeaders(frameId(call), call.access, call.nowUtcMs);
      if (headers === null) return sendJson(call.res, 404, NOT_FOUND);
      sendJson(call.res, 200, { data: headers });
    }),

    route(path('/frames/(\\d+)/related'), async (call) => {
      const related = await deps.repo.relatedFrames(frameId(call), call.access, call.nowUtcMs);
      if (related === null) return sendJson(call.res, 404, NOT_FOUND);
      sendJson(call.res, 200, related.map((f) => dict(call, f, { includeThumbnails: false, includeRelatedFrames: true })));
    }),

    route(path('/versions'), async (call) => {
      const md5 = call.url.searchParams.get('md5') ?? '';
      // The ingester's only question is "is this md5 archived?"; a full version listing is not served.
      if (md5 === '') return sendJson(call.res, 400, { md5: ['This field is required.'] });
      const versions = await deps.repo.versionsByMd5(md5, call.access, call.nowUtcMs);
      const results = versions.map((v) => ({ id: v.id, frame: v.frameId, key: v.key, md5: v.md5, extension: v.extension, created: apiDateTime(v.createdUtcMs) }));
      sendJson(call.res, 200, { count: results.length, next: null, previous: null, results });
    }),

    route(path('/thumbnails'), async (call) => {
      const p = call.url.searchParams;
      const size = p.get('size') ?? '';
      // Only the small size is made; asking for another is answered honestly with nothing.
      const params = new URLSearchParams();
      for (const [from, to] of [
        ['frame_basename', 'basename_exact'],
        ['proposal_id', 'proposal_id'],
        ['observation_id', 'observation_id'],
        ['request_id', 'request_id'],
        ['limit', 'limit'],
        ['offset', 'offset'],
      ] as const) {
        const v = p.get(from);
        if (v !== null) params.set(to, v);
      }
      const parsed = parseFrameQuery(params);
      if (!parsed.ok) return sendJson(call.res, 400, parsed.errors);
      const q = parsed.query;
      const page = size === '' || size === 'small' ? await deps.repo.listFrames(q, call.access, call.nowUtcMs, { withThumbnail: true }) : { count: 0, frames: [] };
      const results = page.frames.map((f) => ({
        frame: f.id,
        basename: f.basename,
        size: 'small',
        url: thumbnailUrl(call, f),
        proposal_id: f.proposalId,
        observation_id: f.observationId,
        request_id: f.requestId,
      }));
      sendJson(call.res, 200, paginate(results, page.count, q.limit, q.offset, call.url.toString()));
    }),

    ...fileRoutes({ repo: deps.repo, signer: deps.signer, clock: deps.clock, logger: deps.logger, archiveRoot: deps.archiveRoot }),
  ];
}
