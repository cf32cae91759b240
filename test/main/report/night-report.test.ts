/**
 * The night report and the console's reads over a real simulated hour: the demo observatory on the
 * simulated devices with a cloudy spell, stepped on a simulated clock (test/integration/night/harness).
 * Every figure is checked against the database rows it summarises.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimWeatherStation } from '../../../src-main/devices/sim';
import { buildNightReport, createReportSource, nightSpanUtcMs, renderNightReportHtml, type ReportSource } from '../../../src-main/report';
import { AppError } from '../../../src-shared/errors';
import { createNightHarness, planNight, type NightHarness } from '../../integration/night/harness';

const START = Date.parse('2026-11-21T20:00:00Z');
const MIN = 60_000;
const TELESCOPES = ['tfn.doma.1m0a', 'tfn.clma.0m4a'];

describe('night report over a simulated hour with a cloudy spell', () => {
  let h: NightHarness;
  let source: ReportSource;
  beforeAll(async () => {
    h = await createNightHarness({ startUtcMs: START, safety: { holdMs: 60_000 } });
    await planNight(h, START + 2 * MIN, START + 38 * MIN);
    // Clouds from +15 to +20 min at both telescopes.
    for (const tel of TELESCOPES) {
      (h.devices.device(tel, 'weather') as SimWeatherStation).setScript([{ atSec: 15 * 60, readings: { cloudCoverPct: 95 } }, { atSec: 20 * 60, readings: { cloudCoverPct: 5 } }], START);
    }
    h.executors.start();
    await h.runUntil(START + 40 * MIN);
    source = createReportSource({ dataDir: h.dir.path, sites: () => h.observatory.listSites(), nowMs: () => h.clock.nowMs() });
  }, 120_000);
  afterAll(async () => {
    await h.close();
  });

  it('counts observations, configurations, frames and requests exactly as the database holds them', async () => {
    const report = buildNightReport(h.database.raw, h.telescopes, START, START + 40 * MIN);
    const observations = await h.database.db.selectFrom('observations').select(['id', 'state', 'request_id']).where('end_utc_ms', '>', START).where('start_utc_ms', '<', START + 40 * MIN).execute();
    expect(observations.length).toBeGreaterThan(2);
    const byState = (rows: { state: string }[]): Record<string, number> => rows.reduce<Record<string, number>>((a, r) => ({ ...a, [r.state]: (a[r.state] ?? 0) + 1 }), {});
    const reported: Record<string, number> = {};
    for (const t of report.telescopes) for (const [s, n] of Object.entries(t.observationStates)) reported[s] = (reported[s] ?? 0) + n;
    expect(reported).toEqual(byState(observations));
    expect(reported['COMPLETED'] ?? 0).toBeGreaterThan(0);

    const frames = await h.database.db.selectFrom('frames').select(['id', 'observation_id']).execute();
    expect(report.telescopes.reduce((a, t) => a + t.frames, 0)).toBe(frames.length);
    expect(report.requests.reduce((a, r) => a + r.frames, 0)).toBe(frames.filter((f) => f.observation_id !== null).length);
    // The request table leaves out observations re-planned away before they started (CANCELED).
    const ran = observations.filter((o) => o.state !== 'CANCELED');
    expect(report.requests.reduce((a, r) => a + r.observations, 0)).toBe(ran.length);
    expect(new Set(report.requests.map((r) => r.requestId))).toEqual(new Set(ran.map((o) => o.request_id)));
    const statuses = await h.database.db.selectFrom('configuration_statuses').select(['state']).where('observation_id', 'in', ran.map((o) => o.id)).execute();
    expect(report.requests.reduce((a, r) => a + r.configurationsTotal, 0)).toBe(statuses.length);
    expect(report.requests.reduce((a, r) => a + r.configurationsCompleted, 0)).toBe(statuses.filter((s) => s.state === 'COMPLETED').length);
    for (const r of report.requests) {
      const requestRow = await h.database.db.selectFrom('requests').select('state').where('id', '=', r.requestId).executeTakeFirstOrThrow();
      expect(r.state).toBe(requestRow.state);
    }
    // Every configuration line carries its observation's state as stored.
    for (const line of report.telescopes.flatMap((t) => t.configurations)) expect(line.observationState).toBe(observations.find((o) => o.id === line.observationId)?.state);
    const html = renderNightReportHtml(report);
    expect(html).toContain('tfn.doma.1m0a');
    for (const r of report.requests) expect(html).toContain(`<td>${r.requestId}</td>`);
  });

  it('reports the cloudy spell as one weather closure per telescope (start within 1 min, end after the 1 min hold)', () => {
    const report = buildNightReport(h.database.raw, h.telescopes, START, START + 40 * MIN);
    for (const t of report.telescopes) {
      const weather = t.closures.filter((c) => c.cause === 'weather');
      expect(weather, t.telescopeId).toHaveLength(1);
      const c = weather[0];
      expect(Math.abs((c?.startUtcMs ?? 0) - (START + 15 * MIN))).toBeLessThanOrEqual(MIN);
      // Safe again at +20 min, then the 1 min hold: reopened by ~+21 min (polling and reopening add up to a minute).
      expect(c?.endUtcMs ?? 0).toBeGreaterThanOrEqual(START + 21 * MIN);
      expect(c?.endUtcMs ?? Infinity).toBeLessThanOrEqual(START + 23 * MIN);
      expect(c?.reasons.join(' ')).toMatch(/weather/i);
      // Configurations failed by the spell are the weather's, not faults.
      expect(t.faults.filter((f) => /unsafe/.test(f.reason))).toEqual([]);
    }
  });

  it('serves the night of DAY-OBS through a read-only connection, so far while the night is in progress', () => {
    const view = source.night({ dayObs: '2026-11-21' });
    const site = h.observatory.listSites()[0];
    expect(site).toBeDefined();
    const span = nightSpanUtcMs('2026-11-21', site?.longitudeDeg ?? 0);
    expect(view).toMatchObject({ dayObs: '2026-11-21', siteCode: site?.code, nightStartMs: span.fromUtcMs, nightEndMs: span.toUtcMs, inProgress: true, fromUtcMs: span.fromUtcMs, toUtcMs: h.clock.nowMs() });
    const direct = buildNightReport(h.database.raw, h.telescopes, span.fromUtcMs, h.clock.nowMs());
    expect(view.telescopes.map((t) => [t.telescopeId, t.frames, t.completed, t.observationStates])).toEqual(
      expect.arrayContaining(direct.telescopes.map((t) => [t.telescopeId, t.frames, t.completed, t.observationStates])),
    );
    // The default is the night in progress.
    expect(source.night({}).dayObs).toBe('2026-11-21');
    expect(() => source.night({ dayObs: '2026-02-30' })).toThrow(AppError);
    expect(() => source.night({ dayObs: '2026-11-23' })).toThrow(/has not begun/);
    expect(() => source.night({ siteCode: 'nowhere' })).toThrow(/No site/);
  });

  it('gives an observation with its request, proposal and configurations as stored', async () => {
    const o = await h.database.db
      .selectFrom('observations')
      .innerJoin('requests', 'requests.id', 'observations.request_id')
      .innerJoin('request_groups', 'request_groups.id', 'requests.request_group_id')
      .select(['observations.id', 'requests.id as request_id', 'requests.body_json', 'request_groups.proposal_id', 'request_groups.name'])
      .where('observations.state', '=', 'COMPLETED')
      .orderBy('observations.id')
      .executeTakeFirstOrThrow();
    const detail = source.observation(o.id);
    expect(detail).not.toBeNull();
    const body = JSON.parse(o.body_json) as { configurations: { id: number; type: string; target: { name: string; ra?: number }; instrument_configs: { exposure_time: number; exposure_count: number }[] }[] };
    expect(detail).toMatchObject({ observationId: o.id, requestId: o.request_id, proposalId: o.proposal_id, groupName: o.name, state: 'COMPLETED' });
    const statuses = await h.database.db.selectFrom('configuration_statuses').select(['id', 'configuration_id']).where('observation_id', '=', o.id).orderBy('id').execute();
    expect(detail?.configurations.map((c) => c.statusId)).toEqual(statuses.map((s) => s.id));
    statuses.forEach((s, i) => {
      const c = body.configurations.find((x) => x.id === s.configuration_id);
      const d = detail?.configurations[i];
      expect(d?.targetName).toBe(c?.target.name);
      expect(d?.type).toBe(c?.type);
      expect(d?.raDeg ?? null).toBe(c?.target.ra ?? null);
      expect(d?.instrumentConfigs.map((x) => [x.exposureSec, x.exposureCount])).toEqual(c?.instrument_configs.map((x) => [x.exposure_time, x.exposure_count]));
    });
    expect(source.observation(999_999)).toBeNull();
  });
  it('lists configurations in night order even when a later-made observation starts first (a re-plan)', async () => {
    const db = h.database.db;
    const last = await db.selectFrom('observations').select(['id', 'site', 'enclosure', 'telescope']).where('end_utc_ms', '>', START).where('start_utc_ms', '<', START + 40 * MIN).orderBy('id', 'desc').executeTakeFirstOrThrow();
    // The newest observation now starts before every other one on its telescope.
    await db.updateTable('observations').set({ start_utc_ms: START - 30 * MIN }).where('id', '=', last.id).execute();
    const report = buildNightReport(h.database.raw, h.telescopes, START - 60 * MIN, START + 40 * MIN);
    const startOf = new Map((await db.selectFrom('observations').select(['id', 'start_utc_ms']).execute()).map((o) => [o.id, o.start_utc_ms]));
    const tel = report.telescopes.find((t) => t.telescopeId === `${last.site}.${last.enclosure}.${last.telescope}`)!;
    expect(tel.configurations.length).toBeGreaterThan(1);
    expect(tel.configurations[0]?.observationId).toBe(last.id);
    const starts = tel.configurations.map((c) => startOf.get(c.observationId) ?? 0);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});
