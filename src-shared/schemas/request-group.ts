/**
 * The OCS RequestGroup submit schema (spec ocs-contract §1), with the portal's defaults.
 * Parsing fills what the portal fills without the observatory model (constraints, target
 * astrometry, request defaults); mode defaults and the acceptability threshold need configdb and
 * are filled by the validator in src-shared/ocs.
 */
import { z } from 'zod';
import {
  extraParams,
  nested,
  nestedList,
  optBool,
  optChoice,
  optFloat,
  optInt,
  optString,
  reqChoice,
  reqDatetime,
  reqFloat,
  reqInt,
  reqString,
} from './drf-fields';
import { targetSchema } from './target';

export const OBSERVATION_TYPES = ['NORMAL', 'RAPID_RESPONSE', 'TIME_CRITICAL', 'DIRECT', 'REAL_TIME'] as const;
export type ObservationType = (typeof OBSERVATION_TYPES)[number];
/** Types that are never given to the scheduler: no windows, location, or time accounting. */
export const NON_SCHEDULED_TYPES: readonly ObservationType[] = ['DIRECT', 'REAL_TIME'];

export const OPERATORS = ['SINGLE', 'MANY'] as const;
export type Operator = (typeof OPERATORS)[number];

export const OPTIMIZATION_TYPES = ['TIME', 'AIRMASS'] as const;

export const CONFIGURATION_TYPES = [
  'EXPOSE',
  'REPEAT_EXPOSE',
  'SKY_FLAT',
  'SKY',
  'STANDARD',
  'ARC',
  'LAMP_FLAT',
  'SPECTRUM',
  'REPEAT_SPECTRUM',
  'AUTO_FOCUS',
  'TRIPLE',
  'NRES_TEST',
  'NRES_SPECTRUM',
  'REPEAT_NRES_SPECTRUM',
  'NRES_EXPOSE',
  'NRES_DARK',
  'NRES_BIAS',
  'ENGINEERING',
  'SCRIPT',
  'BIAS',
  'DARK',
] as const;
export type ConfigurationType = (typeof CONFIGURATION_TYPES)[number];

/** Default IPP bounds (portal MIN_IPP_VALUE / MAX_IPP_VALUE). */
export const MIN_IPP_VALUE = 0.5;
export const MAX_IPP_VALUE = 2.0;

export const constraintsSchema = z.object({
  /** Plane-parallel airmass limit [1, 25]; default 1.6. */
  max_airmass: optFloat(1.6, { min: 1.0, max: 25.0 }),
  /** Degrees [0, 180]; default 30. */
  min_lunar_distance: optFloat(30.0, { min: 0, max: 180 }),
  /** Illuminated fraction [0, 1]; default 1 (no limit). */
  max_lunar_phase: optFloat(1.0, { min: 0, max: 1 }),
  /** arcsec; null = none. */
  max_seeing: optFloat(null, { min: 0 }),
  min_transparency: optFloat(null),
  extra_params: extraParams(),
});
export type Constraints = z.output<typeof constraintsSchema>;

export const acquisitionConfigSchema = z.object({
  /** Blank → defaulted from configdb by the validator. */
  mode: optString(''),
  /** Seconds [0, 60]; null → instrument type `acquire_exposure_time`. */
  exposure_time: optFloat(null, { min: 0, max: 60 }),
  extra_params: extraParams(),
});
export type AcquisitionConfig = z.output<typeof acquisitionConfigSchema>;

export const guidingConfigSchema = z.object({
  mode: optString(''),
  optional: optBool(true),
  optical_elements: extraParams(),
  /** Seconds [0, 120] or null. */
  exposure_time: optFloat(null, { min: 0, max: 120 }),
  extra_params: extraParams(),
});
export type GuidingConfig = z.output<typeof guidingConfigSchema>;

export const roiSchema = z.object({
  x1: optFloat(null, { min: 0 }),
  x2: optFloat(null, { min: 0 }),
  y1: optFloat(null, { min: 0 }),
  y2: optFloat(null, { min: 0 }),
});
/** A region of interest in pixels; null marks a bound the user left out (full chip). */
export type Roi = z.output<typeof roiSchema>;

export const instrumentConfigSchema = z.object({
  /** Seconds ≥ 0. */
  exposure_time: reqFloat({ min: 0 }),
  exposure_count: reqInt({ min: 1 }),
  mode: optString(''),
  rotator_mode: optString(''),
  optical_elements: z.preprocess(
    (v) => (v === null || v === undefined ? {} : v),
    z.record(z.string(), z.string({ error: 'Not a valid string.' }), {
      error: 'Optical elements must be a dictionary of element type to element code.',
    }),
  ),
  rois: nestedList(roiSchema, { required: false }),
  extra_params: extraParams(),
});
export type InstrumentConfig = z.output<typeof instrumentConfigSchema>;

export const configurationSchema = z.object({
  type: reqChoice(CONFIGURATION_TYPES),
  instrument_type: reqString(255),
  instrument_configs: nestedList(instrumentConfigSchema, {
    required: true,
    minItems: 1,
    minMessage: 'A configuration must have at least one instrument configuration',
  }),
  constraints: nested(constraintsSchema),
  acquisition_config: nested(acquisitionConfigSchema),
  guiding_config: nested(guidingConfigSchema),
  target: nested(targetSchema),
  /** Seconds ≥ 0; only for REPEAT_* types. */
  repeat_duration: optFloat(null, { min: 0 }),
  fill_window: optBool(false),
  extra_params: extraParams(),
});
export type Configuration = z.output<typeof configurationSchema>;

export const windowSchema = z.object({
  /** Absent → "now" (filled by the validator, which knows the clock). */
  start: z.preprocess((v) => (v === null ? undefined : v), reqDatetime().optional()),
  end: reqDatetime(),
});
export type Window = z.output<typeof windowSchema>;

export const locationSchema = z.object({
  telescope_class: reqString(20),
  site: optString('', 3),
  enclosure: optString('', 4),
  telescope: optString('', 4),
});
export type Location = z.output<typeof locationSchema>;

export const requestSchema = z.object({
  location: z.preprocess((v) => (v === null ? undefined : v), nested(locationSchema).optional()),
  windows: nestedList(windowSchema, { required: false }),
  configurations: nestedList(configurationSchema, {
    required: true,
    minItems: 1,
    minMessage: 'You must specify at least 1 configuration',
  }),
  observation_note: optString('', 255),
  optimization_type: optChoice(OPTIMIZATION_TYPES, 'TIME'),
  /** Percent [0, 100]; null → configdb default (max over instrument types), filled by the validator. */
  acceptability_threshold: optFloat(null, { min: 0, max: 100 }),
  configuration_repeats: optInt(1, { min: 1 }),
  extra_params: extraParams(),
});
export type Request = z.output<typeof requestSchema>;

export const requestGroupSchema = z.object({
  proposal: reqString(255),
  name: reqString(50),
  observation_type: reqChoice(OBSERVATION_TYPES),
  operator: reqChoice(OPERATORS),
  ipp_value: reqFloat({ min: 0 }),
  requests: nestedList(requestSchema, {
    required: true,
    minItems: 1,
    minMessage: 'You must specify at least 1 request',
  }),
});
/** A parsed RequestGroup submission (what the validator and the duration code consume). */
export type RequestGroupInput = z.output<typeof requestGroupSchema>;
