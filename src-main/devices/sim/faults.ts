/**
 * Fault injection for simulated devices: tests (and `serve --simulate`) make a device misbehave the
 * ways real hardware does, and check that every fault ends in a coded error and a visible state.
 */

/**
 * - `disconnect`: the link drops; this and every later call fail `device.disconnected` until reconnected.
 * - `stall`: the device never answers; the call ends in `device.timeout` (or the caller's abort).
 * - `error`: the device replies with a failure (`device.error`).
 * - `postcondition`: the device acknowledges but does nothing, so the read-back fails (`device.postcondition`).
 * - `garbage`: the reply is unparsable (`device.protocol`).
 * - `refuseConnect`: only on `connect`: the connection attempt fails (`device.disconnected`).
 */
export type SimFaultType = 'disconnect' | 'stall' | 'error' | 'postcondition' | 'garbage' | 'refuseConnect';

export interface SimFault {
  type: SimFaultType;
  /**
   * Which call it hits: a method name (`slewToCoordinates`, `expose`, `setSlot`, `ping`, `readState`,
   * `connect`…) or `*` for any call (default).
   */
  command?: string;
  /** How many matching calls it hits before clearing itself; default: until `clear()`. */
  times?: number;
}

interface ArmedFault {
  type: SimFaultType;
  command: string;
  remaining: number;
}

/** Per-device list of armed faults; the first armed fault that matches a call fires. */
export class FaultInjector {
  private armed: ArmedFault[] = [];

  inject(fault: SimFault): void {
    this.armed.push({ type: fault.type, command: fault.command ?? '*', remaining: fault.times ?? Infinity });
  }

  /** Removes every armed fault (or only those of one type). */
  clear(type?: SimFaultType): void {
    this.armed = type === undefined ? [] : this.armed.filter((f) => f.type !== type);
  }

  /** Faults currently armed (for the console / `serve --simulate` status). */
  list(): SimFault[] {
    return this.armed.map((f) => ({ type: f.type, command: f.command, times: f.remaining }));
  }

  /**
   * Consumes and returns the fault that hits `command`, or null. A `*` fault never hits `connect`
   * (except `refuseConnect`), so a reconnect can heal a device whose calls fail.
   */
  take(command: string): SimFaultType | null {
    const i = this.armed.findIndex((f) =>
      command === 'connect'
        ? f.command === 'connect' || (f.command === '*' && f.type === 'refuseConnect')
        : f.type !== 'refuseConnect' && (f.command === '*' || f.command === command),
    );
    if (i < 0) return null;
    const fault = this.armed[i] as ArmedFault;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.armed.splice(i, 1);
    return fault.type;
  }
}
