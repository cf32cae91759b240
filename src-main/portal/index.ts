/**
 * The local OCS portal: persistence of proposals, request groups, observations and downtime,
 * their state machines and time accounting, and the OCS-compatible HTTP API. The core builds
 * it with `createPortal` and hands `routes` to the HTTP server.
 */
import type { Clock } from '../clock';
import type { EventBus } from '../events/bus';
import type { HttpRoute } from '../api';
import type { Logger } from '../logging';
import type { VisibilityFn } from '../requests';
import { configdbViewOf, type ConfigdbView, type ObservatoryDumpSource } from './configdb-view';
import { accountRoutes } from './http/account-routes';
import { airmassRoutes } from './http/airmass-routes';
import { expansionRoutes } from './http/expansion-routes';
import { realtimeRoutes } from './http/realtime-routes';
import type { PortalRouteDeps } from './http/deps';
import { observationRoutes } from './http/observation-routes';
import { fallbackRoutes, observatoryRoutes } from './http/observatory-routes';
import { requestGroupRoutes } from './http/requestgroup-routes';
import { cancelGroup, createRequestGroup, validateOnly } from './request-group-service';
import type { Json } from './request-body';
import { expireRequests } from './state-changes';
import type { Caller, Db, Outcome } from './types';

export type { Caller, Db, Outcome } from './types';
export type { ConfigdbView, ObservatoryDumpSource } from './configdb-view';
export { configdbViewOf } from './configdb-view';
export { ACCESS_TOKEN_USER, accessTokenUser, ensureApiToken, setPassword, upsertUser, userByName } from './auth';
export { activeProposalsOfUser, listSemesters, loadProposal, upsertProposal, upsertSemester } from './proposals-repo';
export { cancelGroup, createRequestGroup, createRequestGroupIn, validateOnly } from './request-group-service';
export { expireRequests } from './state-changes';
export type { RealtimeSource, RealtimeSourceDeps } from './realtime-console';
export { createRealtimeSource, realtimeBookErrors } from './realtime-console';
export { MAX_BODY_BYTES } from './http/router';

/** How often the expiry job runs, clock ms (the portal's 5-minute cron). */
export const EXPIRY_INTERVAL_MS = 5 * 60_000;

export interface PortalOptions {
  db: Db;
  /** The raw better-sqlite3 handle (unused today: every write goes through kysely transactions). */
  raw?: unknown;
  clock: Clock;
  bus: EventBus;
  observatory: ObservatoryDumpSource;
  logger: Logger;
  /** The data dir's access token: also the `demo` user's password at `/api/api-token-auth/`. */
  accessToken?: string | null;
  /** Visibility rule 12; null (default) skips it until the visibility engine is wired. */
  visibility?: VisibilityFn | null;
}

export interface Portal {
  routes: HttpRoute[];
  /** Starts the expiry job on the clock (and runs it once). */
  start(): void;
  stop(): void;
  /** Runs the expiry now; resolves with the touched request group ids. */
  expireNow(): Promise<number[]>;
  configdb(): ConfigdbView;
  /** The API's create path, for the console and scripts. */
  createRequestGroup(raw: unknown, caller: Caller): Promise<Outcome<Json>>;
  validateRequestGroup(raw: unknown, caller: Caller): Promise<{ request_durations: unknown; errors: unknown }>;
  cancelRequestGroup(id: number, caller: Caller): Promise<Outcome<Json>>;
}

export function createPortal(options: PortalOptions): Portal {
  const { db, clock, bus, logger } = options;
  const log = logger.child('portal');
  const configdb = configdbViewOf(options.observatory);
  const visibility = options.visibility ?? null;
  const queueChanged = (ids: number[]): void => bus.publish('queue.changed', { requestGroupIds: ids });
  const deps: PortalRouteDeps = {
    db,
    nowMs: () => clock.nowMs(),
    logger,
    configdb,
    sitesDump: () => options.observatory.dump(),
    visibility,
    accessToken: options.accessToken ?? null,
    queueChanged,
  };
  const main = [...expansionRoutes(deps), ...realtimeRoutes(deps), ...requestGroupRoutes(deps), ...observationRoutes(deps), ...accountRoutes(deps), ...observatoryRoutes(deps), ...airmassRoutes(deps)];
  const routes = [...main, ...fallbackRoutes(deps, main)];

  let running = false;
  let busy = false;
  let chain: Promise<unknown> = Promise.resolve();
  const runOnce = async (): Promise<number[]> => {
    busy = true;
    try {
      const ids = await db.transaction().execute((trx) => expireRequests(trx, clock.nowMs()));
      if (ids.length > 0) queueChanged(ids);
      return ids;
    } finally {
      busy = false;
    }
  };
  // Runs are serialised; an explicit call waits for a run in progress and then runs at the current time.
  const expireNow = (): Promise<number[]> => {
    const p = chain.then(runOnce);
    chain = p.catch(() => undefined);
    return p;
  };
  const tick = (): void => {
    if (busy) return; // a slow run is not stacked on by the next tick
    expireNow().catch((error: unknown) => log.error('request expiry failed', { error: String(error) }));
  };
  let stopTimer: (() => void) | null = null;
  const rgDeps = { db, configdb, visibility };

  return {
    routes,
    start() {
      if (running) return;
      running = true;
      stopTimer = clock.every(EXPIRY_INTERVAL_MS, tick);
      tick();
    },
    stop() {
      running = false;
      stopTimer?.();
      stopTimer = null;
    },
    expireNow,
    configdb,
    createRequestGroup: async (raw, caller) => {
      const r = await createRequestGroup(rgDeps, raw, caller, clock.nowMs());
      if (r.ok) queueChanged([r.value['id'] as number]);
      return r;
    },
    validateRequestGroup: (raw, caller) => validateOnly(rgDeps, raw, caller, clock.nowMs()),
    cancelRequestGroup: async (id, caller) => {
      const r = await cancelGroup(db, id, clock.nowMs(), `canceled by ${caller.username}`);
      if (r.ok) queueChanged([id]);
      return r;
    },
  };
}
export { applyObservationCancel, recordHistory } from './state-changes';
export { patchConfigurationStatus } from './observations-service';
