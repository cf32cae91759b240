/** Zod schemas (DRF wording) for the scheduler/site bodies of the observations API. */
import { z } from 'zod';
import { CONFIGURATION_STATUS_STATES } from '../../src-shared/ocs';
import { extraParams, nested, nestedList, optBool, optInt, optString, reqChoice, reqDatetime, reqFloat, reqInt, reqString } from '../../src-shared/schemas';

export const statusRefSchema = z.object({
  configuration: reqInt({ min: 1 }),
  instrument_name: reqString(255),
  guide_camera_name: optString('', 255),
});

/** One element of `POST /api/observations/` (a scheduler's placement of a request). */
export const scheduledObservationSchema = z.object({
  site: reqString(3),
  enclosure: reqString(4),
  telescope: reqString(4),
  start: reqDatetime(),
  end: reqDatetime(),
  request: reqInt({ min: 1 }),
  priority: optInt(10),
  configuration_statuses: nestedList(statusRefSchema, { required: true, minItems: 1, minMessage: 'You must specify at least 1 configuration status' }),
});
export type ScheduledObservationBody = z.output<typeof scheduledObservationSchema>;

/** `POST /api/schedule/` (direct submission); `request` is validated by the request-group validator. */
export const directObservationSchema = z.object({
  site: reqString(3),
  enclosure: reqString(4),
  telescope: reqString(4),
  start: reqDatetime(),
  end: reqDatetime(),
  priority: optInt(10),
  proposal: reqString(255),
  name: reqString(50),
  request: nested(z.record(z.string(), z.unknown())),
});

export const cancelBodySchema = z.object({
  ids: z.preprocess((v) => (v === null ? undefined : v), z.array(z.number().int(), { error: 'A list of observation ids is required.' }).optional()),
  start: z.preprocess((v) => (v === null ? undefined : v), reqDatetime().optional()),
  end: z.preprocess((v) => (v === null ? undefined : v), reqDatetime().optional()),
  site: optString('', 3),
  enclosure: optString('', 4),
  telescope: optString('', 4),
  include_normal: optBool(true),
  include_rr: optBool(false),
  include_direct: optBool(false),
  preemption_enabled: optBool(false),
});

export const summarySchema = z.object({
  start: reqDatetime(),
  end: reqDatetime(),
  state: reqString(64),
  reason: optString('', 10_000),
  time_completed: reqFloat({ min: 0 }),
  events: z.unknown().optional(),
});

export const configurationStatusPatchSchema = z.object({
  state: z.preprocess((v) => (v === null ? undefined : v), reqChoice(CONFIGURATION_STATUS_STATES).optional()),
  summary: z.preprocess((v) => (v === null ? undefined : v), nested(summarySchema).optional()),
  end: z.preprocess((v) => (v === null ? undefined : v), reqDatetime().optional()),
  exposures_start_at: z.preprocess((v) => (v === null ? undefined : v), reqDatetime().optional()),
  extra_params: extraParams(),
});

export const downtimeBodySchema = z.object({
  start: reqDatetime(),
  end: reqDatetime(),
  site: reqString(3),
  enclosure: reqString(4),
  telescope: reqString(4),
  instrument_type: optString('', 255),
  reason: optString('', 3000),
});

