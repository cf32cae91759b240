/**
 * Ingest of hand-taken frames: files built by hand here (as another camera program would write
 * them, independent of our writer) go into a real archive (SQLite file + archive root in a temp
 * dir); the result is read back with the archive's FITS reader and checked against the inputs.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FULL_ACCESS, decodeFits, encodeFits, encodedBytes, headerValue, ingestFrame, ingestFrames, inspectFrameFiles, parseFrameQuery, serializeHeader, verifyFitsChecksum } from '../../../src-main/archive';
import type { FitsCard, IngestContext } from '../../../src-main/archive';
import { AppError } from '../../../src-shared/errors';
import { archiveFixture, type ArchiveFixture } from '../../helpers/archive-fixture';

let fx: ArchiveFixture;
let inbox: string;
beforeEach(async () => {
  fx = await archiveFixture();
  inbox = join(fx.dataDir, 'camera-inbox');
  mkdirSync(inbox);
});
afterEach(async () => {
  await fx.close();
});

const WIDTH = 24;
const HEIGHT = 16;
/** Signed 32-bit pixels, negative values included: our own writer never produces BITPIX 32. */
const PIXELS = Int32Array.from({ length: WIDTH * HEIGHT }, (_, i) => ((i * 7919) % 100_000) - 5000);

/** A FITS file as a third-party capture program writes it: BITPIX 32, its own keys, no checksums. */
function cameraFile(name: string, extra: FitsCard[], options: { pixels?: Int32Array; truncate?: boolean; unpadded?: boolean } = {}): string {
  const pixels = options.pixels ?? PIXELS;
  const header = serializeHeader([
    { key: 'SIMPLE', value: true },
    { key: 'BITPIX', value: 32 },
    { key: 'NAXIS', value: 2 },
    { key: 'NAXIS1', value: WIDTH },
    { key: 'NAXIS2', value: HEIGHT },
    { key: 'INSTRUME', value: 'ZWO ASI2600MM Pro' },
    { key: 'OBJECT', value: 'm42 by hand' },
    { key: 'CCD-TEMP', value: -10.2 },
    { key: 'GAIN', value: 100 },
    ...extra,
  ]);
  const dataLength = Math.ceil((pixels.length * 4) / 2880) * 2880;
  const data = Buffer.alloc(dataLength);
  pixels.forEach((v, i) => data.writeInt32BE(v, i * 4));
  const body = options.truncate === true ? data.subarray(0, 100) : options.unpadded === true ? data.subarray(0, pixels.length * 4) : data;
  const bytes = Buffer.concat([header, body]);
  const path = join(inbox, name);
  writeFileSync(path, bytes);
  return path;
}

/** The configuration the operator marks: what the frames should be filed under. */
function context(over: Partial<IngestContext> = {}): IngestContext & { allocated: string[] } {
  const allocated: string[] = [];
  let next = 40;
  return {
    template: {
      siteId: 'tst',
      enclosureId: 'clma',
      telescopeId: '0m4a',
      telescopeName: null,
      instrumentId: 'xx03',
      instrumentType: '0M4-SCICAM-QHY600',
      proposalId: 'OPS-2026B',
      userId: 'bob',
      groupId: 'orion by hand',
      observationId: 71,
      requestId: 72,
      requestGroupId: 73,
      configurationId: 74,
      configurationType: 'EXPOSE',
      targetName: 'M42',
      filter: 'rp',
      siteUtcOffsetHours: 2,
      reductionLevel: 0,
      siteLocation: null,
    },
    fallbackStartUtcMs: Date.UTC(2026, 10, 21, 23, 30),
    fallbackExposureSec: 45,
    writtenUtcMs: fx.clock.nowMs(),
    ingestedBy: 'operator',
    allocateFrameNumber: (a) => {
      allocated.push(a.basenameFor(next));
      return next++;
    },
    allocated,
    ...over,
  };
}

function archiveFiles(): string[] {
  const root = fx.archiveRoot;
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

describe('operator frame ingest', () => {
  it('files a third-party BITPIX 32 frame under the configuration: archive keys set, file times kept, pixels byte-exact', async () => {
    const path = cameraFile('light_0001.fit', [
      { key: 'DATE-OBS', value: '2026-11-21T22:10:05.250' },
      { key: 'EXPTIME', value: 120 },
      { key: 'XBINNING', value: 2 },
      { key: 'YBINNING', value: 2 },
      { key: 'FILTER', value: 'Red' },
    ]);
    const before = readFileSync(path);
    const ctx = context();
    const result = await ingestFrame(fx.archive, path, ctx);

    // Name: the configuration's site/telescope/instrument, DAY-OBS of the file's start at UTC+2, the allocated number.
    expect(result.written.basename).toBe('tst0m4a-xx03-20261121-0040-e00');
    expect(ctx.allocated).toEqual([result.written.basename]);
    expect(result.written.relativePath).toBe('tst/xx03/20261121/raw/tst0m4a-xx03-20261121-0040-e00.fits');

    const bytes = new Uint8Array(readFileSync(result.written.absolutePath));
    expect(verifyFitsChecksum(bytes)).toEqual({ datasum: 'ok', checksum: 'ok' });
    expect(createHash('md5').update(bytes).digest('hex')).toBe(result.written.md5);
    const hdu = decodeFits(bytes);
    const h = (key: string): unknown => headerValue(hdu.cards, key);
    // Archive keys from the configuration, overriding what the camera program wrote.
    expect({ PROPID: h('PROPID'), REQNUM: h('REQNUM'), BLKUID: h('BLKUID'), MOLUID: h('MOLUID'), TRACKNUM: h('TRACKNUM'), SITEID: h('SITEID'), ENCID: h('ENCID'), TELID: h('TELID'), INSTRUME: h('INSTRUME'), OBSTYPE: h('OBSTYPE'), OBJECT: h('OBJECT'), FILTER: h('FILTER'), USERID: h('USERID') }).toEqual({
      PROPID: 'OPS-2026B', REQNUM: 72, BLKUID: 71, MOLUID: 74, TRACKNUM: '0000000073', SITEID: 'tst', ENCID: 'clma', TELID: '0m4a', INSTRUME: 'xx03', OBSTYPE: 'EXPOSE', OBJECT: 'M42', FILTER: 'rp', USERID: 'bob',
    });
    // Times and exposure from the file, binning from XBINNING/YBINNING.
    expect(h('DATE-OBS')).toBe('2026-11-21T22:10:05.250');
    expect(h('DAY-OBS')).toBe('20261121');
    expect(h('EXPTIME')).toBe(120);
    expect(h('UTSTOP')).toBe('22:12:05.250');
    expect(h('CCDSUM')).toBe('2 2');
    // The camera's own keys stay; the ingest says who did it.
    expect(h('CCD-TEMP')).toBe(-10.2);
    expect(h('GAIN')).toBe(100);
    expect(h('INGESTBY')).toBe('operator');
    expect(h('ORIGFILE')).toBe('light_0001.fit');
    expect(hdu.cards.filter((c) => c.key === 'HISTORY').map((c) => c.comment ?? '').join(' ')).toMatch(/Ingested by the operator/);
    expect(hdu.cards.filter((c) => c.key === 'PROPID')).toHaveLength(1);
    // The data unit is the file's, value for value.
    expect(hdu.bitpix).toBe(32);
    expect(hdu.axes).toEqual([WIDTH, HEIGHT]);
    expect(Array.from(hdu.data ?? [])).toEqual(Array.from(PIXELS));
    // The operator's file is not touched.
    expect(readFileSync(path).equals(before)).toBe(true);

    // Recorded like a robotic frame: row, version with the file's md5, thumbnail on disk.
    const stored = await fx.archive.repo.getFrameByBasename(result.written.basename);
    expect(stored).toMatchObject({ basename: result.written.basename, proposalId: 'OPS-2026B', requestId: 72, observationId: 71, configurationId: 74, requestGroupId: 73, exposureSec: 120, observationUtcMs: Date.UTC(2026, 10, 21, 22, 10, 5, 250), primaryOpticalElement: 'rp' });
    expect(stored?.versions[0]?.md5).toBe(result.written.md5);
    expect(result.written.thumbnailPath).not.toBeNull();
    expect(existsSync(join(fx.archiveRoot, result.written.thumbnailPath ?? 'none'))).toBe(true);
    const q = parseFrameQuery({ REQNUM: '72' });
    if (!q.ok) throw new Error('query refused');
    const page = await fx.archive.repo.listFrames(q.query, FULL_ACCESS, fx.clock.nowMs());
    expect(page.frames.map((f) => f.basename)).toEqual([result.written.basename]);
  });

  it('uses the mark time and exposure when the file has none, and the file FILTER when the configuration names none', async () => {
    // Some writers stop at the last pixel instead of padding the final block: still a frame.
    const path = cameraFile('no-times.fits', [{ key: 'FILTER', value: 'Ha' }], { unpadded: true });
    const ctx = context();
    const result = await ingestFrame(fx.archive, path, { ...ctx, template: { ...ctx.template, filter: null } });
    const hdu = decodeFits(new Uint8Array(readFileSync(result.written.absolutePath)), { data: false });
    expect(headerValue(hdu.cards, 'DATE-OBS')).toBe('2026-11-21T23:30:00.000');
    expect(headerValue(hdu.cards, 'EXPTIME')).toBe(45);
    expect(headerValue(hdu.cards, 'FILTER')).toBe('Ha');
    expect(headerValue(hdu.cards, 'CCDSUM')).toBe('1 1');
    const archived = new Uint8Array(readFileSync(result.written.absolutePath));
    expect(archived.length % 2880).toBe(0);
    expect(verifyFitsChecksum(archived)).toEqual({ datasum: 'ok', checksum: 'ok' });
    expect(Array.from(decodeFits(archived).data ?? [])).toEqual(Array.from(PIXELS));
  });

  it('refuses bad files with field errors keyed by position and writes nothing', async () => {
    const good = cameraFile('good.fits', []);
    const text = join(inbox, 'notes.fits');
    writeFileSync(text, 'x'.repeat(3000));
    const truncated = cameraFile('short.fits', [], { truncate: true });
    const empty = join(inbox, 'empty-primary.fits');
    writeFileSync(empty, serializeHeader([{ key: 'SIMPLE', value: true }, { key: 'BITPIX', value: 8 }, { key: 'NAXIS', value: 0 }]));
    const damaged = join(inbox, 'damaged.fits');
    {
      // A checksummed file (our writer's) with one pixel byte flipped after writing.
      const b = encodedBytes(encodeFits({ kind: 'uint16', width: 8, height: 8, data: new Uint16Array(64).fill(1000) }, []));
      b[2880 + 10] = (b[2880 + 10] ?? 0) ^ 0xff;
      writeFileSync(damaged, b);
    }
    const paths = [good, text, join(inbox, 'missing.fits'), 'relative/light.fits', truncated, empty, damaged, good];
    const ctx = context();
    const error = await ingestFrames(fx.archive, paths, ctx).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.code).toBe('validation.invalid');
    const details = e.details as Record<string, string[]>;
    expect(Object.keys(details).sort()).toEqual(['frames.1', 'frames.2', 'frames.3', 'frames.4', 'frames.5', 'frames.6', 'frames.7']);
    expect(details['frames.1']?.[0]).toMatch(/notes\.fits: not a FITS file/);
    expect(details['frames.2']?.[0]).toMatch(/file not found/);
    expect(details['frames.3']?.[0]).toMatch(/absolute path/);
    expect(details['frames.4']?.[0]).toMatch(/truncated/);
    expect(details['frames.5']?.[0]).toMatch(/no image/);
    expect(details['frames.6']?.[0]).toMatch(/checksum/);
    expect(details['frames.7']?.[0]).toMatch(/listed twice/);
    // Nothing half-done: no number taken, no file, no row.
    expect(ctx.allocated).toEqual([]);
    expect(archiveFiles()).toEqual([]);
    expect(await fx.archive.repo.count()).toBe(0);
  });

  it('accepts the good files once the bad ones are gone, and caps the count', async () => {
    const a = cameraFile('a.fits', [{ key: 'DATE-OBS', value: '2026-11-21T22:00:00' }]);
    const b = cameraFile('b.fits', [{ key: 'DATE-OBS', value: '2026-11-21T22:05:00' }]);
    const ctx = context();
    const out = await ingestFrames(fx.archive, [a, b], ctx);
    expect(out.map((f) => f.written.basename)).toEqual(['tst0m4a-xx03-20261121-0040-e00', 'tst0m4a-xx03-20261121-0041-e00']);
    expect(await fx.archive.repo.count()).toBe(2);
    const tooMany = await inspectFrameFiles(Array.from({ length: 201 }, () => a)).then(
      () => null,
      (e: unknown) => e as AppError,
    );
    expect(tooMany?.code).toBe('validation.invalid');
    expect(tooMany?.details).toHaveProperty('frames');
  });

  it('names the file when a write fails part-way, keeping the frames already recorded', async () => {
    const a = cameraFile('a.fits', []);
    const b = cameraFile('b.fits', []);
    let calls = 0;
    const flaky = {
      archiveRoot: fx.archiveRoot,
      recordFrame: async (w: Parameters<typeof fx.archive.recordFrame>[0]) => {
        calls++;
        if (calls === 2) throw new AppError('conflict.state', 'database is locked');
        return fx.archive.recordFrame(w);
      },
    };
    const error = await ingestFrames(flaky, [a, b], context()).then(
      () => null,
      (e: unknown) => e as AppError,
    );
    expect(error?.code).toBe('conflict.state');
    expect(Object.keys(error?.details ?? {})).toEqual(['frames.1']);
    expect(String((error?.details as Record<string, string[]>)['frames.1'])).toContain('b.fits: database is locked');
    expect(await fx.archive.repo.count()).toBe(1);
  });
});
