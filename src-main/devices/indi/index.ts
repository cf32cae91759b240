/**
 * The `indi` device family: a client of the INDI XML protocol over TCP (or a Unix socket) and
 * adapters mapping the standard properties onto the capability interfaces.
 */
import { deviceError } from '../errors';
import type { AnyDevice, DeviceConfigOf, DriverContext } from '../types';
import { IndiCamera } from './camera';
import { IndiDome } from './dome';
import { IndiFilterWheel } from './filter-wheel';
import { IndiFocuser } from './focuser';
import { IndiMount } from './mount';
import { IndiRotator } from './rotator';
import { IndiSafetyMonitor } from './safety';
import { IndiWeather } from './weather';

export { IndiClient } from './client';
export type { IndiBlobMode, IndiConnectOptions, IndiEvent, RequestOptions, WaitOptions } from './client';
export { IndiElementReader } from './element-reader';
export type { IndiChild, IndiElement } from './element-reader';
export type { IndiState, IndiVector, IndiVectorType } from './properties';
export { IndiCamera, IndiDome, IndiFilterWheel, IndiFocuser, IndiMount, IndiRotator, IndiSafetyMonitor, IndiWeather };

/** Builds an INDI device (no IO until connect). A safety monitor reads a weather driver's WEATHER_STATUS. */
export function createIndiDevice(config: DeviceConfigOf<'indi'>, ctx: DriverContext): AnyDevice {
  switch (config.kind) {
    case 'mount':
      return new IndiMount(config, ctx);
    case 'camera':
      return new IndiCamera(config, ctx);
    case 'filterWheel':
      return new IndiFilterWheel(config, ctx);
    case 'focuser':
      return new IndiFocuser(config, ctx);
    case 'dome':
      return new IndiDome(config, ctx);
    case 'weather':
      return new IndiWeather(config, ctx);
    case 'rotator':
      return new IndiRotator(config, ctx);
    case 'safety':
      return new IndiSafetyMonitor(config, ctx);
    default: {
      const never: never = config.kind;
      throw deviceError('device.unsupported', `unknown kind ${String(never)}`);
    }
  }
}
