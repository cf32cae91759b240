/** Test helpers for device tests: drive a SimulatedClock until a promise settles. */
import { SimulatedClock } from '../../../src-main/clock';
import type { AnyDevice, DeviceSite, DriverContext } from '../../../src-main/devices/types';
import { createDevice } from '../../../src-main/devices/registry';
import type { DeviceConfig } from '../../../src-main/devices/types';

/** 2026-03-20 22:00 UTC: a spring night. */
export const T0 = Date.UTC(2026, 2, 20, 22, 0, 0);
/** A mid-latitude northern site (La Palma-ish). */
export const SITE: DeviceSite = { latitudeDeg: 28.76, longitudeDeg: -17.88, elevationM: 2330 };

export function newClock(): SimulatedClock {
  return new SimulatedClock(T0, 0);
}

export interface Settled<T> {
  ok: boolean;
  value?: T;
  error?: unknown;
  /** Simulated ms it took. */
  elapsedMs: number;
}

/** Advances the clock in `stepMs` steps until `p` settles (or `maxMs` passed). */
export async function drive<T>(clock: SimulatedClock, p: Promise<T>, stepMs = 100, maxMs = 1_200_000): Promise<Settled<T>> {
  const start = clock.nowMs();
  let outcome: Settled<T> | null = null;
  p.then(
    (value) => (outcome = { ok: true, value, elapsedMs: clock.nowMs() - start }),
    (error: unknown) => (outcome = { ok: false, error, elapsedMs: clock.nowMs() - start }),
  );
  for (let t = 0; t <= maxMs && outcome === null; t += stepMs) await clock.advance(stepMs);
  if (outcome === null) throw new Error(`promise did not settle within ${maxMs} simulated ms`);
  return outcome;
}

/** Like drive() but returns the value or throws the error. */
export async function run<T>(clock: SimulatedClock, p: Promise<T>, stepMs = 100): Promise<T> {
  const s = await drive(clock, p, stepMs);
  if (!s.ok) throw s.error;
  return s.value as T;
}

/** Error code of a settled failure, or 'ok'. */
export function codeOf(s: Settled<unknown>): string {
  if (s.ok) return 'ok';
  const e = s.error as { code?: string };
  return e.code ?? 'no-code';
}

/** Builds sim devices sharing one world, connected. */
export async function simDevices(
  clock: SimulatedClock,
  configs: DeviceConfig[],
  site: DeviceSite | null = SITE,
): Promise<AnyDevice[]> {
  const ctx: DriverContext = { clock, telescopeId: 't1', site, shared: new Map() };
  const devices = configs.map((c) => createDevice(c, ctx));
  for (const d of devices) await run(clock, d.connect());
  return devices;
}
