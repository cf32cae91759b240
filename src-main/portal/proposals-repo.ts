/**
 * Semesters, proposals, memberships and time allocations (hours), read back in the shapes the
 * pure validator (`Proposal`, `Semester`) and the OCS API use.
 */
import { formatOcsDatetime, parseOcsDatetimeMs } from '../../src-shared/schemas';
import type { Proposal, Semester, TimeAllocation } from '../../src-shared/schemas';
import type { Db, Viewer } from './types';

export async function upsertSemester(db: Db, s: Semester): Promise<void> {
  const start = parseOcsDatetimeMs(s.start) ?? 0;
  const end = parseOcsDatetimeMs(s.end) ?? 0;
  await db
    .insertInto('semesters')
    .values({ id: s.id, start_utc_ms: start, end_utc_ms: end })
    .onConflict((oc) => oc.column('id').doUpdateSet({ start_utc_ms: start, end_utc_ms: end }))
    .execute();
}

export async function listSemesters(db: Db): Promise<Semester[]> {
  const rows = await db.selectFrom('semesters').selectAll().orderBy('start_utc_ms').execute();
  return rows.map((r) => ({ id: r.id, start: formatOcsDatetime(r.start_utc_ms), end: formatOcsDatetime(r.end_utc_ms) }));
}

/**
 * Stores a proposal with its memberships (members must exist as users) and allocations,
 * replacing any previous memberships and allocations of that id.
 */
export async function upsertProposal(db: Db, p: Proposal): Promise<void> {
  const cols = {
    title: p.title,
    tac_priority: p.tac_priority,
    active: p.active ? 1 : 0,
    body_json: '{}',
    abstract: p.abstract,
    tac_rank: p.tac_rank,
    public: p.public ? 1 : 0,
    non_science: p.non_science ? 1 : 0,
    direct_submission: p.direct_submission ? 1 : 0,
    tags_json: JSON.stringify(p.tags),
  };
  await db
    .insertInto('proposals')
    .values({ id: p.id, ...cols })
    .onConflict((oc) => oc.column('id').doUpdateSet(cols))
    .execute();
  await db.deleteFrom('memberships').where('proposal_id', '=', p.id).execute();
  await db.deleteFrom('time_allocations').where('proposal_id', '=', p.id).execute();
  for (const m of p.members) {
    const user = await db.selectFrom('users').select('id').where('username', '=', m.username).executeTakeFirst();
    if (!user) continue;
    await db.insertInto('memberships').values({ proposal_id: p.id, user_id: user.id, role: m.role, time_limit_hours: m.time_limit_hours }).execute();
  }
  for (const a of p.time_allocations) {
    const { semester, instrument_types, ...hours } = a;
    await db.insertInto('time_allocations').values({ proposal_id: p.id, semester_id: semester, instrument_types_json: JSON.stringify(instrument_types), ...hours }).execute();
  }
}

export type StoredAllocation = TimeAllocation & { id: number };

export async function allocationsOf(db: Db, proposalIds: readonly string[]): Promise<Map<string, StoredAllocation[]>> {
  const out = new Map<string, StoredAllocation[]>();
  if (proposalIds.length === 0) return out;
  const rows = await db.selectFrom('time_allocations').selectAll().where('proposal_id', 'in', proposalIds).orderBy('id').execute();
  for (const r of rows) {
    const { proposal_id, semester_id, instrument_types_json, ...hours } = r;
    const list = out.get(proposal_id) ?? [];
    list.push({ ...hours, semester: semester_id, instrument_types: JSON.parse(instrument_types_json) as string[] });
    out.set(proposal_id, list);
  }
  return out;
}

/** The proposal as the validator wants it, or null when it does not exist. */
export async function loadProposal(db: Db, id: string): Promise<Proposal | null> {
  const row = await db.selectFrom('proposals').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const members = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.username', 'memberships.role', 'memberships.time_limit_hours'])
    .where('memberships.proposal_id', '=', id)
    .execute();
  const allocations = (await allocationsOf(db, [id])).get(id) ?? [];
  return {
    id: row.id,
    title: row.title,
    abstract: row.abstract,
    tac_priority: row.tac_priority,
    tac_rank: row.tac_rank,
    active: row.active === 1,
    public: row.public === 1,
    non_science: row.non_science === 1,
    direct_submission: row.direct_submission === 1,
    tags: JSON.parse(row.tags_json) as string[],
    members: members.map((m) => ({ username: m.username, role: m.role === 'PI' ? 'PI' : 'CI', time_limit_hours: m.time_limit_hours })),
    time_allocations: allocations,
  };
}

/** Hours the user already used on the proposal (rule 4). */
/** The active proposals `userId` is a member of, loaded, in id order. */
export async function activeProposalsOfUser(db: Db, userId: number): Promise<Proposal[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('proposals', 'proposals.id', 'memberships.proposal_id')
    .select('proposals.id')
    .where('memberships.user_id', '=', userId)
    .where('proposals.active', '=', 1)
    .orderBy('proposals.id')
    .execute();
  const out: Proposal[] = [];
  for (const { id } of rows) {
    const p = await loadProposal(db, id);
    if (p) out.push(p);
  }
  return out;
}

export async function memberTimeUsedHours(db: Db, proposalId: string, userId: number): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select('time_used_hours')
    .where('proposal_id', '=', proposalId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.time_used_hours ?? 0;
}

/** Ids of proposals the viewer may read (null = all, for staff). */
export async function readableProposalIds(db: Db, viewer: Viewer): Promise<string[] | null> {
  if (viewer?.isStaff) return null;
  if (!viewer) return (await db.selectFrom('proposals').select('id').where('public', '=', 1).execute()).map((r) => r.id);
  const rows = await db
    .selectFrom('proposals')
    .select('id')
    .where((eb) => eb.or([eb('public', '=', 1), eb('id', 'in', eb.selectFrom('memberships').select('proposal_id').where('user_id', '=', viewer.id))]))
    .execute();
  return rows.map((r) => r.id);
}

/** Applies `change` to the allocation of (proposal, semester) holding `instrumentType`; no-op when none. */
export async function updateAllocation(
  db: Db,
  proposalId: string,
  semesterId: string,
  instrumentType: string,
  change: (a: StoredAllocation) => Partial<TimeAllocation>,
): Promise<void> {
  const list = (await allocationsOf(db, [proposalId])).get(proposalId) ?? [];
  const alloc = list.find((a) => a.semester === semesterId && a.instrument_types.includes(instrumentType));
  if (!alloc) return;
  const { semester: _s, instrument_types: _t, ...hours } = change(alloc);
  if (Object.keys(hours).length === 0) return;
  await db.updateTable('time_allocations').set(hours).where('id', '=', alloc.id).execute();
}
