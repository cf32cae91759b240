/**
 * A telescope's pointing limits inside a configdb `/sites/` dump: the configdb fields `horizon`
 * (degrees), `ha_limit_pos` / `ha_limit_neg` (hours, OCS signs: western ≥ 0, eastern ≤ 0) and
 * `zenith_blind_spot` (degrees radius). They live in the stored snapshot itself (not beside it
 * like horizon masks), so a later `/sites/` import replaces them with the imported values.
 */
import type { TelescopeLimitsInput } from '../../src-shared/schemas';
import { forEachTelescope } from './horizon-masks';

/** The configdb field each limit is stored in. */
const TELESCOPE_LIMIT_FIELDS = {
  horizonDeg: 'horizon',
  haLimitPosHours: 'ha_limit_pos',
  haLimitNegHours: 'ha_limit_neg',
  zenithBlindSpotDeg: 'zenith_blind_spot',
} as const satisfies Record<keyof TelescopeLimitsInput, string>;

/**
 * A copy of `dump` with telescope `telescopeId` (`site.enclosure.telescope`) carrying `limits`;
 * every other key and telescope is kept as it was, and the input is not changed. Null when the
 * dump holds no such telescope. `limits` must already be valid (`telescopeLimitsSchema`).
 */
export function withTelescopeLimits(dump: unknown, telescopeId: string, limits: TelescopeLimitsInput): unknown {
  const out = JSON.parse(JSON.stringify(dump ?? null)) as unknown;
  let found = false;
  forEachTelescope(out, (tel, id) => {
    if (id !== telescopeId) return;
    found = true;
    for (const [key, field] of Object.entries(TELESCOPE_LIMIT_FIELDS)) tel[field] = limits[key as keyof TelescopeLimitsInput];
  });
  return found ? out : null;
}
