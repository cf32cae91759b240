/**
 * Fault control for `serve --simulate` and tests: inject into a managed sim device now, or run a
 * plan of faults on the clock.
 */
import { AppError } from '../../../src-shared/errors';
import type { Clock } from '../../clock';
import { deviceError } from '../errors';
import type { DeviceManager } from '../manager';
import type { SimFault } from '../sim/faults';
import { isSimDevice } from '../sim';
import type { PlannedFault } from './spec';

/**
 * Arms `fault` on a managed simulated device. Throws `not_found` for an unknown device and
 * `device.unsupported` for a device that is not simulated (real hardware cannot be made to fail).
 */
export function injectSimFault(manager: DeviceManager, telescopeId: string, deviceId: string, fault: SimFault): void {
  const device = manager.device(telescopeId, deviceId);
  if (!device) throw new AppError('not_found', `telescope ${telescopeId} has no device '${deviceId}'`);
  if (!isSimDevice(device)) throw deviceError('device.unsupported', `${telescopeId}/${deviceId} is a ${device.family} device: faults can only be injected into sim devices`);
  device.faults.inject(fault);
}

export interface FaultSchedulerOptions {
  manager: DeviceManager;
  clock: Clock;
  plan: PlannedFault[];
  /** Called after each injection (for the log); `error` when it could not be injected. */
  onInjected?: (fault: PlannedFault, error: AppError | null) => void;
}

export interface FaultScheduler {
  /** Faults not injected yet. */
  pending(): PlannedFault[];
  /** Stops injecting (already armed faults stay armed). */
  stop(): void;
  /** Resolves when every fault was injected or the scheduler was stopped. */
  readonly done: Promise<void>;
}

/** Injects each planned fault when the clock reaches its time (faults in the past: at once). */
export function createFaultScheduler(options: FaultSchedulerOptions): FaultScheduler {
  const queue = [...options.plan].sort((a, b) => a.atUtcMs - b.atUtcMs);
  const stop = new AbortController();
  const done = (async () => {
    while (queue.length > 0 && !stop.signal.aborted) {
      const next = queue[0] as PlannedFault;
      const waitMs = next.atUtcMs - options.clock.nowMs();
      if (waitMs > 0) {
        try {
          await options.clock.sleep(waitMs, stop.signal);
        } catch {
          return;
        }
      }
      queue.shift();
      let error: AppError | null = null;
      try {
        injectSimFault(options.manager, next.telescopeId, next.deviceId, next.fault);
      } catch (thrown) {
        error = thrown instanceof AppError ? thrown : new AppError('internal', String(thrown));
      }
      options.onInjected?.(next, error);
    }
  })();
  return {
    pending: () => queue.map((f) => ({ ...f, fault: { ...f.fault } })),
    stop: () => stop.abort(),
    done,
  };
}
