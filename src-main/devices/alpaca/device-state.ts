/**
 * The server side of ASCOM Platform 7 `GET devicestate`: every operational property of the device
 * that is known right now, as `{Name, Value}` entries plus `TimeStamp`, in one answer. Values come
 * from the same member handlers the individual GETs use, over one state snapshot (one `readState`
 * per call, not one per property). As ASCOM requires, unknown or unimplemented properties are left
 * out instead of failing the call, and an empty list carries no TimeStamp.
 */
import type { DeviceKind, DeviceState } from '../types';
import { MEMBERS } from './members';
import { DEVICE_STATE_NAMES, type DeviceStateEntry, type Params, type Served } from './members-shared';

/** DeviceState members take no parameters: any parameter read is a server bug, not a client error. */
const NO_PARAMS: Params = {
  str: (name) => {
    throw new Error(`devicestate handlers take no parameter (${name})`);
  },
  num: (name) => NO_PARAMS.str(name) as never,
  bool: (name) => NO_PARAMS.str(name) as never,
};

/** The DeviceState list of `served` (a device of `kind`), read from one state snapshot. */
export async function deviceStateOf(served: Served, kind: DeviceKind): Promise<DeviceStateEntry[]> {
  let snapshot: Promise<DeviceState> | null = null;
  const once: Served = { ...served, state: () => (snapshot ??= served.state()) };
  const table = MEMBERS[kind];
  const entries: DeviceStateEntry[] = [];
  for (const name of DEVICE_STATE_NAMES[kind]) {
    const get = table[name.toLowerCase()]?.get;
    if (get === undefined) continue;
    try {
      const value: unknown = await get(once, NO_PARAMS);
      if (value !== undefined && value !== null) entries.push({ Name: name, Value: value });
    } catch {
      // Unknown now (not implemented, no reading, failed exposure…): omitted, never an error.
    }
  }
  if (entries.length === 0) return entries;
  // The instant the snapshot was read, on the device's clock (simulated devices use theirs).
  const readUtcMs = await (snapshot ?? once.state()).then(
    (v) => v.readUtcMs,
    () => null,
  );
  if (readUtcMs !== null) entries.push({ Name: 'TimeStamp', Value: new Date(readUtcMs).toISOString() });
  return entries;
}
