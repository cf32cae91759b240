/**
 * Weather holds arrive one per reason (the weather station and the safety monitor each say
 * "unsafe"), often over the same span. Drawn as they come they overlap and their labels print on top
 * of each other; the timeline shows one hold per overlapping run, its label naming every reason.
 */
import type { TimelineBlock } from '../../../src-shared/ipc/contract';

const HOLD_PREFIX = /^Weather hold:\s*/;

/** Blocks with each telescope's overlapping `weather` blocks merged (span = union, label = reasons joined); other blocks unchanged. */
export function mergeWeatherHolds(blocks: readonly TimelineBlock[]): TimelineBlock[] {
  const others = blocks.filter((b) => b.kind !== 'weather');
  const holds = blocks.filter((b) => b.kind === 'weather').sort((a, b) => a.telescopeId.localeCompare(b.telescopeId) || a.startMs - b.startMs);
  const merged: TimelineBlock[] = [];
  let reasons: string[] = [];
  for (const h of holds) {
    const last = merged.at(-1);
    const reason = h.label.replace(HOLD_PREFIX, '');
    if (last !== undefined && last.telescopeId === h.telescopeId && h.startMs <= last.endMs) {
      last.endMs = Math.max(last.endMs, h.endMs);
      if (!reasons.includes(reason)) reasons.push(reason);
      last.label = `Weather hold: ${reasons.join('; ')}`;
      continue;
    }
    reasons = [reason];
    merged.push({ ...h });
  }
  return [...others, ...merged];
}
