/**
 * What every end-to-end test and browser bench shares: the repository root, Debian's chromium and
 * the flags it needs on a machine with a closed network, and the built `nightshift serve` started
 * on a free port with its console address read from what it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { makeTempDir } from './temp-dir';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** Without the background-networking flags chromium keeps dialling hosts this machine cannot reach. */
const QUIET_NETWORK = ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Plain pages: no GPU. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', ...QUIET_NETWORK];
/** Pages that draw with WebGL: software GL (SwiftShader), so the three.js back end is what is tested. */
export const WEBGL_CHROMIUM_ARGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', ...QUIET_NETWORK];

export interface StartedServe {
  child: ChildProcess;
  /** The console's address as printed, e.g. `http://127.0.0.1:41234`. */
  url: string;
}

/**
 * Starts the built daemon (`bin/nightshift.mjs serve --simulate`) on `dataDir` and resolves with its
 * console URL once it prints it. `simStart` (ISO) fixes the simulated clock's start; `extraArgs`
 * are appended (e.g. `['--speed', '600']`).
 */
export function startServe(dataDir: string, simStart: string | null = null, extraArgs: readonly string[] = []): Promise<StartedServe> {
  return startServeWith(dataDir, ['--simulate', ...(simStart === null ? [] : ['--sim-start', simStart]), ...extraArgs]);
}

/** Starts the built daemon on `dataDir` with exactly `args` after the port and data directory. */
export function startServeWith(dataDir: string, args: readonly string[]): Promise<StartedServe> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/nightshift.mjs'), 'serve', '--port', '0', '--data-dir', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolveStart, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not print its address:\n${out}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Nightshift console: (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveStart({ child, url: match[1] });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
}

export interface ConsoleSessionOptions {
  /** ISO start of the simulated clock (null: the daemon's default). */
  simStart?: string | null;
  /** Extra `serve` arguments, e.g. `['--speed', '600']`. */
  extraArgs?: readonly string[];
  /** Software WebGL for pages that draw with three.js. */
  webgl?: boolean;
  /** Prefix of the temporary data directory. */
  dataDirPrefix?: string;
}

export interface ConsoleSession {
  /** The console's address as printed (valid once the suite's first `beforeAll` ran). */
  readonly url: string;
  readonly browser: Browser;
  readonly dataDir: string;
  /** The operator token the daemon wrote into its data directory. */
  token(): string;
  /**
   * A new page signed in with the operator link (the token in the URL fragment), then moved to
   * `route` (e.g. `#/settings`) as the console's navigation does; page errors collect in `errors`.
   */
  operatorPage(route: string, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }>;
}

/**
 * One built daemon and one chromium for a describe block: registers the `beforeAll` that starts
 * both and the `afterAll` that stops them and removes the data directory.
 */
export function consoleSession(options: ConsoleSessionOptions = {}): ConsoleSession {
  const dir = makeTempDir(options.dataDirPrefix);
  let started: StartedServe | null = null;
  let browser: Browser | null = null;
  beforeAll(async () => {
    started = await startServe(dir.path, options.simStart ?? null, options.extraArgs ?? []);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: options.webgl === true ? WEBGL_CHROMIUM_ARGS : CHROMIUM_ARGS });
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    const child = started?.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    dir.remove();
  });
  return {
    get url() {
      if (started === null) throw new Error('the console session has not started (use it inside a test or a later hook)');
      return started.url;
    },
    get browser() {
      if (browser === null) throw new Error('the console session has not started (use it inside a test or a later hook)');
      return browser;
    },
    dataDir: dir.path,
    token: () => readFileSync(join(dir.path, 'api-token'), 'utf8').trim(),
    async operatorPage(route, viewport) {
      if (started === null || browser === null) throw new Error('the console session has not started (use it inside a test or a later hook)');
      const page = await browser.newPage({ viewport });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${started.url}/#token=${readFileSync(join(dir.path, 'api-token'), 'utf8').trim()}`);
      await page.evaluate((hash) => {
        window.location.hash = hash;
      }, route);
      return { page, errors };
    },
  };
}

/** Calls a contract invocation of a running serve over HTTP and returns its value; throws with the error when it is not ok. */
export async function ipc<T>(url: string, name: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(`${url}/ipc/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Token ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { ok: boolean; value: T };
  if (!json.ok) throw new Error(`${name} failed: ${JSON.stringify(json)}`);
  return json.value;
}
