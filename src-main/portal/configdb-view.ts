import { buildConfigdbIndex, type ConfigdbIndex } from '../../src-shared/ocs';
import type { SitesResponse } from '../../src-shared/schemas';
import { importSites } from '../configdb';

/** What the portal needs from the observatory: its stored configdb `/sites/` dump. */
export interface ObservatoryDumpSource {
  dump(): unknown;
}

export interface ConfigdbView {
  sites: SitesResponse;
  index: ConfigdbIndex;
}

const EMPTY: SitesResponse = { count: 0, next: null, previous: null, results: [] };

/**
 * The configdb index of the observatory's current dump, rebuilt only when the dump changes
 * (the observatory replaces the object on import). An unparsable dump reads as an empty observatory.
 */
export function configdbViewOf(source: ObservatoryDumpSource): () => ConfigdbView {
  let lastDump: unknown = undefined;
  let view: ConfigdbView = { sites: EMPTY, index: buildConfigdbIndex(EMPTY) };
  return () => {
    const dump = source.dump();
    if (dump !== lastDump) {
      lastDump = dump;
      const parsed = importSites(dump);
      const sites = parsed.ok ? parsed.sites : EMPTY;
      view = { sites, index: buildConfigdbIndex(sites) };
    }
    return view;
  };
}
