/**
 * Start-to-ready of `serve`: from process start until the console page has loaded and shows live
 * data in chromium (the browser is started first, so its own start is not counted). Cold = first
 * start on an empty data dir (migrations + demo seed); warm = restart on the same data dir.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { makeTempDir } from '../test/helpers/temp-dir';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
const GOAL_MS = 2000;

async function startToReady(dataDir: string, browser: Browser | null): Promise<{ printedMs: number; readyMs: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin/nightshift.mjs'), 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((res, rej) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /Nightshift console: (\S+)/.exec(out);
        if (m?.[1]) res(m[1]);
      });
      child.on('exit', (code) => rej(new Error(`serve exited ${code}`)));
    });
    const printedMs = performance.now() - t0;
    if (browser) {
      const page = await browser.newPage();
      await page.goto(url);
      await page.getByTestId('status-utc').filter({ hasText: /\d{2}:\d{2}/ }).waitFor();
      await page.close();
    } else {
      const res = await fetch(url);
      await res.text();
    }
    return { printedMs, readyMs: performance.now() - t0 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export default async function run(): Promise<void> {
  const browser = existsSync(CHROMIUM)
    ? await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] })
    : null;
  if (!browser) console.log('(no /usr/bin/chromium: measuring until the console HTML is served)');
  const dir = makeTempDir('nightshift-bench-');
  try {
    const cold = await startToReady(dir.path, browser);
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push((await startToReady(dir.path, browser)).readyMs);
    warm.sort((a, b) => a - b);
    const median = warm[Math.floor(warm.length / 2)] ?? NaN;
    console.log(`serve start → address printed (cold)   ${cold.printedMs.toFixed(0)} ms`);
    console.log(`serve start → console ready (cold)     ${cold.readyMs.toFixed(0)} ms   goal < ${GOAL_MS} ms  ratio ${(cold.readyMs / GOAL_MS).toFixed(2)}`);
    console.log(`serve start → console ready (warm, median of 5)  ${median.toFixed(0)} ms   goal < ${GOAL_MS} ms  ratio ${(median / GOAL_MS).toFixed(2)}`);
  } finally {
    await browser?.close();
    dir.remove();
  }
}
