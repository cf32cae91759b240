/**
 * `--faults` spec parsing and planning (pure), and injection into a managed sim telescope: each
 * injected fault must end in a coded error and a device state the console shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatedClock } from '../../../../src-main/clock';
import { createFaultScheduler, injectSimFault, parseFaultSpec, planFaults } from '../../../../src-main/devices/faults';
import { createDeviceManager, type DeviceManager } from '../../../../src-main/devices/manager';
import type { Camera, DeviceConfig } from '../../../../src-main/devices/types';
import { SITE, T0, codeOf, drive, newClock } from '../helpers';

describe('parseFaultSpec', () => {
  it('parses an explicit fault with a telescope id containing dots and a UTC time', () => {
    const s = parseFaultSpec('tfn.doma.1m0a/camera:disconnect@2026-11-21T23:00Z');
    expect(s.seed).toBeNull();
    expect(s.explicit).toEqual([
      { telescopeId: 'tfn.doma.1m0a', deviceId: 'camera', fault: { type: 'disconnect', command: '*', times: 1 }, atUtcMs: Date.UTC(2026, 10, 21, 23, 0) },
    ]);
  });

  it('parses command, repeat count, several items and random settings', () => {
    const s = parseFaultSpec('seed:42, count:3;hours:2 t1/mount:stall(slewToCoordinates)x2 t1/cam:error@2026-03-20T22:30:00+01:00');
    expect([s.seed, s.count, s.spanHours]).toEqual([42, 3, 2]);
    expect(s.explicit[0]).toEqual({ telescopeId: 't1', deviceId: 'mount', fault: { type: 'stall', command: 'slewToCoordinates', times: 2 }, atUtcMs: null });
    expect(s.explicit[1]?.atUtcMs).toBe(Date.UTC(2026, 2, 20, 21, 30));
  });

  it.each([
    ['t1/cam:explode', /unknown fault type/],
    ['t1/cam', /neither/],
    ['seed:-1', /non-negative integer/],
    ['hours:100', /hours/],
    ['t1/cam:error@2026-11-21T23:00', /UTC/],
    ['t1/cam:error@yesterdayZ', /unparsable/],
  ])('rejects %s with validation.invalid', (text, message) => {
    expect(() => parseFaultSpec(text)).toThrow(message);
    try {
      parseFaultSpec(text);
    } catch (e) {
      expect(e).toMatchObject({ code: 'validation.invalid' });
    }
  });
});

describe('planFaults', () => {
  const devices = [
    { telescopeId: 't1', deviceId: 'mount' },
    { telescopeId: 't1', deviceId: 'cam' },
    { telescopeId: 't2', deviceId: 'roof' },
  ];

  it('is deterministic for a seed, differs between seeds, stays in the window, sorted by time', () => {
    const a = planFaults(parseFaultSpec('seed:42 count:20 hours:8'), devices, T0);
    const b = planFaults(parseFaultSpec('seed:42 count:20 hours:8'), devices, T0);
    const c = planFaults(parseFaultSpec('seed:43 count:20 hours:8'), devices, T0);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toHaveLength(20);
    for (const f of a) {
      expect(f.atUtcMs).toBeGreaterThanOrEqual(T0);
      expect(f.atUtcMs).toBeLessThan(T0 + 8 * 3_600_000);
    }
    expect([...a].sort((x, y) => x.atUtcMs - y.atUtcMs)).toEqual(a);
    // over 20 draws the generator touches more than one device and more than one fault type
    expect(new Set(a.map((f) => f.deviceId)).size).toBeGreaterThan(1);
    expect(new Set(a.map((f) => f.fault.type)).size).toBeGreaterThan(1);
  });

  it('puts explicit faults without a time at the start', () => {
    const plan = planFaults(parseFaultSpec('t1/cam:error'), devices, T0);
    expect(plan).toEqual([{ telescopeId: 't1', deviceId: 'cam', fault: { type: 'error', command: '*', times: 1 }, atUtcMs: T0 }]);
  });
});

const DEVICES: DeviceConfig[] = [
  { id: 'mount', kind: 'mount', family: 'sim' },
  { id: 'cam', kind: 'camera', family: 'sim', options: { widthPx: 32, heightPx: 32 } },
];

let manager: DeviceManager | null = null;
let clockRef: SimulatedClock | null = null;
afterEach(async () => {
  if (manager && clockRef) await drive(clockRef, manager.stop());
  manager = null;
});

async function start(): Promise<{ clock: SimulatedClock; m: DeviceManager }> {
  const clock = newClock();
  clockRef = clock;
  manager = createDeviceManager({ clock, devices: [{ telescopeId: 't1', site: SITE, devices: DEVICES }], onState: () => undefined });
  await clock.advance(1_000);
  return { clock, m: manager };
}

describe('injectSimFault and the fault scheduler', () => {
  it('an injected error ends the next command in device.error, shown as the device lastError', async () => {
    const { clock, m } = await start();
    injectSimFault(m, 't1', 'cam', { type: 'error', command: 'expose', times: 1 });
    const r = await drive(clock, m.command('t1', 'camera', (c: Camera, signal) => c.expose({ durationSec: 1, frameType: 'dark' }, { signal })));
    expect(codeOf(r)).toBe('device.error');
    expect(m.snapshot().find((s) => s.deviceId === 'cam')?.lastError?.code).toBe('device.error');
  });

  it('rejects unknown devices (not_found)', async () => {
    const { m } = await start();
    expect(() => injectSimFault(m, 't1', 'nope', { type: 'error' })).toThrow(/no device/);
  });

  it('a scheduled disconnect fires at its time; the manager shows the device faulted, then reconnects it', async () => {
    const { clock, m } = await start();
    const injected: string[] = [];
    const plan = planFaults(parseFaultSpec(`t1/cam:disconnect@${new Date(T0 + 60_000).toISOString()} t1/ghost:error`), [], clock.nowMs());
    const scheduler = createFaultScheduler({ manager: m, clock, plan, onInjected: (f, err) => injected.push(`${f.deviceId}:${err?.code ?? 'ok'}`) });
    await clock.advance(0);
    expect(injected).toEqual(['ghost:not_found']); // the past-due one at once, and reported, not thrown
    expect(scheduler.pending()).toHaveLength(1);
    await clock.advance(58_000);
    expect(m.snapshot().find((s) => s.deviceId === 'cam')?.connection.status).toBe('connected');
    const statuses: string[] = [];
    for (let i = 0; i < 40; i++) {
      await clock.advance(250);
      statuses.push(m.snapshot().find((s) => s.deviceId === 'cam')?.connection.status ?? '?');
    }
    expect(injected).toEqual(['ghost:not_found', 'cam:ok']);
    expect(statuses).toContain('faulted');
    expect(statuses.at(-1)).toBe('connected');
    await scheduler.done;
  });

  it('stop() leaves later faults uninjected', async () => {
    const { clock, m } = await start();
    const scheduler = createFaultScheduler({ manager: m, clock, plan: planFaults(parseFaultSpec('seed:1 count:5 hours:0.01'), [{ telescopeId: 't1', deviceId: 'mount' }], clock.nowMs() + 1) });
    scheduler.stop();
    await scheduler.done;
    await clock.advance(60_000);
    expect(scheduler.pending()).toHaveLength(5);
  });
});
