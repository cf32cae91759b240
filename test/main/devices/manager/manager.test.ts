import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatedClock } from '../../../../src-main/clock';
import type { DeviceManager } from '../../../../src-main/devices/manager';
import { createDeviceManager } from '../../../../src-main/devices/manager';
import { isSimDevice } from '../../../../src-main/devices/sim';
import { createDevice } from '../../../../src-main/devices/registry';
import type { AnyDevice, DeviceConfig, DeviceSnapshot } from '../../../../src-main/devices/types';
import { SITE, codeOf, drive, newClock } from '../helpers';

const ALL_SIM: DeviceConfig[] = [
  { id: 'mount', kind: 'mount', family: 'sim' },
  { id: 'cam', kind: 'camera', family: 'sim', options: { widthPx: 64, heightPx: 48 } },
  { id: 'fw', kind: 'filterWheel', family: 'sim' },
  { id: 'foc', kind: 'focuser', family: 'sim' },
  { id: 'roof', kind: 'dome', family: 'sim', options: { roof: true } },
  { id: 'rot', kind: 'rotator', family: 'sim' },
  { id: 'wx', kind: 'weather', family: 'sim' },
  { id: 'safe', kind: 'safety', family: 'sim' },
];

let manager: DeviceManager | null = null;
let clockRef: SimulatedClock | null = null;
afterEach(async () => {
  if (manager && clockRef) await drive(clockRef, manager.stop());
  manager = null;
});

function start(devices: DeviceConfig[], arm?: (d: AnyDevice) => void) {
  const clock = newClock();
  clockRef = clock;
  const events: DeviceSnapshot[] = [];
  manager = createDeviceManager({
    clock,
    devices: [{ telescopeId: 't1', site: SITE, devices }],
    createDevice: (config, ctx) => {
      const d = createDevice(config, ctx);
      arm?.(d);
      return d;
    },
    onState: (telescopeId, kind, s) => {
      expect(telescopeId).toBe(s.telescopeId);
      expect(kind).toBe(s.kind);
      events.push(s);
    },
  });
  return { clock, events, m: manager };
}

const statusOf = (m: DeviceManager, id: string) => m.snapshot().find((s) => s.deviceId === id)?.connection.status;

describe('device manager', () => {
  it('connects every sim device and publishes states', async () => {
    const { clock, events, m } = start(ALL_SIM);
    await clock.advance(1_000);
    const snap = m.snapshot();
    expect(snap.map((s) => `${s.deviceId}:${s.connection.status}:${s.state?.kind}`)).toEqual(
      ALL_SIM.map((c) => `${c.id}:connected:${c.kind}`),
    );
    // Snapshots are plain JSON.
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    for (const c of ALL_SIM) expect(events.some((e) => e.deviceId === c.id && e.connection.status === 'connected')).toBe(true);
  });

  it('notices a silent device within heartbeat + ping timeout, then reconnects when it answers again', async () => {
    const { clock, m } = start([{ id: 'mount', kind: 'mount', family: 'sim', timings: { heartbeatMs: 1000, pingTimeoutMs: 1500 } }]);
    await clock.advance(500);
    expect(statusOf(m, 'mount')).toBe('connected');
    const device = m.device('t1', 'mount');
    if (!device || !isSimDevice(device)) throw new Error('expected a sim device');
    device.faults.inject({ type: 'stall', command: 'ping' });
    const t0 = clock.nowMs();
    let noticedMs = -1;
    for (let t = 0; t < 10_000 && noticedMs < 0; t += 100) {
      await clock.advance(100);
      if (statusOf(m, 'mount') === 'faulted') noticedMs = clock.nowMs() - t0;
    }
    expect(noticedMs).toBeGreaterThan(0);
    expect(noticedMs).toBeLessThanOrEqual(1000 + 1500 + 100);
    expect(m.snapshot()[0]?.connection.reason?.code).toBe('device.timeout');
    device.faults.clear();
    await clock.advance(5_000);
    expect(statusOf(m, 'mount')).toBe('connected');
  });

  it('retries a refused connection with exponential backoff', async () => {
    // Faults armed as the device is built, before its first connect.
    const { clock, events, m } = start([{ id: 'mount', kind: 'mount', family: 'sim' }], (d) => {
      if (isSimDevice(d)) d.faults.inject({ type: 'refuseConnect', times: 4 });
    });
    await clock.advance(60_000);
    expect(statusOf(m, 'mount')).toBe('connected');
    const connectingAt = events.filter((e) => e.connection.status === 'connecting').map((e) => e.connection.sinceUtcMs);
    const gaps = connectingAt.slice(1).map((t, i) => t - (connectingAt[i] as number));
    // 1 s, 2 s, 4 s, 8 s between attempts (plus nothing: a refused connect fails at once).
    expect(gaps).toEqual([1000, 2000, 4000, 8000]);
  });

  it('serialises commands on one device and re-reads state after each', async () => {
    const { clock, m } = start([{ id: 'fw', kind: 'filterWheel', family: 'sim' }]);
    await clock.advance(500);
    const log: string[] = [];
    const move = (slot: number) =>
      m.command('t1', 'filterWheel', async (fw) => {
        log.push(`start ${slot}`);
        await fw.setSlot(slot);
        log.push(`end ${slot}`);
      });
    const all = drive(clock, Promise.all([move(3), move(1), move(5)]));
    expect((await all).ok).toBe(true);
    expect(log).toEqual(['start 3', 'end 3', 'start 1', 'end 1', 'start 5', 'end 5']);
    const state = m.snapshot()[0]?.state;
    expect(state?.kind === 'filterWheel' && state.slot).toBe(5);
  });

  it('a command that loses the link faults the device and fails fast afterwards', async () => {
    const { clock, m } = start([{ id: 'foc', kind: 'focuser', family: 'sim' }]);
    await clock.advance(500);
    const device = m.device('t1', 'foc');
    if (!device || !isSimDevice(device)) throw new Error('expected a sim device');
    device.faults.inject({ type: 'disconnect', command: 'moveTo', times: 1 });
    device.faults.inject({ type: 'refuseConnect', times: 1 });
    const first = await drive(clock, m.command('t1', 'focuser', (f) => f.moveTo(100)), 10);
    expect(codeOf(first)).toBe('device.disconnected');
    expect(statusOf(m, 'foc')).not.toBe('connected');
    const second = await drive(clock, m.command('t1', 'focuser', (f) => f.moveTo(100)), 10);
    expect(codeOf(second)).toBe('device.disconnected');
    expect(m.snapshot()[0]?.lastError?.code).toBe('device.disconnected');
    await clock.advance(5_000);
    expect(statusOf(m, 'foc')).toBe('connected');
  });

  it('reports a family that is not available as faulted device.unsupported, and unknown kinds on command', async () => {
    const { clock, m } = start([{ id: 'cam', kind: 'camera', family: 'alpaca', host: '127.0.0.1', port: 1, deviceNumber: 0 }]);
    await clock.advance(100);
    const [s] = m.snapshot();
    // While the Alpaca family is a placeholder this is device.unsupported; once it lands the
    // connection to port 1 fails instead — either way the device is faulted with a device code.
    expect(s?.connection.status).toBe('faulted');
    expect(s?.connection.reason?.code.startsWith('device.')).toBe(true);
    expect(codeOf(await drive(clock, m.command('t1', 'mount', (d) => d.park())))).toBe('device.unsupported');
  });

  it('operator disconnect keeps the device down until connect; stop leaves no timers behind', async () => {
    const { clock, m } = start([{ id: 'wx', kind: 'weather', family: 'sim' }]);
    await clock.advance(500);
    m.disconnect('t1', 'wx');
    await clock.advance(10_000);
    expect(statusOf(m, 'wx')).toBe('disconnected');
    m.connect('t1', 'wx');
    await clock.advance(500);
    expect(statusOf(m, 'wx')).toBe('connected');
    await drive(clock, m.stop());
    manager = null;
    expect(clock.pendingTimers()).toBe(0);
  });
});
