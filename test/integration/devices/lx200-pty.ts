/** A socat pty pair for LX200 tests and benches: `a` for the client, `b` for the scripted mount. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  a: string;
  b: string;
  close(): Promise<void>;
}

/** Starts `socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B` (needs the Debian `socat` package). */
export async function openPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'nightshift-lx200-'));
  const a = join(dir, 'ttyA');
  const b = join(dir, 'ttyB');
  const proc = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const failed = new Promise<never>((_, reject) => {
    proc.on('error', (e) => reject(new Error(`socat could not start (apt-get install -y socat): ${e.message}`)));
    proc.on('exit', (code) => reject(new Error(`socat exited ${code}: ${stderr}`)));
  });
  failed.catch(() => undefined);
  const deadline = Date.now() + 5000;
  while (!(existsSync(a) && existsSync(b))) {
    if (Date.now() > deadline) throw new Error(`socat did not create the pty pair: ${stderr}`);
    await Promise.race([new Promise((r) => setTimeout(r, 20)), failed]);
  }
  return {
    a,
    b,
    close: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
