/**
 * `realtime.*` over the HTTP adapter of a real core (demo observatory, simulated clock from
 * 2026-11-21 22:00 UTC at real speed, night in Tenerife): book → listed, the executor stands aside and the
 * scheduler keeps the block fixed; refusals come back keyed by the contract's fields; cancel → gone;
 * writes need the token.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postIpc, startTestServer } from '../../helpers/serve-fixture';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-21T22:00:00Z');
const BIG = 'tfn.doma.1m0a';
const SMALL = 'tfn.clma.0m4a';

interface Session { id: number; requestGroupId: number; telescopeId: string; startUtcMs: number; endUtcMs: number; proposalId: string; name: string; state: string; user: string }

describe('real-time sessions over the contract', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let running: Session;
  const call = async (name: string, body: unknown, withToken = true) => (await postIpc(server.http.url, name, body, withToken ? server.core.token : undefined)).json;

  beforeAll(async () => {
    // Speed 1: the simulated night moves (the executors' recovery waits on the clock) but barely.
    server = await startTestServer({ speed: 1 });
    // The demo gives NS2026-GAL 4 h of real-time time; 5 h on each telescope this semester here.
    await sql`update time_allocations set realtime_allocation = 5 where proposal_id = 'NS2026-GAL' and semester_id = '2026B'`.execute(server.core.database.db);
    // Booked before the scheduler's first run can start anything on the 1 m: a session running now.
    const r = await call('realtime.book', { telescopeId: BIG, startUtcMs: NOW, endUtcMs: NOW + HOUR, proposalId: 'NS2026-GAL', name: 'Live now' });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    running = r.value as Session;
  }, 60_000);
  afterAll(() => server.cleanup());

  it('books a session that the list shows, the executor stands aside for and the scheduler keeps fixed', async () => {
    expect(running).toMatchObject({ telescopeId: BIG, startUtcMs: NOW, endUtcMs: NOW + HOUR, proposalId: 'NS2026-GAL', name: 'Live now', state: 'PENDING', user: 'demo' });
    const later = await call('realtime.book', { telescopeId: SMALL, startUtcMs: NOW + 3 * HOUR, endUtcMs: NOW + 4.5 * HOUR, proposalId: 'NS2026-GAL' });
    expect(later.ok, JSON.stringify(later)).toBe(true);
    const booked = later.value as Session;
    expect(booked).toMatchObject({ telescopeId: SMALL, startUtcMs: NOW + 3 * HOUR, endUtcMs: NOW + 4.5 * HOUR, name: 'Real-time session', state: 'PENDING' });

    const list = await call('realtime.list', {}, false);
    expect(list.ok).toBe(true);
    const ids = (list.value.sessions as Session[]).map((s) => s.id);
    expect(ids).toEqual([running.id, booked.id]);

    // The 1 m's executor sees a REAL_TIME observation now and stands aside.
    let phase = '';
    for (let i = 0; i < 100 && phase !== 'realtime'; i++) {
      const st = await call('executor.status', {}, false);
      phase = (st.value.executors as { telescopeId: string; phase: string }[]).find((e) => e.telescopeId === BIG)?.phase ?? '';
      if (phase !== 'realtime') await new Promise((r) => setTimeout(r, 200));
    }
    expect(phase).toBe('realtime');

    // The scheduler keeps both blocks fixed and places nothing else over them.
    await server.core.scheduler.runNow('test');
    const fixed = server.core.scheduler.lastInput()?.fixedBlocks ?? [];
    for (const s of [running, booked]) {
      expect(fixed.some((b) => b.telescopeId === s.telescopeId && b.startMs === s.startUtcMs && b.endMs === s.endUtcMs)).toBe(true);
    }
    const clash = await server.core.database.db
      .selectFrom('observations')
      .select('id')
      .where('telescope', '=', '0m4a')
      .where('state', 'in', ['PENDING', 'IN_PROGRESS'])
      .where('start_utc_ms', '<', booked.endUtcMs)
      .where('end_utc_ms', '>', booked.startUtcMs)
      .execute();
    expect(clash.map((o) => o.id)).toEqual([booked.id]);
    const timeline = await call('timeline.tonight', {}, false);
    const blocks = timeline.value.blocks as { telescopeId: string; label: string; startMs: number; kind: string }[];
    expect(blocks.some((b) => b.telescopeId === SMALL && b.kind === 'observation' && b.startMs === booked.startUtcMs && b.label.includes('REAL_TIME'))).toBe(true);
  }, 60_000);

  it('lists the free night intervals and the proposal hours left', async () => {
    const r = await call('realtime.availability', {}, false);
    expect(r.ok).toBe(true);
    const a = r.value as { fromUtcMs: number; toUtcMs: number; semester: string; proposals: { id: string; allocations: { telescopeIds: string[]; hoursLeft: number; hoursAllocated: number }[] }[]; telescopes: { telescopeId: string; free: { startMs: number; endMs: number }[] }[] };
    expect(a.semester).toBe('2026B');
    expect(a.proposals.map((p) => p.id)).toEqual(['NS2026-GAL']);
    const big = a.proposals[0]!.allocations.find((x) => x.telescopeIds.includes(BIG));
    // 1 h booked on the 1 m (the 0.4 m has its own allocation).
    expect(big?.hoursAllocated).toBe(5);
    expect(big?.hoursLeft).toBeCloseTo(4, 9);
    expect(a.telescopes.map((t) => t.telescopeId)).toEqual([SMALL, BIG]);
    for (const t of a.telescopes) {
      expect(t.free.length).toBeGreaterThanOrEqual(6);
      for (const i of t.free) {
        expect(i.endMs).toBeGreaterThan(i.startMs);
        // Tenerife (16.5° W) in late November: Sun below −12° only between 18:30 and 07:00 UTC.
        for (const x of [i.startMs + 1, i.endMs - 1]) {
          const h = new Date(x).getUTCHours() + new Date(x).getUTCMinutes() / 60;
          expect(h >= 18.5 || h <= 7).toBe(true);
        }
        // The user's own sessions block them on every telescope.
        expect(i.endMs <= NOW + HOUR || i.startMs >= NOW + HOUR).toBe(true);
      }
    }
    const one = await call('realtime.availability', { telescopeId: BIG }, false);
    expect((one.value.telescopes as { telescopeId: string }[]).map((t) => t.telescopeId)).toEqual([BIG]);
  });

  it('refuses an overlapping or oversized booking with errors keyed by the contract fields', async () => {
    const over = await call('realtime.book', { telescopeId: BIG, startUtcMs: NOW + 0.5 * HOUR, endUtcMs: NOW + 2 * HOUR, proposalId: 'NS2026-GAL' });
    expect(over.ok).toBe(false);
    expect(over.error.code).toBe('validation.invalid');
    expect(over.error.details.startUtcMs[0]).toMatch(/already have a real time session|not available|overlaps/);
    const tooLong = await call('realtime.book', { telescopeId: BIG, startUtcMs: NOW + 26 * HOUR, endUtcMs: NOW + 31 * HOUR, proposalId: 'NS2026-GAL' });
    expect(tooLong.error.details.proposalId[0]).toMatch(/Not enough realtime time allocation available on proposal NS2026-GAL: 4 hours available, 5 requested/);
    const backwards = await call('realtime.book', { telescopeId: BIG, startUtcMs: NOW + 26 * HOUR, endUtcMs: NOW + 25 * HOUR, proposalId: 'NS2026-GAL' });
    expect(backwards.error.details).toEqual({ endUtcMs: ['End time must be after start time'] });
    const nowhere = await call('realtime.book', { telescopeId: 'tfn.doma.zzzz', startUtcMs: NOW + 26 * HOUR, endUtcMs: NOW + 27 * HOUR, proposalId: 'NS2026-GAL' });
    expect(nowhere.error.details.telescopeId[0]).toMatch(/No instruments found/);
    const noTime = await call('realtime.book', { telescopeId: BIG, startUtcMs: NOW + 26 * HOUR, endUtcMs: NOW + 27 * HOUR, proposalId: 'NS2026-VAR' });
    expect(noTime.error.details.proposalId[0]).toMatch(/0 hours available/);
  });

  it('refuses writes without the token', async () => {
    const book = await call('realtime.book', { telescopeId: BIG, startUtcMs: NOW + 26 * HOUR, endUtcMs: NOW + 27 * HOUR, proposalId: 'NS2026-GAL' }, false);
    expect(book.error.code).toBe('auth.required');
    const cancel = await call('realtime.cancel', { id: running.id }, false);
    expect(cancel.error.code).toBe('auth.required');
    const list = await call('realtime.list', {}, false);
    expect((list.value.sessions as Session[]).map((s) => s.id)).toContain(running.id);
  });

  it('cancels: the session leaves the list, its hours come back and the telescope is free again', async () => {
    const start = NOW + 24 * HOUR;
    const b = await call('realtime.book', { telescopeId: BIG, startUtcMs: start, endUtcMs: start + 2 * HOUR, proposalId: 'NS2026-GAL' });
    expect(b.ok, JSON.stringify(b)).toBe(true);
    const id = (b.value as Session).id;
    const left = async () => ((await call('realtime.availability', { telescopeId: BIG }, false)).value.proposals[0].allocations as { telescopeIds: string[]; hoursLeft: number }[]).find((x) => x.telescopeIds.includes(BIG))!.hoursLeft;
    const before = await left();
    const c = await call('realtime.cancel', { id });
    expect(c.ok, JSON.stringify(c)).toBe(true);
    expect(c.value.id).toBe(id);
    // A day ahead the portal deletes the observation rather than marking it (§3.8).
    expect(['DELETED', 'CANCELED']).toContain(c.value.state);
    expect(((await call('realtime.list', {}, false)).value.sessions as Session[]).map((s) => s.id)).not.toContain(id);
    expect(await left()).toBeCloseTo(before + 2, 9);
    const again = await call('realtime.cancel', { id });
    expect(again.error.code).toBe(c.value.state === 'DELETED' ? 'not_found' : 'conflict.state');
    const rebook = await call('realtime.book', { telescopeId: BIG, startUtcMs: start, endUtcMs: start + 2 * HOUR, proposalId: 'NS2026-GAL' });
    expect(rebook.ok, JSON.stringify(rebook)).toBe(true);
  });
});
