import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { darkIntervals, type Interval } from '../../../../src-shared/astro';
import { observatoryTelescopes } from '../../../../src-shared/ocs';
import { buildSchedulerInput } from '../../../../src-main/scheduler';
import { EVENING_MS, HOUR_MS, startDemo, type DemoFixture } from './fixture';

/** Is `iv` inside one of `list` (with `tolMs` slack at both ends)? */
const inside = (iv: Interval, list: readonly Interval[], tolMs: number): boolean =>
  list.some((d) => iv.startMs >= d.startMs - tolMs && iv.endMs <= d.endMs + tolMs);

describe('buildSchedulerInput (demo observatory, real SQLite)', () => {
  let f: DemoFixture;
  beforeEach(async () => {
    f = await startDemo();
  });
  afterEach(() => f.close());

  it('takes every PENDING request of the scheduled types with its stored duration, windows and telescopes', async () => {
    expect(f.seed.rejected).toEqual([]);
    const { input, skipped } = await buildSchedulerInput(f.database.db, f.view(), { nowMs: EVENING_MS });
    const rows = await f.database.db
      .selectFrom('requests')
      .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
      .select(['requests.id', 'requests.duration_sec', 'requests.telescope_class', 'request_groups.observation_type', 'request_groups.ipp_value'])
      .where('requests.state', '=', 'PENDING')
      .where('request_groups.observation_type', 'in', ['NORMAL', 'TIME_CRITICAL', 'RAPID_RESPONSE'])
      .execute();
    expect(input.requests.length + skipped.length).toBe(rows.length);
    expect(skipped).toEqual([]);
    const tels = observatoryTelescopes(f.view().sites);
    for (const r of rows) {
      const req = input.requests.find((x) => x.id === String(r.id));
      expect(req, `request ${r.id}`).toBeDefined();
      expect(req?.durationSec).toBe(r.duration_sec);
      expect(req?.ippValue).toBe(r.ipp_value);
      expect(req?.observationType).toBe(r.observation_type);
      // Demo: one telescope per class (1m0 → the 1 m, 0m4 → the 0.4 m).
      const expected = tels.filter((t) => t.id.endsWith(r.telescope_class === '1m0' ? '1m0a' : '0m4a')).map((t) => t.id);
      expect(req?.telescopeIds).toEqual(expected);
      for (const w of req?.windows ?? []) expect(w.startMs).toBeGreaterThanOrEqual(EVENING_MS);
    }
    expect(input.horizon).toEqual({ startMs: EVENING_MS, endMs: EVENING_MS + 72 * HOUR_MS });
    expect(input.sliceSec).toBe(300);
    expect(input.fixedBlocks).toEqual([]);
  });

  it('gives visibility only in dark time (Sun below −12°, checked independently) and for every allowed telescope', async () => {
    const { input } = await buildSchedulerInput(f.database.db, f.view(), { nowMs: EVENING_MS });
    const tels = observatoryTelescopes(f.view().sites);
    let intervals = 0;
    for (const t of tels) {
      const dark = darkIntervals(t.limits.site, input.horizon.startMs, input.horizon.endMs);
      // 72 h from 20:00: three nights and the first hour of a fourth.
      expect(dark.length).toBe(4);
      for (const r of input.requests.filter((x) => x.telescopeIds.includes(t.id))) {
        for (const iv of r.visibility[t.id] ?? []) {
          intervals++;
          // Edges are refined to 200 ms by the engine; allow 1 s.
          expect(inside(iv, dark, 1000), `request ${r.id} ${new Date(iv.startMs).toISOString()}`).toBe(true);
        }
      }
    }
    expect(intervals).toBeGreaterThan(20);
  });

  it('removes downtime and holds from availability, and instrument downtime only from requests using it', async () => {
    const tel = 'tfn.doma.1m0a';
    const dStart = EVENING_MS + 2 * HOUR_MS;
    const dEnd = EVENING_MS + 3 * HOUR_MS;
    await f.database.db
      .insertInto('downtimes')
      .values([
        { start_utc_ms: dStart, end_utc_ms: dEnd, site: 'tfn', enclosure: 'doma', telescope: '1m0a', instrument_type: '', reason: 'Maintenance', created_utc_ms: EVENING_MS, modified_utc_ms: EVENING_MS },
        { start_utc_ms: dStart + 24 * HOUR_MS, end_utc_ms: dEnd + 24 * HOUR_MS, site: 'tfn', enclosure: 'clma', telescope: '0m4a', instrument_type: '0M4-SCICAM-NIGHTSHIFT', reason: 'Camera', created_utc_ms: EVENING_MS, modified_utc_ms: EVENING_MS },
      ])
      .execute();
    const hold = { telescopeId: 'tfn.clma.0m4a', kind: 'weather' as const, startMs: EVENING_MS + HOUR_MS, endMs: EVENING_MS + 90 * 60_000, reason: 'Weather hold' };
    const { input } = await buildSchedulerInput(f.database.db, f.view(), { nowMs: EVENING_MS, holds: [hold] });
    const big = input.telescopes.find((t) => t.id === tel);
    expect(big?.availability).toEqual([
      { startMs: EVENING_MS, endMs: dStart },
      { startMs: dEnd, endMs: input.horizon.endMs },
    ]);
    const small = input.telescopes.find((t) => t.id === 'tfn.clma.0m4a');
    // Instrument-type downtime does not touch the telescope, the hold does.
    expect(small?.availability).toEqual([
      { startMs: EVENING_MS, endMs: hold.startMs },
      { startMs: hold.endMs, endMs: input.horizon.endMs },
    ]);
    for (const r of input.requests.filter((x) => x.telescopeIds.includes('tfn.clma.0m4a'))) {
      for (const iv of r.visibility['tfn.clma.0m4a'] ?? []) expect(iv.endMs <= dStart + 24 * HOUR_MS || iv.startMs >= dEnd + 24 * HOUR_MS).toBe(true);
    }
    // An open hold takes the telescope out for the whole horizon.
    const open = await buildSchedulerInput(f.database.db, f.view(), { nowMs: EVENING_MS, holds: [{ ...hold, endMs: null }] });
    expect(open.input.telescopes.find((t) => t.id === 'tfn.clma.0m4a')?.availability).toEqual([{ startMs: EVENING_MS, endMs: hold.startMs }]);
  });
});
