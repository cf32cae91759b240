/**
 * The `--faults` spec of `serve --simulate`: which simulated faults to inject, and when. Pure.
 *
 * Grammar: items separated by commas, semicolons or spaces.
 * - `seed:<n>`: random faults from a seeded generator (same seed + same devices = same plan);
 *   `count:<n>` (default 6) of them spread over `hours:<h>` (default 8) from the start.
 * - `<telescopeId>/<deviceId>:<type>[(<command>)][x<times>][@<time>]`: one explicit fault.
 *   `type` is a SimFaultType (disconnect, stall, error, postcondition, garbage, refuseConnect);
 *   `command` a device method (default any call); `times` how many calls it hits (default 1);
 *   `time` ISO-8601 UTC (`2026-11-21T23:00Z`), default: at the start.
 * Example: `seed:42` or `tfn.doma.1m0a/camera:disconnect@2026-11-21T23:00Z,tfn.doma.1m0a/mount:stall(slewToCoordinates)`.
 */
import { AppError } from '../../../src-shared/errors';
import type { SimFault, SimFaultType } from '../sim/faults';
import { mulberry32 } from '../sim/star-field';

export const SIM_FAULT_TYPES: readonly SimFaultType[] = ['disconnect', 'stall', 'error', 'postcondition', 'garbage', 'refuseConnect'];
/** The faults a random plan draws from (refuseConnect only matters during reconnects). */
const RANDOM_TYPES: readonly SimFaultType[] = ['disconnect', 'stall', 'error', 'postcondition', 'garbage'];

export interface ExplicitFault {
  telescopeId: string;
  deviceId: string;
  fault: SimFault;
  /** When to inject, UTC ms; null = at the start. */
  atUtcMs: number | null;
}

export interface FaultSpec {
  /** Seed of the random plan; null = no random faults. */
  seed: number | null;
  /** Random faults to draw. */
  count: number;
  /** Window the random faults fall in, hours from the start. */
  spanHours: number;
  explicit: ExplicitFault[];
}

/** A fault with its injection time resolved. */
export interface PlannedFault {
  telescopeId: string;
  deviceId: string;
  fault: SimFault;
  atUtcMs: number;
}

const EXPLICIT = /^([^/\s]+)\/([^:\s]+):([A-Za-z]+)(?:\(([A-Za-z*]+)\))?(?:x(\d+))?(?:@(\S+))?$/;

function invalid(message: string): AppError {
  return new AppError('validation.invalid', `--faults: ${message}`, { faults: [message] });
}

/** Parses a `--faults` spec; throws `validation.invalid` naming the bad item. */
export function parseFaultSpec(text: string): FaultSpec {
  const spec: FaultSpec = { seed: null, count: 6, spanHours: 8, explicit: [] };
  for (const item of text.split(/[,;\s]+/).filter((s) => s.length > 0)) {
    const kv = /^(seed|count|hours):(.+)$/.exec(item);
    if (kv) {
      const v = Number(kv[2]);
      if (kv[1] === 'hours') {
        if (!(v > 0 && v <= 48)) throw invalid(`'${item}': hours must be in (0, 48]`);
        spec.spanHours = v;
      } else {
        if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw invalid(`'${item}': ${kv[1]} must be a non-negative integer`);
        if (kv[1] === 'seed') spec.seed = v;
        else spec.count = v;
      }
      continue;
    }
    const m = EXPLICIT.exec(item);
    if (!m) throw invalid(`'${item}' is neither seed:/count:/hours: nor <telescope>/<device>:<type>[(command)][xN][@time]`);
    const [, telescopeId, deviceId, type, command, times, at] = m as unknown as [string, string, string, string, string | undefined, string | undefined, string | undefined];
    if (!(SIM_FAULT_TYPES as readonly string[]).includes(type)) throw invalid(`'${item}': unknown fault type '${type}' (${SIM_FAULT_TYPES.join(', ')})`);
    let atUtcMs: number | null = null;
    if (at !== undefined) {
      if (!/(Z|[+-]\d\d:?\d\d)$/.test(at)) throw invalid(`'${item}': the time must be UTC (end in Z) or carry an offset`);
      atUtcMs = Date.parse(at);
      if (!Number.isFinite(atUtcMs)) throw invalid(`'${item}': unparsable time '${at}'`);
    }
    const n = times === undefined ? 1 : Number(times);
    if (n < 1) throw invalid(`'${item}': x<times> must be ≥ 1`);
    spec.explicit.push({ telescopeId, deviceId, fault: { type: type as SimFaultType, command: command ?? '*', times: n }, atUtcMs });
  }
  return spec;
}

/**
 * Resolves a spec into faults with times, sorted by time. Random faults pick among `devices` (in
 * the given order, so pass them in a stable order) with the spec's seed.
 */
export function planFaults(spec: FaultSpec, devices: { telescopeId: string; deviceId: string }[], startUtcMs: number): PlannedFault[] {
  const out: PlannedFault[] = spec.explicit.map((e) => ({ telescopeId: e.telescopeId, deviceId: e.deviceId, fault: { ...e.fault }, atUtcMs: e.atUtcMs ?? startUtcMs }));
  if (spec.seed !== null && devices.length > 0) {
    const rand = mulberry32(spec.seed);
    const spanMs = spec.spanHours * 3_600_000;
    for (let i = 0; i < spec.count; i++) {
      const d = devices[Math.floor(rand() * devices.length)] as { telescopeId: string; deviceId: string };
      const type = RANDOM_TYPES[Math.floor(rand() * RANDOM_TYPES.length)] as SimFaultType;
      out.push({ telescopeId: d.telescopeId, deviceId: d.deviceId, fault: { type, command: '*', times: 1 }, atUtcMs: startUtcMs + Math.floor(rand() * spanMs) });
    }
  }
  return out.sort((a, b) => a.atUtcMs - b.atUtcMs);
}
