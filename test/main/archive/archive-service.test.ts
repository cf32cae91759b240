import { readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FULL_ACCESS, PNG_SIGNATURE, parseFrameQuery, thumbnailRelativePath } from '../../../src-main/archive';
import type { StoredFrame } from '../../../src-main/archive';
import { archiveFixture, type ArchiveFixture } from '../../helpers/archive-fixture';

/** A stored frame without what differs between two databases (row ids, record time). */
function comparable(f: StoredFrame | null): unknown {
  if (f === null) return null;
  const { id: _id, versions, versionBytes, relatedFrameIds: _r, ...rest } = f;
  return { ...rest, versions: versions.map((v) => ({ key: v.key, md5: v.md5, extension: v.extension })), bytes: [...versionBytes.values()] };
}

// Every test gets a fresh archive.
let fx: ArchiveFixture;
beforeEach(async () => {
  fx = await archiveFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('archive service: recording and recovery', () => {
  it('records a written frame once, idempotently, with its header, version and related ids', async () => {
    const w = await fx.write();
    const a = await fx.archive.recordFrame(w);
    const again = await fx.archive.recordFrame(w);
    expect(again.id).toBe(a.id);
    expect(await fx.archive.repo.count()).toBe(1);
    expect(a).toMatchObject({ basename: w.basename, requestId: 2, observationId: 1, requestGroupId: 3, configurationId: 4, submitter: 'alice', thumbnailKey: w.thumbnailPath });
    expect(a.versions).toEqual([expect.objectContaining({ key: w.relativePath, md5: w.md5, extension: '.fits' })]);
    expect(a.versionBytes.get(a.versions[0]?.id ?? -1)).toBe(readFileSync(w.absolutePath).length);
    const headers = await fx.archive.repo.getHeaders(a.id, FULL_ACCESS, fx.clock.nowMs());
    // The stored header is the file's: structural keys and checksums included.
    expect(headers).toMatchObject({ SIMPLE: true, BITPIX: 16, NAXIS1: 40, NAXIS2: 30, REQNUM: 2, BLKUID: 1, PROPID: 'TEST-001', 'DAY-OBS': '20261121' });
    expect(typeof headers?.['CHECKSUM']).toBe('string');
  });

  it('recovers a frame left on disk by a crash between rename and insert, exactly as a live record would store it', async () => {
    const recorded = await fx.write({ frameNumber: 1 });
    await fx.archive.recordFrame(recorded);
    const orphan = await fx.write({ frameNumber: 2, configurationType: 'BIAS', targetName: null });
    const noThumb = await fx.write({ frameNumber: 3 });
    rmSync(join(fx.archiveRoot, noThumb.thumbnailPath ?? 'x'));
    const corrupt = await fx.write({ frameNumber: 4 });
    const bytes = readFileSync(corrupt.absolutePath);
    bytes[bytes.length - 1] = 9;
    writeFileSync(corrupt.absolutePath, bytes);
    const dir = join(fx.archiveRoot, 'tst', 'xx01', '20261121', 'raw');
    writeFileSync(join(dir, `.tmp-${orphan.basename}.fits.abc123`), 'half a frame');

    const report = await fx.archive.recover();
    expect(report.sweptTempFiles).toEqual([`tst/xx01/20261121/raw/.tmp-${orphan.basename}.fits.abc123`]);
    expect(report.indexed.sort()).toEqual([orphan.relativePath, noThumb.relativePath].sort());
    expect(report.rejected.map((r) => r.relativePath)).toEqual([corrupt.relativePath]);
    expect(report.rejected[0]?.reason).toMatch(/checksum/);
    expect(report.alreadyRecorded).toBe(1);
    // The missing thumbnail was remade from the pixels.
    const thumb = readFileSync(join(fx.archiveRoot, thumbnailRelativePath(noThumb.relativePath, 'small')));
    expect([...thumb.subarray(0, 8)]).toEqual([...PNG_SIGNATURE]);
    // Running recovery again finds nothing new (and still refuses the corrupt file).
    const second = await fx.archive.recover();
    expect([second.indexed, second.sweptTempFiles, second.alreadyRecorded, second.rejected.length]).toEqual([[], [], 3, 1]);

    // A live record and a recovery of the same file store the same row: compare with a fresh database.
    const other = await fx.reopen();
    await other.archive.recover();
    for (const w of [recorded, orphan, noThumb]) {
      const a = await fx.archive.repo.getFrameByBasename(w.basename);
      const b = await other.archive.repo.getFrameByBasename(w.basename);
      expect(comparable(b)).toEqual(comparable(a));
      expect(await other.archive.repo.getHeaders(b?.id ?? -1, FULL_ACCESS, 0)).toEqual(await fx.archive.repo.getHeaders(a?.id ?? -1, FULL_ACCESS, 0));
    }
    const q = parseFrameQuery({ OBSTYPE: 'BIAS' });
    if (!q.ok) throw new Error('query');
    expect((await other.archive.repo.listFrames(q.query, FULL_ACCESS, 0)).frames.map((f) => f.basename)).toEqual([orphan.basename]);
  });

  it('refuses to record a different file under a basename already archived', async () => {
    const w = await fx.write();
    await fx.archive.recordFrame(w);
    await expect(fx.archive.recordFrame({ ...w, md5: '0'.repeat(32) })).rejects.toMatchObject({ code: 'conflict.state' });
  });
});

describe('disk-space guard', () => {
  it('answers from the real free space of the archive filesystem and says why it refuses', async () => {
    const s = statfsSync(fx.dataDir);
    const free = Number(s.bavail) * Number(s.bsize);
    const small = await fx.archive.canExpose(1, 1024);
    expect(small.ok).toBe(true);
    // Other processes write to the same disk meanwhile: allow 1 GiB of drift.
    expect(Math.abs(small.freeBytes - free)).toBeLessThan(1024 ** 3);
    const frameBytes = Math.ceil(free / 3);
    const big = await fx.archive.canExpose(10, frameBytes);
    expect(big.ok).toBe(false);
    expect(big.framesThatFit).toBeGreaterThanOrEqual(1);
    expect(big.framesThatFit).toBeLessThanOrEqual(3);
    expect(big.message).toMatch(/disk nearly full/);
    expect(fx.logLines.filter((l) => l.includes('archive disk too full')).length).toBe(1);
    await fx.archive.canExpose(10, frameBytes);
    expect(fx.logLines.filter((l) => l.includes('archive disk too full')).length).toBe(1);
    await fx.archive.canExpose(1, 1);
    expect(fx.logLines.some((l) => l.includes('archive disk has room again'))).toBe(true);
  });
});
