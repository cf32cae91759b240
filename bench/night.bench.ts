/**
 * The demo night on the simulator: both demo telescopes from the end of evening twilight to the
 * start of morning twilight (≈10 h of dark), planned by the test planner, executed on sim devices
 * with real FITS files in a temp dir. Prints wall time (goal ≤ 60 s), observations completed,
 * efficiency and frames written.
 */
import { darkIntervals } from '../src-shared/astro';
import { buildNightReport } from '../src-main/report';
import { createNightHarness, planNight } from '../test/integration/night/harness';

const SITE = { latitudeDeg: 28.30036, longitudeDeg: -16.51172, elevationM: 2390 };

export default async function nightBench(): Promise<void> {
  const evening = Date.parse('2026-11-21T18:00:00Z');
  const dark = darkIntervals(SITE, evening, evening + 16 * 3_600_000, { twilightAltitudeDeg: -12 })[0];
  if (!dark) throw new Error('no dark time');
  const h = await createNightHarness({ startUtcMs: dark.startMs - 10 * 60_000 });
  try {
    const planned = await planNight(h, dark.startMs, dark.endMs);
    h.executors.start();
    const t0 = performance.now();
    await h.runUntil(dark.endMs + 30 * 60_000);
    const wallSec = (performance.now() - t0) / 1000;
    const db = h.database.db;
    const obs = await db.selectFrom('observations').select('state').execute();
    const completed = obs.filter((o) => o.state === 'COMPLETED').length;
    const report = buildNightReport(h.database.raw, h.telescopes, dark.startMs - 10 * 60_000, dark.endMs + 30 * 60_000);
    const frames = report.telescopes.reduce((a, t) => a + t.frames, 0);
    const darkH = (dark.endMs - dark.startMs) / 3_600_000;
    console.log(`night: ${darkH.toFixed(2)} h dark, ${h.telescopes.length} telescopes, ${planned.length} observations planned`);
    console.log(`wall time ${wallSec.toFixed(1)} s (goal ≤ 60 s, ratio ${(wallSec / 60).toFixed(2)})`);
    console.log(`observations completed ${completed} / ${obs.length}`);
    for (const t of report.telescopes) {
      console.log(`  ${t.telescopeId}: efficiency ${(t.efficiency * 100).toFixed(1)} % (observing ${(t.observingSec / 3600).toFixed(2)} h of ${(t.darkSec / 3600).toFixed(2)} h dark), frames ${t.frames}, configs ${t.completed} completed / ${t.failed} failed / ${t.notAttempted} not attempted`);
    }
    console.log(`frames written ${frames} (${(frames / wallSec).toFixed(1)} frames/s)`);
  } finally {
    await h.close();
  }
}
