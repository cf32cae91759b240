import { afterEach, describe, expect, it } from 'vitest';
import { isSimDevice } from '../../../src-main/devices';
import type { SimFault } from '../../../src-main/devices/sim';
import type { SimWeatherStation } from '../../../src-main/devices/sim';
import { createNightHarness, planNight, type NightHarness } from './harness';

const START = Date.parse('2026-11-21T20:00:00Z');
const MIN = 60_000;
const TEL = 'tfn.clma.0m4a';

async function firstStatus(h: NightHarness): Promise<{ id: number; state: string; reason: string }> {
  const s = await h.database.db.selectFrom('configuration_statuses').select(['id', 'state', 'summary_json']).orderBy('id').executeTakeFirstOrThrow();
  return { id: s.id, state: s.state, reason: (JSON.parse(s.summary_json ?? '{}') as { reason?: string }).reason ?? '' };
}

function arm(h: NightHarness, deviceId: string, fault: SimFault): void {
  const d = h.devices.device(TEL, deviceId);
  if (!d || !isSimDevice(d)) throw new Error(`no sim ${deviceId}`);
  d.faults.inject(fault);
}

/** Runs until the first exposure of the night has started. */
async function untilExposing(h: NightHarness): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const st = h.executors.status().find((s) => s.telescopeId === TEL);
    if (st?.phase === 'exposing') return;
    await h.runUntil(h.clock.nowMs() + 1000, 1000);
  }
  throw new Error('never exposed');
}

describe('fault injection on a simulated night', () => {
  let h: NightHarness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  const setup = async (): Promise<NightHarness> => {
    h = await createNightHarness({ startUtcMs: START, telescopeIds: [TEL], safety: { stepTimeoutMs: 60_000 } });
    expect((await planNight(h, START + 2 * MIN, START + 60 * MIN, [TEL])).length).toBeGreaterThan(0);
    h.executors.start();
    return h;
  };

  it('weather unsafe mid-exposure: the configuration fails with the reason and the telescope is secured', async () => {
    const n = await setup();
    await untilExposing(n);
    (n.devices.device(TEL, 'weather') as SimWeatherStation).setScript([{ atSec: 0, readings: { rainRateMmPerHour: 2 } }]);
    await n.runUntil(n.clock.nowMs() + 5 * MIN);
    const s = await firstStatus(n);
    expect(s.state).toBe('FAILED');
    expect(s.reason).toMatch(/unsafe.*raining/);
    expect(n.executors.supervisor.status(TEL).state).toBe('secured');
    const dome = await n.devices.command(TEL, 'dome', (d) => d.readState());
    const mount = await n.devices.command(TEL, 'mount', (d) => d.readState());
    expect([dome.shutter, mount.parked]).toEqual(['closed', true]);
    const interrupted = await n.database.db.selectFrom('executor_exposures').select(['state', 'reason']).where('state', '=', 'failed').execute();
    expect(interrupted.length).toBe(1);
  }, 60_000);

  it('a roof that does not close raises an alarm and stays unsafe', async () => {
    const n = await setup();
    await untilExposing(n);
    arm(n, 'enclosure', { type: 'stall', command: 'closeShutter' });
    (n.devices.device(TEL, 'weather') as SimWeatherStation).setScript([{ atSec: 0, readings: { rainRateMmPerHour: 2 } }]);
    await n.runUntil(n.clock.nowMs() + 5 * MIN);
    const safety = n.executors.supervisor.status(TEL);
    expect(safety.state).toBe('alarm');
    expect(safety.alarm).toMatch(/enclosure\.close: device\.timeout/);
    // The mount was parked before the roof was asked to move.
    expect((await n.devices.command(TEL, 'mount', (d) => d.readState())).parked).toBe(true);
    // Weather clears, but the roof never closed: still an alarm, nothing reopens.
    (n.devices.device(TEL, 'weather') as SimWeatherStation).setScript([]);
    await n.runUntil(n.clock.nowMs() + 20 * MIN);
    expect(n.executors.supervisor.status(TEL).state).toBe('alarm');
    expect(n.executors.supervisor.isSafe(TEL)).toBe(false);
    expect((await firstStatus(n)).state).toBe('FAILED');
  }, 60_000);

  it('a camera that disconnects at the exposure fails the configuration with a device reason; the telescope stays safe', async () => {
    const n = await setup();
    arm(n, 'camera', { type: 'disconnect', command: 'expose', times: 1 });
    await n.runUntil(START + 15 * MIN);
    const s = await firstStatus(n);
    expect(s.state).toBe('FAILED');
    expect(s.reason).toMatch(/device\.disconnected/);
    expect(n.executors.supervisor.isSafe(TEL)).toBe(true);
  }, 60_000);

  it('a stalled slew times out and fails the configuration', async () => {
    const n = await setup();
    arm(n, 'mount', { type: 'stall', command: 'slewToCoordinates', times: 1 });
    await n.runUntil(START + 15 * MIN);
    const s = await firstStatus(n);
    expect(s.state).toBe('FAILED');
    expect(s.reason).toMatch(/device\.timeout/);
    expect(n.executors.supervisor.isSafe(TEL)).toBe(true);
  }, 60_000);
});
