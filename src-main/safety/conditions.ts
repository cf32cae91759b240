/**
 * What makes a telescope unsafe right now: a pure verdict from the latest weather and safety-monitor
 * readings, the Sun's altitude and the health of those devices. An unknown fact is a reason: a
 * supervisor that assumes is no supervisor.
 */
import type { SafetyState, WeatherState } from '../devices';
import { weatherProblems } from '../devices/control';

export interface SafetyPolicy {
  /** How often conditions are read, clock ms (default 10 s). */
  pollMs: number;
  /** Conditions must stay safe this long before reopening, clock ms (default 10 min). */
  holdMs: number;
  /** Closed while the Sun is above this altitude, degrees (default −0.833°: sunrise/sunset). */
  maxSunAltitudeDeg: number;
  /** Readings older than this count as missing, seconds (default 120). */
  maxReadingAgeSec: number;
  /** Per securing step (park, close) time limit, clock ms (default 180 s). */
  stepTimeoutMs: number;
  /**
   * After start, how long devices may take to connect before conditions are judged, clock ms
   * (default 60 s). Until then a telescope whose devices are still connecting is not safe (the
   * executor waits) but is neither secured nor alarmed: "not connected yet" is no fault.
   */
  startupGraceMs: number;
  /** Weather limits (defaults as the interlocks: wind 15 m/s, gust 20 m/s, humidity 90 %). */
  maxWindMps: number;
  maxGustMps: number;
  maxHumidityPct: number;
}

export const DEFAULT_SAFETY_POLICY: SafetyPolicy = {
  pollMs: 10_000,
  holdMs: 10 * 60_000,
  maxSunAltitudeDeg: -0.833,
  maxReadingAgeSec: 120,
  stepTimeoutMs: 180_000,
  startupGraceMs: 60_000,
  maxWindMps: 15,
  maxGustMps: 20,
  maxHumidityPct: 90,
};

/** A reading of one condition device: its state, or why there is none. */
export type Reading<S> = { ok: true; state: S } | { ok: false; error: string };

export interface ConditionInputs {
  nowUtcMs: number;
  /** Null when the telescope has no weather station. */
  weather: Reading<WeatherState> | null;
  /** Null when the telescope has no safety monitor. */
  safety: Reading<SafetyState> | null;
  /** Null when the site is unknown. */
  sunAltitudeDeg: number | null;
}

/** Categories let the supervisor skip the reopening hold when only the Sun kept it closed. */
export interface UnsafeReason {
  category: 'weather' | 'safety' | 'sun' | 'device';
  text: string;
}

/** Every reason the telescope is unsafe now; empty = safe. */
export function unsafeReasons(i: ConditionInputs, policy: SafetyPolicy): UnsafeReason[] {
  const out: UnsafeReason[] = [];
  const stale = (readUtcMs: number): boolean => i.nowUtcMs - readUtcMs > policy.maxReadingAgeSec * 1000;
  if (i.safety) {
    if (!i.safety.ok) out.push({ category: 'device', text: `safety monitor unavailable: ${i.safety.error}` });
    else if (stale(i.safety.state.readUtcMs)) out.push({ category: 'device', text: 'safety monitor reading is stale' });
    else if (!i.safety.state.safe) out.push({ category: 'safety', text: 'safety monitor says unsafe' });
  }
  if (i.weather) {
    if (!i.weather.ok) out.push({ category: 'device', text: `weather station unavailable: ${i.weather.error}` });
    else if (stale(i.weather.state.readUtcMs)) out.push({ category: 'device', text: 'weather station reading is stale' });
    else {
      const problems = weatherProblems(i.weather.state, { maxWindMps: policy.maxWindMps, maxGustMps: policy.maxGustMps, maxHumidityPct: policy.maxHumidityPct });
      for (const p of problems) out.push({ category: 'weather', text: p });
      if (problems.length === 0 && i.weather.state.safe === false) out.push({ category: 'weather', text: 'weather station says unsafe' });
    }
  }
  if (i.sunAltitudeDeg === null) out.push({ category: 'device', text: 'Sun altitude unknown (no site)' });
  else if (i.sunAltitudeDeg > policy.maxSunAltitudeDeg) {
    out.push({ category: 'sun', text: `Sun at ${i.sunAltitudeDeg.toFixed(1)}°, above ${policy.maxSunAltitudeDeg.toFixed(1)}°` });
  }
  return out;
}
