/**
 * Import and export of an OCS configdb `/sites/` dump. Import validates and fills configdb's
 * defaults; unknown keys are kept, so `exportSites(importSites(x))` reproduces a complete dump.
 */
import type { FieldErrors } from '../../src-shared/errors';
import { sitesResponseSchema, toFieldErrors } from '../../src-shared/schemas';
import type { SitesResponse } from '../../src-shared/schemas';

export type SitesImport = { ok: true; sites: SitesResponse } | { ok: false; errors: FieldErrors };

/** Parses a `/sites/` answer (paginated or a bare list). Never throws for bad input. */
export function importSites(raw: unknown): SitesImport {
  const r = sitesResponseSchema.safeParse(raw);
  return r.success ? { ok: true, sites: r.data } : { ok: false, errors: toFieldErrors(r.error.issues) };
}

/** The `/sites/` answer for a stored tree: the configdb envelope with `count` recomputed. */
export function exportSites(sites: SitesResponse): SitesResponse {
  return { ...sites, count: sites.results.length, next: null, previous: null, results: sites.results };
}
