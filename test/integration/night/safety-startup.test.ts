/**
 * The supervisor's start-up grace: while the demo's simulated devices are still connecting it does
 * not judge (no securing, no alarm for "not connected yet"); the grace is bounded, so a device that
 * never connects still ends in an alarm.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../src-main/clock';
import { openDatabase, type OpenDatabase } from '../../../src-main/db';
import { createDevice, createDeviceManager, isSimDevice, loadTelescopeDevices, type DeviceManager } from '../../../src-main/devices';
import { createJournal, type Journal } from '../../../src-main/executor';
import { createMemoryLogger } from '../../../src-main/logging';
import { createSafetySupervisor, type SafetySupervisor } from '../../../src-main/safety';
import { makeTempDir } from '../../helpers/temp-dir';
import { RESOURCES } from './harness';

// Night at the demo site (Sun far below the horizon), default sim weather is clear.
const START = Date.parse('2026-11-21T23:00:00Z');
const TEL = 'tfn.clma.0m4a';
const GRACE_MS = 60_000;

interface Rig {
  clock: SimulatedClock;
  devices: DeviceManager;
  supervisor: SafetySupervisor;
  journal: Journal;
  database: OpenDatabase;
  kinds(): string[];
  close(): Promise<void>;
}

/** The 0.4 m telescope's devices (connecting from now), a journal and a supervisor, not started. */
async function rig(neverConnect: string[]): Promise<Rig> {
  const dir = makeTempDir('nightshift-safety-');
  const clock = new SimulatedClock(START, 0);
  const database = await openDatabase(join(dir.path, 'nightshift.db'));
  const telescopes = loadTelescopeDevices(dir.path, RESOURCES).telescopes.filter((t) => t.telescopeId === TEL);
  const devices = createDeviceManager({
    clock,
    devices: telescopes,
    onState: () => undefined,
    createDevice: (config, ctx) => {
      const d = createDevice(config, ctx);
      // Armed before the manager's first connection attempt: these devices refuse every connection.
      if (neverConnect.includes(config.id) && isSimDevice(d)) d.faults.inject({ type: 'refuseConnect', command: 'connect' });
      return d;
    },
  });
  const journal = createJournal(database.raw);
  const supervisor = createSafetySupervisor({
    clock,
    devices,
    telescopes: telescopes.map((t) => ({ telescopeId: t.telescopeId, site: t.site })),
    journal,
    logger: createMemoryLogger([]),
    policy: { startupGraceMs: GRACE_MS, stepTimeoutMs: 10_000 },
  });
  const kinds = (): string[] =>
    (database.raw.prepare("select kind from night_journal where kind like 'safety.%' order by id").all() as { kind: string }[]).map((r) => r.kind);
  return {
    clock,
    devices,
    supervisor,
    journal,
    database,
    kinds,
    async close() {
      const stopping = Promise.all([supervisor.stop(), devices.stop()]);
      await clock.advance(60_000);
      await stopping;
      clock.dispose();
      await database.close();
      dir.remove();
    },
  };
}

describe('safety supervisor start-up grace', () => {
  let r: Rig | null = null;
  afterEach(async () => {
    await r?.close();
    r = null;
  });

  it('waits for connecting devices without securing or alarming, then judges them safe', async () => {
    r = await rig([]);
    expect(r.devices.snapshot().some((s) => s.connection.status !== 'connected')).toBe(true);
    r.supervisor.start();
    const first = await r.supervisor.evaluate(TEL);
    expect(first.state).toBe('unsafe');
    expect(first.reasons.join(' ')).toMatch(/waiting for devices to connect/);
    expect(first.alarm).toBeNull();
    // The links come up within a second; the next poll (10 s) judges the real conditions.
    await r.clock.advance(15_000);
    expect(r.devices.snapshot().every((s) => s.connection.status === 'connected')).toBe(true);
    const status = r.supervisor.status(TEL);
    expect(status.state).toBe('safe');
    expect(status.alarm).toBeNull();
    // Nothing was secured and nothing alarmed on the way.
    expect(r.kinds().filter((k) => k === 'safety.step' || k === 'safety.alarm')).toEqual([]);
  });

  it('is bounded: a weather station and roof that never connect end in the alarm after the grace', async () => {
    r = await rig(['weather', 'enclosure']);
    r.supervisor.start();
    await r.clock.advance(GRACE_MS / 2);
    const during = r.supervisor.status(TEL);
    expect(during.state).toBe('unsafe');
    expect(during.reasons.join(' ')).toMatch(/weather.*enclosure|enclosure.*weather/);
    expect(r.kinds()).not.toContain('safety.alarm');
    await r.clock.advance(GRACE_MS);
    const after = r.supervisor.status(TEL);
    expect(after.state).toBe('alarm');
    expect(after.reasons.join(' ')).toMatch(/weather station unavailable/);
    expect(after.alarm ?? '').toMatch(/enclosure/);
    expect(r.kinds()).toContain('safety.alarm');
  });
});
