import { join, resolve } from 'node:path';
import { startHttpServer, type RunningHttpServer } from '../../../src-main/api';
import { SimulatedClock } from '../../../src-main/clock';
import { openDatabase, type OpenDatabase } from '../../../src-main/db';
import { readDemoFiles, seedDemo, type SeedResult } from '../../../src-main/demo';
import { EventBus } from '../../../src-main/events/bus';
import { createMemoryLogger } from '../../../src-main/logging';
import { ObservatoryService } from '../../../src-main/observatory';
import { createPortal, type Portal } from '../../../src-main/portal';
import { makeTempDir } from '../../helpers/temp-dir';

export const RESOURCES_DIR = resolve(import.meta.dirname, '../../../resources');
/** A night inside demo semester 2026B. */
export const SEED_MS = Date.parse('2026-11-21T12:00:00Z');
export const ACCESS_TOKEN = 'a'.repeat(48);

export interface PortalFixture {
  url: string;
  clock: SimulatedClock;
  database: OpenDatabase;
  portal: Portal;
  bus: EventBus;
  seed: SeedResult;
  http: RunningHttpServer;
  logLines: string[];
  /** API tokens of the demo users. */
  tokens: Record<string, string>;
  call(method: string, path: string, opts?: { token?: string | null; body?: unknown; raw?: string | Buffer; headers?: Record<string, string> }): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

/** A real SQLite file, the demo seeded through the create path, the portal on a real HTTP server. */
export async function startPortal(opts: { seed?: boolean; noFsync?: boolean } = {}): Promise<PortalFixture> {
  const dir = makeTempDir('nightshift-portal-');
  const clock = new SimulatedClock(SEED_MS, 0);
  const database = await openDatabase(join(dir.path, 'nightshift.db'));
  // Bulk tests only: skip the per-commit fsync (durability is not what they measure).
  if (opts.noFsync) database.raw.pragma('synchronous = OFF');
  const observatory = new ObservatoryService(database.db);
  await observatory.load();
  const files = readDemoFiles(RESOURCES_DIR);
  const seed = opts.seed === false ? { requestGroups: 0, rejected: [] } : await seedDemo(database.db, observatory, files, SEED_MS);
  const logLines: string[] = [];
  const logger = createMemoryLogger(logLines);
  const bus = new EventBus();
  const portal = createPortal({ db: database.db, raw: database.raw, clock, bus, observatory, logger, accessToken: ACCESS_TOKEN });
  const http = await startHttpServer({
    dispatch: () => Promise.resolve({ ok: false, error: { code: 'not_found', message: 'no ipc in this test' } }),
    bus,
    token: ACCESS_TOKEN,
    bindAddress: '127.0.0.1',
    port: 0,
    rendererDir: null,
    logger,
    routes: portal.routes,
  });
  const rows = await database.db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id').select(['users.username', 'api_tokens.key']).execute();
  const tokens = Object.fromEntries(rows.map((r) => [r.username, r.key]));
  const call: PortalFixture['call'] = async (method, path, o = {}) => {
    const token = o.token === undefined ? tokens['demo'] : o.token;
    const headers: Record<string, string> = { ...(token ? { Authorization: `Token ${token}` } : {}), ...o.headers };
    let body: string | Buffer | undefined = o.raw;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['Content-Type'] = 'application/json';
    }
    const payload = typeof body === 'string' || body === undefined ? body : new Uint8Array(body);
    const res = await fetch(`${http.url}${path}`, { method, headers, body: payload, redirect: 'manual' });
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json };
  };
  return {
    url: http.url, clock, database, portal, bus, seed, http, logLines, tokens, call,
    async close() {
      portal.stop();
      await http.close();
      await database.close();
      clock.dispose();
      dir.remove();
    },
  };
}

/** A valid NORMAL group on the demo 1 m imager, windows inside 2026B. */
export function demoGroup(over: Record<string, unknown> = {}, config: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'api test',
    proposal: 'NS2026-GAL',
    observation_type: 'NORMAL',
    operator: 'SINGLE',
    ipp_value: 1.0,
    requests: [
      {
        location: { telescope_class: '1m0' },
        windows: [{ start: '2026-11-22T00:00:00Z', end: '2026-11-29T00:00:00Z' }],
        configurations: [
          {
            type: 'EXPOSE',
            instrument_type: '1M0-SCICAM-NIGHTSHIFT',
            target: { name: 'M1', type: 'ICRS', ra: 83.63308, dec: 22.0145 },
            instrument_configs: [{ exposure_time: 30, exposure_count: 1, optical_elements: { filter: 'V' } }],
            constraints: {},
            acquisition_config: {},
            guiding_config: {},
            ...config,
          },
        ],
      },
    ],
    ...over,
  };
}
