/**
 * Weather station over INDI's WEATHER_PARAMETERS (numbers) and WEATHER_STATUS (lights; vector
 * state = worst). INDI reports wind in km/h; converted to m/s here.
 */
import type { DriverContext, IndiDeviceConfig, WeatherState, WeatherStation } from '../types';
import type { IndiClient } from './client';
import { IndiDevice } from './device-base';

const KMH_TO_MPS = 1 / 3.6;

export class IndiWeather extends IndiDevice<'weather'> implements WeatherStation {
  constructor(config: IndiDeviceConfig, ctx: DriverContext) {
    super('weather', config, ctx);
  }

  protected async afterConnect(c: IndiClient, signal: AbortSignal): Promise<void> {
    await this.waitFor(c, 'WEATHER_STATUS', () => true, signal);
  }

  private p(element: string): number | null {
    return this.num('WEATHER_PARAMETERS', element);
  }

  protected snapshot(): WeatherState {
    const wind = this.p('WEATHER_WIND_SPEED');
    const gust = this.p('WEATHER_WIND_GUST');
    const status = this.vec('WEATHER_STATUS')?.state;
    return {
      kind: 'weather',
      ...this.stateBase(),
      readings: {
        temperatureC: this.p('WEATHER_TEMPERATURE'),
        humidityPct: this.p('WEATHER_HUMIDITY'),
        dewPointC: this.p('WEATHER_DEWPOINT'),
        pressureHPa: this.p('WEATHER_PRESSURE'),
        windSpeedMps: wind === null ? null : wind * KMH_TO_MPS,
        windGustMps: gust === null ? null : gust * KMH_TO_MPS,
        windDirectionDeg: this.p('WEATHER_WIND_DIRECTION'),
        cloudCoverPct: this.p('WEATHER_CLOUD_COVER'),
        skyTemperatureC: this.p('WEATHER_SKY_TEMPERATURE'),
        rainRateMmPerHour: this.p('WEATHER_RAIN_HOUR'),
        skyQualityMagPerArcsec2: this.p('WEATHER_SQM') ?? this.p('SKY_QUALITY'),
      },
      // Ok = safe, Busy = warning (still safe), Alert = unsafe, Idle = no verdict yet
      safe: status === 'Alert' ? false : status === 'Ok' || status === 'Busy' ? true : null,
    };
  }
}
