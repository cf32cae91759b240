import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src-shared/errors';

/**
 * One Nightshift per data directory: two cores writing one database and driving the same telescope
 * would fight. The lock file holds the owner's PID; a lock left by a dead process (crash, power
 * cut) is taken over.
 */
const heldHere = new Set<string>();

export function acquireInstanceLock(dataDir: string): () => void {
  const file = join(dataDir, 'nightshift.lock');
  const release = (): void => {
    heldHere.delete(file);
    rmSync(file, { force: true });
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(file);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim());
      const ownedByLiveProcess = owner === process.pid ? heldHere.has(file) : Number.isInteger(owner) && owner > 0 && isAlive(owner);
      if (ownedByLiveProcess) {
        throw new AppError(
          'db.locked',
          `Another Nightshift (PID ${owner}) is already using the data directory ${dataDir}. ` +
            'Stop it first, or start this one with a different --data-dir.',
          { dataDir, pid: owner },
        );
      }
      rmSync(file, { force: true }); // stale: its owner is gone
    }
  }
  throw new AppError('db.locked', `Could not lock the data directory ${dataDir}`, { dataDir });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
