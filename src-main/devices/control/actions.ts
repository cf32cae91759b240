/**
 * Manual-control operations for the console, as data: one discriminated union (`op`) with a zod
 * schema. Pure (zod only), so the lead can lift the schema into the contract unchanged.
 * Every action may name `deviceId` when the telescope has several devices of the kind (default: the
 * first one of the kind).
 */
import { z } from 'zod';

const deviceId = z.string().min(1).max(64).optional();

export const controlActionSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('connect'), deviceId: z.string().min(1).max(64) }).strict(),
  z.object({ op: z.literal('disconnect'), deviceId: z.string().min(1).max(64) }).strict(),
  /** Slew to J2000 coordinates and track. */
  z.object({ op: z.literal('mount.slew'), deviceId, raHours: z.number().min(0).lt(24), decDeg: z.number().min(-90).max(90) }).strict(),
  z.object({ op: z.literal('mount.park'), deviceId }).strict(),
  z.object({ op: z.literal('mount.unpark'), deviceId }).strict(),
  z.object({ op: z.literal('mount.abort'), deviceId }).strict(),
  z.object({ op: z.literal('mount.tracking'), deviceId, on: z.boolean() }).strict(),
  /** One exposure; the result carries image statistics, never pixels. */
  z
    .object({
      op: z.literal('camera.expose'),
      deviceId,
      durationSec: z.number().min(0).max(3600),
      frameType: z.enum(['light', 'dark', 'bias', 'flat']).default('light'),
      binning: z.number().int().min(1).max(8).optional(),
    })
    .strict(),
  z.object({ op: z.literal('camera.abort'), deviceId }).strict(),
  z.object({ op: z.literal('filter.select'), deviceId, name: z.string().min(1) }).strict(),
  z.object({ op: z.literal('focuser.moveTo'), deviceId, position: z.number().int().min(0) }).strict(),
  z.object({ op: z.literal('focuser.moveBy'), deviceId, steps: z.number().int() }).strict(),
  z.object({ op: z.literal('dome.open'), deviceId }).strict(),
  z.object({ op: z.literal('dome.close'), deviceId }).strict(),
  z.object({ op: z.literal('dome.park'), deviceId }).strict(),
  z.object({ op: z.literal('dome.slew'), deviceId, azimuthDeg: z.number().min(0).lt(360) }).strict(),
  z.object({ op: z.literal('rotator.moveTo'), deviceId, positionDeg: z.number().min(0).lt(360) }).strict(),
]);

/** A parsed action (defaults applied). */
export type ControlAction = z.output<typeof controlActionSchema>;
/** An action as a caller may write it (`frameType` optional). */
export type ControlActionInput = z.input<typeof controlActionSchema>;
export type ControlOp = ControlAction['op'];

/** Statistics of an exposure, for the console (no pixels cross the contract). */
export const imageStatsSchema = z.object({
  width: z.number().int(),
  height: z.number().int(),
  /** ADU. */
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  median: z.number(),
  /** Standard deviation, ADU. */
  stdDev: z.number(),
  /** Share of pixels at the camera's maximum ADU, percent. */
  saturatedPct: z.number(),
  exposureSec: z.number(),
  frameType: z.enum(['light', 'dark', 'bias', 'flat']),
  filter: z.string().nullable(),
  startUtcMs: z.number(),
});
export type ImageStats = z.infer<typeof imageStatsSchema>;

export const controlResultSchema = z.object({
  op: z.string(),
  /** Things the operator should know although the action was allowed (e.g. light frame with the shutter closed). */
  warnings: z.array(z.string()),
  /** Set for camera.expose, null otherwise. */
  image: imageStatsSchema.nullable(),
});
export type ControlResult = z.infer<typeof controlResultSchema>;
