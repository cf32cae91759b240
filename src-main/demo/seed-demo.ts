import type { Kysely } from 'kysely';
import type { Database } from '../db';
import type { ObservatoryService } from '../observatory';
import type { DemoFiles } from './demo-files';

const HOUR_MS = 3_600_000;

/**
 * Seeds the demo observatory: its configdb model, proposals and sample request groups whose
 * windows start relative to `seedUtcMs` (so the demo always has a live queue). One transaction:
 * a failure leaves the database as it was.
 */
export async function seedDemo(
  db: Kysely<Database>,
  observatory: ObservatoryService,
  files: DemoFiles,
  seedUtcMs: number,
): Promise<{ requestGroups: number }> {
  await observatory.replace(files.sites, seedUtcMs);
  let groups = 0;
  await db.transaction().execute(async (trx) => {
    for (const p of files.proposals.proposals) {
      await trx
        .insertInto('proposals')
        .values({ id: p.id, title: p.title, tac_priority: p.tac_priority, active: p.active ? 1 : 0, body_json: JSON.stringify(p) })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    for (const group of files.requestGroups.request_groups) {
      const { requests, submitter, ...rest } = group;
      const inserted = await trx
        .insertInto('request_groups')
        .values({
          proposal_id: group.proposal,
          submitter: submitter ?? 'demo',
          name: group.name,
          observation_type: group.observation_type,
          operator: group.operator,
          ipp_value: group.ipp_value,
          state: 'PENDING',
          created_utc_ms: seedUtcMs,
          modified_utc_ms: seedUtcMs,
          body_json: JSON.stringify(rest),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('state_history')
        .values({ entity: 'request_group', entity_id: inserted.id, from_state: null, to_state: 'PENDING', utc_ms: seedUtcMs, reason: 'demo seed' })
        .execute();
      for (const request of requests) {
        const windows = (request.windows ?? []).map((w) => ({
          start: new Date(seedUtcMs + w.start_offset_hours * HOUR_MS).toISOString(),
          end: new Date(seedUtcMs + w.end_offset_hours * HOUR_MS).toISOString(),
        }));
        const r = await trx
          .insertInto('requests')
          .values({
            request_group_id: inserted.id,
            state: 'PENDING',
            duration_sec: null,
            modified_utc_ms: seedUtcMs,
            body_json: JSON.stringify({ ...request, windows }),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('state_history')
          .values({ entity: 'request', entity_id: r.id, from_state: null, to_state: 'PENDING', utc_ms: seedUtcMs, reason: 'demo seed' })
          .execute();
      }
      groups++;
    }
    await trx
      .insertInto('meta')
      .values({ key: 'demo.seeded_utc_ms', value: String(seedUtcMs) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(seedUtcMs) }))
      .execute();
  });
  return { requestGroups: groups };
}

/** Removes the demo's request groups, requests and their history, then seeds again. */
export async function resetDemo(
  db: Kysely<Database>,
  observatory: ObservatoryService,
  files: DemoFiles,
  seedUtcMs: number,
): Promise<{ requestGroups: number }> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('state_history').execute();
    await trx.deleteFrom('requests').execute();
    await trx.deleteFrom('request_groups').execute();
    await trx.deleteFrom('proposals').execute();
  });
  return seedDemo(db, observatory, files, seedUtcMs);
}

export async function isSeeded(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', 'demo.seeded_utc_ms').executeTakeFirst();
  return row !== undefined;
}
