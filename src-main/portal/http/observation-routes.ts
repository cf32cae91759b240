/** `/api/schedule/`, `/api/observations/…`, `/api/configurationstatus/…`, `/api/last_scheduled/`, `/api/last_changed/`. */
import { formatOcsDatetime } from '../../../src-shared/schemas';
import type { HttpRoute } from '../../api';
import { loadObservationDicts, listObservationIds, statusDict } from '../observations-repo';
import { cancelObservations, createObservations, lastChangedMs, lastScheduledMs, patchConfigurationStatus, submitDirect } from '../observations-service';
import { readableProposalIds } from '../proposals-repo';
import { patchObservation } from '../observation-patch';
import { QueryParams, paginated, parsePage } from '../query-params';
import { anonymousPageError, type PortalRouteDeps } from './deps';
import { DETAIL, makeRoute, path, readJson, sendJson, type RouteCall } from './router';

const WEEK_MS = 7 * 86_400_000;

export function observationRoutes(deps: PortalRouteDeps): HttpRoute[] {
  const { db } = deps;
  const rgDeps = { db, configdb: deps.configdb, visibility: deps.visibility };

  const list = async ({ res, url, caller }: RouteCall): Promise<void> => {
    const page = parsePage(url.searchParams, 10, 1000);
    const guard = anonymousPageError(caller === null, page.limit, page.offset);
    if (guard) return sendJson(res, 400, guard);
    const q = new QueryParams(url.searchParams);
    const found = await listObservationIds(db, q, await readableProposalIds(db, caller), page);
    if (!found) return sendJson(res, 400, q.errors);
    sendJson(res, 200, paginated(url, page, found.count, await loadObservationDicts(db, found.ids, true)));
  };

  return [
    makeRoute(deps, 'GET', path('/api/schedule/'), 'anon', list),
    makeRoute(deps, 'GET', path('/api/observations/'), 'anon', list),
    makeRoute(deps, 'POST', path('/api/schedule/'), 'user', async ({ req, res, caller, nowUtcMs }) => {
      const body = await readJson(req, res);
      if (!body.ok || !caller) return;
      const items = Array.isArray(body.value) ? body.value : [body.value];
      const results = [];
      for (const item of items) {
        const r = await submitDirect(rgDeps, item, caller, nowUtcMs);
        if (!r.ok && !Array.isArray(body.value)) return sendJson(res, r.status, r.body);
        results.push(r.ok ? r.value : r.body);
      }
      sendJson(res, 201, Array.isArray(body.value) ? results : results[0]);
      deps.queueChanged([]);
    }),
    makeRoute(deps, 'POST', path('/api/observations/'), 'user', async ({ req, res, caller, nowUtcMs }) => {
      const body = await readJson(req, res);
      if (!body.ok || !caller) return;
      const r = await createObservations(db, deps.configdb, body.value, caller, nowUtcMs);
      sendJson(res, r.ok ? 201 : r.status, r.ok ? r.value : r.body);
    }),
    makeRoute(deps, 'POST', path('/api/observations/cancel/'), 'user', async ({ req, res, caller, nowUtcMs }) => {
      const body = await readJson(req, res);
      if (!body.ok || !caller) return;
      const r = await cancelObservations(db, body.value, caller, nowUtcMs);
      sendJson(res, r.ok ? 200 : r.status, r.ok ? r.value : r.body);
    }),
    makeRoute(deps, 'GET', path('/api/observations/(\\d+)/'), 'anon', async ({ res, match, caller }) => {
      const [o] = await loadObservationDicts(db, [Number(match[1])], true);
      const readable = await readableProposalIds(db, caller);
      if (!o || (readable !== null && !readable.includes(o['proposal'] as string))) return sendJson(res, 404, { detail: DETAIL.notFound });
      sendJson(res, 200, o);
    }),
    makeRoute(deps, 'PATCH', path('/api/observations/(\\d+)/'), 'user', async ({ req, res, match, caller, nowUtcMs }) => {
      const body = await readJson(req, res);
      if (!body.ok || !caller) return;
      const r = await patchObservation(rgDeps, Number(match[1]), body.value, caller, nowUtcMs);
      if (!r.ok) return sendJson(res, r.status, r.body);
      sendJson(res, 200, r.value.observation);
      deps.queueChanged([r.value.groupId]);
    }),
    makeRoute(deps, 'GET', path('/api/configurationstatus/(\\d+)/'), 'staff', async ({ res, match }) => {
      const s = await db.selectFrom('configuration_statuses').selectAll().where('id', '=', Number(match[1])).executeTakeFirst();
      if (!s) return sendJson(res, 404, { detail: DETAIL.notFound });
      sendJson(res, 200, statusDict(s));
    }),
    makeRoute(deps, 'PATCH', path('/api/configurationstatus/(\\d+)/'), 'staff', async ({ req, res, match, nowUtcMs }) => {
      const body = await readJson(req, res);
      if (!body.ok) return;
      const r = await patchConfigurationStatus(rgDeps, Number(match[1]), body.value, nowUtcMs);
      if (!r.ok) return sendJson(res, r.status, r.body);
      sendJson(res, 200, r.value.status);
      deps.queueChanged([r.value.groupId]);
    }),
    makeRoute(deps, 'GET', path('/api/last_scheduled/'), 'staff', async ({ res, url, nowUtcMs }) => {
      const site = url.searchParams.get('site') ?? '';
      const t = (await lastScheduledMs(db, site)) ?? nowUtcMs - WEEK_MS;
      sendJson(res, 200, { last_schedule_time: formatOcsDatetime(t) });
    }),
    makeRoute(deps, 'GET', path('/api/last_changed/'), 'staff', async ({ res, nowUtcMs }) => {
      const t = (await lastChangedMs(db)) ?? nowUtcMs - WEEK_MS;
      sendJson(res, 200, { last_change_time: formatOcsDatetime(t) });
    }),
  ];
}
