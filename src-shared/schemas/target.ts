/**
 * OCS targets: ICRS, HOUR_ANGLE, SATELLITE and ORBITAL_ELEMENTS (every scheme), with the portal's
 * model ranges and defaults (spec ocs-contract §1.8). The type (and, for orbital elements, the
 * scheme) selects which fields are required; errors stay keyed by field.
 */
import { z } from 'zod';
import { MSG, extraParams, optFloat, reqChoice, reqFloat, reqString } from './drf-fields';

export const TARGET_TYPES = ['ICRS', 'ORBITAL_ELEMENTS', 'HOUR_ANGLE', 'SATELLITE'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export const ORBITAL_SCHEMES = [
  'MPC_MINOR_PLANET',
  'MPC_COMET',
  'JPL_MAJOR_PLANET',
  'ASA_MAJOR_PLANET',
  'ASA_MINOR_PLANET',
  'ASA_COMET',
  'JPL_MINOR_PLANET',
] as const;
export type OrbitalScheme = (typeof ORBITAL_SCHEMES)[number];

/** Schemes the visibility engine (like OCS rise-set) can compute; others validate but cannot be scheduled. */
export const SCHEDULABLE_ORBITAL_SCHEMES: readonly OrbitalScheme[] = ['MPC_MINOR_PLANET', 'MPC_COMET', 'JPL_MAJOR_PLANET'];

const common = { name: reqString(50), extra_params: extraParams() };

/** Proper motion, parallax, epoch: optional with OCS defaults; null is accepted (TOM sends it). */
const astrometry = {
  proper_motion_ra: optFloat(0, { max: 20000, min: -20000 }),
  proper_motion_dec: optFloat(0, { max: 20000, min: -20000 }),
  parallax: optFloat(0, { max: 2000, min: -2000 }),
  epoch: optFloat(2000, { max: 2100 }),
};

export const icrsTargetSchema = z.object({
  type: z.literal('ICRS'),
  ...common,
  /** Right ascension, ICRS, degrees [0, 360]. */
  ra: reqFloat({ min: 0, max: 360 }),
  /** Declination, ICRS, degrees [−90, 90]. */
  dec: reqFloat({ min: -90, max: 90 }),
  ...astrometry,
});

export const hourAngleTargetSchema = z.object({
  type: z.literal('HOUR_ANGLE'),
  ...common,
  /** Hour angle, hours. */
  hour_angle: reqFloat(),
  dec: reqFloat({ min: -90, max: 90 }),
  ...astrometry,
});

export const satelliteTargetSchema = z.object({
  type: z.literal('SATELLITE'),
  ...common,
  altitude: reqFloat({ min: 0, max: 90 }),
  azimuth: reqFloat({ min: 0, max: 360 }),
  /** arcsec/s */
  diff_altitude_rate: reqFloat(),
  diff_azimuth_rate: reqFloat(),
  /** MJD */
  diff_epoch: reqFloat(),
  /** arcsec/s² */
  diff_altitude_acceleration: reqFloat(),
  diff_azimuth_acceleration: reqFloat(),
});

const elementsCommon = {
  type: z.literal('ORBITAL_ELEMENTS'),
  ...common,
  /** Epoch of elements, MJD [10000, 100000]. */
  epochofel: reqFloat({ min: 10000, max: 100000 }),
  orbinc: reqFloat({ min: 0, max: 180 }),
  longascnode: reqFloat({ min: 0, max: 360 }),
  eccentricity: reqFloat({ min: 0 }),
};
const argofperih = reqFloat({ min: 0, max: 360 });
const meanElements = { argofperih, meandist: reqFloat(), meananom: reqFloat({ min: 0, max: 360 }) };
const cometElements = { argofperih, perihdist: reqFloat(), epochofperih: reqFloat({ min: 361, max: 240000 }) };

const schemeSchemas = {
  MPC_MINOR_PLANET: z.object({ ...elementsCommon, scheme: z.literal('MPC_MINOR_PLANET'), ...meanElements }),
  ASA_MINOR_PLANET: z.object({ ...elementsCommon, scheme: z.literal('ASA_MINOR_PLANET'), ...meanElements }),
  MPC_COMET: z.object({ ...elementsCommon, scheme: z.literal('MPC_COMET'), ...cometElements }),
  ASA_COMET: z.object({ ...elementsCommon, scheme: z.literal('ASA_COMET'), ...cometElements }),
  JPL_MINOR_PLANET: z.object({ ...elementsCommon, scheme: z.literal('JPL_MINOR_PLANET'), ...cometElements }),
  JPL_MAJOR_PLANET: z.object({
    ...elementsCommon,
    scheme: z.literal('JPL_MAJOR_PLANET'),
    ...meanElements,
    dailymot: reqFloat(),
  }),
  ASA_MAJOR_PLANET: z.object({
    ...elementsCommon,
    scheme: z.literal('ASA_MAJOR_PLANET'),
    longofperih: reqFloat({ min: 0, max: 360 }),
    meandist: reqFloat(),
    meanlong: reqFloat(),
    dailymot: reqFloat(),
  }),
} satisfies Record<OrbitalScheme, z.ZodType>;

export type IcrsTarget = z.output<typeof icrsTargetSchema>;
export type HourAngleTarget = z.output<typeof hourAngleTargetSchema>;
export type SatelliteTarget = z.output<typeof satelliteTargetSchema>;
export type OrbitalElementsTarget = z.output<(typeof schemeSchemas)[OrbitalScheme]>;
export type Target = IcrsTarget | HourAngleTarget | SatelliteTarget | OrbitalElementsTarget;

type Ctx = z.RefinementCtx;

function forward(schema: z.ZodType, value: unknown, ctx: Ctx): unknown {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  for (const iss of r.error.issues) ctx.addIssue({ code: 'custom', message: iss.message, path: iss.path });
  return z.NEVER;
}

/** The target object (already known to be a dict): dispatch on `type`, then on `scheme`. */
export const targetSchema = z.record(z.string(), z.unknown()).transform((v, ctx): Target => {
  const typeCheck = reqChoice(TARGET_TYPES).safeParse(v['type']);
  if (!typeCheck.success) {
    ctx.addIssue({ code: 'custom', message: typeCheck.error.issues[0]?.message ?? MSG.required, path: ['type'] });
    return z.NEVER;
  }
  switch (typeCheck.data) {
    case 'ICRS':
      return forward(icrsTargetSchema, v, ctx) as IcrsTarget;
    case 'HOUR_ANGLE':
      return forward(hourAngleTargetSchema, v, ctx) as HourAngleTarget;
    case 'SATELLITE':
      return forward(satelliteTargetSchema, v, ctx) as SatelliteTarget;
    case 'ORBITAL_ELEMENTS': {
      const schemeCheck = reqChoice(ORBITAL_SCHEMES).safeParse(v['scheme']);
      if (!schemeCheck.success) {
        ctx.addIssue({ code: 'custom', message: schemeCheck.error.issues[0]?.message ?? MSG.required, path: ['scheme'] });
        return z.NEVER;
      }
      const out = forward(schemeSchemas[schemeCheck.data], v, ctx) as OrbitalElementsTarget;
      // Only comets may have open or nearly parabolic orbits (portal target validation).
      if (out !== z.NEVER && !schemeCheck.data.includes('COMET') && out.eccentricity > 0.9) {
        ctx.addIssue({
          code: 'custom',
          message: 'ORBITAL_ELEMENTS pointing of scheme ' + schemeCheck.data + ' requires eccentricity to be lower than 0.9',
          path: ['eccentricity'],
        });
        return z.NEVER;
      }
      return out;
    }
  }
});
