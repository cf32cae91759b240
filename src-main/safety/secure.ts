/**
 * Securing a telescope: abort the exposure, stop and park the mount, close (and park) the enclosure,
 * each step bounded in time and verified by reading the device back. Ordering is enforced: a
 * roll-off roof moves only once the mount is verified parked. Devices are driven directly (not
 * through the manager's per-device queue) so a hung executor command cannot hold safety up.
 */
import { toAppError } from '../../src-shared/errors';
import type { AnyDevice, DeviceByKind, DeviceKind, DeviceManager } from '../devices';

export interface SecureStep {
  step: string;
  ok: boolean;
  detail: string;
}

export interface SecureResult {
  ok: boolean;
  steps: SecureStep[];
  /** Why it failed (the alarm text), null when secured. */
  alarm: string | null;
}

/** Per manager: telescope → kind → first device id. A manager's devices are fixed when it is built. */
const deviceIndex = new WeakMap<DeviceManager, Map<string, Map<DeviceKind, string>>>();

/**
 * The id of the first managed device of `kind` at the telescope, or null when it has none. Cached:
 * a full `snapshot()` clones every device's state, too costly for checks made on every step.
 */
export function deviceIdOf(devices: DeviceManager, telescopeId: string, kind: DeviceKind): string | null {
  let index = deviceIndex.get(devices);
  if (!index) {
    index = new Map();
    for (const s of devices.snapshot()) {
      const kinds = index.get(s.telescopeId) ?? new Map<DeviceKind, string>();
      if (!kinds.has(s.kind)) kinds.set(s.kind, s.deviceId);
      index.set(s.telescopeId, kinds);
    }
    deviceIndex.set(devices, index);
  }
  return index.get(telescopeId)?.get(kind) ?? null;
}

/** The first managed device of `kind` at the telescope, or null. */
export function deviceOf<K extends DeviceKind>(devices: DeviceManager, telescopeId: string, kind: K): DeviceByKind[K] | null {
  const deviceId = deviceIdOf(devices, telescopeId, kind);
  if (deviceId === null) return null;
  const d: AnyDevice | null = devices.device(telescopeId, deviceId);
  return d && d.kind === kind ? (d as DeviceByKind[K]) : null;
}

const text = (thrown: unknown): string => {
  const e = toAppError(thrown);
  return `${e.code}: ${e.message}`;
};

/**
 * Secures the telescope; never throws. `onStep` is called before each step is sent to a device (the
 * caller journals it), so the journal shows what was being attempted when something went wrong.
 */
export async function secureTelescope(
  devices: DeviceManager,
  telescopeId: string,
  stepTimeoutMs: number,
  onStep: (step: string) => void,
): Promise<SecureResult> {
  const steps: SecureStep[] = [];
  const opts = { timeoutMs: stepTimeoutMs };
  const run = async (step: string, fn: () => Promise<string>): Promise<boolean> => {
    onStep(step);
    try {
      steps.push({ step, ok: true, detail: await fn() });
      return true;
    } catch (thrown) {
      steps.push({ step, ok: false, detail: text(thrown) });
      return false;
    }
  };
  const camera = deviceOf(devices, telescopeId, 'camera');
  if (camera) {
    await run('camera.abort', async () => {
      const s = await camera.readState(opts);
      if (s.activity !== 'exposing' && s.activity !== 'reading') return 'camera idle';
      await camera.abortExposure(opts);
      return 'exposure aborted';
    });
  }

  const mount = deviceOf(devices, telescopeId, 'mount');
  let mountParked = mount === null;
  if (mount) {
    mountParked = await run('mount.park', async () => {
      const before = await mount.readState(opts);
      if (before.parked) return 'already parked';
      if (before.slewing) await mount.abort(opts);
      await mount.park(opts);
      const after = await mount.readState(opts);
      if (!after.parked) throw new Error('mount does not report parked after park');
      return 'parked';
    });
  }

  const enclosure = deviceOf(devices, telescopeId, 'dome');
  let closed = enclosure === null;
  if (enclosure) {
    const st = await enclosure.readState(opts).catch(() => null);
    const isRoof = st === null ? true : !st.capabilities.canSetAzimuth;
    if (isRoof && !mountParked) {
      steps.push({ step: 'enclosure.close', ok: false, detail: 'not moved: the mount is not verified parked and a roll-off roof could hit it' });
    } else {
      closed = await run('enclosure.close', async () => {
        await enclosure.closeShutter(opts);
        const after = await enclosure.readState(opts);
        if (after.shutter !== 'closed') throw new Error(`shutter reads '${after.shutter}' after close`);
        return 'closed';
      });
    }
  }

  const failed = steps.filter((s) => !s.ok);
  const secured = mountParked && closed;
  return {
    ok: secured,
    steps,
    alarm: secured ? null : failed.map((s) => `${s.step}: ${s.detail}`).join('; ') || 'telescope not secured',
  };
}
