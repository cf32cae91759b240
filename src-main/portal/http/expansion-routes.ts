/**
 * The OCS expansion helpers: `/api/requestgroups/cadence/`, `/api/configurations/dither/` and
 * `/api/requests/mosaic/` (the paths TOM Toolkit calls), plus `/api/requestgroups/dither/` and
 * `/api/requestgroups/mosaic/` as aliases. Each answers the expanded JSON; nothing is stored.
 */
import type { HttpRoute } from '../../api';
import { expandCadence } from '../cadence';
import { expandDither, expandMosaic } from '../pattern-service';
import type { PortalRouteDeps } from './deps';
import { makeRoute, path, readJson, sendJson, type RouteCall } from './router';

export function expansionRoutes(deps: PortalRouteDeps): HttpRoute[] {
  const rgDeps = { db: deps.db, configdb: deps.configdb, visibility: deps.visibility };
  const dither = async ({ req, res, caller }: RouteCall): Promise<void> => {
    const body = await readJson(req, res);
    if (!body.ok || !caller) return;
    const r = expandDither(body.value, deps.configdb().index, caller.isStaff);
    sendJson(res, r.ok ? 200 : r.status, r.ok ? r.value : r.body);
  };
  const mosaic = async ({ req, res, caller }: RouteCall): Promise<void> => {
    const body = await readJson(req, res);
    if (!body.ok || !caller) return;
    const r = expandMosaic(body.value, deps.configdb().index, caller.isStaff);
    sendJson(res, r.ok ? 200 : r.status, r.ok ? r.value : r.body);
  };
  return [
    makeRoute(deps, 'POST', path('/api/requestgroups/cadence/'), 'user', async ({ req, res, caller, nowUtcMs }) => {
      const body = await readJson(req, res);
      if (!body.ok || !caller) return;
      const r = await expandCadence(rgDeps, body.value, caller, nowUtcMs);
      sendJson(res, r.ok ? 200 : r.status, r.ok ? r.value : r.body);
    }),
    makeRoute(deps, 'POST', path('/api/configurations/dither/'), 'user', dither),
    makeRoute(deps, 'POST', path('/api/requestgroups/dither/'), 'user', dither),
    makeRoute(deps, 'POST', path('/api/requests/mosaic/'), 'user', mosaic),
    makeRoute(deps, 'POST', path('/api/requestgroups/mosaic/'), 'user', mosaic),
  ];
}
