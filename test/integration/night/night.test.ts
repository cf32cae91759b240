import { afterEach, describe, expect, it } from 'vitest';
import type { SimDome} from '../../../src-main/devices/sim';
import { SimWeatherStation } from '../../../src-main/devices/sim';
import { buildNightReport, renderNightReportHtml } from '../../../src-main/report';
import { createNightHarness, planNight, type NightHarness } from './harness';

const START = Date.parse('2026-11-21T20:00:00Z');
const MIN = 60_000;

describe('a simulated night on the demo observatory', () => {
  let h: NightHarness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it('observes, closes for a cloudy spell, reopens after the hold, and reports honest states', async () => {
    h = await createNightHarness({ startUtcMs: START });
    const ids = await planNight(h, START + 2 * MIN, START + 100 * MIN);
    expect(ids.length).toBeGreaterThan(2);
    // Clouds from +40 min to +55 min at both telescopes.
    for (const tel of ['tfn.doma.1m0a', 'tfn.clma.0m4a']) {
      const w = h.devices.device(tel, 'weather');
      expect(w).toBeInstanceOf(SimWeatherStation);
      (w as SimWeatherStation).setScript([{ atSec: 40 * 60, readings: { cloudCoverPct: 95 } }, { atSec: 55 * 60, readings: { cloudCoverPct: 5 } }], START);
    }
    h.executors.start();
    await h.runUntil(START + 50 * MIN);
    // Mid-spell: both telescopes secured (verified closed and parked).
    for (const tel of ['tfn.doma.1m0a', 'tfn.clma.0m4a']) {
      expect(h.executors.supervisor.status(tel).state).toBe('secured');
      const dome = h.devices.device(tel, 'enclosure') as SimDome;
      const st = await dome.readState();
      expect(st.shutter).toBe('closed');
      const mount = await h.devices.command(tel, 'mount', (m) => m.readState());
      expect(mount.parked).toBe(true);
    }
    // Safe again at +55, hold 10 min → not before +65.
    await h.runUntil(START + 62 * MIN);
    expect(h.executors.supervisor.status('tfn.clma.0m4a').state).toBe('holding');
    await h.runUntil(START + 110 * MIN);
    expect(h.executors.supervisor.status('tfn.clma.0m4a').state).toBe('safe');

    const db = h.database.db;
    const statuses = await db.selectFrom('configuration_statuses').select(['id', 'state', 'summary_json', 'observation_id']).execute();
    // Every configuration of a past observation has a terminal state and a summary.
    for (const s of statuses) {
      expect(['COMPLETED', 'FAILED', 'NOT_ATTEMPTED']).toContain(s.state);
      expect(s.summary_json).not.toBeNull();
    }
    const summaries = statuses.map((s) => ({ ...s, summary: JSON.parse(s.summary_json ?? '{}') as { reason: string; time_completed: number; start: string; end: string } }));
    expect(summaries.filter((s) => s.state === 'COMPLETED').length).toBeGreaterThan(2);
    // What the clouds stopped says so.
    const weatherLost = summaries.filter((s) => s.state !== 'COMPLETED');
    expect(weatherLost.length).toBeGreaterThan(0);
    for (const s of weatherLost) expect(s.summary.reason).toMatch(/unsafe/);
    // Observation states follow §3.4.
    const obs = await db.selectFrom('observations').select(['id', 'state']).execute();
    for (const o of obs) {
      const mine = statuses.filter((s) => s.observation_id === o.id).map((s) => s.state);
      if (mine.every((x) => x === 'COMPLETED')) expect(o.state).toBe('COMPLETED');
      else if (mine.every((x) => x === 'NOT_ATTEMPTED')) expect(o.state).toBe('NOT_ATTEMPTED');
      else expect(o.state).toBe('FAILED');
    }
    // Frames: every recorded exposure is one archived frame; basenames never repeat.
    const exposures = await db.selectFrom('executor_exposures').selectAll().execute();
    const frames = await db.selectFrom('frames').select(['id', 'basename', 'exposure_sec', 'configuration_type']).execute();
    const recorded = exposures.filter((e) => e.state === 'recorded');
    expect(recorded.length).toBe(frames.length);
    expect(new Set(frames.map((f) => f.basename)).size).toBe(frames.length);
    expect(new Set(recorded.map((e) => e.frame_id))).toEqual(new Set(frames.map((f) => f.id)));
    // time_completed of completed configurations equals the exposure seconds of their frames.
    for (const s of summaries.filter((x) => x.state === 'COMPLETED')) {
      const sec = recorded.filter((e) => e.configuration_status_id === s.id).reduce((a, e) => a + e.exposure_sec, 0);
      expect(s.summary.time_completed).toBeCloseTo(sec, 6);
    }
    // Nothing exposed while the spell was on (shutter open → frames only outside [+40, +65) min, allowing the abort).
    const during = exposures.filter((e) => e.started_utc_ms > START + 41 * MIN && e.started_utc_ms < START + 65 * MIN && e.state === 'recorded');
    expect(during).toEqual([]);
    // The night report agrees with the database and counts the spell as weather loss (15 min + 10 min hold, ±2 min).
    const report = buildNightReport(h.database.raw, h.telescopes, START, START + 110 * MIN);
    const r04 = report.telescopes.find((t) => t.telescopeId === 'tfn.clma.0m4a');
    expect(r04).toBeDefined();
    expect(report.telescopes.reduce((a, t) => a + t.frames, 0)).toBe(frames.length);
    expect(Math.abs((r04?.lostToWeatherSec ?? 0) - 25 * 60)).toBeLessThan(120);
    expect(r04?.efficiency ?? 0).toBeGreaterThan(0);
    expect(r04?.efficiency ?? 2).toBeLessThanOrEqual(1);
    expect(renderNightReportHtml(report)).toContain('tfn.clma.0m4a');
  }, 120_000);
});
