import { describe, expect, it } from 'vitest';
import type { SimMount } from '../../../../src-main/devices/sim';
import type { MountState } from '../../../../src-main/devices/types';
import { separationDeg, lstHours, equatorialToHorizontal } from '../../../../src-main/devices/sim/sky-math';
import { SITE, codeOf, drive, newClock, run, simDevices } from '../helpers';

async function setup(options: Record<string, unknown> = {}) {
  const clock = newClock();
  const [mount] = (await simDevices(clock, [{ id: 'm', kind: 'mount', family: 'sim', options }])) as [SimMount];
  return { clock, mount };
}

/** A J2000 target 60° up in the south-east now (hour angle −2 h, Dec 30°). */
function visibleTarget(nowMs: number) {
  return { raHours: (lstHours(nowMs, SITE.longitudeDeg) + 2) % 24, decDeg: 30 };
}

describe('sim mount', () => {
  it('starts parked, refuses to slew until unparked, then slews at its slew rate and tracks', async () => {
    const { clock, mount } = await setup({ slewRateDegPerSec: 2, settleSec: 1 });
    const target = visibleTarget(clock.nowMs());
    expect((await run(clock, mount.readState())).parked).toBe(true);
    expect(codeOf(await drive(clock, mount.slewToCoordinates(target, 'jnow')))).toBe('device.error');
    await run(clock, mount.unpark());
    const from = (await run(clock, mount.readState())).jnow;
    const slew = await drive(clock, mount.slewToCoordinates(target, 'jnow'), 50);
    expect(slew.ok).toBe(true);
    // Axes move together at 2°/s: the time is the longer axis over the rate, plus 1 s settle.
    const dRaDeg = Math.abs((((target.raHours - from.raHours) % 24) + 36) % 24 - 12) * 15;
    const expectedMs = (Math.max(dRaDeg, Math.abs(target.decDeg - from.decDeg)) / 2) * 1000 + 1000;
    expect(Math.abs(slew.elapsedMs - expectedMs)).toBeLessThanOrEqual(50);
    const s: MountState = await run(clock, mount.readState());
    expect(separationDeg(s.jnow, target) * 3600).toBeLessThan(3.6);
    expect(s.tracking && !s.slewing && !s.parked).toBe(true);
    // Tracking holds RA an hour later; the horizontal position follows the sky.
    await clock.advance(3_600_000);
    const later = await run(clock, mount.readState());
    expect(separationDeg(later.jnow, target) * 3600).toBeLessThan(3.6);
    const hz = equatorialToHorizontal(target, lstHours(clock.nowMs(), SITE.longitudeDeg), SITE.latitudeDeg);
    expect(Math.abs((later.horizontal?.altitudeDeg ?? NaN) - hz.altitudeDeg)).toBeLessThan(0.001);
    expect(later.pierSide).toBe('west'); // target was east of the meridian an hour ago, still east now
  });

  it('J2000 targets are precessed: state.j2000 equals the target, state.jnow differs by precession', async () => {
    const { clock, mount } = await setup();
    await run(clock, mount.unpark());
    const target = visibleTarget(clock.nowMs());
    await run(clock, mount.slewToCoordinates(target, 'j2000'));
    const s = await run(clock, mount.readState());
    expect(separationDeg(s.j2000, target) * 3600).toBeLessThan(3.6);
    // 26 years of precession moves a position by roughly 26 × 50″ (less near the pole of the ecliptic).
    expect(separationDeg(s.jnow, target) * 3600).toBeGreaterThan(300);
  });

  it('refuses targets below the altitude limit with device.unsafe', async () => {
    const { clock, mount } = await setup({ minAltitudeDeg: 20 });
    await run(clock, mount.unpark());
    const below = { raHours: (lstHours(clock.nowMs(), SITE.longitudeDeg) + 12) % 24, decDeg: 0 };
    expect(codeOf(await drive(clock, mount.slewToCoordinates(below, 'jnow')))).toBe('device.unsafe');
  });

  it('abort stops a slew half way; the slew rejects and the mount is not slewing', async () => {
    const { clock, mount } = await setup({ slewRateDegPerSec: 1 });
    await run(clock, mount.unpark());
    const target = visibleTarget(clock.nowMs());
    const slew = drive(clock, mount.slewToCoordinates(target, 'jnow'), 100);
    await clock.advance(5_000);
    await mount.abort();
    const outcome = await slew;
    expect(codeOf(outcome)).toBe('device.error');
    const s = await run(clock, mount.readState());
    expect(s.slewing).toBe(false);
    expect(separationDeg(s.jnow, target)).toBeGreaterThan(1);
  });

  it('parks at the pole and syncs', async () => {
    const { clock, mount } = await setup();
    await run(clock, mount.unpark());
    const target = visibleTarget(clock.nowMs());
    await run(clock, mount.slewToCoordinates(target, 'jnow'));
    const synced = { raHours: target.raHours + 0.01, decDeg: target.decDeg - 0.1 };
    await run(clock, mount.syncToCoordinates(synced, 'jnow'));
    expect(separationDeg((await run(clock, mount.readState())).jnow, synced) * 3600).toBeLessThan(3.6);
    await run(clock, mount.park());
    const s = await run(clock, mount.readState());
    expect(s.parked).toBe(true);
    expect(s.jnow.decDeg).toBeCloseTo(90, 6);
  });

  it('each injected fault ends in its coded error', async () => {
    const { clock, mount } = await setup();
    await run(clock, mount.unpark());
    const target = visibleTarget(clock.nowMs());
    const cases: [string, string][] = [
      ['error', 'device.error'],
      ['garbage', 'device.protocol'],
      ['postcondition', 'device.postcondition'],
      ['stall', 'device.timeout'],
      ['disconnect', 'device.disconnected'],
    ];
    for (const [type, code] of cases) {
      mount.faults.inject({ type: type as 'error', command: 'slewToCoordinates', times: 1 });
      const s = await drive(clock, mount.slewToCoordinates(target, 'jnow', { timeoutMs: 120_000 }), 1000);
      expect(`${type}: ${codeOf(s)}`).toBe(`${type}: ${code}`);
    }
    // After a dropped link every call fails until reconnected.
    expect(codeOf(await drive(clock, mount.readState()))).toBe('device.disconnected');
    await run(clock, mount.connect());
    expect(codeOf(await drive(clock, mount.readState()))).toBe('ok');
  });
});
