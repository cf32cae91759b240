import type { Kysely } from 'kysely';
import type { InvocationArgs, InvocationOutput, QueueGroup } from '../../src-shared/ipc/contract';
import type { Database } from '../db';
import { summarizeRequest } from './queue-summary';

/** Reads the queue of request groups for the console. */
export class QueueService {
  constructor(private readonly db: Kysely<Database>) {}

  async list(args: InvocationArgs<'queue.list'>): Promise<InvocationOutput<'queue.list'>> {
    let groupsQuery = this.db.selectFrom('request_groups').selectAll();
    let countQuery = this.db.selectFrom('request_groups').select((eb) => eb.fn.countAll<number>().as('n'));
    if (args.state) {
      groupsQuery = groupsQuery.where('state', '=', args.state);
      countQuery = countQuery.where('state', '=', args.state);
    }
    const groups = await groupsQuery.orderBy('id', 'desc').limit(args.limit).offset(args.offset).execute();
    const { n } = await countQuery.executeTakeFirstOrThrow();
    const ids = groups.map((g) => g.id);
    const requests =
      ids.length === 0
        ? []
        : await this.db
            .selectFrom('requests')
            .select(['id', 'request_group_id', 'state', 'duration_sec', 'body_json'])
            .where('request_group_id', 'in', ids)
            .orderBy('id')
            .execute();
    const byGroup = new Map<number, typeof requests>();
    for (const r of requests) {
      const list = byGroup.get(r.request_group_id) ?? [];
      list.push(r);
      byGroup.set(r.request_group_id, list);
    }
    return {
      count: Number(n),
      groups: groups.map(
        (g): QueueGroup => ({
          id: g.id,
          name: g.name,
          proposal: g.proposal_id,
          observationType: g.observation_type,
          operator: g.operator,
          ippValue: g.ipp_value,
          state: g.state as QueueGroup['state'],
          createdMs: g.created_utc_ms,
          requests: (byGroup.get(g.id) ?? []).map(summarizeRequest),
        }),
      ),
    };
  }
}
