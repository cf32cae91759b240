/**
 * The batch path split over worker threads for large batches: the per-step coefficients are
 * computed once on the calling thread, the targets are cut into contiguous ranges, and each
 * worker (plus the calling thread, which takes the first range) runs `batchKernel` on its range,
 * writing straight into SharedArrayBuffer-backed outputs — nothing is copied back. Results are
 * bit-for-bit those of `batchPositions`. Small batches stay on the calling thread (a round trip to
 * a worker costs ~0.1–1 ms).
 *
 * The workers run the kernel's own source text (`batchKernel.toString()`, which is self-contained
 * by design) through `eval`, so no separate worker file has to exist next to the bundle. They are
 * started on first use, kept, and `unref`'d (they never keep the process alive).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { GeoSite, TimeOptions } from '../../src-shared/astro';
import { STEP_COEFFICIENTS, batchKernel, batchPositions, stepCoefficients, type BatchResult, type SiderealBatch, type TimeGrid } from './batch';

/** Below this many target-steps the calling thread alone is faster than a worker round trip. */
export const PARALLEL_MIN_TARGET_STEPS = 500_000;

export interface ParallelOptions extends TimeOptions {
  hourAngle?: boolean;
  /** Threads to use including the calling one (default: the machine's parallelism, at most 8). */
  threads?: number;
}

interface Job {
  id: number;
  coef: SharedArrayBuffer;
  dirs: SharedArrayBuffer;
  alt: SharedArrayBuffer;
  ha: SharedArrayBuffer | null;
  n: number;
  from: number;
  to: number;
  steps: number;
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const kernel = (${batchKernel.toString()});
parentPort.on('message', (j) => {
  try {
    kernel(new Float64Array(j.coef), new Float64Array(j.dirs), new Float64Array(j.alt), j.ha === null ? null : new Float64Array(j.ha), j.n, j.from, j.to, j.steps);
    parentPort.postMessage({ id: j.id, error: null });
  } catch (e) {
    parentPort.postMessage({ id: j.id, error: String(e && e.stack || e) });
  }
});
`;

interface PoolWorker {
  worker: Worker;
  pending: Map<number, { resolve: () => void; reject: (e: Error) => void }>;
}

const pool: PoolWorker[] = [];
let nextJobId = 1;

function spawn(): PoolWorker {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  worker.unref();
  const entry: PoolWorker = { worker, pending: new Map() };
  worker.on('message', (m: { id: number; error: string | null }) => {
    const p = entry.pending.get(m.id);
    if (!p) return;
    entry.pending.delete(m.id);
    if (m.error === null) p.resolve();
    else p.reject(new Error(`batch worker: ${m.error}`));
  });
  const failAll = (e: Error) => {
    for (const p of entry.pending.values()) p.reject(e);
    entry.pending.clear();
    const i = pool.indexOf(entry);
    if (i >= 0) pool.splice(i, 1);
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`batch worker exited (${code})`)));
  return entry;
}

function run(entry: PoolWorker, job: Omit<Job, 'id'>): Promise<void> {
  const id = nextJobId++;
  return new Promise<void>((resolve, reject) => {
    entry.pending.set(id, { resolve, reject });
    entry.worker.postMessage({ ...job, id } satisfies Job);
  });
}

function shared(length: number): { buffer: SharedArrayBuffer; view: Float64Array } {
  const buffer = new SharedArrayBuffer(length * 8);
  return { buffer, view: new Float64Array(buffer) };
}

/**
 * As `batchPositions`, split over `threads` threads when the batch has at least
 * `PARALLEL_MIN_TARGET_STEPS` target-steps; the output arrays are views on SharedArrayBuffers.
 * Rejects only if a worker fails (then nothing partial is returned).
 */
export async function batchPositionsParallel(site: GeoSite, batch: SiderealBatch, grid: TimeGrid, opts: ParallelOptions = {}): Promise<BatchResult> {
  const n = batch.count;
  const threads = Math.max(1, Math.min(opts.threads ?? Math.min(availableParallelism(), 8), n));
  if (threads === 1 || n * grid.steps < PARALLEL_MIN_TARGET_STEPS) return batchPositions(site, batch, grid, opts);
  const coef = shared(grid.steps * STEP_COEFFICIENTS);
  stepCoefficients(site, grid, opts, coef.view);
  const dirs = shared(n * 3);
  dirs.view.set(batch.directions);
  const alt = shared(grid.steps * n);
  const ha = opts.hourAngle ? shared(grid.steps * n) : null;
  while (pool.length < threads - 1) pool.push(spawn());
  // Ranges on 32-target boundaries (the kernel's block), the calling thread takes the first.
  const per = Math.ceil(n / threads / 32) * 32;
  const jobs: Promise<void>[] = [];
  for (let k = 1; k < threads; k++) {
    const from = Math.min(n, k * per);
    const to = Math.min(n, (k + 1) * per);
    if (to > from) jobs.push(run(pool[k - 1] as PoolWorker, { coef: coef.buffer, dirs: dirs.buffer, alt: alt.buffer, ha: ha?.buffer ?? null, n, from, to, steps: grid.steps }));
  }
  batchKernel(coef.view, dirs.view, alt.view, ha?.view ?? null, n, 0, Math.min(n, per), grid.steps);
  await Promise.all(jobs);
  return { grid, count: n, altitudeDeg: alt.view, hourAngleHours: ha?.view ?? null };
}

/** Stops the pooled workers (tests, shutdown); the next parallel call starts new ones. */
export async function closeBatchWorkers(): Promise<void> {
  const all = pool.splice(0, pool.length);
  await Promise.all(all.map((p) => p.worker.terminate()));
}
