/**
 * Device layer figures: command round-trip latency per family and image throughput.
 * sim: in-process (real clock, so waits are real). lx200: over a socat pty pair to the scripted
 * mount (needs `socat`; skipped with a note if missing). INDI and Alpaca: see the marked sections.
 */
import { RealClock, SimulatedClock } from '../src-main/clock';
import { createDevice } from '../src-main/devices/registry';
import { FaintStarField, bundledStarCatalogPath, loadBundledStarCatalog } from '../src-main/devices/sim';
import { Lx200Mount } from '../src-main/devices/lx200';
import { openSerialLink } from '../src-main/devices/transport';
import type { Camera, DriverContext, Mount } from '../src-main/devices/types';
import { openPtyPair } from '../test/integration/devices/lx200-pty';
import { ScriptedLx200Mount } from '../test/main/devices/lx200/scripted-mount';

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function timeEach(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

function line(label: string, ms: number[], goalMs: number): void {
  const p50 = percentile(ms, 50);
  const p95 = percentile(ms, 95);
  console.log(`${label.padEnd(36)} p50 ${p50.toFixed(3)} ms  p95 ${p95.toFixed(3)} ms  (goal p95 ≤ ${goalMs} ms: ${(p95 / goalMs).toFixed(3)}×)`);
}

async function simFigures(): Promise<void> {
  const clock = new RealClock();
  const ctx: DriverContext = { clock, telescopeId: 'bench', site: null, shared: new Map() };
  const mount = createDevice({ id: 'm', kind: 'mount', family: 'sim', options: { slewRateDegPerSec: 1000, settleSec: 0 } }, ctx) as Mount;
  const camera = createDevice({ id: 'c', kind: 'camera', family: 'sim', options: { readoutSecPerMpx: 0 } }, ctx) as Camera;
  await mount.connect();
  await camera.connect();
  line('sim mount readState round trip', await timeEach(2000, () => mount.readState()), 5);
  // Image throughput: 1280×1024 16-bit frames, zero exposure/readout → pure synthesis cost.
  await cameraThroughput('sim camera throughput (no stars)', camera);
  // 10 s light frames of the real sky (bundled catalogue + faint fill-in, mount pointing). A fast simulated
  // clock (10⁵×) makes the 10 s exposure take ~0.1 ms of real time, so synthesis is what is timed.
  const fast = new SimulatedClock(Date.now(), 1e5);
  // The simulated clock's wake-up timer is unref'd: keep the process alive while we wait on it.
  const keepAlive = setInterval(() => undefined, 1_000);
  const skyCtx: DriverContext = { clock: fast, telescopeId: 'bench-sky', site: null, shared: new Map() };
  const skyMount = createDevice({ id: 'm', kind: 'mount', family: 'sim', options: { slewRateDegPerSec: 1000, settleSec: 0 } }, skyCtx) as Mount;
  const skyCamera = createDevice(
    { id: 'c', kind: 'camera', family: 'sim', options: { readoutSecPerMpx: 0, starCatalogPath: bundledStarCatalogPath('resources') } },
    skyCtx,
  ) as Camera;
  // At 10⁵× every default timeout is a fraction of a real millisecond: give each call a long one.
  const long = { timeoutMs: 1e12 };
  await skyMount.connect(long);
  await skyCamera.connect(long);
  await skyMount.unpark(long);
  await skyMount.slewToCoordinates({ raHours: 5.5, decDeg: 20 }, 'j2000', long);
  const starry = await skyCamera.expose({ durationSec: 10, frameType: 'light' }, long);
  await cameraThroughput(`sim camera throughput (${String(starry.metadata.headers.NSTARS)} stars)`, skyCamera, 10, long);
  fast.dispose();
  clearInterval(keepAlive);
}

async function cameraThroughput(label: string, camera: Camera, durationSec = 0, long?: { timeoutMs: number }): Promise<void> {
  const n = 20;
  await camera.expose({ durationSec, frameType: 'light' }, long); // warm-up (JIT)
  const t = performance.now();
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += (await camera.expose({ durationSec, frameType: 'light' }, long)).pixels.byteLength;
  const sec = (performance.now() - t) / 1000;
  const mbps = bytes / 1e6 / sec;
  console.log(`${label.padEnd(36)} ${mbps.toFixed(1)} MB/s, ${(n / sec).toFixed(1)} frames/s of 1280×1024 (goal ≥ 50 MB/s: ${(mbps / 50).toFixed(2)}×)`);
}

async function lx200Figures(): Promise<void> {
  let pty;
  try {
    pty = await openPtyPair();
  } catch (e) {
    console.log(`lx200: skipped (${e instanceof Error ? e.message : String(e)})`);
    return;
  }
  const far = await openSerialLink({ path: pty.b });
  const fake = new ScriptedLx200Mount(far);
  const mount = new Lx200Mount({ id: 'lx', kind: 'mount', family: 'lx200', path: pty.a }, new RealClock(), null, { pollMs: 5 });
  try {
    await mount.connect();
    line('lx200 :GR# round trip (pty, 9600 Bd)', await timeEach(200, () => mount.ping()), 50);
    line('lx200 readState (:GR# :GD# :D#)', await timeEach(100, () => mount.readState()), 150);
  } finally {
    fake.stop();
    await mount.disconnect();
    await far.close();
    await pty.close();
  }
}

/** Star catalogue for simulated images: first load + index, and cone queries at random places. */
function catalogFigures(): void {
  const t = performance.now();
  const bright = loadBundledStarCatalog(bundledStarCatalogPath('resources'));
  const loadMs = performance.now() - t;
  console.log(`${'bundled catalogue load + index'.padEnd(36)} ${loadMs.toFixed(1)} ms for ${bright.count} stars (goal ≤ 200 ms: ${(loadMs / 200).toFixed(3)}×)`);
  let seed = 1;
  const rand = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const at = (): { raHours: number; decDeg: number } => ({ raHours: rand() * 24, decDeg: (Math.asin(2 * rand() - 1) * 180) / Math.PI });
  const brightMs: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const c = at();
    const t0 = performance.now();
    bright.starsNear(c, 1, 6.5, Date.now());
    brightMs.push(performance.now() - t0);
  }
  line('bundled cone 1° (V ≤ 6.5)', brightMs, 0.2);
  const faint = new FaintStarField({ brightestMag: 6.5, faintestMag: 20 });
  const faintMs: number[] = [];
  for (let i = 0; i < 200; i++) {
    const c = at();
    const t0 = performance.now();
    faint.starsNear(c, 0.25, 20);
    faintMs.push(performance.now() - t0);
  }
  line('faint fill-in cone 0.25° to V 20', faintMs, 20);
}

export default async (): Promise<void> => {
  catalogFigures();
  await simFigures();
  await lx200Figures();
  // INDI figures: the INDI family adds its round-trip and BLOB throughput lines here.
  // Alpaca figures: the Alpaca family adds its round-trip and ImageBytes throughput lines here.
};
