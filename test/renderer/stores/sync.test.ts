/**
 * startSync wires a CoreClient to the stores. The client here is a small in-memory implementation of
 * the CoreClient interface that answers from fixed data and lets the test push events and link states.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionHandler, ConnectionInfo, CoreClient, EventHandler } from '../../../src-renderer/lib/transport';
import { useClockStore } from '../../../src-renderer/stores/clock';
import { useConnectionStore } from '../../../src-renderer/stores/connection';
import { devicesOfTelescope, useDevicesStore } from '../../../src-renderer/stores/devices';
import { useObservatoryStore } from '../../../src-renderer/stores/observatory';
import { useQueueStore } from '../../../src-renderer/stores/queue';
import { startSync } from '../../../src-renderer/stores/sync';
import { useTimelineStore } from '../../../src-renderer/stores/timeline';
import type { EventEnvelope } from '../../../src-shared/ipc/contract';

const answers: Record<string, unknown> = {
  'app.info': {
    name: 'Nightshift',
    version: '0',
    shell: 'serve',
    simulate: true,
    clockSpeed: 60,
    dataDir: '/d',
    canWrite: false,
  },
  'sky.status': { utcMs: 1000, siteCode: 'tfn', sunAltitudeDeg: -25, nightPhase: 'night' },
  'observatory.get': { sites: [] },
  'queue.list': { count: 0, groups: [] },
  'devices.snapshot': { devices: [] },
  'timeline.tonight': {
    siteCode: 'tfn',
    nightStartMs: 0,
    nightEndMs: 1,
    events: {
      sunsetMs: null,
      civilDuskMs: null,
      nauticalDuskMs: null,
      astronomicalDuskMs: null,
      astronomicalDawnMs: null,
      nauticalDawnMs: null,
      civilDawnMs: null,
      sunriseMs: null,
    },
    blocks: [],
  },
};

class InMemoryClient {
  readonly kind = 'web' as const;
  connection: ConnectionInfo = { state: 'connecting', attempt: 0, retryInMs: null, lastError: null };
  calls: string[] = [];
  private events = new Set<EventHandler>();
  private links = new Set<ConnectionHandler>();
  invoke(name: string): Promise<unknown> {
    this.calls.push(name);
    return Promise.resolve({ ok: true, value: answers[name] });
  }
  onEvent(h: EventHandler): () => void {
    this.events.add(h);
    return () => this.events.delete(h);
  }
  onConnection(h: ConnectionHandler): () => void {
    this.links.add(h);
    return () => this.links.delete(h);
  }
  close(): void {}
  emit(e: EventEnvelope): void {
    this.events.forEach((h) => h(e));
  }
  link(state: ConnectionInfo['state']): void {
    this.connection = { state, attempt: 0, retryInMs: null, lastError: null };
    this.links.forEach((h) => h(this.connection));
  }
  listeners(): number {
    return this.events.size + this.links.size;
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

let client: InMemoryClient;
let stop: () => void;

beforeEach(() => {
  vi.useFakeTimers();
  client = new InMemoryClient();
  stop = startSync(client as unknown as CoreClient);
});
afterEach(() => {
  stop();
  vi.useRealTimers();
});

describe('startSync', () => {
  it('loads every snapshot at start and takes the clock speed from app.info', async () => {
    await settle();
    expect([...client.calls].sort()).toEqual([
      'app.info',
      'devices.snapshot',
      'observatory.get',
      'queue.list',
      'sky.status',
      'timeline.tonight',
    ]);
    expect(useClockStore.getState().speed).toBe(60);
    expect(useClockStore.getState().status?.utcMs).toBe(1000);
    expect(useConnectionStore.getState().appInfo?.simulate).toBe(true);
    expect(useObservatoryStore.getState().status).toBe('ready');
    expect(useQueueStore.getState().status).toBe('ready');
    expect(useTimelineStore.getState().timeline?.siteCode).toBe('tfn');
  });

  it('routes events to their stores, folding queue bursts into one reload', async () => {
    await settle();
    client.calls = [];
    client.emit({
      event: 'clock.tick',
      payload: { utcMs: 5000, siteCode: 'tfn', sunAltitudeDeg: -30, nightPhase: 'night' },
    });
    expect(useClockStore.getState().anchor?.utcMs).toBe(5000);
    client.emit({
      event: 'devices.changed',
      payload: {
        telescopeId: 'tfn.doma.1m0a',
        kind: 'dome',
        name: 'doma',
        family: 'sim',
        connection: 'connected',
        summary: 'Open',
        state: {},
        updatedMs: 5000,
        error: null,
      },
    });
    expect(devicesOfTelescope(useDevicesStore.getState().byKey, 'tfn.doma.1m0a').map((d) => d.summary)).toEqual([
      'Open',
    ]);
    for (let i = 0; i < 10; i++) client.emit({ event: 'queue.changed', payload: { requestGroupIds: [i] } });
    expect(client.calls).toEqual([]);
    await vi.runAllTimersAsync();
    expect(client.calls).toEqual(['queue.list']);
    client.emit({ event: 'timeline.changed', payload: { siteCode: 'tfn' } });
    expect(client.calls).toEqual(['queue.list', 'timeline.tonight']);
  });

  it('mirrors the link state and reloads every snapshot when the link comes back', async () => {
    await settle();
    client.link('open');
    await settle();
    client.calls = [];
    client.link('reconnecting');
    expect(useConnectionStore.getState().info.state).toBe('reconnecting');
    expect(client.calls).toEqual([]);
    client.link('open');
    await settle();
    expect(client.calls).toHaveLength(6);
    expect(useConnectionStore.getState().info.state).toBe('open');
  });

  it('unsubscribes everything it subscribed', () => {
    expect(client.listeners()).toBe(2);
    stop();
    expect(client.listeners()).toBe(0);
    stop = () => undefined;
  });
});
