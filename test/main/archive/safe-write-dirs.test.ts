/**
 * writeFileAtomic remembers directories it made (no mkdir per frame); a directory removed behind its
 * back must be made again, and writes must still land complete, durable-by-rename and refused over
 * an existing file. References: the bytes written and their md5 from node:crypto.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiskGuard, writeFileAtomic } from '../../../src-main/archive';
import { createMemoryLogger } from '../../../src-main/logging';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempRoot(): string {
  const d = mkdtempSync(join(tmpdir(), 'nightshift-safe-write-dirs-'));
  dirs.push(d);
  return d;
}

describe('writeFileAtomic and known directories', () => {
  it('writes into a directory that was removed after an earlier write made it', async () => {
    const root = tempRoot();
    const day = join(root, 'tfn', 'sc01', '20261121', 'raw');
    await writeFileAtomic(join(day, 'a.fits'), [Uint8Array.from([1, 2, 3])]);
    rmSync(join(root, 'tfn'), { recursive: true });
    const bytes = Uint8Array.from([9, 8, 7, 6]);
    const w = await writeFileAtomic(join(day, 'b.fits'), [bytes]);
    expect(Array.from(readFileSync(join(day, 'b.fits')))).toEqual([9, 8, 7, 6]);
    expect(w.md5).toBe(createHash('md5').update(bytes).digest('hex'));
    // No temp file is left beside it.
    expect(readdirSync(day)).toEqual(['b.fits']);
  });

  it('still refuses to replace a frame in a known directory', async () => {
    const root = tempRoot();
    const path = join(root, 'raw', 'frame.fits');
    await writeFileAtomic(path, [Uint8Array.from([1])]);
    await expect(writeFileAtomic(path, [Uint8Array.from([2])])).rejects.toMatchObject({ code: 'conflict.state' });
    expect(Array.from(readFileSync(path))).toEqual([1]);
  });
});

describe('disk guard', () => {
  it('makes the archive root once and again if it vanished, answering from the real free space', async () => {
    const root = join(tempRoot(), 'archive');
    const guard = createDiskGuard({ archiveRoot: root, logger: createMemoryLogger([]), reserveBytes: 0 });
    const first = await guard.canExpose(1, 1024);
    expect(existsSync(root)).toBe(true);
    expect(first.ok).toBe(true);
    expect(first.freeBytes).toBeGreaterThan(0);
    rmSync(root, { recursive: true });
    const again = await guard.canExpose(1, 1024);
    expect(existsSync(root)).toBe(true);
    expect(again.ok).toBe(true);
    // More than the whole filesystem can never fit.
    expect((await guard.canExpose(1, first.freeBytes * 4)).ok).toBe(false);
  });
});
