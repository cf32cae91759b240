/**
 * The family registry: every protocol family maps to a factory, checked exhaustively by the
 * compiler (`satisfies { [F in Family]: DeviceFactory<F> }`): adding a family to `FAMILIES` without
 * registering it here does not compile. Also the zod schema of a device config, for the observatory
 * model (configdb, demo file, `serve --simulate`).
 */
import { z } from 'zod';
import { AppError } from '../../src-shared/errors';
import { createAlpacaDevice } from './alpaca/adapters';
import { createLx200Device } from './lx200';
import { createIndiDevice } from './indi';
import { createSimDevice } from './sim';
import type { AnyDevice, DeviceConfig, DeviceFactory, DriverContext, Family } from './types';
import { DEVICE_KINDS } from './types';

export const FAMILY_FACTORIES = {
  sim: createSimDevice,
  indi: createIndiDevice,
  alpaca: createAlpacaDevice,
  lx200: createLx200Device,
} satisfies { [F in Family]: DeviceFactory<F> };

/**
 * Builds a (not connected) device for `config`. Throws `device.unsupported` for a family that is not
 * available, `config.invalid` when the factory rejects the config.
 */
export function createDevice(config: DeviceConfig, ctx: DriverContext): AnyDevice {
  // The cast is the one place the union is narrowed by family: each factory gets its own config type.
  const factory = FAMILY_FACTORIES[config.family] as DeviceFactory<typeof config.family>;
  try {
    const device = factory(config, ctx);
    if (device.kind !== config.kind) {
      throw new AppError('config.invalid', `device ${config.id}: factory built a ${device.kind}, config says ${config.kind}`);
    }
    return device;
  } catch (thrown) {
    if (thrown instanceof AppError) throw thrown;
    throw new AppError('config.invalid', `device ${config.id}: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
  }
}

// --- config schema ------------------------------------------------------------------------

const timingsSchema = z
  .object({
    heartbeatMs: z.number().positive().optional(),
    pingTimeoutMs: z.number().positive().optional(),
    connectTimeoutMs: z.number().positive().optional(),
  })
  .strict();

const base = {
  id: z.string().min(1).max(64),
  kind: z.enum(DEVICE_KINDS),
  name: z.string().min(1).optional(),
  timings: timingsSchema.optional(),
};

const port = z.number().int().min(1).max(65535);

/** One device as the observatory model names it for a telescope. */
export const deviceConfigSchema = z.discriminatedUnion('family', [
  z.object({ ...base, family: z.literal('sim'), options: z.record(z.string(), z.unknown()).optional() }).strict(),
  z.object({ ...base, family: z.literal('indi'), host: z.string().min(1), port: port.optional(), device: z.string().min(1) }).strict(),
  z.object({ ...base, family: z.literal('alpaca'), host: z.string().min(1), port, deviceNumber: z.number().int().min(0) }).strict(),
  z
    .object({
      ...base,
      kind: z.literal('mount'),
      family: z.literal('lx200'),
      path: z.string().min(1),
      baudRate: z.number().int().positive().optional(),
      precision: z.enum(['auto', 'high', 'low']).optional(),
      noSpaceAfterCommand: z.boolean().optional(),
    })
    .strict(),
]);

/** The devices of one telescope: ids unique within it. */
export const telescopeDevicesSchema = z.object({
  telescopeId: z.string().min(1),
  site: z
    .object({ latitudeDeg: z.number().min(-90).max(90), longitudeDeg: z.number().min(-180).max(360), elevationM: z.number() })
    .nullable(),
  devices: z.array(deviceConfigSchema).refine((ds) => new Set(ds.map((d) => d.id)).size === ds.length, {
    message: 'device ids must be unique within a telescope',
  }),
});

// Compile-time proof that the schema and the hand-written types agree both ways.
type Parsed = z.infer<typeof deviceConfigSchema>;
const _schemaMatchesType: (p: Parsed) => DeviceConfig = (p) => p;
const _typeMatchesSchema: (c: DeviceConfig) => Parsed = (c) => c;
void _schemaMatchesType;
void _typeMatchesSchema;
