/**
 * INDI rotator and safety-monitor adapters against Debian's INDI 1.9.9 simulators
 * (indi_simulator_rotator; indi_simulator_weather as the safety source, driven unsafe through its
 * simulator-only WEATHER_CONTROL, devices.md §2.2). Angle tolerance 0.1°.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealClock } from '../../../src-main/clock';
import { IndiClient, IndiRotator, IndiSafetyMonitor } from '../../../src-main/devices/indi';
import type { DriverContext, IndiDeviceConfig } from '../../../src-main/devices/types';
import { indiserverInstalled, startIndiServer, type IndiServerHandle } from '../helpers/indiserver';

const installed = indiserverInstalled();
const clock = new RealClock();

describe.skipIf(!installed)(`INDI rotator + safety monitor vs simulators${installed ? '' : ' (skipped: indiserver not installed)'}`, () => {
  let server: IndiServerHandle;
  const ctx: DriverContext = { clock, telescopeId: 't1', site: null, shared: new Map() };
  const cfg = (id: string, kind: IndiDeviceConfig['kind'], device: string): IndiDeviceConfig => ({ id, kind, family: 'indi', host: server.host, port: server.port, device });
  let rotator: IndiRotator;
  let safety: IndiSafetyMonitor;

  beforeAll(async () => {
    server = await startIndiServer(['indi_simulator_rotator', 'indi_simulator_weather']);
    rotator = new IndiRotator(cfg('rot', 'rotator', 'Rotator Simulator'), ctx);
    safety = new IndiSafetyMonitor(cfg('safe', 'safety', 'Weather Simulator'), ctx);
    await Promise.all([rotator.connect(), safety.connect()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([rotator?.disconnect(), safety?.disconnect()]);
    await server?.stop();
  });

  it('moves the rotator absolute and relative, reads the angle back, syncs', async () => {
    await rotator.moveTo(90, { timeoutMs: 60_000 });
    expect((await rotator.readState()).positionDeg).toBeCloseTo(90, 1);
    await rotator.moveBy(30, { timeoutMs: 60_000 });
    const s = await rotator.readState();
    expect(Math.abs(s.positionDeg - 120)).toBeLessThan(0.1);
    expect(s.moving).toBe(false);
    await rotator.sync(10, { timeoutMs: 20_000 });
    const synced = await rotator.readState();
    expect(Math.abs(synced.positionDeg - 10)).toBeLessThan(0.1);
    expect(Math.abs(synced.mechanicalDeg - 120)).toBeLessThan(0.1);
  }, 120_000);

  it('the safety verdict follows WEATHER_STATUS: safe on a calm night, unsafe in wind and rain', async () => {
    const c = await IndiClient.connect({ host: server.host, port: server.port, clock });
    try {
      c.getProperties('Weather Simulator');
      await c.waitFor('Weather Simulator', 'WEATHER_CONTROL', () => true, { timeoutMs: 20_000 });
      const set = async (wind: number, precip: number): Promise<void> => {
        c.sendNumber('Weather Simulator', 'WEATHER_CONTROL', { Weather: 0, Temperature: 10, Wind: wind, Gust: wind, Precip: precip });
        await clock.sleep(200);
        c.sendSwitch('Weather Simulator', 'WEATHER_REFRESH', { REFRESH: true });
      };
      await set(0, 0);
      let s = await safety.readState();
      for (let i = 0; i < 50 && !s.safe; i++) {
        await clock.sleep(200);
        s = await safety.readState();
      }
      expect(s.safe).toBe(true);
      await set(50, 5);
      for (let i = 0; i < 50 && s.safe; i++) {
        await clock.sleep(200);
        s = await safety.readState();
      }
      expect(s.safe).toBe(false);
    } finally {
      c.close();
    }
  }, 60_000);
});
