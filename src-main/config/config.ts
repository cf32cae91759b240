import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppError } from '../../src-shared/errors';

/** Everything the core needs to start; built from CLI flags and environment. */
export interface CoreConfig {
  /** Where the database, logs, token and frames live. */
  dataDir: string;
  /** HTTP port; 0 picks a free one. */
  port: number;
  /** Address the HTTP server binds; anything but loopback requires the token for every call. */
  bindAddress: string;
  /** Run on simulated devices with a simulated clock. */
  simulate: boolean;
  /** Simulated clock speed (clock ms per real ms); only with `simulate`. */
  speed: number;
  /** Simulated clock start, UTC ms; null = now. */
  simStartMs: number | null;
  /** Simulated device faults (`seed:N` or explicit, see src-main/devices/faults); only with `simulate`. */
  faults: string | null;
  /** Seed the demo observatory on first start. */
  seedDemo: boolean;
  /** Directory of the built console (dist/renderer); null = do not serve the console. */
  rendererDir: string | null;
  /** Directory of bundled resources (demo observatory, catalogs). */
  resourcesDir: string;
}

/** The per-user data directory of the platform, overridable with NIGHTSHIFT_DATA_DIR. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['NIGHTSHIFT_DATA_DIR']) return resolve(env['NIGHTSHIFT_DATA_DIR']);
  const home = homedir();
  switch (process.platform) {
    case 'win32':
      return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'Nightshift');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Nightshift');
    default:
      return join(env['XDG_DATA_HOME'] ?? join(home, '.local', 'share'), 'nightshift');
  }
}

export const DEFAULT_PORT = 8123;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
export const isLoopback = (address: string): boolean => LOOPBACK.has(address) || address.startsWith('127.');

/** Parsed flags of `serve`/`start`: `--port N --data-dir D --bind A --simulate --speed S --sim-start ISO --faults SPEC --no-demo`. */
export function parseCoreFlags(argv: readonly string[], defaults: Pick<CoreConfig, 'rendererDir' | 'resourcesDir'>): CoreConfig {
  const config: CoreConfig = {
    dataDir: defaultDataDir(),
    port: DEFAULT_PORT,
    bindAddress: '127.0.0.1',
    simulate: false,
    speed: 1,
    simStartMs: null,
    faults: null,
    seedDemo: true,
    ...defaults,
  };
  const errors: Record<string, string[]> = {};
  const fail = (flag: string, message: string): void => {
    (errors[flag] ??= []).push(message);
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const [name, inline] = flag.includes('=') ? (flag.split(/=(.*)/s, 2) as [string, string]) : [flag, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        fail(name, 'needs a value');
        return '';
      }
      i++;
      return next;
    };
    switch (name) {
      case '--port': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65535) fail(name, `must be an integer 0–65535, got "${v}"`);
        else config.port = n;
        break;
      }
      case '--data-dir':
        config.dataDir = resolve(value());
        break;
      case '--bind':
        config.bindAddress = value();
        break;
      case '--simulate':
        config.simulate = true;
        break;
      case '--speed': {
        const v = value();
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0 || n > 100_000) fail(name, `must be a number in (0, 100000], got "${v}"`);
        else config.speed = n;
        break;
      }
      case '--sim-start': {
        const v = value();
        const ms = Date.parse(v);
        if (Number.isNaN(ms)) fail(name, `must be an ISO date-time, got "${v}"`);
        else config.simStartMs = ms;
        break;
      }
      case '--faults':
        config.faults = value();
        break;
      case '--no-demo':
        config.seedDemo = false;
        break;
      default:
        fail(name, 'unknown option');
    }
  }
  if (!config.simulate && (config.speed !== 1 || config.simStartMs !== null)) {
    fail('--speed', '--speed and --sim-start need --simulate');
  }
  if (!config.simulate && config.faults !== null) fail('--faults', 'faults are injected into simulated devices: needs --simulate');
  if (Object.keys(errors).length > 0) {
    const text = Object.entries(errors)
      .map(([k, v]) => `${k}: ${v.join('; ')}`)
      .join('\n');
    throw new AppError('config.invalid', `Invalid options:\n${text}`, errors);
  }
  return config;
}
