/**
 * The OCS configdb `GET /sites/` tree (spec ocs-contract §6.2): sites → enclosures → telescopes →
 * instruments → cameras and instrument types. Tolerant like the portal: keys configdb fills by
 * default may be absent (the portal's own fixture omits many), unknown keys are kept so an
 * import/export round-trips.
 */
import { z } from 'zod';

const num = (dflt: number) => z.number().default(dflt);
const str = (dflt = '') => z.string().default(dflt);
/** Cerberus validation schema (a plain JSON object). */
const cerberus = z.record(z.string(), z.unknown()).default({});

export const genericModeSchema = z.looseObject({
  id: z.number().optional(),
  name: str(),
  code: z.string(),
  /** Seconds. */
  overhead: num(0),
  schedulable: z.boolean().default(true),
  validation_schema: cerberus,
});
export type GenericMode = z.output<typeof genericModeSchema>;

export const modeTypeSchema = z.looseObject({
  id: z.number().optional(),
  /** `readout` | `acquisition` | `guiding` | `rotator` | `exposure` | … */
  type: z.string(),
  /** Default mode code or "". */
  default: str(),
  modes: z.array(genericModeSchema).default([]),
});
export type ModeType = z.output<typeof modeTypeSchema>;

export const configurationTypePropertiesSchema = z.looseObject({
  name: str(),
  code: z.string(),
  /** Seconds. */
  config_change_overhead: num(0),
  schedulable: z.boolean().default(true),
  force_acquisition_off: z.boolean().default(false),
  requires_optical_elements: z.boolean().default(true),
  validation_schema: cerberus,
});
export type ConfigurationTypeProperties = z.output<typeof configurationTypePropertiesSchema>;

export const instrumentTypeSchema = z.looseObject({
  id: z.number().optional(),
  name: str(),
  code: z.string(),
  instrument_category: str('IMAGE'),
  /** Seconds added to every exposure on top of the readout overhead. */
  fixed_overhead_per_exposure: num(1),
  observation_front_padding: num(90),
  config_front_padding: num(0),
  acquire_exposure_time: num(0),
  default_configuration_type: str('EXPOSE'),
  default_acceptability_threshold: num(90),
  allow_self_guiding: z.boolean().default(false),
  validation_schema: cerberus,
  mode_types: z.array(modeTypeSchema).default([]),
  configuration_types: z.array(configurationTypePropertiesSchema).default([]),
});
export type InstrumentTypeDef = z.output<typeof instrumentTypeSchema>;

export const opticalElementSchema = z.looseObject({
  id: z.number().optional(),
  name: str(),
  code: z.string(),
  schedulable: z.boolean().default(true),
});

export const opticalElementGroupSchema = z.looseObject({
  id: z.number().optional(),
  name: str(),
  /** Plural group type, e.g. `filters`, `slits`. */
  type: z.string(),
  /** Seconds to change an element of this group. */
  element_change_overhead: num(0),
  default: z.string().nullable().default(''),
  optical_elements: z.array(opticalElementSchema).default([]),
});
export type OpticalElementGroup = z.output<typeof opticalElementGroupSchema>;

export const cameraTypeSchema = z.looseObject({
  id: z.number().optional(),
  name: str(),
  code: z.string(),
  /** arcsec/pixel */
  pscale: num(1),
  pixels_x: num(0),
  pixels_y: num(0),
  max_rois: num(0),
});

export const cameraSchema = z.looseObject({
  id: z.number().optional(),
  code: z.string(),
  /** Degrees counter-clockwise from north. */
  orientation: num(0),
  camera_type: cameraTypeSchema,
  optical_elements: z.record(z.string(), z.string()).default({}),
  optical_element_groups: z.array(opticalElementGroupSchema).default([]),
});
export type Camera = z.output<typeof cameraSchema>;

export const INSTRUMENT_STATES = ['DISABLED', 'MANUAL', 'COMMISSIONING', 'STANDBY', 'SCHEDULABLE'] as const;
export type InstrumentState = (typeof INSTRUMENT_STATES)[number];

export const instrumentSchema = z.looseObject({
  id: z.number().optional(),
  code: z.string(),
  state: z.enum(INSTRUMENT_STATES).default('SCHEDULABLE'),
  autoguider_camera: cameraSchema.nullable().optional(),
  science_cameras: z.array(cameraSchema).default([]),
  instrument_type: instrumentTypeSchema,
});
export type Instrument = z.output<typeof instrumentSchema>;

/** Bounds of a Nightshift horizon mask (the configdb extension field `horizon_mask`). */
export const HORIZON_MASK_LIMITS = { minPoints: 3, maxPoints: 360, minAltitudeDeg: -10, maxAltitudeDeg: 90 } as const;

/**
 * Nightshift extension to the configdb telescope (stock configdb has no such field, so OCS dumps
 * simply omit it): `[[azimuthDeg, altitudeDeg], …]`, azimuth in [0, 360) from north through east,
 * altitude in [−10, 90]; 3–360 points with distinct azimuths, linearly interpolated and wrapping at
 * 360°. Absent or null: the flat `horizon` alone.
 */
export const horizonMaskSchema = z
  .array(
    z.tuple([
      z.number().min(0, 'azimuth must be at least 0').lt(360, 'azimuth must be below 360'),
      z.number().min(HORIZON_MASK_LIMITS.minAltitudeDeg, 'altitude must be at least -10').max(HORIZON_MASK_LIMITS.maxAltitudeDeg, 'altitude must be at most 90'),
    ]),
  )
  // Counts are checked here rather than with .min/.max: zod reports a failed .max as aborting, and
  // the `/sites/` union (envelope | bare list) then hides the field's path behind "Invalid input".
  .superRefine((pts, ctx) => {
    if (pts.length < HORIZON_MASK_LIMITS.minPoints) ctx.addIssue({ code: 'custom', message: 'a horizon mask needs at least 3 points' });
    if (pts.length > HORIZON_MASK_LIMITS.maxPoints) ctx.addIssue({ code: 'custom', message: 'a horizon mask has at most 360 points' });
    const seen = new Set<number>();
    pts.forEach(([az], i) => {
      if (seen.has(az)) ctx.addIssue({ code: 'custom', path: [i, 0], message: `azimuth ${az} appears twice` });
      seen.add(az);
    });
  });
export type HorizonMask = z.output<typeof horizonMaskSchema>;

export const telescopeSchema = z.looseObject({
  id: z.number().optional(),
  name: str(),
  code: z.string(),
  active: z.boolean().default(true),
  /** Metres. */
  aperture: z.number(),
  /** Degrees, north positive. */
  lat: z.number(),
  /** Degrees, east positive. */
  long: z.number(),
  /** Degrees of altitude. */
  horizon: num(15),
  /** Hours [0, 12]. */
  ha_limit_pos: num(12),
  /** Hours [−12, 0]. */
  ha_limit_neg: num(-12),
  /** Degrees radius. */
  zenith_blind_spot: num(0),
  /** Seconds per arcsec. */
  slew_rate: num(0),
  minimum_slew_overhead: num(0),
  /** Not served by stock configdb (portal default 0 ⇒ slew overhead 0, spec §12.2). */
  maximum_slew_overhead: z.number().optional(),
  instrument_change_overhead: num(0),
  telescope_front_padding: num(90),
  /** Nightshift extension: azimuth-dependent horizon (see horizonMaskSchema). */
  horizon_mask: horizonMaskSchema.nullable().optional(),
  instrument_set: z.array(instrumentSchema).default([]),
});
export type Telescope = z.output<typeof telescopeSchema>;

export const enclosureSchema = z.looseObject({
  id: z.number().optional(),
  name: str(),
  code: z.string(),
  active: z.boolean().default(true),
  telescope_set: z.array(telescopeSchema).default([]),
});
export type Enclosure = z.output<typeof enclosureSchema>;

export const siteSchema = z.looseObject({
  id: z.number().optional(),
  name: str(),
  code: z.string(),
  active: z.boolean().default(true),
  timezone: z.number().optional(),
  tz: z.string().optional(),
  lat: z.number().optional(),
  long: z.number().optional(),
  /** Metres above sea level. */
  elevation: z.number().optional(),
  enclosure_set: z.array(enclosureSchema).default([]),
});
export type Site = z.output<typeof siteSchema>;

/** The paginated `/sites/` answer. A bare list is accepted too (some dumps drop the envelope). */
export const sitesResponseSchema = z.union([
  z.looseObject({
    count: z.number().optional(),
    next: z.string().nullable().optional(),
    previous: z.string().nullable().optional(),
    results: z.array(siteSchema),
  }),
  z.array(siteSchema).transform((results) => ({ count: results.length, next: null, previous: null, results })),
]);
export type SitesResponse = z.output<typeof sitesResponseSchema>;
