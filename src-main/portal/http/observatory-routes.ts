/** `/api/instruments/`, `/api/telescope_states/`, configdb `/sites/`, downtime `/downtime/api/`. */
import { formatOcsDatetime } from '../../../src-shared/schemas';
import type { HttpRoute } from '../../api';
import { exportSites, instrumentsApi } from '../../configdb';
import { createDowntime, deleteDowntime, downtimesBetween, getDowntime, listDowntimes } from '../downtime-repo';
import { QueryParams, paginated, parsePage } from '../query-params';
import type { PortalRouteDeps } from './deps';
import { DETAIL, makeRoute, path, readJson, sendJson } from './router';

const DAY_MS = 86_400_000;

export function observatoryRoutes(deps: PortalRouteDeps): HttpRoute[] {
  const { db } = deps;
  return [
    makeRoute(deps, 'GET', path('/api/instruments/'), 'anon', ({ res, url, caller }) => {
      const q = new QueryParams(url.searchParams);
      const onlySchedulable = q.bool('only_schedulable');
      if (!q.ok) return sendJson(res, 400, q.errors);
      sendJson(
        res,
        200,
        instrumentsApi(deps.configdb().index, {
          site: q.str('site') ?? undefined,
          enclosure: q.str('enclosure') ?? undefined,
          telescope: q.str('telescope') ?? undefined,
          telescope_class: q.str('telescope_class') ?? undefined,
          instrument_type: q.str('instrument_type') ?? undefined,
          // Staff may ask for non-schedulable instruments too (OCS `only_schedulable`).
          only_schedulable: caller?.isStaff && onlySchedulable === false ? false : true,
        }),
      );
    }),
    makeRoute(deps, 'GET', path('/api/telescope_states/'), 'anon', async ({ res, url, nowUtcMs }) => {
      const q = new QueryParams(url.searchParams);
      const start = q.time('start') ?? nowUtcMs - DAY_MS;
      const end = q.time('end') ?? nowUtcMs;
      const sites = q.multi('site');
      const telescopes = q.multi('telescope');
      if (!q.ok) return sendJson(res, 400, q.errors);
      if (end <= start) return sendJson(res, 400, { end: ['End must be after start'] });
      // No telemetry store yet: a telescope is AVAILABLE except during its whole-telescope downtime.
      const out: Record<string, unknown[]> = {};
      const down = await downtimesBetween(db, start, end);
      for (const site of deps.configdb().sites.results) {
        if (!site.active || (sites.length > 0 && !sites.includes(site.code))) continue;
        for (const enc of site.enclosure_set) {
          if (!enc.active) continue;
          for (const tel of enc.telescope_set) {
            if (!tel.active || (telescopes.length > 0 && !telescopes.includes(tel.code))) continue;
            const key = `${site.code}.${enc.code}.${tel.code}`;
            const events: unknown[] = [];
            let t = start;
            const mine = down.filter((d) => d.site === site.code && d.enclosure === enc.code && d.telescope === tel.code && d.instrument_type === '');
            const push = (a: number, b: number, type: string, reason: string): void => {
              if (b > a) events.push({ telescope: key, event_type: type, event_reason: reason, start: formatOcsDatetime(a), end: formatOcsDatetime(b) });
            };
            for (const d of mine) {
              const a = Math.max(d.start_utc_ms, start);
              const b = Math.min(d.end_utc_ms, end);
              if (b <= t) continue;
              push(t, a, 'AVAILABLE', 'Available for scheduling');
              push(Math.max(a, t), b, 'NOT_AVAILABLE', d.reason || 'Downtime');
              t = b;
            }
            push(t, end, 'AVAILABLE', 'Available for scheduling');
            out[key] = events;
          }
        }
      }
      sendJson(res, 200, out);
    }),
    makeRoute(deps, 'GET', path('/sites/'), 'anon', ({ res }) => {
      const dump = deps.sitesDump();
      // Served as stored; a bare list gets the configdb envelope clients expect.
      sendJson(res, 200, Array.isArray(dump) ? exportSites(deps.configdb().sites) : dump);
    }),
    makeRoute(deps, 'GET', path('/downtime/api/'), 'anon', async ({ res, url }) => {
      const page = parsePage(url.searchParams, 1000, 10_000);
      const q = new QueryParams(url.searchParams);
      const found = await listDowntimes(db, q, page);
      if (!found) return sendJson(res, 400, q.errors);
      sendJson(res, 200, paginated(url, page, found.count, found.rows));
    }),
    makeRoute(deps, 'POST', path('/downtime/api/'), 'staff', async ({ req, res, nowUtcMs }) => {
      const body = await readJson(req, res);
      if (!body.ok) return;
      const r = await createDowntime(db, deps.configdb(), body.value, nowUtcMs);
      sendJson(res, r.ok ? 201 : r.status, r.ok ? r.value : r.body);
    }),
    makeRoute(deps, 'GET', path('/downtime/api/(\\d+)/'), 'anon', async ({ res, match }) => {
      const d = await getDowntime(db, Number(match[1]));
      sendJson(res, d ? 200 : 404, d ?? { detail: DETAIL.notFound });
    }),
    makeRoute(deps, 'DELETE', path('/downtime/api/(\\d+)/'), 'staff', async ({ res, match }) => {
      if (!(await deleteDowntime(db, Number(match[1])))) return sendJson(res, 404, { detail: DETAIL.notFound });
      res.writeHead(204);
      res.end();
    }),
  ];
}

/** Last in the route list: every other `/api/…` (and `/downtime/api/…`) answer is DRF-shaped. */
export function fallbackRoutes(deps: PortalRouteDeps, known: readonly { method: string; pattern: RegExp }[]): HttpRoute[] {
  return ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].map((method) =>
    makeRoute(deps, method, /^\/(?:api|downtime\/api)(?:\/.*)?$/, 'anon', ({ req, res, url }) => {
      req.resume();
      const allowed = known.some((r) => r.pattern.test(url.pathname));
      if (allowed) return sendJson(res, 405, { detail: `Method "${method}" not allowed.` });
      sendJson(res, 404, { detail: DETAIL.notFound });
    }),
  );
}
