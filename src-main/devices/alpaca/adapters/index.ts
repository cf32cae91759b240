/** Alpaca capability adapters on top of AlpacaClient, and the registry factory for `family: 'alpaca'`. */
import type { AnyDevice, DeviceConfigOf, DriverContext } from '../../types';
import type { AlpacaAdapterOptions } from './base';
import { AlpacaCamera } from './camera';
import { AlpacaDome } from './dome';
import { AlpacaFilterWheel } from './filter-wheel';
import { AlpacaFocuser } from './focuser';
import { AlpacaMount } from './mount';
import { AlpacaRotator } from './rotator';
import { AlpacaSafetyMonitor, AlpacaWeatherStation } from './weather';

export type { AlpacaAdapterOptions, AlpacaConnectionMode, OperationStatus, PropNeed } from './base';
export { AlpacaDevice } from './base';
export { ALPACA_ON_TARGET_DEG } from './mount';
export { AlpacaCamera, AlpacaDome, AlpacaFilterWheel, AlpacaFocuser, AlpacaMount, AlpacaRotator, AlpacaSafetyMonitor, AlpacaWeatherStation };

/** Builds an Alpaca device (no IO until connect). `options` tune polling and timeouts (tests). */
export function createAlpacaDevice(config: DeviceConfigOf<'alpaca'>, ctx: DriverContext, options?: AlpacaAdapterOptions): AnyDevice {
  switch (config.kind) {
    case 'mount':
      return new AlpacaMount(config, ctx, options);
    case 'camera':
      return new AlpacaCamera(config, ctx, options);
    case 'filterWheel':
      return new AlpacaFilterWheel(config, ctx, options);
    case 'focuser':
      return new AlpacaFocuser(config, ctx, options);
    case 'dome':
      return new AlpacaDome(config, ctx, options);
    case 'rotator':
      return new AlpacaRotator(config, ctx, options);
    case 'weather':
      return new AlpacaWeatherStation(config, ctx, options);
    case 'safety':
      return new AlpacaSafetyMonitor(config, ctx, options);
  }
}
