/**
 * Where kernel jobs run. `createWorkerRunner` runs them on a worker thread so the core's event loop
 * (console, devices, executor) never waits for a solve; `createInlineRunner` runs them on the
 * calling thread (CLI replay, tests, and the fallback when no worker entry can be found).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadHighs, runKernelJob, type KernelJob, type KernelJobResult } from './kernel-job';

export interface KernelRunner {
  readonly mode: 'worker' | 'inline';
  run(job: KernelJob): Promise<KernelJobResult>;
  /** Stops the worker (pending jobs are rejected). Idempotent. */
  close(): Promise<void>;
}

export interface RunnerOptions {
  /** Load WASM HiGHS for exact solves of small models (default true). */
  useHighs?: boolean;
}

/** Runs jobs on the calling thread (blocks it for the solve's duration). */
export function createInlineRunner(options: RunnerOptions = {}): KernelRunner {
  const useHighs = options.useHighs ?? true;
  return {
    mode: 'inline',
    run: async (job) => runKernelJob(job, useHighs ? await loadHighs() : null),
    close: () => Promise.resolve(),
  };
}

/** The worker entry: the bundled `scheduler-worker.js` beside the bundle, else the TypeScript source. */
export function resolveWorkerEntry(): { url: URL; typescript: boolean } | null {
  // Bundled: this code sits in dist/main/*.js or dist/main/chunks/*.js; the entry is dist/main/scheduler-worker.js.
  for (const rel of ['./scheduler-worker.js', '../scheduler-worker.js']) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return { url, typescript: false };
  }
  const ts = new URL('./kernel-worker.ts', import.meta.url);
  if (ts.protocol === 'file:' && existsSync(fileURLToPath(ts))) return { url: ts, typescript: true };
  return null;
}

/** file: URL of tsx's ESM register API (for running the TypeScript entry under vitest or tsx). */
function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
}

/** A worker for the entry; TypeScript sources get a tiny ESM bootstrap that registers tsx first. */
function spawn(entry: { url: URL; typescript: boolean }): Worker {
  if (!entry.typescript) return new Worker(entry.url);
  const boot = `import { register } from ${JSON.stringify(tsxApiUrl())}; register(); await import(${JSON.stringify(entry.url.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`));
}

interface Pending {
  resolve(r: KernelJobResult): void;
  reject(e: Error): void;
}

/**
 * Runs jobs on one worker thread, started on the first job and restarted after a crash. Jobs queue
 * in the worker in order. The worker is unref'd while idle so it never keeps the process alive.
 * Falls back to in-line when no entry exists (reported by `mode`).
 */
export function createWorkerRunner(options: RunnerOptions = {}): KernelRunner {
  const entry = resolveWorkerEntry();
  if (entry === null) return createInlineRunner(options);
  const useHighs = options.useHighs ?? true;
  let worker: Worker | null = null;
  let closed = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const failAll = (error: Error): void => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const ensure = (): Worker => {
    if (worker) return worker;
    const w = spawn(entry);
    w.on('message', (m: { id: number; ok: boolean; result?: KernelJobResult; error?: string }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      if (m.ok && m.result) p.resolve(m.result);
      else p.reject(new Error(m.error ?? 'scheduler worker failed'));
    });
    w.on('error', (error) => {
      worker = null;
      failAll(error);
    });
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      failAll(new Error(`scheduler worker exited (${code})`));
    });
    worker = w;
    return w;
  };
  return {
    mode: 'worker',
    run(job) {
      // After close() a job would start a new worker that nothing stops.
      if (closed) return Promise.reject(new Error('scheduler worker closed'));
      const w = ensure();
      const id = nextId++;
      w.ref();
      return new Promise<KernelJobResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, job, useHighs });
      });
    },
    async close() {
      closed = true;
      const w = worker;
      worker = null;
      failAll(new Error('scheduler worker closed'));
      if (w) await w.terminate();
    },
  };
}
