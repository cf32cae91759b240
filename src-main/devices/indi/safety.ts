/**
 * Safety monitor over INDI. INDI has no safety-monitor interface: the verdict lives in the
 * WEATHER_STATUS light vector of a weather-type driver (a station, or `indi_weather_safety_proxy`
 * which turns a script or URL into that vector). Its state is the worst light: Alert = unsafe;
 * Ok and Busy (warning) = safe. Idle (no verdict yet) counts as unsafe: a monitor that cannot say
 * "safe" must not let a roof open.
 */
import type { DriverContext, IndiDeviceConfig, SafetyMonitor, SafetyState } from '../types';
import type { IndiClient } from './client';
import { IndiDevice } from './device-base';

export class IndiSafetyMonitor extends IndiDevice<'safety'> implements SafetyMonitor {
  constructor(config: IndiDeviceConfig, ctx: DriverContext) {
    super('safety', config, ctx);
  }

  protected async afterConnect(c: IndiClient, signal: AbortSignal): Promise<void> {
    await this.waitFor(c, 'WEATHER_STATUS', () => true, signal);
  }

  protected snapshot(): SafetyState {
    const state = this.vec('WEATHER_STATUS')?.state;
    return { kind: 'safety', ...this.stateBase(), safe: state === 'Ok' || state === 'Busy' };
  }
}
