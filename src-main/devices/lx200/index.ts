/** The `lx200` family: serial Meade LX200 mounts. */
import type { DeviceConfigOf, DeviceFactory, DriverContext } from '../types';
import { Lx200Mount } from './mount';

export type { Lx200Options } from './mount';
export { Lx200Mount } from './mount';
export { Lx200Line } from './line';
export * from './protocol';

/** Registry factory for `family: 'lx200'` (mounts only; the config type enforces `kind: 'mount'`). */
export const createLx200Device: DeviceFactory<'lx200'> = (config: DeviceConfigOf<'lx200'>, ctx: DriverContext) =>
  new Lx200Mount(config, ctx.clock, ctx.site);
