/**
 * The manual-control service behind the console's devices panel: validates an action, checks the
 * interlocks (refusing with `device.unsafe` and a human reason), and runs it through the device
 * manager (serialised per device, state re-read afterwards). Long operations (slews, exposures,
 * shutter moves) can be aborted: `mount.abort` / `camera.abort` cancel the one in flight instead of
 * queueing behind it.
 */
import { AppError } from '../../../src-shared/errors';
import { sunAltitudeDeg } from '../../../src-shared/astro';
import type { Clock } from '../../clock';
import type { DeviceManager } from '../manager';
import type { DeviceByKind, DeviceKind, DeviceSite, DeviceSnapshot, DeviceState, DeviceStateOf } from '../types';
import { controlActionSchema, type ControlAction, type ControlActionInput, type ControlResult } from './actions';
import { imageStats } from './image-stats';
import { checkInterlocks, type DeviceView, type InterlockPolicy, type InterlockSnapshot, type InterlockVerdict } from './interlocks';

export interface DeviceControlOptions {
  manager: DeviceManager;
  clock: Clock;
  /** Interlock settings per telescope id (defaults in interlocks.ts). */
  policies?: Record<string, InterlockPolicy>;
  /** Site per telescope id, for the Sun-altitude check; absent = unknown. */
  sites?: Record<string, DeviceSite | null>;
}

export interface DeviceControl {
  /**
   * Runs one action on a telescope's devices. Rejects `validation.invalid` for a malformed action,
   * `device.unsafe` (details: rule, warnings) when an interlock refuses, `not_found` for an unknown
   * device id, else whatever the device rejects with (`device.*`).
   */
  execute(telescopeId: string, action: ControlActionInput): Promise<ControlResult>;
  /** The interlock verdict for an action right now, without acting (for greying out buttons). */
  check(telescopeId: string, action: ControlActionInput): InterlockVerdict;
  /** The facts the interlocks see for a telescope now. */
  interlockSnapshot(telescopeId: string): InterlockSnapshot;
}

function parse(action: ControlActionInput): ControlAction {
  const r = controlActionSchema.safeParse(action);
  if (!r.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of r.error.issues) (fields[issue.path.join('.') || 'action'] ??= []).push(issue.message);
    throw new AppError('validation.invalid', 'invalid control action', fields);
  }
  return r.data;
}

function view<K extends DeviceKind>(snaps: DeviceSnapshot[], kind: K): DeviceView<DeviceStateOf<K>> | null {
  const s = snaps.find((d) => d.kind === kind);
  if (!s) return null;
  const state: DeviceState | null = s.state;
  return { connected: s.connection.status === 'connected', state: state && state.kind === kind ? (state as DeviceStateOf<K>) : null };
}

export function createDeviceControl(options: DeviceControlOptions): DeviceControl {
  const { manager, clock } = options;
  /** Abort handles of long operations in flight, by `telescope/kind`. */
  const inflight = new Map<string, AbortController>();

  const interlockSnapshot = (telescopeId: string): InterlockSnapshot => {
    const snaps = manager.snapshot().filter((s) => s.telescopeId === telescopeId);
    const site = options.sites?.[telescopeId] ?? null;
    const now = clock.nowMs();
    return {
      nowUtcMs: now,
      mount: view(snaps, 'mount'),
      enclosure: view(snaps, 'dome'),
      weather: view(snaps, 'weather'),
      safety: view(snaps, 'safety'),
      sunAltitudeDeg: site ? sunAltitudeDeg(site, now) : null,
    };
  };

  const verdict = (telescopeId: string, action: ControlAction): InterlockVerdict =>
    checkInterlocks(action, interlockSnapshot(telescopeId), options.policies?.[telescopeId] ?? {});

  /** Throws device.unsafe when refused; returns the warnings otherwise. */
  const enforce = (telescopeId: string, action: ControlAction): string[] => {
    const v = verdict(telescopeId, action);
    if (!v.allowed) throw new AppError('device.unsafe', v.reason, { rule: v.rule, op: action.op, telescopeId });
    return v.warnings;
  };

  /**
   * Runs `fn` on the device of `kind` through the manager. Interlocks are checked again right
   * before acting: the command may have waited in the device's queue while things changed.
   */
  const command = async <K extends DeviceKind, T>(
    telescopeId: string,
    action: ControlAction,
    kind: K,
    fn: (device: DeviceByKind[K], signal: AbortSignal) => Promise<T>,
    long = false,
  ): Promise<T> => {
    const key = `${telescopeId}/${kind}`;
    const ctrl = new AbortController();
    if (long) inflight.set(key, ctrl);
    try {
      return await manager.command(
        telescopeId,
        kind,
        (device, signal) => {
          enforce(telescopeId, action);
          return fn(device, AbortSignal.any([signal, ctrl.signal]));
        },
        { deviceId: action.deviceId, signal: ctrl.signal },
      );
    } finally {
      if (inflight.get(key) === ctrl) inflight.delete(key);
    }
  };

  /** Cancels the long operation in flight on `kind`, if any. */
  const cancel = (telescopeId: string, kind: DeviceKind, why: string): void => {
    inflight.get(`${telescopeId}/${kind}`)?.abort(new AppError('device.error', why));
  };

  const result = (action: ControlAction, warnings: string[], image: ControlResult['image'] = null): ControlResult => ({ op: action.op, warnings, image });

  const execute = async (telescopeId: string, input: ControlActionInput): Promise<ControlResult> => {
    const action = parse(input);
    const warnings = enforce(telescopeId, action);
    switch (action.op) {
      case 'connect':
      case 'disconnect': {
        const known = manager.snapshot().some((s) => s.telescopeId === telescopeId && s.deviceId === action.deviceId);
        if (!known) throw new AppError('not_found', `telescope ${telescopeId} has no device '${action.deviceId}'`);
        if (action.op === 'connect') manager.connect(telescopeId, action.deviceId);
        else manager.disconnect(telescopeId, action.deviceId);
        return result(action, warnings);
      }
      case 'mount.slew':
        await command(telescopeId, action, 'mount', (m, signal) => m.slewToCoordinates({ raHours: action.raHours, decDeg: action.decDeg }, 'j2000', { signal }), true);
        return result(action, warnings);
      case 'mount.park':
        await command(telescopeId, action, 'mount', (m, signal) => m.park({ signal }), true);
        return result(action, warnings);
      case 'mount.unpark':
        await command(telescopeId, action, 'mount', (m, signal) => m.unpark({ signal }));
        return result(action, warnings);
      case 'mount.abort':
        cancel(telescopeId, 'mount', 'slew aborted by the operator');
        await command(telescopeId, action, 'mount', (m, signal) => m.abort({ signal }));
        return result(action, warnings);
      case 'mount.tracking':
        await command(telescopeId, action, 'mount', (m, signal) => m.setTracking(action.on, { signal }));
        return result(action, warnings);
      case 'camera.expose': {
        const b = action.binning;
        const image = await command(
          telescopeId,
          action,
          'camera',
          async (c, signal) => {
            const img = await c.expose({ durationSec: action.durationSec, frameType: action.frameType, ...(b ? { binning: { x: b, y: b } } : {}) }, { signal });
            const state = await c.readState({ signal }).catch(() => null);
            return imageStats(img, state?.info.maxAdu ?? 65535);
          },
          true,
        );
        return result(action, warnings, image);
      }
      case 'camera.abort': {
        const running = inflight.has(`${telescopeId}/camera`);
        cancel(telescopeId, 'camera', 'exposure aborted by the operator');
        // The cancelled exposure aborts itself on the device; only an exposure we did not start needs the call.
        if (!running) await command(telescopeId, action, 'camera', (c, signal) => c.abortExposure({ signal }));
        return result(action, warnings);
      }
      case 'filter.select':
        await command(telescopeId, action, 'filterWheel', async (fw, signal) => {
          const names = (await fw.readState({ signal })).names;
          const slot = names.findIndex((n) => n.toLowerCase() === action.name.toLowerCase());
          if (slot < 0) throw new AppError('validation.invalid', `no filter named '${action.name}' (have ${names.join(', ')})`, { name: [`unknown filter; have ${names.join(', ')}`] });
          await fw.setSlot(slot, { signal });
        });
        return result(action, warnings);
      case 'focuser.moveTo':
        await command(telescopeId, action, 'focuser', (f, signal) => f.moveTo(action.position, { signal }), true);
        return result(action, warnings);
      case 'focuser.moveBy':
        await command(telescopeId, action, 'focuser', (f, signal) => f.moveBy(action.steps, { signal }), true);
        return result(action, warnings);
      case 'dome.open':
        await command(telescopeId, action, 'dome', (d, signal) => d.openShutter({ signal }), true);
        return result(action, warnings);
      case 'dome.close':
        await command(telescopeId, action, 'dome', (d, signal) => d.closeShutter({ signal }), true);
        return result(action, warnings);
      case 'dome.park':
        await command(telescopeId, action, 'dome', (d, signal) => d.park({ signal }), true);
        return result(action, warnings);
      case 'dome.slew':
        await command(telescopeId, action, 'dome', (d, signal) => d.slewToAzimuth(action.azimuthDeg, { signal }), true);
        return result(action, warnings);
      case 'rotator.moveTo':
        await command(telescopeId, action, 'rotator', (r, signal) => r.moveTo(action.positionDeg, { signal }), true);
        return result(action, warnings);
    }
  };

  return {
    execute,
    check: (telescopeId, input) => verdict(telescopeId, parse(input)),
    interlockSnapshot,
  };
}
