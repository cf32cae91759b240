import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PNG_SIGNATURE,
  checkDiskRoom,
  crc32,
  decodeFits,
  diskRoom,
  encodeGreyPng,
  headerValue,
  indexFrameFile,
  makeThumbnail,
  md5OfFile,
  percentiles,
  sweepTempFiles,
  verifyFitsChecksum,
  writeFileAtomic,
  writeFrame,
} from '../../../src-main/archive';
import type { FrameToWrite } from '../../../src-main/archive';
import { frameToWrite } from '../../helpers/archive-fixture';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nightshift-archive-unit-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('atomic write', () => {
  it('writes the concatenated parts under the final name only, with the md5 of the bytes', async () => {
    const path = join(dir, 'a', 'b', 'file.bin');
    const parts = [Uint8Array.from([1, 2, 3]), Uint8Array.from([4, 5])];
    const w = await writeFileAtomic(path, parts);
    expect(Array.from(readFileSync(path))).toEqual([1, 2, 3, 4, 5]);
    expect(w.md5).toBe(createHash('md5').update(Uint8Array.from([1, 2, 3, 4, 5])).digest('hex'));
    expect(await md5OfFile(path)).toBe(w.md5);
    expect(w.byteLength).toBe(5);
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['file.bin']);
  });

  it('refuses to replace an acknowledged file unless asked', async () => {
    const path = join(dir, 'f');
    await writeFileAtomic(path, [Uint8Array.from([1])]);
    await expect(writeFileAtomic(path, [Uint8Array.from([2])])).rejects.toMatchObject({ code: 'conflict.state' });
    expect(Array.from(readFileSync(path))).toEqual([1]);
    await writeFileAtomic(path, [Uint8Array.from([2])], { overwrite: true });
    expect(Array.from(readFileSync(path))).toEqual([2]);
  });

  it('sweeps temp files a crash left behind and nothing else', async () => {
    writeFileSync(join(dir, '.tmp-frame.fits.abc123'), 'half');
    writeFileSync(join(dir, 'frame.fits'), 'whole');
    expect(await sweepTempFiles(dir)).toEqual(['.tmp-frame.fits.abc123']);
    expect(readdirSync(dir)).toEqual(['frame.fits']);
    expect(await sweepTempFiles(join(dir, 'missing'))).toEqual([]);
  });
});

describe('disk-space guard', () => {
  const GiB = 1024 ** 3;
  it('says how many frames fit above the reserve and why it refuses', () => {
    const room = diskRoom(2 * GiB, { frameBytes: 32 * 1024 ** 2, frames: 10, reserveBytes: GiB, overheadFraction: 0 });
    expect(room.ok).toBe(true);
    expect(room.framesThatFit).toBe(32);
    const full = diskRoom(2 * GiB, { frameBytes: 32 * 1024 ** 2, frames: 33, reserveBytes: GiB, overheadFraction: 0 });
    expect(full.ok).toBe(false);
    expect(full.message).toMatch(/room for 32 frame/);
    expect(diskRoom(0.5 * GiB, { frameBytes: 1, frames: 0, reserveBytes: GiB }).ok).toBe(false);
  });

  it('reads the real free space of the filesystem (statfs)', async () => {
    const room = await checkDiskRoom(dir, { frameBytes: 1, frames: 1, reserveBytes: 0 });
    expect(room.freeBytes).toBeGreaterThan(0);
    expect(room.ok).toBe(true);
    const impossible = await checkDiskRoom(dir, { frameBytes: Number.MAX_SAFE_INTEGER / 4, frames: 2 });
    expect(impossible.ok).toBe(false);
  });
});

/** Minimal PNG reader for the test: checks every chunk CRC and inflates IDAT. */
function readPng(png: Uint8Array): { width: number; height: number; rows: Uint8Array[] } {
  expect(Array.from(png.subarray(0, 8))).toEqual(Array.from(PNG_SIGNATURE));
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  for (;;) {
    const len = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    const body = png.subarray(offset + 8, offset + 8 + len);
    expect(view.getUint32(offset + 8 + len)).toBe(crc32(png.subarray(offset + 4, offset + 8 + len)));
    if (type === 'IHDR') {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      expect(Array.from(body.subarray(8))).toEqual([8, 0, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(body);
    offset += 12 + len;
    if (type === 'IEND') break;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rows: Uint8Array[] = [];
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width + 1)]).toBe(0);
    rows.push(new Uint8Array(raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1))));
  }
  return { width, height, rows };
}

describe('PNG and thumbnails', () => {
  it('CRC-32 matches the published check value for "123456789"', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('encodes greyscale pixels that decode back exactly', () => {
    const pixels = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
    const { width, height, rows } = readPng(encodeGreyPng(4, 3, pixels));
    expect([width, height]).toEqual([4, 3]);
    expect(rows.flatMap((r) => Array.from(r))).toEqual(Array.from(pixels));
  });

  it('percentiles interpolate between order statistics and skip NaN', () => {
    expect(percentiles([4, 1, Number.NaN, 3, 2], [0, 50, 100, 25])).toEqual([1, 2.5, 4, 1.75]);
    expect(percentiles([Number.NaN], [50])).toBeNull();
  });

  it('downsamples to the size limit, stretches monotonically, and puts FITS row 1 at the bottom', () => {
    const width = 1000;
    const height = 600;
    const data = new Uint16Array(width * height);
    // Brightness grows with the row number: the top of the PNG must be the brightest.
    for (let y = 0; y < height; y++) data.fill(y * 100, y * width, (y + 1) * width);
    const t = makeThumbnail(data, width, height, { maxSizePx: 250 });
    expect([t.width, t.height]).toEqual([250, 150]);
    const { rows } = readPng(t.png);
    const column = rows.map((r) => r[0] as number);
    expect(column[0]).toBe(255);
    expect(column[column.length - 1]).toBe(0);
    for (let i = 1; i < column.length; i++) expect(column[i]).toBeLessThanOrEqual(column[i - 1] as number);
    expect(t.high).toBeGreaterThan(t.low);
  });
});

describe('frame store', () => {
  // The shared description without a submitter or group.
  const frame: FrameToWrite = frameToWrite({ userId: null, groupId: null });

  it('writes a verifiable frame and thumbnail at the archive path, then indexes it back identically', async () => {
    const data = Uint16Array.from({ length: 40 * 30 }, (_, i) => i);
    const w = await writeFrame(dir, frame, { kind: 'uint16', width: 40, height: 30, data }, { writtenUtcMs: Date.UTC(2026, 10, 21, 22, 1) });
    expect(w.relativePath).toBe('tst/xx01/20261121/raw/tst1m001-xx01-20261121-0012-e00.fits');
    const bytes = new Uint8Array(readFileSync(w.absolutePath));
    expect(verifyFitsChecksum(bytes)).toEqual({ datasum: 'ok', checksum: 'ok' });
    expect(headerValue(decodeFits(bytes).cards, 'REQNUM')).toBe(2);
    expect(w.fields.area).not.toBeNull();
    expect(readPng(readFileSync(join(dir, w.thumbnailPath ?? ''))).width).toBe(40);
    const indexed = await indexFrameFile(dir, w.relativePath);
    expect(indexed.md5).toBe(w.md5);
    expect(indexed.fields).toEqual(w.fields);
    await expect(writeFrame(dir, frame, { kind: 'uint16', width: 40, height: 30, data }, { writtenUtcMs: 0 })).rejects.toMatchObject({ code: 'conflict.state' });
  });

  it('refuses to index a file whose data was altered', async () => {
    const w = await writeFrame(dir, frame, { kind: 'float32', width: 8, height: 8, data: new Float32Array(64).fill(1) }, { writtenUtcMs: 0, thumbnail: false });
    expect(w.thumbnailPath).toBeNull();
    const bytes = readFileSync(w.absolutePath);
    bytes[bytes.length - 1] = 7;
    writeFileSync(w.absolutePath, bytes);
    await expect(indexFrameFile(dir, w.relativePath)).rejects.toMatchObject({ code: 'validation.invalid' });
  });
});
