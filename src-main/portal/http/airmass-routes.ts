/**
 * The OCS airmass endpoints (ocs-contract §5.1): `GET /api/requests/{id}/airmass/` for a stored
 * request and `POST /api/airmass/` for a request body. The answer is keyed by site code:
 * `{"airmass_data": {"<site>": {"times": ["2026-11-22T01:10", …], "airmasses": [1.42, …]}},
 * "airmass_limit": 1.6}`, sampled every 10 minutes inside the intervals where the request is
 * observable (dark, above the effective horizon, inside HA limits and the Moon constraints, within
 * its windows), from the same engine the validator and the scheduler use.
 */
import {
  airmassHardie,
  frameAt,
  normalize,
  prepareTarget,
  requestVisibility,
  type Interval,
  type ObservingConstraints,
  type RefractionConditions,
  type Target as AstroTarget,
} from '../../../src-shared/astro';
import { isStaticOcsTarget, observatoryTelescopes, toAstroTarget, toObservingConstraints, type ConfigdbIndex, type ObservatoryTelescope } from '../../../src-shared/ocs';
import { parseOcsDatetimeMs, requestSchema, toFieldErrors, type Request, type SitesResponse } from '../../../src-shared/schemas';
import type { HttpRoute } from '../../api';
import { readableProposalIds } from '../proposals-repo';
import { loadRequests, requestDict } from '../request-groups-repo';
import type { PortalRouteDeps } from './deps';
import { DETAIL, makeRoute, path, readJson, sendJson } from './router';

/** Sampling step of the airmass series (the portal's 10 minutes). */
export const AIRMASS_STEP_MS = 600_000;

/**
 * Refraction for the airmass values: the standard atmosphere OCS rise-set uses for
 * `calculate_airmass_at_times` (0 °C, 1013.25 hPa, 30 % humidity, 0.55 µm), so that values match
 * an OCS portal's plots. Visibility itself stays geometric, as in OCS.
 */
export const AIRMASS_REFRACTION: RefractionConditions = { pressureHpa: 1013.25, temperatureC: 0, relativeHumidity: 0.3, wavelengthUm: 0.55 };

export interface SiteAirmass {
  /** Sample instants, UTC, `YYYY-MM-DDTHH:MM` (as the portal formats them). */
  times: string[];
  /** Hardie (1962) airmass of the refracted altitude at each instant. */
  airmasses: number[];
}

export interface AirmassAnswer {
  airmass_data: Record<string, SiteAirmass>;
  /** The first configuration's `max_airmass`. */
  airmass_limit: number;
}

/** `YYYY-MM-DDTHH:MM` in UTC (the portal's airmass time format). */
export function formatAirmassTime(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 16);
}

/** Telescopes carrying the first configuration's instrument type at the request's location (any location when absent). */
function allowedTelescopes(index: ConfigdbIndex, sites: SitesResponse, request: Request): ObservatoryTelescope[] {
  const first = request.configurations[0];
  const entry = first ? index.instrumentTypes.get(first.instrument_type) : undefined;
  if (!entry) return [];
  const loc = request.location;
  const ids = new Set(
    entry.placements
      .filter((p) => !loc || (p.telescopeClass === loc.telescope_class && (!loc.site || p.site === loc.site) && (!loc.enclosure || p.enclosure === loc.enclosure) && (!loc.telescope || p.telescope === loc.telescope)))
      .map((p) => `${p.site}.${p.enclosure}.${p.telescope}`),
  );
  return observatoryTelescopes(sites).filter((t) => ids.has(t.id));
}

/**
 * The airmass answer for a parsed request. Empty `airmass_data` when nothing can be computed: no
 * configuration, no telescope for its instrument type, or a first target that is static (SATELLITE,
 * HOUR_ANGLE) or of a scheme the engine does not compute. Windows without a start begin at `nowMs`.
 * A site appears only when the request is observable there for at least one sample.
 */
export function requestAirmass(index: ConfigdbIndex, sites: SitesResponse, request: Request, nowMs: number, stepMs = AIRMASS_STEP_MS): AirmassAnswer {
  const first = request.configurations[0];
  const answer: AirmassAnswer = { airmass_data: {}, airmass_limit: first?.constraints.max_airmass ?? 1.6 };
  if (!first || isStaticOcsTarget(first.target)) return answer;
  const target = toAstroTarget(first.target);
  if (target === null) return answer;
  const pointings: { target: AstroTarget; constraints: ObservingConstraints }[] = [];
  for (const c of request.configurations) {
    if (isStaticOcsTarget(c.target)) continue;
    const t = toAstroTarget(c.target);
    if (t === null) return answer;
    pointings.push({ target: t, constraints: toObservingConstraints(c.constraints) });
  }
  const windows: Interval[] = [];
  for (const w of request.windows) {
    const startMs = w.start === undefined ? nowMs : parseOcsDatetimeMs(w.start);
    const endMs = parseOcsDatetimeMs(w.end);
    if (startMs !== null && endMs !== null && endMs > startMs) windows.push({ startMs, endMs });
  }
  const telescopes = allowedTelescopes(index, sites, request);
  if (windows.length === 0 || telescopes.length === 0) return answer;
  // The whole windows, past included: the plot shows when the request could be (or could have been) observed.
  const vis = requestVisibility({ pointings, windows, telescopes: telescopes.map((t) => ({ id: t.id, limits: t.limits })), nowMs: null });
  const prepared = prepareTarget(target);
  const bySite = new Map<string, { tel: ObservatoryTelescope; intervals: Interval[] }>();
  for (const tel of telescopes) {
    const cur = bySite.get(tel.site) ?? { tel, intervals: [] };
    cur.intervals.push(...(vis.perTelescope[tel.id] ?? []));
    bySite.set(tel.site, cur);
  }
  for (const [site, { tel, intervals }] of bySite) {
    const times: string[] = [];
    const airmasses: number[] = [];
    for (const iv of normalize(intervals)) {
      for (let t = iv.startMs; t < iv.endMs; t += stepMs) {
        const p = prepared.positionIn(frameAt(tel.limits.site, t), AIRMASS_REFRACTION);
        const x = airmassHardie(p.altitudeDeg);
        if (x === null) continue;
        times.push(formatAirmassTime(t));
        airmasses.push(x);
      }
    }
    if (times.length > 0) answer.airmass_data[site] = { times, airmasses };
  }
  return answer;
}

export function airmassRoutes(deps: PortalRouteDeps): HttpRoute[] {
  const { db } = deps;
  return [
    makeRoute(deps, 'GET', path('/api/requests/(\\d+)/airmass/'), 'anon', async ({ res, match, caller, nowUtcMs }) => {
      const id = Number(match[1]);
      const row = await db.selectFrom('requests').innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id').select('request_groups.proposal_id').where('requests.id', '=', id).executeTakeFirst();
      const readable = row ? await readableProposalIds(db, caller) : [];
      if (!row || (readable !== null && !readable.includes(row.proposal_id))) return sendJson(res, 404, { detail: DETAIL.notFound });
      const [stored] = await loadRequests(db, [id]);
      const parsed = requestSchema.safeParse(stored ? requestDict(stored) : {});
      // A stored request always parses (it was validated on the way in); an old shape answers empty.
      if (!parsed.success) return sendJson(res, 200, { airmass_data: {}, airmass_limit: 1.6 });
      const view = deps.configdb();
      sendJson(res, 200, requestAirmass(view.index, view.sites, parsed.data, nowUtcMs));
    }),
    makeRoute(deps, 'POST', path('/api/airmass/'), 'anon', async ({ req, res, nowUtcMs }) => {
      const body = await readJson(req, res);
      if (!body.ok) return;
      const parsed = requestSchema.safeParse(body.value);
      if (!parsed.success) return sendJson(res, 400, toFieldErrors(parsed.error.issues));
      const view = deps.configdb();
      sendJson(res, 200, requestAirmass(view.index, view.sites, parsed.data, nowUtcMs));
    }),
  ];
}
