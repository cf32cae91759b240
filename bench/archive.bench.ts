/**
 * Archive throughput for a 4k×4k uint16 frame (32 MiB of pixels): encode with DATASUM/CHECKSUM and
 * write crash-safely (temp → fsync → rename → fsync dir); read back, decode and verify checksums;
 * make a thumbnail. Goals: a frame must be archived well within the shortest readout cycle of a
 * CCD camera (~2 s), so ≥ 1 frame/s for write, read and thumbnail alike.
 *
 * Then `/frames/` over HTTP on 100k archived frames (a few years of a two-telescope site): p50/p99
 * latency of the list calls clients make. Goal: p99 ≤ 100 ms for a 100-frame page, so the console's
 * data view and a TOM polling REQNUM stay interactive.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createArchive, decodeFits, encodeFits, makeThumbnail, verifyFitsChecksum, writeFileAtomic } from '../src-main/archive';
import type { NewFrame } from '../src-main/archive';
import { startHttpServer } from '../src-main/api';
import { SimulatedClock } from '../src-main/clock';
import { openDatabase } from '../src-main/db';
import { EventBus } from '../src-main/events/bus';
import { createMemoryLogger } from '../src-main/logging';

const SIZE = 4096;
const ROUNDS = 5;
const GOAL_FRAMES_PER_SEC = 1;

function syntheticFrame(): Uint16Array {
  const data = new Uint16Array(SIZE * SIZE);
  let seed = 12345;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    // Sky ~1000 ADU with noise, plus a few bright stars.
    data[i] = 1000 + (seed >>> 24);
  }
  for (let s = 0; s < 200; s++) {
    const x = (s * 7919) % (SIZE - 10);
    const y = (s * 104729) % (SIZE - 10);
    for (let dy = 0; dy < 5; dy++) for (let dx = 0; dx < 5; dx++) data[(y + dy) * SIZE + x + dx] = 60000;
  }
  return data;
}

function line(label: string, value: string, ratio?: number): void {
  console.log(`${label.padEnd(34)} ${value.padStart(14)}${ratio === undefined ? '' : `   ${ratio.toFixed(1)}× goal`}`);
}

export default async function archiveBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nightshift-archive-bench-'));
  try {
    const data = syntheticFrame();
    const image = { kind: 'uint16' as const, width: SIZE, height: SIZE, data };
    const cards = [{ key: 'OBJECT', value: 'bench' }];

    let bytes = 0;
    let encodeMs = 0;
    let writeMs = 0;
    const paths: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const enc = encodeFits(image, cards);
      const t1 = performance.now();
      const path = join(dir, `frame-${i}.fits`);
      await writeFileAtomic(path, [enc.header, enc.data]);
      const t2 = performance.now();
      encodeMs += t1 - t0;
      writeMs += t2 - t1;
      bytes += enc.byteLength;
      paths.push(path);
    }
    const totalWriteSec = (encodeMs + writeMs) / 1000;
    const mb = bytes / 1024 ** 2;
    line('frame size', `${(bytes / ROUNDS / 1024 ** 2).toFixed(1)} MiB`);
    line('encode + checksums', `${(mb / (encodeMs / 1000)).toFixed(0)} MiB/s`);
    line('atomic write (fsync)', `${(mb / (writeMs / 1000)).toFixed(0)} MiB/s`);
    line('write total', `${(mb / totalWriteSec).toFixed(0)} MiB/s`);
    line('write frames/s', (ROUNDS / totalWriteSec).toFixed(2), ROUNDS / totalWriteSec / GOAL_FRAMES_PER_SEC);

    let readMs = 0;
    for (const path of paths) {
      const t0 = performance.now();
      const file = new Uint8Array(readFileSync(path));
      const verdict = verifyFitsChecksum(file);
      const hdu = decodeFits(file);
      readMs += performance.now() - t0;
      if (verdict.checksum !== 'ok' || hdu.data?.length !== SIZE * SIZE) throw new Error('read-back failed');
    }
    line('read + verify + decode', `${(mb / (readMs / 1000)).toFixed(0)} MiB/s`);
    line('read frames/s', (ROUNDS / (readMs / 1000)).toFixed(2), ROUNDS / (readMs / 1000) / GOAL_FRAMES_PER_SEC);

    const t0 = performance.now();
    const thumbRounds = 3;
    let pngBytes = 0;
    for (let i = 0; i < thumbRounds; i++) pngBytes = makeThumbnail(data, SIZE, SIZE, { maxSizePx: 256 }).png.length;
    const thumbMs = (performance.now() - t0) / thumbRounds;
    line('thumbnail 256 px (PNG)', `${thumbMs.toFixed(0)} ms`, 1000 / thumbMs / GOAL_FRAMES_PER_SEC);
    line('thumbnail size', `${(pngBytes / 1024).toFixed(0)} KiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await framesListBench();
}

const FRAMES = 100_000;
const LIST_ROUNDS = 100;
const GOAL_P99_MS = 100;
const FILTERS = ['V', 'B', 'rp', 'ip', 'air'];
const TYPES = ['EXPOSE', 'EXPOSE', 'EXPOSE', 'BIAS', 'DARK', 'SKY_FLAT'];
const TARGETS = ['M31', 'NGC 2070', 'Comet C/2026 A1', 'SN 2026abc', 'Ångström field'];

function benchFrame(i: number, nowMs: number): NewFrame {
  const tel = i % 2 === 0 ? '1m0a' : '0m4b';
  const night = Math.floor(i / 100);
  const t = nowMs - (FRAMES - i) * 120_000;
  const day = new Date(t).toISOString().slice(0, 10).replace(/-/g, '');
  const type = TYPES[i % TYPES.length] as string;
  const science = type === 'EXPOSE';
  const basename = `tst${tel}-xx0${i % 2}-${day}-${String(i % 10_000).padStart(4, '0')}-${science ? 'e' : 'b'}00-${i}`;
  const ra = (i * 0.37) % 360;
  const dec = ((i * 0.11) % 120) - 60;
  const headers: Record<string, string | number> = {};
  for (let k = 0; k < 60; k++) headers[`KEY${k}`] = `value ${k} of frame ${i}`;
  return {
    fields: {
      basename,
      observationUtcMs: t,
      dayObs: day,
      proposalId: `PROP-${i % 12}`,
      instrumentId: `xx0${i % 2}`,
      targetName: science ? (TARGETS[night % TARGETS.length] as string) : '',
      reductionLevel: 0,
      siteId: 'tst',
      telescopeId: tel,
      exposureSec: science ? 30 + (i % 5) * 30 : 0,
      primaryOpticalElement: FILTERS[i % FILTERS.length] as string,
      // Half the archive is still proprietary.
      publicUtcMs: i % 2 === 0 ? t : t + 365 * 86_400_000 * 2,
      configurationType: type,
      observationId: 10_000 + Math.floor(i / 20),
      requestId: 5_000 + Math.floor(i / 40),
      submitter: 'bench',
      area: science
        ? { type: 'Polygon', coordinates: [[[ra, dec], [ra + 0.2, dec], [ra + 0.2, dec + 0.2], [ra, dec + 0.2], [ra, dec]]] }
        : null,
    },
    requestGroupId: null,
    configurationId: null,
    headers,
    thumbnailKey: `tst/xx0${i % 2}/${day}/raw/thumbnails/${basename}-small.png`,
    version: { key: `tst/xx0${i % 2}/${day}/raw/${basename}.fits`, md5: `${i.toString(16).padStart(32, '0')}`, extension: '.fits', byteLength: 33_566_400 },
    relatedBasenames: [],
    createdUtcMs: t,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function framesListBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nightshift-frames-bench-'));
  const nowMs = Date.UTC(2026, 10, 22, 12);
  const clock = new SimulatedClock(nowMs);
  const database = await openDatabase(join(dir, 'nightshift.db'));
  try {
    const logger = createMemoryLogger();
    const archive = createArchive({ db: database.db, raw: database.raw, clock, logger, archiveRoot: join(dir, 'archive'), dataDir: dir });
    // What the executor pays per frame: one durable transaction (synchronous=FULL) each.
    const single = 1_000;
    const t0 = performance.now();
    for (let i = 0; i < single; i++) await archive.repo.insertFrame(benchFrame(i, nowMs));
    const singleUs = ((performance.now() - t0) * 1000) / single;
    // The rest is seeding, not what is measured: big batches without the per-commit fsync.
    database.raw.pragma('synchronous = OFF');
    const t1 = performance.now();
    const BATCH = 5_000;
    for (let start = single; start < FRAMES; start += BATCH) {
      await archive.repo.insertFrames(Array.from({ length: Math.min(BATCH, FRAMES - start) }, (_, k) => benchFrame(start + k, nowMs)));
    }
    const batchUs = ((performance.now() - t1) * 1000) / (FRAMES - single);
    database.raw.pragma('synchronous = FULL');
    database.raw.exec('analyze');
    line('frames seeded', `${FRAMES}`);
    line('record frame (1 txn, fsync)', `${singleUs.toFixed(0)} µs`);
    line('record frames (batched)', `${batchUs.toFixed(0)} µs/frame`);

    const token = 'c'.repeat(48);
    const http = await startHttpServer({
      dispatch: () => Promise.resolve({ ok: false, error: { code: 'not_found', message: 'bench' } }),
      bus: new EventBus(),
      token,
      bindAddress: '127.0.0.1',
      port: 0,
      rendererDir: null,
      logger,
      routes: archive.routes,
    });
    try {
      const cases: [string, (r: number) => string, boolean][] = [
        ['anonymous first page (100)', () => '/frames/', false],
        ['token first page (100)', () => '/frames/', true],
        ['TOM: REQNUM, limit 1000', (r) => `/frames/?REQNUM=${5_000 + ((r * 37) % 2_500)}&limit=1000`, true],
        ['filter+obstype+telescope', (r) => `/frames/?FILTER=${FILTERS[r % FILTERS.length] ?? 'V'}&OBSTYPE=EXPOSE&TELID=1m0a`, true],
        ['day + ordering -exposure_time', (r) => `/frames/?DAY_OBS=${new Date(nowMs - (r % 100) * 86_400_000).toISOString().slice(0, 10)}&ordering=-exposure_time`, true],
        ['target icontains (folded)', () => '/frames/?target_name=angstrom', true],
        ['covers=POINT', (r) => `/frames/?covers=POINT(${((r * 7.3) % 300).toFixed(2)} 10.1)`, true],
        ['deep offset 50000', () => '/frames/?offset=50000', true],
      ];
      for (const [label, pathFor, auth] of cases) {
        const ms: number[] = [];
        let results = 0;
        for (let r = 0; r < LIST_ROUNDS; r++) {
          const s0 = performance.now();
          const res = await fetch(`${http.url}${pathFor(r)}`, { headers: auth ? { Authorization: `Token ${token}` } : {} });
          const body = (await res.json()) as { results?: unknown[] };
          ms.push(performance.now() - s0);
          if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status}`);
          results += body.results?.length ?? 0;
        }
        ms.sort((a, b) => a - b);
        const p99 = percentile(ms, 99);
        line(`list ${label}`, `p50 ${percentile(ms, 50).toFixed(1)} / p99 ${p99.toFixed(1)} ms`, GOAL_P99_MS / p99);
        line('  results per call', (results / LIST_ROUNDS).toFixed(0));
      }
    } finally {
      await http.close();
    }
  } finally {
    await database.close();
    clock.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
