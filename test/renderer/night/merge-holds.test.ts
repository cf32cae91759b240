import { describe, expect, it } from 'vitest';
import type { TimelineBlock } from '../../../src-shared/ipc/contract';
import { mergeWeatherHolds } from '../../../src-renderer/features/night/merge-holds';

const b = (telescopeId: string, kind: TimelineBlock['kind'], label: string, startMin: number, endMin: number): TimelineBlock => ({
  telescopeId,
  requestId: kind === 'observation' ? 1 : null,
  label,
  startMs: startMin * 60_000,
  endMs: endMin * 60_000,
  kind,
  state: 'PENDING',
});

describe('weather holds on the timeline', () => {
  it('merges overlapping holds of a telescope into one, naming every reason once', () => {
    const out = mergeWeatherHolds([
      b('a', 'weather', 'Weather hold: Site weather (sim) reports unsafe', 10, 100),
      b('a', 'weather', 'Weather hold: Safety monitor (sim) reports unsafe', 10, 120),
      b('a', 'weather', 'Weather hold: Site weather (sim) reports unsafe', 110, 130),
      b('a', 'weather', 'Weather hold: humidity', 200, 210),
      b('b', 'weather', 'Weather hold: Site weather (sim) reports unsafe', 10, 100),
      b('a', 'observation', 'M 42', 0, 10),
    ]);
    const holds = out.filter((x) => x.kind === 'weather');
    expect(holds.map((h) => [h.telescopeId, h.startMs / 60_000, h.endMs / 60_000, h.label])).toEqual([
      ['a', 10, 130, 'Weather hold: Site weather (sim) reports unsafe; Safety monitor (sim) reports unsafe'],
      ['a', 200, 210, 'Weather hold: humidity'],
      ['b', 10, 100, 'Weather hold: Site weather (sim) reports unsafe'],
    ]);
    expect(out.filter((x) => x.kind === 'observation')).toHaveLength(1);
  });

  it('leaves its input alone', () => {
    const input = [b('a', 'weather', 'Weather hold: x', 0, 10), b('a', 'weather', 'Weather hold: y', 5, 20)];
    mergeWeatherHolds(input);
    expect(input[0]?.endMs).toBe(10 * 60_000);
  });
});
