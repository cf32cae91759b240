/**
 * Who is reading the archive. The science archive's rule: anonymous callers see public frames;
 * a user also sees the proposals they are a member of; staff and the data dir's access token see
 * everything. TOM sends its portal token to the archive too, so a portal user's token (table
 * `api_tokens`, migration 0002) is honoured here as well.
 */
import type { IncomingMessage } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from '../db';
import { FULL_ACCESS, PUBLIC_ACCESS } from './frames-repo';
import type { FrameAccess } from './frames-repo';

/** A FrameAccess, or 'invalid' for a token nobody issued (answered 401 as DRF does). */
export type AccessResult = FrameAccess | 'invalid';

/** Resolves a caller from the request; `authenticated` is the HTTP server's check of the data dir token. */
export type AccessResolver = (req: IncomingMessage, authenticated: boolean) => Promise<AccessResult>;

function presentedToken(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (h === undefined || h.trim() === '') return null;
  const m = /^(?:Token|Bearer)\s+(\S+)\s*$/i.exec(h.trim());
  return m?.[1] ?? '';
}

/**
 * The default resolver: the data dir token → everything; a portal user's token → their
 * proposals (everything for staff and superusers); another token → 'invalid'; none → public.
 */
export function portalTokenAccess(db: Kysely<Database>): AccessResolver {
  return async (req, authenticated) => {
    if (authenticated) return FULL_ACCESS;
    const token = presentedToken(req);
    if (token === null) return PUBLIC_ACCESS;
    if (token === '') return 'invalid';
    const user = await db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select(['users.id', 'users.is_staff', 'users.is_superuser'])
      .where('api_tokens.key', '=', token)
      .executeTakeFirst();
    if (user === undefined) return 'invalid';
    if (user.is_staff === 1 || user.is_superuser === 1) return FULL_ACCESS;
    const rows = await db.selectFrom('memberships').select('proposal_id').where('user_id', '=', user.id).execute();
    return { all: false, proposals: rows.map((r) => r.proposal_id) };
  };
}
