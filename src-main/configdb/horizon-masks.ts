/**
 * Horizon masks of the observatory model (migration 0007). In a configdb `/sites/` dump a mask is
 * the Nightshift extension field `horizon_mask: [[azimuthDeg, altitudeDeg], …]` on a telescope; in
 * the database it is one row per telescope beside the snapshot. `splitHorizonMasks` takes a dump
 * apart for storage, `mergeHorizonMasks` puts the masks back, so every reader of the model (the
 * validator, the scheduler, the planner, `/api/airmass/`, the sky view) sees one tree.
 */
import type { Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import { AppError, type FieldErrors } from '../../src-shared/errors';
import { horizonMaskSchema, toFieldErrors, type HorizonMask } from '../../src-shared/schemas';
import type { Database } from '../db';

/** Masks by telescope id `site.enclosure.telescope`. */
export type HorizonMasks = Map<string, HorizonMask>;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The site list of a dump (a bare list or the paginated envelope), or null when it has none. */
function sitesOf(dump: unknown): unknown[] | null {
  if (Array.isArray(dump)) return dump as unknown[];
  if (isObj(dump) && Array.isArray(dump['results'])) return dump['results'] as unknown[];
  return null;
}

/** Visits every telescope object of a raw dump with its id and its path from the dump's root. */
export function forEachTelescope(dump: unknown, visit: (tel: Obj, id: string, path: (string | number)[]) => void): void {
  const sites = sitesOf(dump);
  if (sites === null) return;
  const root: (string | number)[] = Array.isArray(dump) ? [] : ['results'];
  sites.forEach((s, si) => {
    if (!isObj(s) || !Array.isArray(s['enclosure_set'])) return;
    s['enclosure_set'].forEach((e: unknown, ei) => {
      if (!isObj(e) || !Array.isArray(e['telescope_set'])) return;
      e['telescope_set'].forEach((t: unknown, ti) => {
        if (!isObj(t)) return;
        visit(t, `${String(s['code'])}.${String(e['code'])}.${String(t['code'])}`, [...root, si, 'enclosure_set', ei, 'telescope_set', ti]);
      });
    });
  });
}

/** Deep copy through JSON: dumps are JSON documents, and callers must not see their input change. */
const copy = (dump: unknown): unknown => (dump === undefined ? undefined : (JSON.parse(JSON.stringify(dump)) as unknown));

/**
 * Takes the `horizon_mask` fields out of a raw dump: the dump without them (a copy; the input is
 * not changed), the masks by telescope id, and the ids of telescopes with no field at all (`silent`:
 * see `masksAfterImport`). A null field means "no mask".
 * Throws AppError `validation.invalid` with field-keyed details (e.g.
 * `results.0.enclosure_set.1.telescope_set.0.horizon_mask.3.0`) when a mask is malformed.
 */
export function splitHorizonMasks(dump: unknown): { dump: unknown; masks: HorizonMasks; silent: Set<string> } {
  const stripped = copy(dump);
  const masks: HorizonMasks = new Map();
  const silent = new Set<string>();
  const issues: { path: PropertyKey[]; message: string }[] = [];
  forEachTelescope(stripped, (tel, id, path) => {
    if (!('horizon_mask' in tel)) {
      silent.add(id);
      return;
    }
    const raw = tel['horizon_mask'];
    delete tel['horizon_mask'];
    if (raw === null) return;
    const r = horizonMaskSchema.safeParse(raw);
    if (!r.success) {
      for (const iss of r.error.issues) issues.push({ path: [...path, 'horizon_mask', ...iss.path], message: iss.message });
      return;
    }
    if (masks.has(id)) issues.push({ path: [...path, 'code'], message: `telescope ${id} appears twice` });
    masks.set(id, r.data);
  });
  if (issues.length > 0) {
    const details: FieldErrors = toFieldErrors(issues);
    throw new AppError('validation.invalid', 'Invalid horizon mask', details);
  }
  return { dump: stripped, masks, silent };
}

/**
 * The masks to store after importing a dump: the dump's own, plus the stored mask of every telescope
 * the dump still holds but says nothing about. An OCS portal's `/sites/` never carries masks, so
 * re-importing the network's configdb must not wipe a site's local horizon; `horizon_mask: null`
 * clears one explicitly, and telescopes the dump no longer holds lose theirs.
 */
export function masksAfterImport(incoming: ReadonlyMap<string, HorizonMask>, silent: ReadonlySet<string>, stored: ReadonlyMap<string, HorizonMask>): HorizonMasks {
  const out: HorizonMasks = new Map(incoming);
  for (const id of silent) {
    const kept = stored.get(id);
    if (kept && !out.has(id)) out.set(id, kept);
  }
  return out;
}

/**
 * The dump with each telescope's mask as its `horizon_mask` field (a copy; the input is not
 * changed). Telescopes without a mask get no field, so an OCS dump stays exactly as imported.
 * Masks of telescopes the dump does not hold are ignored.
 */
export function mergeHorizonMasks(dump: unknown, masks: ReadonlyMap<string, HorizonMask>): unknown {
  if (masks.size === 0) return dump;
  const out = copy(dump);
  forEachTelescope(out, (tel, id) => {
    const m = masks.get(id);
    if (m) tel['horizon_mask'] = m.map(([az, alt]) => [az, alt]);
  });
  return out;
}

function parseRows(rows: readonly { telescope_id: string; points_json: string }[]): HorizonMasks {
  const out: HorizonMasks = new Map();
  for (const row of rows) {
    // The table's CHECK keeps the JSON an array of 3–360 items; a row that still fails the schema
    // (written by hand) is skipped rather than making the whole observatory unreadable.
    const r = horizonMaskSchema.safeParse(JSON.parse(row.points_json));
    if (r.success) out.set(row.telescope_id, r.data);
  }
  return out;
}

/** The stored masks (table `telescope_horizon_masks`). */
export async function readHorizonMasks(db: Kysely<Database>): Promise<HorizonMasks> {
  return parseRows(await db.selectFrom('telescope_horizon_masks').select(['telescope_id', 'points_json']).orderBy('telescope_id').execute());
}

/** Makes the stored masks exactly `masks`. Run it inside the caller's transaction with the snapshot write. */
export async function writeHorizonMasks(db: Kysely<Database>, masks: ReadonlyMap<string, HorizonMask>, utcMs: number): Promise<void> {
  await db.deleteFrom('telescope_horizon_masks').execute();
  for (const [id, m] of masks) {
    await db.insertInto('telescope_horizon_masks').values({ telescope_id: id, points_json: JSON.stringify(m), updated_utc_ms: utcMs }).execute();
  }
}

/**
 * The stored masks through a raw (possibly read-only) connection; empty when the database predates
 * migration 0007 (a read-only reader cannot migrate it).
 */
export function readHorizonMasksSync(db: Pick<BetterSqlite3.Database, 'prepare'>): HorizonMasks {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'telescope_horizon_masks'").get();
  if (exists === undefined) return new Map();
  return parseRows(db.prepare('SELECT telescope_id, points_json FROM telescope_horizon_masks ORDER BY telescope_id').all() as { telescope_id: string; points_json: string }[]);
}

/** Ids (`site.enclosure.telescope`) of every telescope of a raw dump, active or not, in dump order. */
export function telescopeIdsOf(dump: unknown): string[] {
  const ids: string[] = [];
  forEachTelescope(dump, (_tel, id) => ids.push(id));
  return ids;
}

/**
 * Sets (or with null removes) one telescope's stored mask, leaving every other row alone. Run it
 * inside the caller's transaction; the mask must already be valid.
 */
export async function writeHorizonMask(db: Kysely<Database>, telescopeId: string, mask: HorizonMask | null, utcMs: number): Promise<void> {
  await db.deleteFrom('telescope_horizon_masks').where('telescope_id', '=', telescopeId).execute();
  if (mask === null) return;
  await db.insertInto('telescope_horizon_masks').values({ telescope_id: telescopeId, points_json: JSON.stringify(mask), updated_utc_ms: utcMs }).execute();
}
