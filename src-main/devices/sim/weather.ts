/**
 * Simulated weather station following a script: a list of (seconds since script start → readings)
 * steps; the latest step at or before now applies. The default script is a clear, calm night.
 */
import type { Clock } from '../../clock';
import type { WeatherReadings, WeatherState, WeatherStation } from '../types';
import { SimDevice, strOption } from './base';
import type { SimWorld } from './world';

export interface WeatherScriptStep {
  /** Seconds after the script starts. */
  atSec: number;
  /** Readings that change at this step (others keep their previous value). */
  readings: Partial<WeatherReadings>;
  /** Forces the station's verdict; absent = computed from the readings. */
  safe?: boolean | null;
}

export const CLEAR_NIGHT: WeatherReadings = {
  temperatureC: 10,
  humidityPct: 55,
  dewPointC: 1.4,
  pressureHPa: 1013,
  windSpeedMps: 3,
  windGustMps: 5,
  windDirectionDeg: 270,
  cloudCoverPct: 5,
  skyTemperatureC: -30,
  rainRateMmPerHour: 0,
  skyQualityMagPerArcsec2: 21.2,
};

/** The station's own verdict: unsafe in rain, strong wind or gusts, near-saturated air or heavy cloud. */
export function weatherIsSafe(r: WeatherReadings): boolean {
  if ((r.rainRateMmPerHour ?? 0) > 0) return false;
  if ((r.windSpeedMps ?? 0) > 15 || (r.windGustMps ?? 0) > 20) return false;
  if ((r.humidityPct ?? 0) > 90) return false;
  if ((r.cloudCoverPct ?? 0) > 80) return false;
  return true;
}

function isStep(v: unknown): v is WeatherScriptStep {
  return typeof v === 'object' && v !== null && typeof (v as { atSec?: unknown }).atSec === 'number' &&
    typeof (v as { readings?: unknown }).readings === 'object';
}

export class SimWeatherStation extends SimDevice<'weather'> implements WeatherStation {
  private script: WeatherScriptStep[] = [];
  private scriptStartMs: number;

  constructor(id: string, clock: Clock, world: SimWorld, options?: Record<string, unknown>) {
    super('weather', id, strOption(options, 'name', 'Nightshift Sim Weather'), clock, world);
    this.scriptStartMs = clock.nowMs();
    const script = options?.['script'];
    if (Array.isArray(script)) this.setScript(script.filter(isStep));
    world.ambientC = () => this.now().readings.temperatureC;
    world.weatherSafe = () => this.now().safe;
  }

  /** Replaces the script; it starts now (or at `startUtcMs`). */
  setScript(steps: WeatherScriptStep[], startUtcMs?: number): void {
    this.script = [...steps].sort((a, b) => a.atSec - b.atSec);
    this.scriptStartMs = startUtcMs ?? this.clock.nowMs();
  }

  protected currentState(): WeatherState {
    const { readings, safe } = this.now();
    return { kind: 'weather', ...this.stateBase(), readings, safe };
  }

  /** Readings and verdict at the current clock time. */
  private now(): { readings: WeatherReadings; safe: boolean } {
    const elapsedSec = (this.clock.nowMs() - this.scriptStartMs) / 1000;
    const readings: WeatherReadings = { ...CLEAR_NIGHT };
    let forced: boolean | null = null;
    for (const step of this.script) {
      if (step.atSec > elapsedSec) break;
      Object.assign(readings, step.readings);
      if (step.safe !== undefined) forced = step.safe;
    }
    return { readings, safe: forced ?? weatherIsSafe(readings) };
  }
}
