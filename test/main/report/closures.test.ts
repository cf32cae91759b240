import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../../src-main/db';
import { createJournal } from '../../../src-main/executor';
import { closuresOf } from '../../../src-main/report/night-outcomes';
import { makeTempDir } from '../../helpers/temp-dir';

const T0 = Date.parse('2026-11-21T20:00:00Z');
const MIN = 60_000;
const TEL = 'tfn.doma.1m0a';

describe('closures from the safety journal', () => {
  let db: OpenDatabase | null = null;
  let dir: { path: string; remove(): void } | null = null;
  afterEach(async () => {
    await db?.close();
    dir?.remove();
    db = null;
    dir = null;
  });

  const open = async (): Promise<OpenDatabase> => {
    dir = makeTempDir('nightshift-report-');
    db = await openDatabase(join(dir.path, 'nightshift.db'));
    return db;
  };

  it('finds each unsafe spell, leaves daylight out, clips to the span and names the cause', async () => {
    const d = await open();
    const journal = createJournal(d.raw);
    const state = (atMin: number, s: string, reasons: string[], alarm: string | null = null, telescopeId = TEL): void => {
      journal.record({ telescopeId, utcMs: T0 + atMin * MIN, kind: 'safety.state', observationId: null, configurationStatusId: null, detail: { state: s, reasons, alarm } });
    };
    // Evening: unsafe for the Sun only, then safe at dusk (daylight: not a closure).
    state(-120, 'unsafe', ['Sun altitude 5.0° above −12°']);
    state(-118, 'secured', ['Sun altitude 4.0° above −12°']);
    state(-30, 'safe', []);
    // Clouds 40 → 55 min, then the hold to 65 min.
    state(40, 'unsafe', ['cloud cover 95% above 70%']);
    state(41, 'securing', ['cloud cover 95% above 70%']);
    state(43, 'secured', ['cloud cover 95% above 70%']);
    state(55, 'holding', []);
    state(65, 'reopening', []);
    state(66, 'safe', []);
    // The weather station drops out at 90 min and never comes back within the span.
    state(90, 'unsafe', ['weather station unavailable']);
    // The other telescope's journal does not leak in.
    state(10, 'unsafe', ['humidity 99% above 85%'], null, 'tfn.clma.0m4a');
    // A securing alarm at 120 min (after the span's end: not counted).
    state(120, 'alarm', ['rain'], 'roof did not close');

    const closures = closuresOf(d.raw, TEL, T0, T0 + 100 * MIN);
    expect(closures).toHaveLength(2);
    const [clouds, station] = closures;
    expect(clouds).toMatchObject({ startUtcMs: T0 + 40 * MIN, endUtcMs: T0 + 66 * MIN, cause: 'weather', reasons: ['cloud cover 95% above 70%'] });
    expect(clouds?.durationSec).toBe(26 * 60);
    // Still closed at the end of the span: open-ended, counted up to the span's end.
    expect(station).toMatchObject({ startUtcMs: T0 + 90 * MIN, endUtcMs: null, cause: 'device' });
    expect(station?.durationSec).toBe(10 * 60);

    // A span that starts mid-spell counts only its part of it; the alarm makes the cause `alarm`.
    const late = closuresOf(d.raw, TEL, T0 + 50 * MIN, T0 + 130 * MIN);
    expect(late[0]?.durationSec).toBe(16 * 60);
    expect(late.at(-1)?.cause).toBe('alarm');
  });
});
