import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../src-main/clock';
import { openDatabase, type OpenDatabase } from '../../../src-main/db';
import { ObservatoryService } from '../../../src-main/observatory';
import { TimelineService } from '../../../src-main/timeline';
import { makeTempDir } from '../../helpers/temp-dir';
import { RESOURCES_DIR } from '../../helpers/serve-fixture';

describe('TimelineService.tonight', () => {
  const dir = makeTempDir();
  let database: OpenDatabase;
  let observatory: ObservatoryService;
  beforeAll(async () => {
    database = await openDatabase(join(dir.path, 'n.db'));
    observatory = new ObservatoryService(database.db);
    await observatory.replace(JSON.parse(readFileSync(join(RESOURCES_DIR, 'demo/sites.json'), 'utf8')), 0);
  });
  afterAll(async () => {
    await database.close();
    dir.remove();
  });

  const tonightAt = (iso: string) => new TimelineService(new SimulatedClock(Date.parse(iso)), observatory).tonight();

  it('during the day shows the coming night', () => {
    const now = Date.parse('2026-11-21T12:30:00Z');
    const t = tonightAt('2026-11-21T12:30:00Z');
    expect(t.events.sunsetMs).toBeGreaterThan(now);
    expect(t.events.sunriseMs! - t.events.sunsetMs!).toBeGreaterThan(10 * 3600_000);
    expect(t.events.sunriseMs! - t.events.sunsetMs!).toBeLessThan(14 * 3600_000);
  });

  it('after midnight shows the night in progress, with events in order', () => {
    const now = Date.parse('2026-11-22T02:00:00Z');
    const t = tonightAt('2026-11-22T02:00:00Z');
    const e = t.events;
    expect(e.sunsetMs).toBeLessThan(now);
    expect(e.sunriseMs).toBeGreaterThan(now);
    const order = [e.sunsetMs, e.civilDuskMs, e.nauticalDuskMs, e.astronomicalDuskMs, e.astronomicalDawnMs, e.nauticalDawnMs, e.civilDawnMs, e.sunriseMs];
    expect(order.every((v, i) => i === 0 || (v as number) > (order[i - 1] as number))).toBe(true);
    expect(t.nightStartMs).toBe(e.sunsetMs! - 3600_000);
    expect(t.nightEndMs).toBe(e.sunriseMs! + 3600_000);
  });

  it('both moments of the same night agree on it', () => {
    const evening = tonightAt('2026-11-21T19:00:00Z');
    const morning = tonightAt('2026-11-22T05:00:00Z');
    expect(Math.abs(evening.events.sunsetMs! - morning.events.sunsetMs!)).toBeLessThan(1000);
  });
});
