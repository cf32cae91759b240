import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { acquireInstanceLock } from '../../../src-main/db';
import { makeTempDir } from '../../helpers/temp-dir';

describe('acquireInstanceLock', () => {
  it('takes over a lock left by a process that is gone (crash, power cut)', () => {
    const dir = makeTempDir();
    try {
      // A PID that surely exited: a child that has finished.
      const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
      writeFileSync(join(dir.path, 'nightshift.lock'), child.stdout.toString());
      const release = acquireInstanceLock(dir.path);
      expect(readFileSync(join(dir.path, 'nightshift.lock'), 'utf8')).toBe(String(process.pid));
      expect(() => acquireInstanceLock(dir.path)).toThrow(/already using the data directory/);
      release();
      acquireInstanceLock(dir.path)();
    } finally {
      dir.remove();
    }
  });
});
