import type { VisibilityFn } from '../../requests';
import type { ConfigdbView } from '../configdb-view';
import type { RouterDeps } from './router';

export interface PortalRouteDeps extends RouterDeps {
  configdb: () => ConfigdbView;
  /** The raw stored `/sites/` dump (served as stored). */
  sitesDump: () => unknown;
  visibility: VisibilityFn | null;
  /** The data dir's access token (also the `demo` user's password at `/api/api-token-auth/`); null = none. */
  accessToken: string | null;
  /** Request groups were created or changed state (the console's queue refreshes). */
  queueChanged(requestGroupIds: number[]): void;
}

/** DRF's anonymous pagination guard. */
export function anonymousPageError(anonymous: boolean, limit: number, offset: number): { detail: string } | null {
  return anonymous && (limit > 100 || offset > 10_000) ? { detail: 'Large limit/offset not allowed for anonymous users.' } : null;
}
