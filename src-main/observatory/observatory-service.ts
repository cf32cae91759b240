import type { Kysely } from 'kysely';
import { AppError } from '../../src-shared/errors';
import type { SiteSummary } from '../../src-shared/ipc/contract';
import { zodIssuesToFieldErrors } from '../../src-shared/ipc/validate';
import { horizonMaskSchema, telescopeLimitsSchema, type HorizonMask, type TelescopeLimitsInput } from '../../src-shared/schemas';
import type { Database } from '../db';
import {
  masksAfterImport,
  mergeHorizonMasks,
  readHorizonMasks,
  splitHorizonMasks,
  telescopeIdsOf,
  writeHorizonMask,
  writeHorizonMasks,
  type HorizonMasks,
} from '../configdb/horizon-masks';
import { withTelescopeLimits } from '../configdb/telescope-limits';
import { summarizeSites } from './sites-summary';

/** Holds the observatory model (the configdb `/sites/` dump) and its summary. */
export class ObservatoryService {
  private sites: SiteSummary[] = [];
  private sitesDump: unknown = [];

  constructor(private readonly db: Kysely<Database>) {}

  /** Loads the stored model; an empty database has no sites. */
  async load(): Promise<void> {
    const row = await this.db.selectFrom('configdb_snapshot').select('sites_json').where('id', '=', 1).executeTakeFirst();
    // Horizon masks (a Nightshift extension) are stored beside the tree and put back on its telescopes.
    this.sitesDump = mergeHorizonMasks(row ? (JSON.parse(row.sites_json) as unknown) : [], await readHorizonMasks(this.db));
    this.sites = summarizeSites(this.sitesDump);
  }

  /**
   * Replaces the model with a configdb `/sites/` dump (validated first; nothing changes on error).
   * A telescope's `horizon_mask` field replaces its stored mask (`null` clears it); a telescope
   * without the field (any OCS dump) keeps the mask it had. Throws AppError `validation.invalid`
   * for a malformed mask.
   */
  async replace(dump: unknown, utcMs: number): Promise<void> {
    const split = splitHorizonMasks(dump);
    const sites = summarizeSites(split.dump);
    const json = JSON.stringify(split.dump);
    let masks: HorizonMasks = split.masks;
    await this.db.transaction().execute(async (trx) => {
      masks = masksAfterImport(split.masks, split.silent, await readHorizonMasks(trx));
      await trx
        .insertInto('configdb_snapshot')
        .values({ id: 1, sites_json: json, updated_utc_ms: utcMs })
        .onConflict((oc) => oc.column('id').doUpdateSet({ sites_json: json, updated_utc_ms: utcMs }))
        .execute();
      await writeHorizonMasks(trx, masks, utcMs);
    });
    this.sitesDump = mergeHorizonMasks(split.dump, masks);
    this.sites = sites;
  }

  /**
   * Sets one telescope's azimuth-dependent horizon mask (`[[azimuthDeg, altitudeDeg], …]`, see
   * `horizonMaskSchema`), or removes it with null (the flat horizon alone). Only that telescope's
   * row is written; the snapshot and every other mask stay as they are. Returns the stored mask.
   * Throws AppError `validation.invalid` with details keyed `horizonMask.<i>.<j>` (`horizonMask`
   * for the point count) and stores nothing; `not_found` when the model has no telescope
   * `telescopeId` (`site.enclosure.telescope`, active or not).
   */
  async setHorizonMask(telescopeId: string, mask: unknown, utcMs: number): Promise<HorizonMask | null> {
    let valid: HorizonMask | null = null;
    if (mask !== null) {
      const r = horizonMaskSchema.safeParse(mask);
      if (!r.success) {
        const issues = r.error.issues.map((iss) => ({ ...iss, path: ['horizonMask', ...iss.path] }));
        throw new AppError('validation.invalid', 'Invalid horizon mask', zodIssuesToFieldErrors(issues));
      }
      valid = r.data;
    }
    if (!telescopeIdsOf(this.sitesDump).includes(telescopeId)) {
      throw new AppError('not_found', `No telescope "${telescopeId}" in the observatory`, { telescopeId: ['unknown telescope'] });
    }
    await this.db.transaction().execute((trx) => writeHorizonMask(trx, telescopeId, valid, utcMs));
    // Split the live tree only now (another write may have landed while this one waited for the
    // database), so that change is kept; the live tree is what every reader sees, masks included.
    const split = splitHorizonMasks(this.sitesDump);
    const masks = new Map(split.masks);
    if (valid === null) masks.delete(telescopeId);
    else masks.set(telescopeId, valid);
    // A new object (never the old one mutated): readers such as configdbViewOf rebuild on identity.
    this.sitesDump = mergeHorizonMasks(split.dump, masks);
    return valid;
  }

  /**
   * Sets one telescope's pointing limits: flat horizon (degrees of altitude), western and eastern
   * hour-angle limits (hours; OCS signs, `haLimitNegHours` ≤ 0) and zenith blind spot (degrees
   * radius), i.e. configdb `horizon`, `ha_limit_pos`, `ha_limit_neg`, `zenith_blind_spot`. One
   * transaction rewrites that telescope's fields in the stored snapshot (every other telescope and
   * key, and every horizon mask, stay as they are); a later `/sites/` import replaces them.
   * Returns the stored limits. Throws AppError `validation.invalid` with details keyed by field name
   * (`horizonDeg`, …; rules in `telescopeLimitsSchema`) and stores nothing; `not_found` when the
   * model has no telescope `telescopeId` (`site.enclosure.telescope`, active or not).
   */
  async setTelescopeLimits(telescopeId: string, limits: unknown, utcMs: number): Promise<TelescopeLimitsInput> {
    const r = telescopeLimitsSchema.safeParse(limits);
    if (!r.success) throw new AppError('validation.invalid', 'Invalid telescope limits', zodIssuesToFieldErrors(r.error.issues));
    const valid = r.data;
    const unknown = () => new AppError('not_found', `No telescope "${telescopeId}" in the observatory`, { telescopeId: ['unknown telescope'] });
    if (!telescopeIdsOf(this.sitesDump).includes(telescopeId)) throw unknown();
    await this.db.transaction().execute(async (trx) => {
      // The stored snapshot (masks kept apart), read inside the transaction so a write that
      // landed meanwhile is edited rather than overwritten.
      const row = await trx.selectFrom('configdb_snapshot').select('sites_json').where('id', '=', 1).executeTakeFirst();
      const updated = row ? withTelescopeLimits(JSON.parse(row.sites_json) as unknown, telescopeId, valid) : null;
      if (updated === null) throw unknown();
      await trx
        .updateTable('configdb_snapshot')
        .set({ sites_json: JSON.stringify(updated), updated_utc_ms: utcMs })
        .where('id', '=', 1)
        .execute();
    });
    // A new object (never the old one mutated): readers such as configdbViewOf and the validator's
    // configdb index rebuild on identity. The live tree keeps its merged masks.
    this.sitesDump = withTelescopeLimits(this.sitesDump, telescopeId, valid) ?? this.sitesDump;
    this.sites = summarizeSites(this.sitesDump);
    return valid;
  }

  listSites(): SiteSummary[] {
    return this.sites;
  }

  /** The raw `/sites/` dump as stored. */
  dump(): unknown {
    return this.sitesDump;
  }

  /** The site with `code`, or the first site when `code` is omitted. */
  site(code?: string): SiteSummary {
    const site = code === undefined ? this.sites[0] : this.sites.find((s) => s.code === code);
    if (!site) throw new AppError('not_found', code === undefined ? 'The observatory has no site yet' : `No site "${code}"`);
    return site;
  }
}
