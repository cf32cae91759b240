/**
 * Weather holds and device-fault holds from the device status stream: a weather station or safety
 * monitor reporting unsafe holds its telescope; a faulted mount, dome or camera holds it too. A
 * hold lasts until the device reports safe / connected again. OCS treats an unavailable telescope
 * as unavailable for the whole run (§9.1), so an open hold removes the telescope from the plan
 * until it clears, and clearing it triggers a re-plan.
 */
import type { DeviceStatus } from '../../../src-shared/ipc/contract';
import type { Hold } from './input-builder';

const FAULT_KINDS = new Set(['mount', 'dome', 'camera']);

export class HoldTracker {
  /** Open holds by `${telescopeId}|${kind}|${deviceKind}`. */
  private readonly open = new Map<string, Hold>();

  /** The holds now open. */
  list(): Hold[] {
    return [...this.open.values()];
  }

  /**
   * Applies one device status; returns true when the set of holds changed (a re-plan is due).
   * `nowMs` stamps a new hold when the status carries no reading time.
   */
  apply(s: DeviceStatus, nowMs: number): boolean {
    let held: { kind: Hold['kind']; reason: string } | null = null;
    if (s.kind === 'weather' || s.kind === 'safety') {
      if (s.state['safe'] === false) held = { kind: 'weather', reason: `Weather hold: ${s.name} reports unsafe` };
    } else if (FAULT_KINDS.has(s.kind)) {
      if (s.connection === 'faulted') held = { kind: 'fault', reason: `Device fault: ${s.kind} ${s.name}${s.error ? ` (${s.error})` : ''}` };
    } else return false;
    const key = `${s.telescopeId}|${s.kind}`;
    const was = this.open.get(key);
    if (held === null) return this.open.delete(key);
    if (was) return false;
    this.open.set(key, { telescopeId: s.telescopeId, kind: held.kind, startMs: Number.isFinite(s.updatedMs) ? Math.min(s.updatedMs, nowMs) : nowMs, endMs: null, reason: held.reason });
    return true;
  }

  /** Sets (or with `null` clears) a hold by hand, e.g. an operator closing for weather. */
  set(telescopeId: string, hold: Omit<Hold, 'telescopeId'> | null): boolean {
    const key = `${telescopeId}|manual`;
    if (hold === null) return this.open.delete(key);
    this.open.set(key, { telescopeId, ...hold });
    return true;
  }
}
