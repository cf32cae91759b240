import { describe, expect, it } from 'vitest';
import type { DeviceStatus, QueueGroup, SkyStatus } from '../../../src-shared/ipc/contract';
import { INITIAL_LOAD, reduceLoadStart } from '../../../src-renderer/stores/async-status';
import { INITIAL_CLOCK, reduceSpeed, reduceTick, useClockStore } from '../../../src-renderer/stores/clock';
import {
  INITIAL_DEVICES,
  devicesOfTelescope,
  reduceDeviceChange,
  reduceDevicesAnswer,
  telescopeIdsWithDevices,
  useDevicesStore,
} from '../../../src-renderer/stores/devices';
import {
  INITIAL_OBSERVATORY,
  allTelescopes,
  reduceObservatoryAnswer,
  siteByCode,
} from '../../../src-renderer/stores/observatory';
import {
  INITIAL_QUEUE,
  countByState,
  filterGroups,
  reduceQueueAnswer,
  useQueueStore,
} from '../../../src-renderer/stores/queue';
import { INITIAL_TIMELINE, reduceTimelineAnswer } from '../../../src-renderer/stores/timeline';
import { pageFromHash } from '../../../src-renderer/stores/ui';
import type { CoreClient } from '../../../src-renderer/lib/transport';
import { groupSummary, matchesText } from '../../../src-renderer/features/queue/group-summary';

const tick = (utcMs: number, sunAltitudeDeg = -20): SkyStatus => ({
  utcMs,
  siteCode: 'tfn',
  sunAltitudeDeg,
  nightPhase: 'night',
});

describe('clock store', () => {
  it('takes each tick as status and anchor', () => {
    const s = reduceTick(INITIAL_CLOCK, tick(1000), 55);
    expect(s.status?.utcMs).toBe(1000);
    expect(s.anchor).toEqual({ utcMs: 1000, receivedWallMs: 55 });
    expect(s.speed).toBe(1);
  });
  it('keeps a sane speed', () => {
    expect(reduceSpeed(INITIAL_CLOCK, 60).speed).toBe(60);
    expect(reduceSpeed(INITIAL_CLOCK, -1).speed).toBe(0);
    expect(reduceSpeed(INITIAL_CLOCK, Number.POSITIVE_INFINITY).speed).toBe(0);
  });
  it('actions update the live store and notify subscribers; unsubscribe stops them', () => {
    const seen: number[] = [];
    const off = useClockStore.subscribe((s) => seen.push(s.status?.utcMs ?? -1));
    useClockStore.getState().applyTick(tick(5), 1);
    off();
    useClockStore.getState().applyTick(tick(6), 2);
    expect(seen).toEqual([5]);
    expect(useClockStore.getState().status?.utcMs).toBe(6);
  });
});

const group = (id: number, state: QueueGroup['state'], targets: string[] = ['M31']): QueueGroup => ({
  id,
  name: `group ${id}`,
  proposal: 'DEMO2026B-001',
  observationType: 'NORMAL',
  operator: 'SINGLE',
  ippValue: 1.05,
  state,
  createdMs: 1_790_000_000_000,
  requests: targets.map((t, i) => ({
    id: id * 10 + i,
    state,
    durationSec: 600 + i * 60,
    targetName: t,
    instrumentType: '1M0-SCICAM-SINISTRO',
    telescopeClass: '1m0',
    windowStartMs: 1_795_000_000_000 + i * 3_600_000,
    windowEndMs: 1_795_100_000_000 - i * 3_600_000,
  })),
});

describe('queue store', () => {
  it('drops the answer of a superseded load', () => {
    const first = reduceLoadStart(INITIAL_QUEUE);
    const second = reduceLoadStart(first);
    const stale = reduceQueueAnswer(second, first.seq, {
      ok: true,
      value: { count: 1, groups: [group(1, 'PENDING')] },
    });
    expect(stale).toBe(second);
    const fresh = reduceQueueAnswer(second, second.seq, {
      ok: true,
      value: { count: 1, groups: [group(1, 'PENDING')] },
    });
    expect(fresh.status).toBe('ready');
    expect(fresh.groups).toHaveLength(1);
  });
  it('keeps the last groups on error and says why', () => {
    const loaded = reduceQueueAnswer(reduceLoadStart(INITIAL_QUEUE), 1, {
      ok: true,
      value: { count: 1, groups: [group(1, 'PENDING')] },
    });
    const next = reduceLoadStart(loaded);
    const failed = reduceQueueAnswer(next, next.seq, { ok: false, error: { code: 'internal', message: 'db busy' } });
    expect(failed.status).toBe('error');
    expect(failed.error).toBe('db busy');
    expect(failed.groups).toHaveLength(1);
  });
  it('counts and filters by state', () => {
    const groups = [group(1, 'PENDING'), group(2, 'COMPLETED'), group(3, 'PENDING'), group(4, 'CANCELED')];
    expect(countByState(groups)).toEqual({
      PENDING: 2,
      COMPLETED: 1,
      WINDOW_EXPIRED: 0,
      FAILURE_LIMIT_REACHED: 0,
      CANCELED: 1,
    });
    expect(filterGroups(groups, 'PENDING').map((g) => g.id)).toEqual([1, 3]);
    expect(filterGroups(groups, null)).toHaveLength(4);
  });
  it('refresh loads through a CoreClient into the store', async () => {
    const calls: unknown[] = [];
    const client = {
      kind: 'web',
      connection: { state: 'open', attempt: 0, retryInMs: null, lastError: null },
      invoke: (name: string, input: unknown) => {
        calls.push([name, input]);
        return Promise.resolve({ ok: true, value: { count: 2, groups: [group(7, 'PENDING'), group(8, 'COMPLETED')] } });
      },
      onEvent: () => () => undefined,
      onConnection: () => () => undefined,
      close: () => undefined,
    } as unknown as CoreClient;
    await useQueueStore.getState().refresh(client);
    expect(calls).toEqual([['queue.list', { limit: 1000 }]]);
    expect(useQueueStore.getState().groups.map((g) => g.id)).toEqual([7, 8]);
    useQueueStore.getState().setFilter('COMPLETED');
    expect(
      filterGroups(useQueueStore.getState().groups, useQueueStore.getState().stateFilter).map((g) => g.id),
    ).toEqual([8]);
  });
  it('summarises a group and matches text', () => {
    const g = group(5, 'PENDING', ['M31', 'NGC 7000', 'M31']);
    const s = groupSummary(g);
    expect(s.targets).toEqual(['M31', 'NGC 7000']);
    expect(s.durationSec).toBe(600 + 660 + 720);
    expect(s.windowStartMs).toBe(1_795_000_000_000);
    expect(s.windowEndMs).toBe(1_795_100_000_000);
    expect(matchesText(g, 'ngc')).toBe(true);
    expect(matchesText(g, 'demo2026b')).toBe(true);
    expect(matchesText(g, 'sirius')).toBe(false);
    expect(matchesText(g, '  ')).toBe(true);
  });
});

const device = (telescopeId: string, kind: string, updatedMs: number, summary = 'ok'): DeviceStatus => ({
  telescopeId,
  kind,
  name: `${kind}-1`,
  family: 'sim',
  connection: 'connected',
  summary,
  state: {},
  updatedMs,
  error: null,
});

describe('devices store', () => {
  it('applies changes and ignores ones older than held', () => {
    let s = reduceDeviceChange(INITIAL_DEVICES, device('a', 'mount', 10, 'Parked'));
    s = reduceDeviceChange(s, device('a', 'mount', 20, 'Slewing'));
    const older = reduceDeviceChange(s, device('a', 'mount', 15, 'Stale'));
    expect(older).toBe(s);
    expect(Object.values(s.byKey).map((d) => d.summary)).toEqual(['Slewing']);
  });
  it('a snapshot replaces all but keeps newer changes that crossed it', () => {
    let s = reduceDeviceChange(INITIAL_DEVICES, device('a', 'dome', 50, 'Open'));
    s = reduceLoadStart(s);
    s = reduceDevicesAnswer(s, s.seq, {
      ok: true,
      value: { devices: [device('a', 'dome', 40, 'Closed'), device('b', 'camera', 40, 'Idle')] },
    });
    expect(devicesOfTelescope(s.byKey, 'a').map((d) => d.summary)).toEqual(['Open']);
    expect(telescopeIdsWithDevices(s.byKey)).toEqual(['a', 'b']);
  });
  it('orders a telescope’s devices by kind for display', () => {
    let s = INITIAL_DEVICES;
    for (const k of ['camera', 'mount', 'dome', 'focuser', 'safety', 'zeta'])
      s = reduceDeviceChange(s, device('t', k, 1));
    expect(devicesOfTelescope(s.byKey, 't').map((d) => d.kind)).toEqual([
      'safety',
      'dome',
      'mount',
      'focuser',
      'camera',
      'zeta',
    ]);
  });
  it('live store: applyChange through the action', () => {
    useDevicesStore.getState().applyChange(device('x', 'mount', 3));
    expect(devicesOfTelescope(useDevicesStore.getState().byKey, 'x')).toHaveLength(1);
  });
});

describe('timeline and observatory stores', () => {
  it('take answers of the current load only', () => {
    const timeline = {
      siteCode: 'tfn',
      nightStartMs: 1,
      nightEndMs: 2,
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
    };
    const t = reduceLoadStart(INITIAL_TIMELINE);
    expect(reduceTimelineAnswer(t, t.seq + 1, { ok: true, value: timeline })).toBe(t);
    expect(reduceTimelineAnswer(t, t.seq, { ok: true, value: timeline }).timeline).toEqual(timeline);
    expect(INITIAL_LOAD.status).toBe('idle');
  });
  it('find sites and telescopes', () => {
    const tel = {
      id: 'tfn.doma.1m0a',
      code: '1m0a',
      name: 'One metre',
      telescopeClass: '1m0',
      apertureM: 1,
      enclosure: 'doma',
      instruments: [],
    };
    const observatory = {
      sites: [
        {
          code: 'tfn',
          name: 'Teide',
          latitudeDeg: 28.3,
          longitudeDeg: -16.5,
          elevationM: 2390,
          timeZone: 'Atlantic/Canary',
          telescopes: [tel],
        },
        {
          code: 'ogg',
          name: 'Haleakala',
          latitudeDeg: 20.7,
          longitudeDeg: -156.3,
          elevationM: 3055,
          timeZone: 'Pacific/Honolulu',
          telescopes: [],
        },
      ],
    };
    const o = reduceLoadStart(INITIAL_OBSERVATORY);
    const loaded = reduceObservatoryAnswer(o, o.seq, { ok: true, value: observatory });
    expect(siteByCode(loaded.observatory, 'ogg')?.name).toBe('Haleakala');
    expect(siteByCode(loaded.observatory, 'xxx')?.code).toBe('tfn');
    expect(siteByCode(null, 'tfn')).toBeNull();
    expect(allTelescopes(loaded.observatory)).toEqual([{ ...tel, siteCode: 'tfn' }]);
  });
});

describe('pageFromHash', () => {
  it('reads the page from the route hash, defaulting to night', () => {
    expect(pageFromHash('#/queue')).toBe('queue');
    expect(pageFromHash('#devices')).toBe('devices');
    expect(pageFromHash('#/settings/x')).toBe('settings');
    expect(pageFromHash('')).toBe('night');
    expect(pageFromHash('#/nope')).toBe('night');
  });
});
