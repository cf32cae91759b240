/**
 * Weather station over the Alpaca ObservingConditions API (every sensor optional: NotImplemented →
 * null) and safety monitor over SafetyMonitor.IsSafe. ObservingConditions gives readings but no
 * verdict, so `safe` is null and the app's weather rules decide.
 */
import type { AlpacaDeviceConfig, DriverContext, SafetyMonitor, SafetyState, WeatherReadings, WeatherState, WeatherStation } from '../../types';
import { AlpacaDevice, type AlpacaAdapterOptions } from './base';

/** Reading → ObservingConditions member (units already match: °C, %, hPa, m/s, mm/h, mag/arcsec²). */
const MEMBER: Record<keyof WeatherReadings, string> = {
  temperatureC: 'temperature',
  humidityPct: 'humidity',
  dewPointC: 'dewpoint',
  pressureHPa: 'pressure',
  windSpeedMps: 'windspeed',
  windGustMps: 'windgust',
  windDirectionDeg: 'winddirection',
  cloudCoverPct: 'cloudcover',
  skyTemperatureC: 'skytemperature',
  rainRateMmPerHour: 'rainrate',
  skyQualityMagPerArcsec2: 'skyquality',
};

const KEYS = Object.keys(MEMBER) as (keyof WeatherReadings)[];

export class AlpacaWeatherStation extends AlpacaDevice<'weather'> implements WeatherStation {
  constructor(config: AlpacaDeviceConfig, ctx: DriverContext, options?: AlpacaAdapterOptions) {
    super('weather', config, ctx, options);
  }

  protected async read(signal: AbortSignal): Promise<WeatherState> {
    const p = await this.readProps(Object.fromEntries(KEYS.map((k) => [MEMBER[k], 'optional' as const])), signal);
    const values = KEYS.map((k) => p[MEMBER[k]]);
    const readings = Object.fromEntries(KEYS.map((k, i) => [k, typeof values[i] === 'number' ? values[i] : null])) as unknown as WeatherReadings;
    return { kind: 'weather', ...this.stateBase(), readings, safe: null };
  }
}

export class AlpacaSafetyMonitor extends AlpacaDevice<'safety'> implements SafetyMonitor {
  constructor(config: AlpacaDeviceConfig, ctx: DriverContext, options?: AlpacaAdapterOptions) {
    super('safety', config, ctx, options);
  }

  protected async read(signal: AbortSignal): Promise<SafetyState> {
    return { kind: 'safety', ...this.stateBase(), safe: (await this.readProps({ issafe: 'required' }, signal))['issafe'] as boolean };
  }
}
