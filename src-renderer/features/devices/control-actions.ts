/**
 * Which actions the devices panel asks the interlocks about, and how a verdict reads on a button.
 * Pure: the panel sends `probeActions` to `devices.checkControl` whenever a fact the interlocks use
 * changes, and greys out what is refused with the reason as the tooltip and under the section.
 */
import type { DeviceControlAction, DeviceControlVerdict, DeviceStatus } from '../../../src-shared/ipc/contract';
import { enclosureReadings, mountReadings, safetyVerdict, weatherReadings } from './device-readings';

/**
 * One representative action per gated op for the devices present. Coordinates and durations are
 * placeholders: the interlocks look at the roof, the mount's park state and the weather, not at them.
 */
export function probeActions(devices: DeviceStatus[]): DeviceControlAction[] {
  const has = (kind: string): boolean => devices.some((d) => d.kind === kind);
  const out: DeviceControlAction[] = [];
  if (has('mount')) {
    out.push({ op: 'mount.slew', raHours: 0, decDeg: 0 }, { op: 'mount.unpark' }, { op: 'mount.park' });
  }
  if (has('dome')) out.push({ op: 'dome.open' }, { op: 'dome.close' }, { op: 'dome.park' });
  if (has('camera')) out.push({ op: 'camera.expose', durationSec: 1, frameType: 'light' });
  return out;
}

/**
 * A string that changes exactly when a fact the interlocks read changes (connections, roof, park,
 * slewing, weather verdicts), so re-checking on every 2 s heartbeat is avoided.
 */
export function interlockFingerprint(devices: DeviceStatus[]): string {
  return devices
    .map((d) => {
      const m = mountReadings(d);
      const e = enclosureReadings(d);
      const w = weatherReadings(d);
      const s = safetyVerdict(d);
      const facts = m
        ? `${m.parked}/${m.slewing}`
        : e
          ? `${e.shutter}/${e.parked}`
          : w
            ? `${w.safe}/${(w.rainRateMmPerHour ?? 0) > 0}/${Math.round(w.windSpeedMps ?? 0)}/${Math.round(w.windGustMps ?? 0)}/${Math.round(w.humidityPct ?? 0)}`
            : s !== null
              ? String(s)
              : '';
      return `${d.kind}:${d.name}:${d.connection}:${facts}`;
    })
    .join('|');
}

/** How a button shows an op: enabled or not, and the text of its tooltip. */
export interface ButtonGate {
  disabled: boolean;
  /** The refusal reason or the reason the button is off; null when enabled without warnings. */
  why: string | null;
  /** True when allowed with warnings (the button is marked). */
  warn: boolean;
}

/**
 * The gate of one button.
 * @param canWrite whether this console holds the access token.
 * @param connected whether the device the op acts on is connected.
 * @param running whether the same op is in flight on this telescope.
 */
export function gateFor(
  verdict: DeviceControlVerdict | undefined,
  opts: { canWrite: boolean; connected: boolean; running: boolean },
): ButtonGate {
  if (!opts.canWrite) return { disabled: true, why: 'Read-only: open the console with the operator link to control devices.', warn: false };
  if (!opts.connected) return { disabled: true, why: 'The device is not connected.', warn: false };
  if (opts.running) return { disabled: true, why: 'Running…', warn: false };
  if (verdict && !verdict.allowed) return { disabled: true, why: verdict.reason, warn: false };
  if (verdict && verdict.warnings.length > 0) return { disabled: false, why: verdict.warnings.join(' '), warn: true };
  return { disabled: false, why: null, warn: false };
}

/** Unique refusal reasons among `ops`, for the line under a control section. */
export function refusalsOf(verdicts: Record<string, DeviceControlVerdict> | undefined, ops: string[]): string[] {
  const out: string[] = [];
  for (const op of ops) {
    const v = verdicts?.[op];
    if (v && !v.allowed && v.reason !== null && !out.includes(v.reason)) out.push(v.reason);
  }
  return out;
}
