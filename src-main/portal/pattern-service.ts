/**
 * The OCS pattern-expansion helpers: `POST /api/configurations/dither/` expands one
 * configuration's instrument configs over a dither pattern (`extra_params.offset_ra/offset_dec`,
 * arcsec, and `extra_params.dither_pattern`); `POST /api/requests/mosaic/` expands one request's
 * single ICRS configuration into one configuration per pointing (`extra_params.mosaic_pattern`).
 * Nothing is stored: the answer is the expanded JSON a client then submits. Errors are DRF-shaped.
 */
import { z } from 'zod';
import { addFieldError, configurationSchema, optBool, optFloat, reqChoice, reqFloat, reqInt, requestSchema, toFieldErrors } from '../../src-shared/schemas';
import type { FieldErrors } from '../../src-shared/errors';
import { validateConfiguration, type ConfigdbIndex } from '../../src-shared/ocs';
import { offsetPosition, patternOffsets, roundOffset, type PatternParams } from './pattern-expansion';
import type { Json } from './request-body';
import type { Outcome } from './types';

/** Upper bounds that keep an expansion a reasonable size (the portal has none; absurd input is a 400). */
const MAX_POINTS = 1000;
const MAX_SPACING_ARCSEC = 36_000;

const optCount = (max: number) => z.preprocess((v) => (v === null ? undefined : v), reqInt({ min: 1, max }).optional());

const patternFields = {
  num_points: optCount(MAX_POINTS),
  num_rows: optCount(MAX_POINTS),
  num_columns: optCount(MAX_POINTS),
  line_spacing: z.preprocess((v) => (v === null ? undefined : v), reqFloat({ min: 0, max: MAX_SPACING_ARCSEC }).optional()),
  orientation: optFloat(0, { min: -360, max: 360 }),
  center: optBool(false),
};

export const ditherBodySchema = z.object({
  configuration: configurationSchema,
  pattern: reqChoice(['line', 'grid', 'spiral'] as const),
  point_spacing: reqFloat({ min: 0, max: MAX_SPACING_ARCSEC }),
  ...patternFields,
});

export const mosaicBodySchema = z.object({
  request: requestSchema,
  pattern: reqChoice(['line', 'grid'] as const),
  point_spacing: z.preprocess((v) => (v === null ? undefined : v), reqFloat({ min: 0, max: MAX_SPACING_ARCSEC }).optional()),
  point_overlap_percent: z.preprocess((v) => (v === null ? undefined : v), reqFloat({ min: 0, max: 100 }).optional()),
  line_overlap_percent: z.preprocess((v) => (v === null ? undefined : v), reqFloat({ min: 0, max: 100 }).optional()),
  ...patternFields,
});

interface PatternBody {
  pattern: 'line' | 'grid' | 'spiral';
  num_points?: number | undefined;
  num_rows?: number | undefined;
  num_columns?: number | undefined;
  line_spacing?: number | undefined;
  orientation: number;
  center: boolean;
}

/** The serializer's object-level rules (non_field_errors), or null when the counts fit the pattern. */
function patternCountError(b: PatternBody): string | null {
  if ((b.pattern === 'line' || b.pattern === 'spiral') && b.num_points === undefined) return 'Must specify num_points when selecting a line or spiral pattern';
  if (b.pattern === 'grid' && (b.num_rows === undefined || b.num_columns === undefined)) return 'Must specify num_rows and num_columns when selecting a grid pattern';
  if (b.pattern === 'grid' && (b.num_rows ?? 0) * (b.num_columns ?? 0) > MAX_POINTS) return `A grid may have at most ${MAX_POINTS} points`;
  return null;
}

function paramsOf(b: PatternBody, pointSpacingArcsec: number, lineSpacingArcsec: number | null): PatternParams {
  return {
    pattern: b.pattern,
    numPoints: b.num_points ?? null,
    pointSpacingArcsec,
    // A grid's column spacing defaults to its point spacing.
    lineSpacingArcsec: lineSpacingArcsec ?? pointSpacingArcsec,
    orientationDeg: b.orientation,
    numRows: b.num_rows ?? null,
    numColumns: b.num_columns ?? null,
    center: b.center,
  };
}

function configurationErrors(c: z.output<typeof configurationSchema>, index: ConfigdbIndex, isStaff: boolean): { configuration: Json; errors: FieldErrors | null } {
  const check = validateConfiguration(c, index, isStaff);
  const configuration: Json = { ...check.configuration };
  return { configuration, errors: check.errors.length === 0 ? null : toFieldErrors(check.errors) };
}

/** `POST /api/configurations/dither/` → 200 the expanded configuration, or 400 field errors. */
export function expandDither(raw: unknown, index: ConfigdbIndex, isStaff: boolean): Outcome<Json> {
  const parsed = ditherBodySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, status: 400, body: toFieldErrors(parsed.error.issues) };
  const b = parsed.data;
  const countError = patternCountError(b);
  if (countError) return { ok: false, status: 400, body: { non_field_errors: [countError] } };
  // The configuration as the portal would store it (modes defaulted), checked against configdb.
  const checked = configurationErrors(b.configuration, index, isStaff);
  // A configuration that already carries offsets is fine here: the expansion replaces them.
  const errors = checked.errors ? withoutDitherRule(checked.errors) : null;
  if (errors) return { ok: false, status: 400, body: { configuration: errors } };
  const configuration = checked.configuration;
  const offsets = patternOffsets(paramsOf(b, b.point_spacing, b.line_spacing ?? null));
  const instrumentConfigs = (configuration['instrument_configs'] as Json[]) ?? [];
  const expanded: Json[] = [];
  for (const [x, y] of offsets) {
    for (const ic of instrumentConfigs) {
      const copy = structuredClone(ic);
      copy['extra_params'] = { ...(copy['extra_params'] as Json | undefined), offset_ra: roundOffset(x), offset_dec: roundOffset(y) };
      expanded.push(copy);
    }
  }
  const { fill_window: _fill, ...rest } = configuration;
  return { ok: true, value: { ...rest, instrument_configs: expanded, extra_params: { ...(rest['extra_params'] as Json | undefined), dither_pattern: b.pattern } } };
}

/** Rule 21 complains about a dither_pattern without offsets; before expansion that is expected. */
function withoutDitherRule(errors: FieldErrors): FieldErrors | null {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) {
    if (k === 'extra_params' && Array.isArray(v) && v.every((m) => typeof m === 'string' && m.startsWith('You must specify offsets'))) continue;
    out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** The science camera of an instrument type: CCD size (pixels), plate scale (arcsec/px), orientation (deg). */
function cameraOf(index: ConfigdbIndex, instrumentType: string): { pixelsX: number; pixelsY: number; pixelScaleArcsec: number; orientationDeg: number } | null {
  const entry = index.instrumentTypes.get(instrumentType);
  const placement = entry?.placements[0];
  const cams = placement?.scienceCameras ?? [];
  const cam = cams[0];
  if (!cam) return null;
  // Several science cameras (or placements) average their orientation, as configdb's helper does.
  const all = entry?.placements.flatMap((p) => p.scienceCameras) ?? cams;
  const orientationDeg = all.reduce((s, c) => s + c.orientation, 0) / Math.max(1, all.length);
  return { pixelsX: cam.camera_type.pixels_x, pixelsY: cam.camera_type.pixels_y, pixelScaleArcsec: cam.camera_type.pscale, orientationDeg };
}

/** `POST /api/requests/mosaic/` → 200 the expanded request, or 400 field errors. */
export function expandMosaic(raw: unknown, index: ConfigdbIndex, isStaff: boolean): Outcome<Json> {
  const parsed = mosaicBodySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, status: 400, body: toFieldErrors(parsed.error.issues) };
  const b = parsed.data;
  const requestErrors: FieldErrors = {};
  if (b.request.configurations.length > 1) addFieldError(requestErrors, ['non_field_errors'], 'Cannot expand a request for mosaicing with more than one configuration set');
  const config = b.request.configurations[0];
  if (config && config.target.type !== 'ICRS') addFieldError(requestErrors, ['non_field_errors'], 'Mosaic expansion is only for ICRS Targets. Try using dither expansion for patterns with other target types');
  if (Object.keys(requestErrors).length > 0 || !config) return { ok: false, status: 400, body: { request: requestErrors } };
  const checked = configurationErrors(config, index, isStaff);
  if (checked.errors) return { ok: false, status: 400, body: { request: { configurations: [checked.errors] } } };
  const countError = patternCountError(b);
  if (countError) return { ok: false, status: 400, body: { non_field_errors: [countError] } };

  let pointSpacing = b.point_spacing ?? null;
  let lineSpacing = b.line_spacing ?? null;
  if (b.point_overlap_percent !== undefined) {
    const cam = cameraOf(index, config.instrument_type);
    if (!cam) return { ok: false, status: 400, body: { request: { configurations: [{ instrument_type: [`Instrument type ${config.instrument_type} has no science camera to size the overlap from`] }] } } };
    // The field of view rotated into the sky frame by the camera orientation, so an overlap
    // percentage is a fraction of the footprint along each pattern axis.
    const co = Math.cos((cam.orientationDeg * Math.PI) / 180);
    const so = Math.sin((cam.orientationDeg * Math.PI) / 180);
    const fovX = Math.abs(cam.pixelsX * co + cam.pixelsY * so) * cam.pixelScaleArcsec;
    const fovY = Math.abs(-cam.pixelsX * so + cam.pixelsY * co) * cam.pixelScaleArcsec;
    const lineOverlap = b.line_overlap_percent ?? b.point_overlap_percent;
    pointSpacing = fovY * ((100 - b.point_overlap_percent) / 100);
    lineSpacing = fovX * ((100 - lineOverlap) / 100);
    // A pattern turned nearer east-west than north-south swaps which axis each spacing spans.
    const o = ((b.orientation % 360) + 360) % 360;
    if ((o >= 45 && o < 135) || (o >= 225 && o < 315)) [pointSpacing, lineSpacing] = [lineSpacing, pointSpacing];
  } else if (pointSpacing === null) {
    return { ok: false, status: 400, body: { non_field_errors: ['Must specify one of point_spacing or point_overlap_percent'] } };
  }
  const offsets = patternOffsets(paramsOf(b, pointSpacing, lineSpacing));
  const base = checked.configuration;
  const target = base['target'] as Json & { ra: number; dec: number };
  const configurations = offsets.map((off) => {
    const copy = structuredClone(base);
    const moved = offsetPosition(target.ra, target.dec, off);
    copy['target'] = { ...target, ra: ((moved.raDeg % 360) + 360) % 360, dec: moved.decDeg };
    delete copy['fill_window'];
    return copy;
  });
  const request: Json = { ...(b.request as unknown as Json), configurations, extra_params: { ...b.request.extra_params, mosaic_pattern: b.pattern } };
  if (request['acceptability_threshold'] === null) delete request['acceptability_threshold'];
  return { ok: true, value: request };
}
