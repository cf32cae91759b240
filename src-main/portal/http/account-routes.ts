/** `/api/proposals/`, `/api/semesters/`, `/api/profile/`, `/api/api-token-auth/`, `/api/revoke_token/`. */
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { formatOcsDatetime, reqString, toFieldErrors } from '../../../src-shared/schemas';
import type { HttpRoute } from '../../api';
import { ACCESS_TOKEN_USER, ensureApiToken, rotateApiToken, userByName, verifyPassword } from '../auth';
import { allocationsOf, readableProposalIds } from '../proposals-repo';
import { QueryParams, containsPattern, paginated, parsePage } from '../query-params';
import type { Json } from '../request-body';
import type { Db } from '../types';
import type { PortalRouteDeps } from './deps';
import { DETAIL, makeRoute, path, readJson, sendJson } from './router';
import { sql } from 'kysely';

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const credentialsSchema = z.object({ username: reqString(150), password: reqString(4096) });

async function proposalDicts(db: Db, ids: string[]): Promise<Json[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('proposals').selectAll().where('id', 'in', ids).orderBy('id').execute();
  const members = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.proposal_id', 'memberships.role', 'users.username', 'users.first_name', 'users.last_name', 'users.email', 'users.institution'])
    .where('memberships.proposal_id', 'in', ids)
    .execute();
  const counts = await db.selectFrom('request_groups').select(['proposal_id', (eb) => eb.fn.countAll<number>().as('n')]).where('proposal_id', 'in', ids).groupBy('proposal_id').execute();
  const allocations = await allocationsOf(db, ids);
  return rows.map((p) => ({
    id: p.id,
    active: p.active === 1,
    title: p.title,
    abstract: p.abstract,
    tac_priority: p.tac_priority,
    tac_rank: p.tac_rank,
    public: p.public === 1,
    non_science: p.non_science === 1,
    direct_submission: p.direct_submission === 1,
    tags: JSON.parse(p.tags_json) as string[],
    pis: members.filter((m) => m.proposal_id === p.id && m.role === 'PI').map(({ first_name, last_name, username, email, institution }) => ({ first_name, last_name, username, email, institution })),
    coi_count: members.filter((m) => m.proposal_id === p.id && m.role !== 'PI').length,
    requestgroup_count: Number(counts.find((c) => c.proposal_id === p.id)?.n ?? 0),
    timeallocation_set: (allocations.get(p.id) ?? []).map((a) => ({ ...a, proposal: p.id })),
  }));
}

export function accountRoutes(deps: PortalRouteDeps): HttpRoute[] {
  const { db } = deps;
  return [
    makeRoute(deps, 'GET', path('/api/proposals/'), 'user', async ({ res, url, caller }) => {
      const page = parsePage(url.searchParams, 10, 1000);
      const q = new QueryParams(url.searchParams);
      const id = q.str('id');
      const active = q.bool('active');
      const semester = q.str('semester');
      const isPublic = q.bool('public');
      const title = q.str('title');
      const tags = q.multi('tags');
      const tacRank = q.int('tac_rank');
      const tacPriority = q.int('tac_priority');
      if (!q.ok) return sendJson(res, 400, q.errors);
      // Staff see every proposal; others their own (OCS `staff_view` is on for staff here).
      let base = db.selectFrom('proposals');
      if (!caller?.isStaff) base = base.where('id', 'in', db.selectFrom('memberships').select('proposal_id').where('user_id', '=', caller?.id ?? -1));
      if (id !== null) base = base.where('id', '=', id);
      if (active !== null) base = base.where('active', '=', active ? 1 : 0);
      if (isPublic !== null) base = base.where('public', '=', isPublic ? 1 : 0);
      if (tacRank !== null) base = base.where('tac_rank', '=', tacRank);
      if (tacPriority !== null) base = base.where('tac_priority', '=', tacPriority);
      if (title !== null) base = base.where(sql<boolean>`title like ${containsPattern(title)} escape '\\'`);
      if (semester !== null) base = base.where('id', 'in', db.selectFrom('time_allocations').select('proposal_id').where('semester_id', '=', semester));
      for (const t of tags) base = base.where(sql<boolean>`exists (select 1 from json_each(tags_json) where value = ${t})`);
      const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const ids = (await base.select('id').orderBy('id').limit(page.limit).offset(page.offset).execute()).map((r) => r.id);
      sendJson(res, 200, paginated(url, page, Number(n), await proposalDicts(db, ids)));
    }),
    makeRoute(deps, 'GET', path('/api/proposals/([^/]+)/'), 'user', async ({ res, match, caller }) => {
      const id = decodeURIComponent(match[1] ?? '');
      const readable = await readableProposalIds(db, caller);
      if (readable !== null && !readable.includes(id)) return sendJson(res, 404, { detail: DETAIL.notFound });
      const [p] = await proposalDicts(db, [id]);
      if (!p) return sendJson(res, 404, { detail: DETAIL.notFound });
      sendJson(res, 200, p);
    }),
    makeRoute(deps, 'GET', path('/api/semesters/'), 'anon', async ({ res, url }) => {
      const page = parsePage(url.searchParams, 10, 1000);
      const q = new QueryParams(url.searchParams);
      const contains = q.time('semester_contains');
      const start = q.time('start');
      const startLte = q.time('start_lte');
      const end = q.time('end');
      const endGt = q.time('end_gt');
      const id = q.str('id');
      if (!q.ok) return sendJson(res, 400, q.errors);
      let base = db.selectFrom('semesters');
      if (contains !== null) base = base.where('start_utc_ms', '<=', contains).where('end_utc_ms', '>', contains);
      if (start !== null) base = base.where('start_utc_ms', '>=', start);
      if (startLte !== null) base = base.where('start_utc_ms', '<=', startLte);
      if (end !== null) base = base.where('end_utc_ms', '<', end);
      if (endGt !== null) base = base.where('end_utc_ms', '>', endGt);
      if (id !== null) base = base.where(sql<boolean>`id like ${containsPattern(id)} escape '\\'`);
      const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await base.selectAll().orderBy('start_utc_ms', 'desc').limit(page.limit).offset(page.offset).execute();
      sendJson(res, 200, paginated(url, page, Number(n), rows.map((s) => ({ id: s.id, start: formatOcsDatetime(s.start_utc_ms), end: formatOcsDatetime(s.end_utc_ms) }))));
    }),
    makeRoute(deps, 'GET', path('/api/semesters/([^/]+)/'), 'anon', async ({ res, match }) => {
      const s = await db.selectFrom('semesters').selectAll().where('id', '=', decodeURIComponent(match[1] ?? '')).executeTakeFirst();
      if (!s) return sendJson(res, 404, { detail: DETAIL.notFound });
      sendJson(res, 200, { id: s.id, start: formatOcsDatetime(s.start_utc_ms), end: formatOcsDatetime(s.end_utc_ms) });
    }),
    makeRoute(deps, 'GET', path('/api/profile/'), 'user', async ({ res, caller, nowUtcMs }) => {
      if (!caller) return;
      const user = await db.selectFrom('users').selectAll().where('id', '=', caller.id).executeTakeFirstOrThrow();
      const memberOf = await db
        .selectFrom('memberships')
        .innerJoin('proposals', 'proposals.id', 'memberships.proposal_id')
        .select(['proposals.id', 'proposals.title', 'proposals.active'])
        .where('memberships.user_id', '=', caller.id)
        .orderBy('proposals.id')
        .execute();
      const current = await db.selectFrom('semesters').select('id').where('start_utc_ms', '<=', nowUtcMs).where('end_utc_ms', '>', nowUtcMs).executeTakeFirst();
      const allocations = await allocationsOf(db, memberOf.map((p) => p.id));
      const isCurrent = (id: string, active: number): boolean => active === 1 && !!current && (allocations.get(id) ?? []).some((a) => a.semester === current.id);
      const instrumentTypes = new Set<string>();
      for (const list of allocations.values()) for (const a of list) if (a.semester === current?.id) a.instrument_types.forEach((t) => instrumentTypes.add(t));
      sendJson(res, 200, {
        username: user.username,
        first_name: user.first_name,
        last_name: user.last_name,
        email: user.email,
        is_staff: user.is_staff === 1,
        is_superuser: user.is_superuser === 1,
        profile: {
          education_user: false, notifications_enabled: false, notifications_on_authored_only: false, simple_interface: false,
          view_authored_requests_only: false, title: '', staff_view: user.is_staff === 1, institution: user.institution, api_quota: {},
          terms_accepted: null, sciencecollaborationallocation: null, password_expiration: null,
        },
        proposals: memberOf.map((p) => ({ id: p.id, title: p.title, current: isCurrent(p.id, p.active) })),
        available_instrument_types: [...instrumentTypes].sort(),
        tokens: { archive: await ensureApiToken(db, caller.id, nowUtcMs), api_token: await ensureApiToken(db, caller.id, nowUtcMs) },
        proposal_notifications: [],
      });
    }),
    makeRoute(deps, 'POST', path('/api/api-token-auth/'), 'login', async ({ req, res, nowUtcMs }) => {
      const body = await readJson(req, res);
      if (!body.ok) return;
      const parsed = credentialsSchema.safeParse(body.value);
      if (!parsed.success) return sendJson(res, 400, toFieldErrors(parsed.error.issues));
      const user = await userByName(db, parsed.data.username);
      // The staff `demo` user also logs in with the data dir's access token as its password.
      const byAccessToken = user !== null && user.username === ACCESS_TOKEN_USER && deps.accessToken !== null && safeEqual(parsed.data.password, deps.accessToken);
      if (!user || !(byAccessToken || verifyPassword(parsed.data.password, user.passwordHash))) {
        return sendJson(res, 400, { non_field_errors: ['Unable to log in with provided credentials.'] });
      }
      sendJson(res, 200, { token: await ensureApiToken(db, user.id, nowUtcMs) });
    }),
    makeRoute(deps, 'POST', path('/api/revoke_token/'), 'user', async ({ req, res, caller, nowUtcMs }) => {
      req.resume();
      if (!caller) return;
      await rotateApiToken(db, caller.id, nowUtcMs);
      sendJson(res, 200, { message: 'API token revoked.' });
    }),
  ];
}
