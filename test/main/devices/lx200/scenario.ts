/**
 * The LX200 client scenario, shared by the in-memory unit test and the socat pty integration test:
 * core command set in both precisions, then garbage and silence.
 */
import { expect } from 'vitest';
import type { Lx200Mount } from '../../../../src-main/devices/lx200';
import { separationDeg } from '../../../../src-main/devices/sim/sky-math';
import type { Settled } from '../helpers';
import { codeOf } from '../helpers';
import type { ScriptedLx200Mount } from './scripted-mount';

export type Settle = <T>(p: Promise<T>) => Promise<Settled<T>>;

async function ok<T>(settle: Settle, p: Promise<T>): Promise<T> {
  const s = await settle(p);
  if (!s.ok) throw s.error;
  return s.value as T;
}

export async function lx200Scenario(mount: Lx200Mount, fake: ScriptedLx200Mount, settle: Settle): Promise<void> {
  for (const startHigh of [true, false]) {
    fake.highPrecision = startHigh;
    await ok(settle, mount.connect());
    // `auto` switches a low-precision mount to high with :U#.
    expect(fake.highPrecision).toBe(true);
    expect(fake.log.filter((l) => l === 'U').length).toBe(startHigh ? 0 : 1);
    fake.log.length = 0;

    const target = { raHours: 7 + 12 / 60 + 34 / 3600, decDeg: -(0 + 30 / 60 + 15 / 3600) };
    await ok(settle, mount.slewToCoordinates(target, 'jnow'));
    expect(fake.log).toContain('Sr 07:12:34');
    expect(fake.log).toContain('Sd -00*30:15');
    expect(fake.log.filter((l) => l === 'D').length).toBe(fake.slewPolls + 1);
    const s = await ok(settle, mount.readState());
    expect(separationDeg(s.jnow, target) * 3600).toBeLessThan(1.5);
    expect(s.slewing).toBe(false);

    // Low precision: the mount answers HH:MM.T / sDD*MM and the driver formats targets likewise.
    fake.highPrecision = false;
    const low = await ok(settle, mount.readState());
    expect(separationDeg(low.jnow, target) * 60).toBeLessThan(1.5);
    fake.log.length = 0;
    await ok(settle, mount.syncToCoordinates({ raHours: 7.25, decDeg: 10.5 }, 'jnow'));
    expect(fake.log.slice(0, 2)).toEqual(['Sr 07:15.0', 'Sd +10*30']);
    fake.highPrecision = true;

    // Refused goto (below horizon) → device.unsafe, and the :MS# message is drained.
    expect(codeOf(await settle(mount.slewToCoordinates({ raHours: 1, decDeg: -60 }, 'jnow')))).toBe('device.unsafe');

    // A mount that stops 1° off target fails the post-condition.
    fake.slewErrorDeg = 1;
    expect(codeOf(await settle(mount.slewToCoordinates({ raHours: 3, decDeg: 15 }, 'jnow')))).toBe('device.postcondition');
    fake.slewErrorDeg = 0;

    await ok(settle, mount.setTracking(false));
    expect(fake.alignment).toBe('L');
    await ok(settle, mount.setTracking(true));
    await ok(settle, mount.park());
    expect((await ok(settle, mount.readState())).parked).toBe(true);
    expect(codeOf(await settle(mount.slewToCoordinates(target, 'jnow')))).toBe('device.error');
    await ok(settle, mount.unpark());
    await ok(settle, mount.abort());

    // Stray bytes before a reply are tolerated; a garbage reply is a coded error, then all is well.
    fake.noisePrefix = '\u00ff\u0001';
    await ok(settle, mount.ping());
    fake.noisePrefix = '';
    fake.garbageFor = 1;
    expect(codeOf(await settle(mount.ping()))).toBe('device.protocol');
    await ok(settle, mount.ping());

    // Silence ends in device.timeout within the reply timeout, and the next command resynchronises.
    fake.silentFor = 1;
    expect(codeOf(await settle(mount.ping()))).toBe('device.timeout');
    await ok(settle, mount.ping());
    await mount.disconnect();
    expect(codeOf(await settle(mount.ping()))).toBe('device.disconnected');
  }
}
