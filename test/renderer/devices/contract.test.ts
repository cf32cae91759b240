/**
 * The contract's manual-control schemas (src-shared/ipc/contract.ts) mirror the control service's
 * (src-main/devices/control/actions.ts): the same actions pass and fail both, with the same defaults,
 * and the service's result fits the contract's image statistics.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { controlActionSchema, imageStatsSchema } from '../../../src-main/devices/control';
import { DeviceControlActionSchema, DeviceImageStatsSchema, invocations } from '../../../src-shared/ipc/contract';

const samples: unknown[] = [
  { op: 'connect', deviceId: 'mount' },
  { op: 'disconnect', deviceId: '' },
  { op: 'mount.slew', raHours: 5.5, decDeg: 22 },
  { op: 'mount.slew', raHours: 24, decDeg: 0 },
  { op: 'mount.slew', raHours: 1, decDeg: -91 },
  { op: 'mount.park' },
  { op: 'mount.unpark', deviceId: 'm2' },
  { op: 'mount.abort', extra: 1 },
  { op: 'mount.tracking', on: true },
  { op: 'camera.expose', durationSec: 2 },
  { op: 'camera.expose', durationSec: 2, frameType: 'dark', binning: 2 },
  { op: 'camera.expose', durationSec: -1 },
  { op: 'camera.expose', durationSec: 1, binning: 1.5 },
  { op: 'camera.abort' },
  { op: 'filter.select', name: 'V' },
  { op: 'filter.select', name: '' },
  { op: 'focuser.moveTo', position: 100 },
  { op: 'focuser.moveTo', position: -1 },
  { op: 'focuser.moveBy', steps: -100 },
  { op: 'dome.open' },
  { op: 'dome.close' },
  { op: 'dome.park' },
  { op: 'dome.slew', azimuthDeg: 360 },
  { op: 'rotator.moveTo', positionDeg: 90 },
  { op: 'roof.open' },
];

describe('devices manual-control contract', () => {
  it('accepts and refuses exactly what the control service does, with the same defaults', () => {
    for (const s of samples) {
      const a = DeviceControlActionSchema.safeParse(s);
      const b = controlActionSchema.safeParse(s);
      expect(a.success, JSON.stringify(s)).toBe(b.success);
      if (a.success && b.success) expect(a.data).toEqual(b.data);
    }
  });

  it('agrees on generated slews and exposures', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -10, max: 4000, noNaN: true }), (ra, dec, sec) => {
        for (const s of [{ op: 'mount.slew', raHours: ra, decDeg: dec }, { op: 'camera.expose', durationSec: sec }]) {
          expect(DeviceControlActionSchema.safeParse(s).success).toBe(controlActionSchema.safeParse(s).success);
        }
      }),
    );
  });

  it('carries the service image statistics unchanged', () => {
    const stats = { width: 4, height: 2, min: 1, max: 9, mean: 4.5, median: 4, stdDev: 2.1, saturatedPct: 0, exposureSec: 2, frameType: 'light', filter: 'V', startUtcMs: 1e12 };
    expect(DeviceImageStatsSchema.parse(imageStatsSchema.parse(stats))).toEqual(stats);
  });

  it('marks control as a write (needs the token) and the check as a read', () => {
    expect(invocations['devices.control'].write).toBe(true);
    expect(invocations['devices.checkControl'].write).toBe(false);
  });
});
