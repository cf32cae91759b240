/**
 * A telescope's pointing limits as an operator edits them (Settings → Telescope limits): the
 * configdb telescope fields `horizon`, `ha_limit_pos`, `ha_limit_neg` and `zenith_blind_spot`
 * (spec ocs-contract §6.2) under Nightshift names with units. The core checks a change with this
 * schema and the console checks the form with it as the operator types, so both say the same.
 */
import { z } from 'zod';

/** The valid ranges, inclusive (OCS sign convention: the eastern limit `ha_limit_neg` is ≤ 0). */
export const TELESCOPE_LIMIT_RANGES = {
  horizonDeg: { min: 0, max: 90 },
  haLimitPosHours: { min: 0, max: 12 },
  haLimitNegHours: { min: -12, max: 0 },
  zenithBlindSpotDeg: { min: 0, max: 90 },
} as const;

export type TelescopeLimitField = keyof typeof TELESCOPE_LIMIT_RANGES;

const ranged = (field: TelescopeLimitField, what: string, unit: string) => {
  const { min, max } = TELESCOPE_LIMIT_RANGES[field];
  return z
    .number({ error: `${what} must be a number` })
    .min(min, `${what} must be at least ${min}${unit}`)
    .max(max, `${what} must be at most ${max}${unit}`);
};

/**
 * `{ horizonDeg, haLimitPosHours, haLimitNegHours, zenithBlindSpotDeg }`; errors are keyed by
 * these field names. Horizon 0–90° of altitude; western hour-angle limit 0–12 h (12 = none);
 * eastern −12–0 h (−12 = none); zenith blind spot 0–90° radius (0 = none), and a blind spot must
 * leave sky between it and the horizon (radius below 90 − horizon), else nothing is observable.
 */
export const telescopeLimitsSchema = z
  .object({
    horizonDeg: ranged('horizonDeg', 'horizon', '°'),
    haLimitPosHours: ranged('haLimitPosHours', 'western hour-angle limit', ' h'),
    haLimitNegHours: ranged('haLimitNegHours', 'eastern hour-angle limit', ' h'),
    zenithBlindSpotDeg: ranged('zenithBlindSpotDeg', 'zenith blind spot', '°'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.zenithBlindSpotDeg > 0 && v.zenithBlindSpotDeg >= 90 - v.horizonDeg) {
      ctx.addIssue({
        code: 'custom',
        path: ['zenithBlindSpotDeg'],
        message: `zenith blind spot must be below ${90 - v.horizonDeg}° (90° − horizon)`,
      });
    }
  });

export type TelescopeLimitsInput = z.output<typeof telescopeLimitsSchema>;
