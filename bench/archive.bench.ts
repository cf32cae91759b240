/**
 * Archive throughput for a 4k×4k uint16 frame (32 MiB of pixels): encode with DATASUM/CHECKSUM and
 * write crash-safely (temp → fsync → rename → fsync dir); read back, decode and verify checksums;
 * make a thumbnail. Goals: a frame must be archived well within the shortest readout cycle of a
 * CCD camera (~2 s), so ≥ 1 frame/s for write, read and thumbnail alike.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeFits, encodeFits, makeThumbnail, verifyFitsChecksum, writeFileAtomic } from '../src-main/archive';

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
}
