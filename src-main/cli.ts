import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toAppError } from '../src-shared/errors';
import { readToken, ensureToken } from './api';
import { defaultDataDir, parseCoreFlags, type CoreConfig } from './config';
import { createCore } from './core';
import { findElectronBinary } from './electron-detect';
import { RealClock } from './clock';
import { runVisibilityCommand } from './visibility/visibility-cli';
import { runScheduleCommand } from './scheduler/service/replay';
import { serve } from './serve';
import { NIGHTSHIFT_VERSION } from './version';

const HELP = `Nightshift ${NIGHTSHIFT_VERSION} — observatory control system

Usage: nightshift <command> [options]

Commands:
  start        Open the desktop app; without an Electron binary or a display,
               serve the console headless and print its address.
  serve        Run the headless site daemon and serve the console over HTTP.
  token        Print the access token needed for writes over HTTP.
  reset-demo   Reset the demo observatory's proposals and sample requests.
  visibility   Tonight's dark time, rise/transit/set and observable intervals of a
               target: --ra DEG --dec DEG [--name N] [--date YYYY-MM-DD]
               [--telescope ID] [--max-airmass X] [--data-dir D] (no server needed)
  schedule     Re-run a recorded scheduler input and print the decision and its
               quality: --replay FILE.json [--json] (no server needed)
  help         Show this help.

Options (start, serve, reset-demo):
  --port N          HTTP port (default 8123; 0 = any free port)
  --data-dir D      Data directory (default: ${defaultDataDir()})
  --bind A          Address to bind (default 127.0.0.1; any other needs the token for everything)
  --simulate        Simulated devices and a simulated clock
  --speed S         Simulated clock speed, e.g. 600: a 12-hour night in well under two minutes
  --sim-start ISO   Simulated clock start time (default: now)
  --faults SPEC     Simulated device faults: seed:N [count:N] [hours:H], or
                    TELESCOPE/DEVICE:TYPE[@ISO] (e.g. tfn.doma.1m0a/camera:disconnect)
  --no-demo         Do not seed the demo observatory on first start

Environment: NIGHTSHIFT_DATA_DIR overrides the default data directory.`;

const here = dirname(fileURLToPath(import.meta.url));
const paths = {
  rendererDir: resolve(here, '../renderer'),
  resourcesDir: resolve(here, '../../resources'),
  electronMain: resolve(here, 'electron-main.js'),
};

export async function main(argv: readonly string[]): Promise<number> {
  const [command = 'help', ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await runServe(parseCoreFlags(rest, paths), false);
      case 'start':
        return await runStart(rest);
      case 'token':
        return runToken(rest);
      case 'reset-demo':
        return await runResetDemo(parseCoreFlags(rest, paths));
      case 'visibility':
        return runVisibilityCommand(rest, { resourcesDir: paths.resourcesDir, defaultDataDir: defaultDataDir(), clock: new RealClock(), print: (line) => console.log(line) });
      case 'schedule':
        return await runScheduleCommand(rest, (line) => console.log(line));
      case 'help':
      case '--help':
      case '-h':
        console.log(HELP);
        return 0;
      case '--version':
      case 'version':
        console.log(NIGHTSHIFT_VERSION);
        return 0;
      default:
        console.error(`Unknown command "${command}".\n\n${HELP}`);
        return 2;
    }
  } catch (error) {
    const e = toAppError(error);
    console.error(`nightshift: ${e.message}`);
    return e.code === 'config.invalid' ? 2 : 1;
  }
}

async function runServe(config: CoreConfig, fellBack: boolean): Promise<number> {
  const started = performance.now();
  const handle = await serve(config);
  if (fellBack) console.log('No Electron binary or display here: serving the console headless instead.');
  console.log(`Nightshift console: ${handle.http.url}`);
  console.log(`  operator access (writes): ${handle.http.url}/#token=${handle.core.token}`);
  console.log(`  data: ${config.dataDir}${config.simulate ? `  (simulated, ${config.speed}× clock)` : ''}`);
  handle.core.logger.info('ready', { ms: Math.round(performance.now() - started) });
  await new Promise<void>((resolveStop) => {
    const stop = (signal: string): void => {
      console.log(`\n${signal}: stopping Nightshift…`);
      handle.stop().then(resolveStop, (error: unknown) => {
        console.error(String(error));
        resolveStop();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}

async function runStart(rest: readonly string[]): Promise<number> {
  const config = parseCoreFlags(rest, paths);
  const electron = findElectronBinary();
  if (electron === null) return runServe(config, true);
  const child = spawn(electron, [paths.electronMain, ...rest], { stdio: 'inherit' });
  return new Promise((resolveExit) => child.on('exit', (code) => resolveExit(code ?? 0)));
}

function runToken(rest: readonly string[]): number {
  const config = parseCoreFlags(rest, paths);
  const token = readToken(config.dataDir) ?? ensureToken(config.dataDir);
  console.log(token);
  return 0;
}

async function runResetDemo(config: CoreConfig): Promise<number> {
  const core = await createCore(config, 'serve');
  try {
    const result = await core.dispatch('demo.reset', {}, { canWrite: true, via: 'cli' });
    if (!result.ok) throw new Error(result.error.message);
    console.log(`Demo observatory reset: ${(result.value as { requestGroups: number }).requestGroups} request groups.`);
    return 0;
  } finally {
    await core.shutdown();
  }
}

export const cliPaths = { ...paths, dataDirDefault: join(defaultDataDir()) };
