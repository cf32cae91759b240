/**
 * Worker-thread entry of the scheduler kernel (bundled as `dist/main/scheduler-worker.js`).
 * Receives `{ id, job, useHighs }`, answers `{ id, ok: true, result }` or `{ id, ok: false, error }`.
 * Jobs run one at a time; the core's event loop never waits for a solve.
 */
import { parentPort } from 'node:worker_threads';
import { loadHighs, runKernelJob, type KernelJob } from './kernel-job';

interface Message {
  id: number;
  job: KernelJob;
  useHighs: boolean;
}

const port = parentPort;
if (port !== null) {
  port.on('message', (m: Message) => {
    void (async () => {
      try {
        const highs = m.useHighs ? await loadHighs() : null;
        port.postMessage({ id: m.id, ok: true, result: runKernelJob(m.job, highs) });
      } catch (error) {
        port.postMessage({ id: m.id, ok: false, error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
}
