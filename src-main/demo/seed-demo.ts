import type { Kysely } from 'kysely';
import type { FieldErrors } from '../../src-shared/errors';
import { demoProposalsFileSchema, materializeDemoRequestGroups } from '../../src-shared/schemas';
import type { Database } from '../db';
import type { ObservatoryService } from '../observatory';
import { configdbViewOf, createRequestGroupIn, ensureApiToken, upsertProposal, upsertSemester, upsertUser, type Caller } from '../portal';
import type { DemoFiles } from './demo-files';

export type SeedResult = {
  requestGroups: number;
  /** Demo groups the portal refused at this seed time (e.g. outside every demo semester), with why. */
  rejected: { name: string; errors: FieldErrors }[];
};

/**
 * Seeds the demo observatory: its configdb model, semesters, users (each with an API token),
 * proposals with memberships and allocations, and the sample request groups — submitted through
 * the portal's own create path, so they carry OCS defaults, durations and IPP debits exactly as
 * API submissions do. Windows start relative to `seedUtcMs`, which is also "now" for validation.
 * One transaction: a failure leaves the database as it was.
 */
export async function seedDemo(db: Kysely<Database>, observatory: ObservatoryService, files: DemoFiles, seedUtcMs: number): Promise<SeedResult> {
  const accounts = demoProposalsFileSchema.parse(files.proposals);
  await observatory.replace(files.sites, seedUtcMs);
  const deps = { db, configdb: configdbViewOf(observatory), visibility: null };
  const result: SeedResult = { requestGroups: 0, rejected: [] };
  await db.transaction().execute(async (trx) => {
    for (const s of accounts.semesters) await upsertSemester(trx, s);
    const callers = new Map<string, Caller>();
    for (const u of accounts.users) {
      const id = await upsertUser(trx, u, seedUtcMs);
      await ensureApiToken(trx, id, seedUtcMs);
      callers.set(u.username, { id, username: u.username, isStaff: u.is_staff, isSuperuser: u.is_superuser });
    }
    for (const p of accounts.proposals) await upsertProposal(trx, p);
    for (const s of materializeDemoRequestGroups(files.requestGroups, seedUtcMs, accounts.semesters)) {
      const caller = callers.get(s.submitter);
      const name = String(s.payload['name']);
      if (!caller) {
        result.rejected.push({ name, errors: { non_field_errors: [`Unknown demo submitter ${s.submitter}`] } });
        continue;
      }
      const r = await createRequestGroupIn(trx, deps, s.payload, caller, seedUtcMs, 'demo seed');
      if (r.ok) result.requestGroups++;
      else result.rejected.push({ name, errors: r.body as FieldErrors });
    }
    await trx
      .insertInto('meta')
      .values({ key: 'demo.seeded_utc_ms', value: String(seedUtcMs) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(seedUtcMs) }))
      .execute();
  });
  return result;
}

/**
 * Removes the demo's proposals, semesters, request groups, observations and their history, then
 * seeds again. Users and their API tokens are kept, so clients configured with a token keep working.
 */
export async function resetDemo(db: Kysely<Database>, observatory: ObservatoryService, files: DemoFiles, seedUtcMs: number): Promise<SeedResult> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('configuration_statuses').execute();
    await trx.deleteFrom('observations').execute();
    await trx.deleteFrom('configurations').execute();
    await trx.deleteFrom('state_history').execute();
    await trx.deleteFrom('requests').execute();
    await trx.deleteFrom('request_groups').execute();
    await trx.deleteFrom('time_allocations').execute();
    await trx.deleteFrom('memberships').execute();
    await trx.deleteFrom('proposals').execute();
    await trx.deleteFrom('semesters').execute();
    await trx.deleteFrom('meta').where('key', 'like', 'last_%').execute();
  });
  return seedDemo(db, observatory, files, seedUtcMs);
}

export async function isSeeded(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', 'demo.seeded_utc_ms').executeTakeFirst();
  return row !== undefined;
}
