/**
 * VisibilityService and its contract entries. Independent expectations: a star transits when the
 * local sidereal time equals its right ascension of date (GMST from the IAU 1982 polynomial,
 * precession from the annual rates m = 3.075 s, n = 1.336 s), culminating at 90° − |φ − δ|; airmass
 * is 1/sin(alt) (plane-parallel). Tolerances are written at each assertion.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constraintsSchema, targetSchema } from '../../../src-shared/schemas';
import { VisibilityService, nightOfDate, readQueueTargets, runVisibilityCommand, tonightSpan } from '../../../src-main/visibility';
import { SimulatedClock } from '../../../src-main/clock';
import { makeTempDir } from '../../helpers/temp-dir';
import { postIpc, RESOURCES_DIR, startTestServer } from '../../helpers/serve-fixture';

const sitesDump = JSON.parse(readFileSync(join(RESOURCES_DIR, 'demo', 'sites.json'), 'utf8')) as unknown;
const TFN = { latitudeDeg: 28.30036, longitudeDeg: -16.51172, elevationM: 2390 };
const NOW = Date.UTC(2026, 10, 21, 22); // 22:00 UT on 21 Nov 2026, night at Tenerife
const MIN = 60_000;

/** Transit (UTC ms) of a J2000 place nearest `nearMs`, from sidereal time, independent of the engine. */
function transitNear(raDeg: number, decDeg: number, lonDeg: number, nearMs: number): number {
  const years = (nearMs - Date.UTC(2000, 0, 1, 12)) / (365.25 * 86_400_000);
  const raOfDateDeg = raDeg + ((3.075 + 1.336 * Math.sin((raDeg * Math.PI) / 180) * Math.tan((decDeg * Math.PI) / 180)) * years * 15) / 3600;
  const gmstDeg = (ms: number) => {
    const d = (ms - Date.UTC(2000, 0, 1, 12)) / 86_400_000;
    return (((280.46061837 + 360.98564736629 * d) % 360) + 360) % 360;
  };
  let t = nearMs;
  for (let i = 0; i < 5; i++) {
    let ha = (gmstDeg(t) + lonDeg - raOfDateDeg) % 360;
    if (ha > 180) ha -= 360;
    if (ha < -180) ha += 360;
    t -= (ha / 360.98564736629) * 86_400_000;
  }
  return t;
}

describe('VisibilityService (demo observatory)', () => {
  const service = new VisibilityService({ sitesDump: () => sitesDump, nowMs: () => NOW, timeZoneOf: () => 'Atlantic/Canary' });
  // Algol-ish place, high in the November night sky at Tenerife.
  const target = targetSchema.parse({ name: 'Algol', type: 'ICRS', ra: 47.04221, dec: 40.9556 });

  it('charts tonight on every telescope of the first site, with sane series and events', () => {
    const v = service.target({ target, stepMin: 5 });
    const night = tonightSpan(TFN, NOW);
    expect([v.startMs, v.endMs]).toEqual([night.startMs, night.endMs]);
    expect(v.events.sunsetMs).not.toBeNull();
    expect(v.startMs).toBe(v.events.sunsetMs! - 3_600_000);
    expect(v.telescopes.map((t) => t.telescopeId)).toEqual(['tfn.doma.1m0a', 'tfn.clma.0m4a']);
    const t = v.telescopes[0]!;
    expect(t.altitudeDeg.length).toBe(v.timesMs.length);
    // Plane-parallel airmass, null at or below the horizon.
    t.altitudeDeg.forEach((alt, i) => {
      const am = t.airmass[i];
      if (alt <= 0) expect(am).toBeNull();
      else expect(Math.abs(am! - 1 / Math.sin((alt * Math.PI) / 180))).toBeLessThan(1e-6);
    });
    // Culmination 90 − |φ − δ| (± 0.3°: refraction-free, precession moves δ by ~0.14°).
    expect(Math.abs(Math.max(...t.altitudeDeg) - (90 - Math.abs(28.30036 - 40.9556)))).toBeLessThan(0.3);
    // Observable only when dark, above the effective horizon (airmass 1.6 → 38.68°) and inside HA ±4.6 h.
    expect(t.effectiveHorizonDeg).toBeCloseTo(38.682, 2);
    expect(t.observableHours).toBeGreaterThan(2);
    for (const iv of t.observable) {
      expect(v.darkIntervals.some((d) => d.startMs <= iv.startMs + 1000 && d.endMs >= iv.endMs - 1000)).toBe(true);
      for (let i = 0; i < v.timesMs.length; i++) {
        const ms = v.timesMs[i]!;
        if (ms > iv.startMs + MIN && ms < iv.endMs - MIN) {
          expect(t.altitudeDeg[i]!).toBeGreaterThan(38.68);
          expect(Math.abs(t.hourAngleHours[i]!)).toBeLessThan(4.6);
        }
      }
    }
    expect(v.moonIlluminatedFraction).toBeGreaterThanOrEqual(0);
    expect(v.moonIlluminatedFraction).toBeLessThanOrEqual(1);
  });

  it('finds the transit where sidereal time says (≤ 30 s) and rise/set through the 15° horizon', () => {
    const v = service.target({ target, telescopeId: 'tfn.doma.1m0a', stepMin: 5 });
    const rts = v.telescopes[0]!.riseTransitSet;
    expect(rts.altitudeDeg).toBe(15);
    expect(rts.transitsMs.length).toBe(1);
    const expected = transitNear(47.04221, 40.9556, -16.51172, rts.transitsMs[0]!);
    expect(Math.abs(rts.transitsMs[0]! - expected)).toBeLessThan(30_000);
    // The altitude series crosses 15° within one step of each rise/set.
    const altAt = (ms: number) => {
      const i = v.timesMs.findIndex((x) => x >= ms);
      return v.telescopes[0]!.altitudeDeg[i]!;
    };
    for (const r of rts.risesMs) expect(Math.abs(altAt(r) - 15)).toBeLessThan(1.2);
    for (const s of rts.setsMs) expect(Math.abs(altAt(s) - 15)).toBeLessThan(1.2);
  });

  it('takes an explicit date and span, and refuses schemes the engine cannot compute', () => {
    const span = nightOfDate(TFN, '2027-06-21');
    expect(new Date(span.events.sunsetMs!).toISOString().slice(0, 10)).toBe('2027-06-21');
    const v = service.target({ target, telescopeId: 'tfn.clma.0m4a', startMs: span.startMs, endMs: span.endMs, stepMin: 10 });
    expect(v.timesMs[0]).toBe(span.startMs);
    const asa = targetSchema.parse({ name: 'x', type: 'ORBITAL_ELEMENTS', scheme: 'ASA_MINOR_PLANET', epochofel: 60000, orbinc: 3, longascnode: 10, argofperih: 20, eccentricity: 0.1, meandist: 2.5, meananom: 40 });
    expect(() => service.target({ target: asa, stepMin: 5 })).toThrow(/ASA_MINOR_PLANET/);
    expect(() => service.target({ target, telescopeId: 'nope', stepMin: 5 })).toThrow(/No telescope/);
  });

  it('calendar: observable hours per night never exceed dark hours; a target opposite the Sun beats one near it', () => {
    // Without the Moon constraint (the full Moon of 24 Nov 2026 passes ~20° from Algol).
    const constraints = constraintsSchema.parse({ min_lunar_distance: 0 });
    const opposite = service.calendar({ target, constraints, telescopeId: 'tfn.doma.1m0a', nights: 3, startMs: NOW });
    // RA 47° is near the Sun (RA ~ 45°) in early May: not observable at night.
    const nearSun = service.calendar({ target, constraints, telescopeId: 'tfn.doma.1m0a', nights: 3, startMs: Date.UTC(2027, 4, 5, 12) });
    const o = opposite.telescopes[0]!.nights;
    expect(o.length).toBe(3);
    for (const n of o) expect(n.observableHours).toBeLessThanOrEqual(n.darkHours + 1e-9);
    expect(Math.min(...o.map((n) => n.observableHours))).toBeGreaterThan(3);
    expect(Math.max(...nearSun.telescopes[0]!.nights.map((n) => n.observableHours))).toBe(0);
  });
});

describe('visibility contract entries over the core', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.cleanup());

  it('visibility.target defaults to the timeline’s tonight and passes the output contract', async () => {
    const tl = await postIpc(server.http.url, 'timeline.tonight', {});
    const { status, json } = await postIpc(server.http.url, 'visibility.target', { target: { name: 'M1', type: 'ICRS', ra: 83.63308, dec: 22.0145 } });
    expect(status).toBe(200);
    expect(json.ok).toBe(true);
    expect([json.value.startMs, json.value.endMs]).toEqual([tl.json.value.nightStartMs, tl.json.value.nightEndMs]);
    expect(json.value.telescopes.length).toBe(2);
    expect(json.value.timeZone).toBe('Atlantic/Canary');
  });

  it('visibility.target gives field errors for a bad target', async () => {
    const { status, json } = await postIpc(server.http.url, 'visibility.target', { target: { name: 'x', type: 'ICRS', ra: 400 } });
    expect(status).toBe(400);
    expect(json.error.code).toBe('validation.invalid');
    expect(Object.keys(json.error.details).sort()).toEqual(['target.dec', 'target.ra']);
  });

  it('visibility.queueTargets lists the demo queue’s targets, each usable by visibility.target', async () => {
    const { json } = await postIpc(server.http.url, 'visibility.queueTargets', {});
    expect(json.ok).toBe(true);
    const targets = json.value.targets as { target: Record<string, unknown> }[];
    expect(targets.length).toBeGreaterThan(5);
    expect(readQueueTargets(server.dataDir).length).toBe(targets.length);
    const icrs = targets.find((t) => t.target['type'] === 'ICRS')!;
    const v = await postIpc(server.http.url, 'visibility.target', { target: icrs.target, stepMin: 10 });
    expect(v.json.ok).toBe(true);
  });

  it('visibility.calendar answers per night', async () => {
    const { json } = await postIpc(server.http.url, 'visibility.calendar', { target: { name: 'M1', type: 'ICRS', ra: 83.63308, dec: 22.0145 }, nights: 2, telescopeId: 'tfn.doma.1m0a' });
    expect(json.ok).toBe(true);
    expect(json.value.telescopes[0].nights.length).toBe(2);
  });

  it('the CLI reads the observatory read-only while the daemon holds the data dir, else the demo site', () => {
    const clock = new SimulatedClock(NOW, 0);
    const run = (dataDir: string) => {
      const lines: string[] = [];
      const code = runVisibilityCommand(['--ra', '83.63308', '--dec', '22.0145', '--name', 'M1', '--date', '2026-11-21', '--data-dir', dataDir], { resourcesDir: RESOURCES_DIR, defaultDataDir: dataDir, clock, print: (l) => lines.push(l) });
      return { code, text: lines.join('\n') };
    };
    const locked = run(server.dataDir);
    expect(locked.code).toBe(0);
    expect(locked.text).toMatch(/nightshift\.db \(read-only\)/);
    expect(locked.text).toMatch(/tfn\.doma\.1m0a/);
    expect(locked.text).toMatch(/transit +2026-11-22 02:3\d UT/);
    const empty = makeTempDir();
    try {
      const demo = run(empty.path);
      expect(demo.text).toMatch(/demo site .*sites\.json \(no observatory in/);
      // Same site, same answer lines apart from the source line.
      expect(demo.text.split('\n').slice(2)).toEqual(locked.text.split('\n').slice(2));
    } finally {
      empty.remove();
    }
    clock.dispose();
  });
});
