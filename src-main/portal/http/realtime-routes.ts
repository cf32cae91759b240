/** `/api/realtime/`: book (POST), list (GET), cancel (DELETE) real-time sessions, and their free times (`availability/`). */
import type { HttpRoute } from '../../api';
import { readableProposalIds } from '../proposals-repo';
import { paginated, parsePage } from '../query-params';
import { bookRealtime, cancelRealtime, listRealtimeIds, realtimeAvailability, realtimeDicts } from '../realtime';
import type { PortalRouteDeps } from './deps';
import { makeRoute, path, readJson, sendJson } from './router';

export function realtimeRoutes(deps: PortalRouteDeps): HttpRoute[] {
  const { db } = deps;
  return [
    makeRoute(deps, 'GET', path('/api/realtime/'), 'user', async ({ res, url, caller }) => {
      const page = parsePage(url.searchParams, 10, 1000);
      const ids = await listRealtimeIds(db, await readableProposalIds(db, caller));
      sendJson(res, 200, paginated(url, page, ids.length, await realtimeDicts(db, ids.slice(page.offset, page.offset + page.limit))));
    }),
    makeRoute(deps, 'GET', path('/api/realtime/availability/'), 'user', async ({ res, url, caller, nowUtcMs }) => {
      if (!caller) return;
      sendJson(res, 200, await realtimeAvailability(db, deps.configdb(), caller, url.searchParams.get('telescope') ?? '', nowUtcMs));
    }),
    makeRoute(deps, 'POST', path('/api/realtime/'), 'user', async ({ req, res, caller, nowUtcMs }) => {
      const body = await readJson(req, res);
      if (!body.ok || !caller) return;
      const r = await bookRealtime(db, deps.configdb(), body.value, caller, nowUtcMs);
      if (!r.ok) return sendJson(res, r.status, r.body);
      sendJson(res, 201, r.value);
      deps.queueChanged([r.value['request_group_id'] as number]);
    }),
    makeRoute(deps, 'DELETE', path('/api/realtime/(\\d+)/'), 'user', async ({ req, res, match, caller, nowUtcMs }) => {
      req.resume();
      if (!caller) return;
      const r = await cancelRealtime(db, Number(match[1]), caller, nowUtcMs);
      if (!r.ok) return sendJson(res, r.status, r.body);
      res.writeHead(204).end();
      deps.queueChanged([]);
    }),
  ];
}
