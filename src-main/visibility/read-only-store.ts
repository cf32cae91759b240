/**
 * Read-only looks into a data directory's database for visibility queries: the stored observatory
 * model (for the CLI, which must work while a daemon holds the data directory) and the targets of
 * the queue's pending requests (for the planning view). A read-only SQLite connection to a WAL
 * database never blocks or disturbs the daemon that owns it, so no instance lock is taken.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { QueueTarget } from '../../src-shared/ipc/contract';
import { mergeHorizonMasks, readHorizonMasksSync } from '../configdb/horizon-masks';

export const DATABASE_FILE = 'nightshift.db';

function openReadOnly(dataDir: string): BetterSqlite3.Database | null {
  const file = join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) return null;
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 2000');
  return db;
}

/**
 * The configdb `/sites/` dump stored in `dataDir`, or null when there is no database or no model
 * in it. Throws when the database exists but cannot be read.
 */
export function readStoredSitesDump(dataDir: string): unknown {
  const db = openReadOnly(dataDir);
  if (db === null) return null;
  try {
    const row = db.prepare('SELECT sites_json FROM configdb_snapshot WHERE id = 1').get() as { sites_json: string } | undefined;
    return row ? mergeHorizonMasks(JSON.parse(row.sites_json) as unknown, readHorizonMasksSync(db)) : null;
  } finally {
    db.close();
  }
}

interface StoredRequestBody {
  configurations?: { target?: Record<string, unknown>; constraints?: Record<string, unknown> }[];
}

/**
 * Distinct targets (per request) of PENDING requests, newest group first, at most `limit`.
 * Empty when the database does not exist yet.
 */
export function readQueueTargets(dataDir: string, limit = 500): QueueTarget[] {
  const db = openReadOnly(dataDir);
  if (db === null) return [];
  try {
    const rows = db
      .prepare(
        `SELECT r.id AS id, r.state AS state, r.body_json AS body, g.name AS groupName
           FROM requests r JOIN request_groups g ON g.id = r.request_group_id
          WHERE r.state = 'PENDING'
          ORDER BY g.id DESC, r.id ASC
          LIMIT ?`,
      )
      .all(limit) as { id: number; state: string; body: string; groupName: string }[];
    const out: QueueTarget[] = [];
    for (const row of rows) {
      let body: StoredRequestBody;
      try {
        body = JSON.parse(row.body) as StoredRequestBody;
      } catch {
        continue; // a corrupt body is the queue's problem, not the planner's
      }
      const seen = new Set<string>();
      for (const c of body.configurations ?? []) {
        if (!c.target) continue;
        const key = JSON.stringify([c.target, c.constraints ?? {}]);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ requestId: row.id, requestGroupName: row.groupName, state: row.state, target: c.target, constraints: c.constraints ?? {} });
      }
    }
    return out;
  } finally {
    db.close();
  }
}
