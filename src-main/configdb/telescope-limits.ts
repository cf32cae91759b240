/**
 * A telescope's pointing limits inside a configdb `/sites/` dump: the configdb fields `horizon`
 * (degrees), `ha_limit_pos` / `ha_limit_neg` (hours, OCS signs: western ≥ 0, eastern ≤ 0) and
 * `zenith_blind_spot` (degrees radius). They live in the stored snapshot itself (not beside it
 * like horizon masks), so a later `/sites/` import replaces them with the imported values.
 */
import type { TelescopeLimitsInput } from '../../src-shared/schemas';
import { forEachTelescope } from './horizon-masks';

/** The configdb field each limit is stored in. */
export const TELESCOPE_LIMIT_FIELDS = {
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

/**
 * The limits stored on telescope `telescopeId` of a raw dump, with configdb's defaults for absent
 * fields (horizon 15°, HA ±12 h, blind spot 0°); null when the dump holds no such telescope or a
 * field is not a number.
 */
export function telescopeLimitsOf(dump: unknown, telescopeId: string): TelescopeLimitsInput | null {
  let found: TelescopeLimitsInput | null = null;
  forEachTelescope(dump, (tel, id) => {
    if (id !== telescopeId) return;
    const num = (field: string, dflt: number): number | null => {
      const v = tel[field] ?? dflt;
      return typeof v === 'number' ? v : null;
    };
    const horizonDeg = num('horizon', 15);
    const haLimitPosHours = num('ha_limit_pos', 12);
    const haLimitNegHours = num('ha_limit_neg', -12);
    const zenithBlindSpotDeg = num('zenith_blind_spot', 0);
    if (horizonDeg === null || haLimitPosHours === null || haLimitNegHours === null || zenithBlindSpotDeg === null) return;
    found = { horizonDeg, haLimitPosHours, haLimitNegHours, zenithBlindSpotDeg };
  });
  return found;
}
