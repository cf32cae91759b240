import { describe, expect, it } from 'vitest';
import type { ExecutorStatus, ObservationDetail } from '../../../src-shared/ipc/contract';
import { interpolateUtcMs } from '../../../src-renderer/lib/clock-interp';
import { blockFraction, configurationPosition, exposureProgress, instrumentConfigIndexOf, nextObservationBlock } from '../../../src-renderer/features/night/exposure-progress';

const T = Date.parse('2026-11-21T22:00:00Z');

const exposing = (over: Partial<ExecutorStatus> = {}): ExecutorStatus => ({
  telescopeId: 'tfn.doma.1m0a',
  mode: 'robotic',
  phase: 'exposing',
  observationId: 7,
  configurationStatusId: 21,
  exposure: { n: 2, of: 5, remainingSec: 120 },
  message: 'M 42 rp 120s',
  utcMs: T,
  ...over,
});

describe('exposure progress between executor events', () => {
  it('moves with core time from the event: elapsed, remaining and fraction', () => {
    const at = (sec: number) => exposureProgress(exposing(), T + sec * 1000);
    expect(at(0)).toMatchObject({ n: 2, of: 5, durationSec: 120, elapsedSec: 0, remainingSec: 120, fraction: 0, readingOut: false });
    expect(at(30)).toMatchObject({ elapsedSec: 30, remainingSec: 90, fraction: 0.25 });
    expect(at(90)?.fraction).toBeCloseTo(0.75, 12);
    // Past the shutter time: full bar, nothing left, reading out until the next event.
    expect(at(150)).toMatchObject({ elapsedSec: 120, remainingSec: 0, fraction: 1, readingOut: true });
    // A clock tick that lands behind the event counts as no time elapsed, never negative.
    expect(at(-5)).toMatchObject({ elapsedSec: 0, fraction: 0 });
  });

  it('advances smoothly on the interpolated clock of a 300× simulated night', () => {
    // Tick at T arrived at wall 1000 ms; the event came with the tick. Every 50 ms of wall time is 15 s of core time.
    const anchor = { utcMs: T, receivedWallMs: 1000 };
    const fractions = [1000, 1050, 1100, 1150, 1200].map((wall) => exposureProgress(exposing(), interpolateUtcMs(anchor, wall, 300))?.fraction ?? -1);
    expect(fractions).toEqual([0, 0.125, 0.25, 0.375, 0.5]);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThan(fractions[i - 1] ?? 1);
  });

  it('a status fetched mid-exposure (durationSec beside remainingSec) starts the bar where the exposure stands', () => {
    const mid = exposing({ exposure: { n: 2, of: 5, remainingSec: 30, durationSec: 120 } });
    expect(exposureProgress(mid, T)).toMatchObject({ durationSec: 120, elapsedSec: 90, remainingSec: 30, fraction: 0.75, readingOut: false });
    expect(exposureProgress(mid, T + 40_000)).toMatchObject({ elapsedSec: 120, remainingSec: 0, readingOut: true });
  });

  it('is null when not exposing, and full for a zero-length exposure (bias)', () => {
    expect(exposureProgress(exposing({ phase: 'slewing', exposure: null }), T)).toBeNull();
    expect(exposureProgress(exposing(), null)).toBeNull();
    expect(exposureProgress(exposing({ exposure: { n: 1, of: 10, remainingSec: 0 } }), T)).toMatchObject({ fraction: 1, durationSec: 0 });
  });
});

describe('where the executor stands in the observation', () => {
  const detail = (statusIds: number[]): ObservationDetail => ({
    observationId: 7,
    telescopeId: 'tfn.doma.1m0a',
    state: 'IN_PROGRESS',
    startUtcMs: T,
    endUtcMs: T + 3_600_000,
    requestId: 3,
    requestGroupId: 2,
    groupName: 'g',
    proposalId: 'P',
    submitter: 's',
    observationType: 'NORMAL',
    configurations: statusIds.map((statusId) => ({ statusId, state: 'PENDING', type: 'EXPOSE', instrumentType: 'X', instrumentName: 'ns01', targetName: 'M 42', raDeg: 83.8, decDeg: -5.4, instrumentConfigs: [] })),
  });

  it('finds configuration n of m by status id', () => {
    expect(configurationPosition(detail([20, 21, 22]), 21)).toEqual({ index: 2, count: 3 });
    expect(configurationPosition(detail([20, 21, 22]), 99)).toBeNull();
    expect(configurationPosition(detail([20]), null)).toBeNull();
  });

  it('maps exposure n to its instrument config, cycling for repeats', () => {
    // Configs of 2, 3 and 1 exposures: n = 1..2 → 0, 3..5 → 1, 6 → 2, then the pass repeats.
    const counts = [2, 3, 1];
    expect([1, 2, 3, 4, 5, 6, 7, 9, 12].map((n) => instrumentConfigIndexOf(counts, n))).toEqual([0, 0, 1, 1, 1, 2, 0, 1, 2]);
    expect(instrumentConfigIndexOf([0, 0], 1)).toBeNull();
    expect(instrumentConfigIndexOf([2], 0)).toBeNull();
  });

  it('gives the time through the scheduled block, clamped', () => {
    expect(blockFraction(T, T + 1000, T + 250)).toBe(0.25);
    expect(blockFraction(T, T + 1000, T - 5)).toBe(0);
    expect(blockFraction(T, T + 1000, T + 5000)).toBe(1);
    expect(blockFraction(T, T, T)).toBe(1);
  });
});

describe('next observation of an idle telescope', () => {
  const block = (telescopeId: string, label: string, startMin: number, kind = 'observation') => ({ telescopeId, label, startMs: T + startMin * 60_000, endMs: T + (startMin + 20) * 60_000, kind });
  it('is the earliest observation block starting after now at that telescope', () => {
    const blocks = [block('a', 'later', 90), block('b', 'other telescope', 5), block('a', 'running', -5), block('a', 'downtime', 10, 'downtime'), block('a', 'soon', 30)];
    expect(nextObservationBlock(blocks, 'a', T)?.label).toBe('soon');
    expect(nextObservationBlock(blocks, 'a', T + 60 * 60_000)?.label).toBe('later');
    expect(nextObservationBlock(blocks, 'a', T + 200 * 60_000)).toBeNull();
  });
});
