import { describe, expect, it } from 'vitest';
import type { SimCamera, SimDome, SimWeatherStation } from '../../../../src-main/devices/sim';
import { lstHours } from '../../../../src-main/devices/sim/sky-math';
import type { FilterWheel, Focuser, Mount, Rotator, SafetyMonitor, WeatherStation } from '../../../../src-main/devices/types';
import { SITE, codeOf, drive, newClock, run, simDevices } from '../helpers';

async function rig(roof = true) {
  const clock = newClock();
  const [mount, camera, wheel, focuser, dome, rotator, weather, safety] = (await simDevices(clock, [
    { id: 'm', kind: 'mount', family: 'sim' },
    { id: 'c', kind: 'camera', family: 'sim', options: { widthPx: 320, heightPx: 240 } },
    { id: 'f', kind: 'filterWheel', family: 'sim' },
    { id: 'z', kind: 'focuser', family: 'sim' },
    { id: 'd', kind: 'dome', family: 'sim', options: { roof } },
    { id: 'r', kind: 'rotator', family: 'sim' },
    { id: 'w', kind: 'weather', family: 'sim' },
    { id: 's', kind: 'safety', family: 'sim' },
  ])) as [Mount, SimCamera, FilterWheel, Focuser, SimDome, Rotator, WeatherStation, SafetyMonitor];
  return { clock, mount, camera, wheel, focuser, dome, rotator, weather, safety };
}

function stats(px: ArrayLike<number>) {
  let sum = 0;
  let max = 0;
  for (let i = 0; i < px.length; i++) {
    const v = px[i] as number;
    sum += v;
    if (v > max) max = v;
  }
  return { mean: sum / px.length, max };
}

describe('sim camera', () => {
  it('images stars only with the roof open and the mount on sky; exposure takes duration + readout', async () => {
    const { clock, mount, camera, dome } = await rig();
    await run(clock, mount.unpark());
    await run(clock, mount.slewToCoordinates({ raHours: (lstHours(clock.nowMs(), SITE.longitudeDeg) + 1) % 24, decDeg: 30 }, 'jnow'));
    const closed = await run(clock, camera.expose({ durationSec: 10, frameType: 'light' }));
    expect(closed.width * closed.height).toBe(320 * 240);
    expect(closed.metadata.headers['NSTARS']).toBe(0);
    await run(clock, dome.openShutter());
    const timed = await drive(clock, camera.expose({ durationSec: 10, frameType: 'light' }), 10);
    const light = timed.value;
    if (!light) throw timed.error;
    // 10 s + 0.0768 Mpx × 0.5 s/Mpx readout.
    expect(Math.abs(timed.elapsedMs - (10_000 + 38.4))).toBeLessThanOrEqual(10);
    expect(light.metadata.headers['NSTARS']).toBeGreaterThan(0);
    const s = stats(light.pixels);
    // Background ≈ bias 1000 + sky 5 ADU/s × 10 s; stars stand far above it.
    expect(Math.abs(s.mean - 1050)).toBeLessThan(60);
    // Stars: pixels far above the background noise (σ² = sky signal + read noise²).
    const sigma = Math.sqrt(50 + 25);
    expect(s.max).toBeGreaterThan(s.mean + 10 * sigma);
    expect(stats(closed.pixels).max).toBeLessThan(stats(closed.pixels).mean + 6 * 5);
    expect(light.metadata.pointingJ2000).not.toBeNull();
    const dark = await run(clock, camera.expose({ durationSec: 10, frameType: 'dark' }));
    expect(stats(dark.pixels).max).toBeLessThan(1200);
  });

  it('bins, sub-frames, aborts through the signal, and reports busy', async () => {
    const { clock, camera } = await rig();
    const img = await run(clock, camera.expose({ durationSec: 1, frameType: 'bias', binning: { x: 2, y: 2 }, subframe: { x: 10, y: 20, width: 100, height: 60 } }));
    expect([img.width, img.height]).toEqual([50, 30]);
    const ctrl = new AbortController();
    const exposing = drive(clock, camera.expose({ durationSec: 30, frameType: 'light' }, { signal: ctrl.signal }), 100);
    await clock.advance(1000);
    expect(codeOf(await drive(clock, camera.expose({ durationSec: 1, frameType: 'light' })))).toBe('device.busy');
    ctrl.abort(new Error('operator abort'));
    const outcome = await exposing;
    expect(outcome.ok).toBe(false);
    expect((await run(clock, camera.readState())).activity).toBe('idle');
    camera.faults.inject({ type: 'postcondition', command: 'expose', times: 1 });
    expect(codeOf(await drive(clock, camera.expose({ durationSec: 1, frameType: 'bias' })))).toBe('device.postcondition');
  });
});

describe('sim filter wheel, focuser, dome, rotator', () => {
  it('move, take time and verify', async () => {
    const { clock, wheel, focuser, dome, rotator } = await rig(false);
    await run(clock, wheel.setSlot(4));
    expect((await run(clock, wheel.readState())).slot).toBe(4);
    expect(codeOf(await drive(clock, wheel.setSlot(99)))).toBe('device.error');
    await run(clock, focuser.moveTo(26_000));
    await run(clock, focuser.moveBy(-500));
    expect((await run(clock, focuser.readState())).position).toBe(25_500);
    const open = await drive(clock, dome.openShutter(), 100);
    expect(open.elapsedMs).toBeGreaterThanOrEqual(10_000);
    expect((await run(clock, dome.readState())).shutter).toBe('open');
    await run(clock, dome.slewToAzimuth(350));
    expect((await run(clock, dome.readState())).azimuthDeg).toBeCloseTo(350, 6);
    await run(clock, rotator.moveTo(90));
    await run(clock, rotator.sync(100));
    expect((await run(clock, rotator.readState())).positionDeg).toBeCloseTo(100, 6);
    dome.faults.inject({ type: 'postcondition', command: 'closeShutter' });
    expect(codeOf(await drive(clock, dome.closeShutter()))).toBe('device.postcondition');
  });

  it('a slaved dome follows the mount in azimuth at its rate, leaves park, and park or abort end the slaving', async () => {
    const { clock, mount, dome } = await rig(false);
    await run(clock, mount.unpark());
    // East of the meridian, well away from the dome's park azimuth (0°).
    await run(clock, mount.slewToCoordinates({ raHours: (lstHours(clock.nowMs(), SITE.longitudeDeg) + 3) % 24, decDeg: 10 }, 'jnow'));
    const mountAz = async () => (await run(clock, mount.readState())).horizontal!.azimuthDeg;
    const gap = (a: number, b: number) => Math.abs(((((a - b) % 360) + 540) % 360) - 180);
    const az0 = await mountAz();
    expect(gap(az0, 0)).toBeGreaterThan(30);
    // Not slaved: the dome stays parked at 0°.
    await clock.advance(60_000);
    expect((await run(clock, dome.readState())).azimuthDeg).toBeCloseTo(0, 6);
    await run(clock, dome.setSlaved(true));
    // 5°/s (the sim's default): 2 s in, it has turned 10° towards the mount and says it is slewing
    // (each `run` also steps the clock by up to 100 ms: at most 0.5° more per call).
    await clock.advance(2_000);
    const moving = await run(clock, dome.readState());
    expect(gap(moving.azimuthDeg!, 0)).toBeGreaterThanOrEqual(10);
    expect(gap(moving.azimuthDeg!, 0)).toBeLessThanOrEqual(11);
    expect(moving.slewing).toBe(true);
    expect(moving.parked).toBe(false);
    // Long enough to arrive: it then tracks the mount within a degree while the sky turns.
    await clock.advance(Math.ceil(gap(az0, 0) / 5) * 1000 + 10 * 60_000);
    const arrived = await run(clock, dome.readState());
    expect(gap(arrived.azimuthDeg!, await mountAz())).toBeLessThan(1);
    expect(arrived.slewing).toBe(false);
    // Park ends the slaving and returns to 0°; the mount moving on no longer turns the dome.
    await run(clock, dome.park());
    const parked = await run(clock, dome.readState());
    expect(parked.slaved).toBe(false);
    expect(parked.azimuthDeg).toBeCloseTo(0, 6);
    await clock.advance(10 * 60_000);
    expect((await run(clock, dome.readState())).azimuthDeg).toBeCloseTo(0, 6);
    // Abort ends it too.
    await run(clock, dome.setSlaved(true));
    await clock.advance(1_000);
    await run(clock, dome.abort());
    const stopped = (await run(clock, dome.readState())).azimuthDeg!;
    expect((await run(clock, dome.readState())).slaved).toBe(false);
    await clock.advance(60_000);
    expect((await run(clock, dome.readState())).azimuthDeg).toBeCloseTo(stopped, 6);
  });

  it('a roof has no azimuth', async () => {
    const { clock, dome } = await rig(true);
    expect(codeOf(await drive(clock, dome.slewToAzimuth(10)))).toBe('device.unsupported');
  });
});

describe('sim weather and safety', () => {
  it('follow the script: rain at 60 s makes both unsafe', async () => {
    const { clock, weather, safety } = await rig();
    (weather as SimWeatherStation).setScript([
      { atSec: 0, readings: { windSpeedMps: 4 } },
      { atSec: 60, readings: { rainRateMmPerHour: 2.5, humidityPct: 95 } },
    ]);
    expect((await run(clock, weather.readState())).safe).toBe(true);
    expect((await run(clock, safety.readState())).safe).toBe(true);
    await clock.advance(60_000);
    const w = await run(clock, weather.readState());
    expect(w.readings.rainRateMmPerHour).toBe(2.5);
    expect(w.readings.windSpeedMps).toBe(4);
    expect(w.safe).toBe(false);
    expect((await run(clock, safety.readState())).safe).toBe(false);
  });
});
