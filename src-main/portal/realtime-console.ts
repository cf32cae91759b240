/**
 * The console's `realtime.*` calls over the portal's real-time paths (realtime.ts), run as the data
 * dir's staff user (`demo`) exactly as the access token does over `/api/realtime/`: the same
 * checks, the same answers, with the portal's refusals keyed by the contract's input fields.
 */
import { AppError } from '../../src-shared/errors';
import type { InvocationArgs, InvocationOutput, RealtimeAvailability, RealtimeSession } from '../../src-shared/ipc/contract';
import { formatOcsDatetime, parseOcsDatetimeMs } from '../../src-shared/schemas';
import type { Clock } from '../clock';
import { accessTokenUser } from './auth';
import type { ConfigdbView } from './configdb-view';
import { activeProposalsOfUser, readableProposalIds } from './proposals-repo';
import { bookRealtime, cancelRealtime, listRealtimeIds, realtimeAvailability, realtimeDicts, REALTIME_AVAILABILITY_DAYS_OUT } from './realtime';
import type { Db } from './types';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the `realtime.*` calls need (`createRealtimeSource`): the portal's real-time paths, run as the console user. */
export interface RealtimeSource {
  list(fromUtcMs: number | undefined): Promise<InvocationOutput<'realtime.list'>>;
  availability(telescopeId: string | undefined): Promise<RealtimeAvailability>;
  /** The booked session; refusals throw `validation.invalid` with details keyed by the contract's input fields. */
  book(args: InvocationArgs<'realtime.book'>): Promise<RealtimeSession>;
  /** The session's state afterwards (`DELETED` when the portal removed it) and where it was, for the events. */
  cancel(id: number): Promise<{ id: number; state: string; telescopeId: string; requestGroupId: number }>;
}

export interface RealtimeSourceDeps {
  db: Db;
  portal: { configdb(): ConfigdbView };
  clock: Clock;
}

const RT_HOUR_MS = 3_600_000;

/** The portal's RealTimeSerializer dict as the contract's session. */
function realtimeSessionOf(j: Record<string, unknown>): RealtimeSession {
  const str = (k: string): string => (typeof j[k] === 'string' ? j[k] : '');
  const num = (k: string): number => (typeof j[k] === 'number' ? j[k] : 0);
  return {
    id: num('id'),
    requestGroupId: num('request_group_id'),
    telescopeId: `${str('site')}.${str('enclosure')}.${str('telescope')}`,
    startUtcMs: parseOcsDatetimeMs(str('start')) ?? 0,
    endUtcMs: parseOcsDatetimeMs(str('end')) ?? 0,
    proposalId: str('proposal'),
    name: str('name'),
    state: str('state'),
    user: str('submitter'),
  };
}

/** The portal body's field names → the contract input's. */
const RT_FIELDS: Record<string, string> = { site: 'telescopeId', enclosure: 'telescopeId', telescope: 'telescopeId', start: 'startUtcMs', end: 'endUtcMs', proposal: 'proposalId', name: 'name' };
/**
 * The portal answers its object-level checks as `non_field_errors` (src-main/portal/realtime.ts);
 * the console shows them beside the field the user would change. First match wins.
 */
const RT_NON_FIELD_HOMES: readonly (readonly [RegExp, string])[] = [
  [/^No instruments found/, 'telescopeId'],
  [/already have a real time session|not available on the telescope|overlaps/, 'startUtcMs'],
  [/proposal|allocation/i, 'proposalId'],
];

/** OCS-style refusal `{ field: [msg] }` → messages keyed by `realtime.book` input fields (unplaced ones under `non_field_errors`). */
export function realtimeBookErrors(body: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (field: string, messages: string[]): void => {
    out[field] = [...(out[field] ?? []), ...messages.filter((m) => !(out[field] ?? []).includes(m))];
  };
  if (!isRecord(body)) return { non_field_errors: ['The session was refused'] };
  for (const [key, value] of Object.entries(body)) {
    const messages = Array.isArray(value) ? value.filter((m): m is string => typeof m === 'string') : [];
    if (key === 'non_field_errors') {
      for (const m of messages) add(RT_NON_FIELD_HOMES.find(([re]) => re.test(m))?.[1] ?? 'non_field_errors', [m]);
    } else add(RT_FIELDS[key] ?? 'non_field_errors', messages);
  }
  return out;
}

/** The `realtime.*` calls over the portal as the data dir's staff user (`demo`), exactly as the access token does over `/api/realtime/`. */
export function createRealtimeSource(c: RealtimeSourceDeps): RealtimeSource {
  const caller = () => accessTokenUser(c.db, c.clock.nowMs());
  const sessions = async (ids: readonly number[]) => (await realtimeDicts(c.db, ids)).map(realtimeSessionOf);
  return {
    async list(fromUtcMs) {
      const from = fromUtcMs ?? c.clock.nowMs() - 12 * RT_HOUR_MS;
      const ids = await listRealtimeIds(c.db, await readableProposalIds(c.db, await caller()));
      const all = await sessions(ids);
      return { sessions: all.filter((s) => s.endUtcMs > from && s.state !== 'CANCELED').sort((a, b) => a.startUtcMs - b.startUtcMs || a.id - b.id) };
    },
    async availability(telescopeId) {
      const me = await caller();
      const nowMs = c.clock.nowMs();
      const view = c.portal.configdb();
      // The portal keys telescopes `telescope.enclosure.site`; the console says `site.enclosure.telescope`.
      const [site, enclosure, telescope] = (telescopeId ?? '').split('.');
      const filter = telescopeId === undefined ? '' : `${telescope ?? ''}.${enclosure ?? ''}.${site ?? ''}`;
      const free = await realtimeAvailability(c.db, view, me, filter, nowMs);
      const telescopes = Object.entries(free).map(([key, list]) => {
        const [t = '', e = '', s = ''] = key.split('.');
        const intervals = (Array.isArray(list) ? (list as unknown[]) : []).flatMap((pair) => {
          const [a, b] = Array.isArray(pair) ? (pair as unknown[]) : [];
          const startMs = typeof a === 'string' ? parseOcsDatetimeMs(a) : null;
          const endMs = typeof b === 'string' ? parseOcsDatetimeMs(b) : null;
          return startMs === null || endMs === null ? [] : [{ startMs, endMs }];
        });
        return { telescopeId: `${s}.${e}.${t}`, free: intervals };
      });
      telescopes.sort((a, b) => a.telescopeId.localeCompare(b.telescopeId));
      const semester = await c.db.selectFrom('semesters').select('id').where('start_utc_ms', '<=', nowMs).where('end_utc_ms', '>', nowMs).executeTakeFirst();
      const placementsOf = (type: string): string[] =>
        (view.index.instrumentTypes.get(type)?.placements ?? []).filter((p) => p.state === 'SCHEDULABLE').map((p) => `${p.site}.${p.enclosure}.${p.telescope}`);
      const proposals = [];
      for (const p of await activeProposalsOfUser(c.db, me.id)) {
        if (semester === undefined) continue;
        const allocations = p.time_allocations
          .filter((a) => a.semester === semester.id && a.realtime_allocation > 0)
          .map((a) => ({
            instrumentTypes: a.instrument_types,
            telescopeIds: [...new Set(a.instrument_types.flatMap(placementsOf))].sort(),
            hoursAllocated: a.realtime_allocation,
            hoursLeft: Math.max(0, a.realtime_allocation - a.realtime_time_used),
          }));
        if (allocations.length > 0) proposals.push({ id: p.id, title: p.title, allocations });
      }
      return { fromUtcMs: nowMs, toUtcMs: nowMs + REALTIME_AVAILABILITY_DAYS_OUT * 24 * RT_HOUR_MS, semester: semester?.id ?? null, proposals, telescopes };
    },
    async book(args) {
      const [site = '', enclosure = '', telescope = ''] = args.telescopeId.split('.');
      const body = {
        site,
        enclosure,
        telescope,
        start: formatOcsDatetime(args.startUtcMs),
        end: formatOcsDatetime(args.endUtcMs),
        proposal: args.proposalId,
        name: args.name ?? 'Real-time session',
      };
      const r = await bookRealtime(c.db, c.portal.configdb(), body, await caller(), c.clock.nowMs());
      if (!r.ok) {
        const details = realtimeBookErrors(r.body);
        const first = Object.values(details).flat()[0] ?? 'refused';
        throw new AppError('validation.invalid', `The session was not booked: ${first}`, details);
      }
      return realtimeSessionOf(r.value);
    },
    async cancel(id) {
      const [before] = await sessions([id]);
      if (!before) throw new AppError('not_found', `No real-time session ${id}`, { id: ['unknown session'] });
      const r = await cancelRealtime(c.db, id, await caller(), c.clock.nowMs());
      if (!r.ok) {
        const body = isRecord(r.body) ? r.body : {};
        const text = typeof body['detail'] === 'string' ? body['detail'] : Array.isArray(body['errors']) ? String(body['errors'][0]) : 'refused';
        throw new AppError(r.status === 404 ? 'not_found' : r.status === 403 ? 'auth.invalid' : 'conflict.state', text, { id: [text] });
      }
      const after = await c.db.selectFrom('observations').select('state').where('id', '=', id).executeTakeFirst();
      return { id, state: after?.state ?? 'DELETED', telescopeId: before.telescopeId, requestGroupId: before.requestGroupId };
    },
  };
}
