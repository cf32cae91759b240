/** `/api/requestgroups/…` and `/api/requests/…`. */
import type { HttpRoute } from '../../api';
import { loadObservationDicts } from '../observations-repo';
import { readableProposalIds } from '../proposals-repo';
import { QueryParams, paginated, parsePage } from '../query-params';
import { listRequestGroupIds } from '../request-group-list';
import { cancelGroup, createRequestGroup, maxAllowableIppOf, validateOnly } from '../request-group-service';
import { loadGroupDicts, loadRequests, requestDict } from '../request-groups-repo';
import { anonymousPageError, type PortalRouteDeps } from './deps';
import { DETAIL, makeRoute, path, readJson, sendJson } from './router';
import type { Caller } from '../types';
import type { Db } from '../types';

async function mayRead(db: Db, caller: Caller | null, proposalId: string): Promise<boolean> {
  const readable = await readableProposalIds(db, caller);
  return readable === null || readable.includes(proposalId);
}

export function requestGroupRoutes(deps: PortalRouteDeps): HttpRoute[] {
  const { db } = deps;
  const rgDeps = { db, configdb: deps.configdb, visibility: deps.visibility };
  return [
    makeRoute(deps, 'GET', path('/api/requestgroups/'), 'anon', async ({ res, url, caller }) => {
      const page = parsePage(url.searchParams, 10, 1000);
      const guard = anonymousPageError(caller === null, page.limit, page.offset);
      if (guard) return sendJson(res, 400, guard);
      const q = new QueryParams(url.searchParams);
      const found = await listRequestGroupIds(db, q, await readableProposalIds(db, caller), page);
      if (!found) return sendJson(res, 400, q.errors);
      sendJson(res, 200, paginated(url, page, found.count, await loadGroupDicts(db, found.ids)));
    }),
    makeRoute(deps, 'POST', path('/api/requestgroups/'), 'user', async ({ req, res, caller, nowUtcMs }) => {
      const body = await readJson(req, res);
      if (!body.ok || !caller) return;
      const r = await createRequestGroup(rgDeps, body.value, caller, nowUtcMs);
      if (!r.ok) return sendJson(res, r.status, r.body);
      sendJson(res, 201, r.value);
      deps.queueChanged([r.value['id'] as number]);
    }),
    makeRoute(deps, 'POST', path('/api/requestgroups/validate/'), 'user', async ({ req, res, caller, nowUtcMs }) => {
      const body = await readJson(req, res);
      if (!body.ok || !caller) return;
      sendJson(res, 200, await validateOnly(rgDeps, body.value, caller, nowUtcMs));
    }),
    makeRoute(deps, 'POST', path('/api/requestgroups/max_allowable_ipp/'), 'user', async ({ req, res, caller, nowUtcMs }) => {
      const body = await readJson(req, res);
      if (!body.ok || !caller) return;
      const r = await maxAllowableIppOf(rgDeps, body.value, caller, nowUtcMs);
      sendJson(res, 200, r.ok ? r.value : r.body);
    }),
    makeRoute(deps, 'GET', path('/api/requestgroups/schedulable_requests/'), 'staff', async ({ res, url, nowUtcMs }) => {
      const q = new QueryParams(url.searchParams);
      const start = q.time('start') ?? nowUtcMs;
      const end = q.time('end') ?? nowUtcMs + 7 * 86_400_000;
      const telescopeClass = q.str('telescope_class');
      if (!q.ok) return sendJson(res, 400, q.errors);
      let sub = db
        .selectFrom('requests')
        .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
        .innerJoin('proposals', 'proposals.id', 'request_groups.proposal_id')
        .select('requests.request_group_id')
        .where('requests.state', '=', 'PENDING')
        .where('request_groups.state', '=', 'PENDING')
        .where('request_groups.observation_type', 'not in', ['DIRECT', 'REAL_TIME'])
        .where('proposals.active', '=', 1)
        .where('requests.window_end_utc_ms', '>', start)
        .where('requests.window_start_utc_ms', '<', end)
        .where((eb) => eb.or([eb('requests.suspend_until_utc_ms', 'is', null), eb('requests.suspend_until_utc_ms', '<=', nowUtcMs)]));
      if (telescopeClass !== null) sub = sub.where('requests.telescope_class', '=', telescopeClass);
      const ids = [...new Set((await sub.orderBy('requests.request_group_id').execute()).map((r) => r.request_group_id))];
      const groups = await loadGroupDicts(db, ids);
      // A bare list (not paginated), as the portal serves it (§12.5).
      sendJson(res, 200, groups.map((g) => ({ ...g, is_staff: true })));
    }),
    makeRoute(deps, 'GET', path('/api/requestgroups/(\\d+)/'), 'anon', async ({ res, match, caller }) => {
      const [group] = await loadGroupDicts(db, [Number(match[1])]);
      if (!group || !(await mayRead(db, caller, group['proposal'] as string))) return sendJson(res, 404, { detail: DETAIL.notFound });
      sendJson(res, 200, group);
    }),
    makeRoute(deps, 'POST', path('/api/requestgroups/(\\d+)/cancel/'), 'user', async ({ req, res, match, caller, nowUtcMs }) => {
      req.resume();
      const id = Number(match[1]);
      const g = await db.selectFrom('request_groups').select(['proposal_id', 'submitter']).where('id', '=', id).executeTakeFirst();
      if (!g || !caller || !(await mayRead(db, caller, g.proposal_id))) return sendJson(res, 404, { detail: DETAIL.notFound });
      const member = caller.isStaff || (await db.selectFrom('memberships').select('user_id').where('proposal_id', '=', g.proposal_id).where('user_id', '=', caller.id).executeTakeFirst()) !== undefined;
      if (!member) return sendJson(res, 403, { detail: DETAIL.forbidden });
      const r = await cancelGroup(db, id, nowUtcMs, `canceled by ${caller.username}`);
      if (!r.ok) return sendJson(res, r.status, r.body);
      sendJson(res, 200, r.value);
      deps.queueChanged([id]);
    }),
    makeRoute(deps, 'GET', path('/api/requests/'), 'anon', async ({ res, url, caller }) => {
      const page = parsePage(url.searchParams, 10, 1000);
      const guard = anonymousPageError(caller === null, page.limit, page.offset);
      if (guard) return sendJson(res, 400, guard);
      const q = new QueryParams(url.searchParams);
      const states = q.multi('state');
      const telescopeClass = q.str('telescope_class');
      const readable = await readableProposalIds(db, caller);
      let base = db.selectFrom('requests').innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id');
      if (readable !== null) base = base.where('request_groups.proposal_id', 'in', readable.length > 0 ? readable : ['\u0000']);
      if (states.length > 0) base = base.where('requests.state', 'in', states);
      if (telescopeClass !== null) base = base.where('requests.telescope_class', '=', telescopeClass);
      const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const ids = (await base.select('requests.id').orderBy('requests.id', 'desc').limit(page.limit).offset(page.offset).execute()).map((r) => r.id);
      const rows = await loadRequests(db, ids);
      sendJson(res, 200, paginated(url, page, Number(n), rows.sort((a, b) => b.id - a.id).map(requestDict)));
    }),
    makeRoute(deps, 'GET', path('/api/requests/(\\d+)/'), 'anon', async ({ res, match, caller }) => {
      const id = Number(match[1]);
      const row = await db.selectFrom('requests').innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id').select('request_groups.proposal_id').where('requests.id', '=', id).executeTakeFirst();
      if (!row || !(await mayRead(db, caller, row.proposal_id))) return sendJson(res, 404, { detail: DETAIL.notFound });
      const [r] = await loadRequests(db, [id]);
      sendJson(res, 200, r ? requestDict(r) : {});
    }),
    makeRoute(deps, 'GET', path('/api/requests/(\\d+)/observations/'), 'anon', async ({ res, url, match, caller }) => {
      const id = Number(match[1]);
      const row = await db.selectFrom('requests').innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id').select('request_groups.proposal_id').where('requests.id', '=', id).executeTakeFirst();
      if (!row || !(await mayRead(db, caller, row.proposal_id))) return sendJson(res, 404, { detail: DETAIL.notFound });
      let q = db.selectFrom('observations').select('id').where('request_id', '=', id);
      if (/^true$/i.test(url.searchParams.get('exclude_canceled') ?? '')) q = q.where('state', '!=', 'CANCELED');
      const ids = (await q.orderBy('start_utc_ms').execute()).map((o) => o.id);
      // A bare list without the nested request (TOM reads state/start/end).
      sendJson(res, 200, await loadObservationDicts(db, ids, false));
    }),
  ];
}
