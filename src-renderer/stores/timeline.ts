/** Tonight's timeline (`timeline.tonight`): night bounds, Sun events and scheduled blocks; re-fetched on `timeline.changed`. */
import { create } from 'zustand';
import type { Timeline } from '../../src-shared/ipc/contract';
import type { Result } from '../../src-shared/ipc/result';
import type { CoreClient } from '../lib/transport';
import type { LoadState } from './async-status';
import { INITIAL_LOAD, reduceLoadStart } from './async-status';

export interface TimelineState extends LoadState {
  timeline: Timeline | null;
}

export interface TimelineStore extends TimelineState {
  refresh: (client: CoreClient) => Promise<void>;
}

export const INITIAL_TIMELINE: TimelineState = { ...INITIAL_LOAD, timeline: null };

export function reduceTimelineAnswer(state: TimelineState, seq: number, answer: Result<Timeline>): TimelineState {
  if (seq !== state.seq) return state;
  if (!answer.ok) return { ...state, status: 'error', error: answer.error.message };
  return { ...state, status: 'ready', error: null, timeline: answer.value };
}

export const useTimelineStore = create<TimelineStore>()((set, get) => ({
  ...INITIAL_TIMELINE,
  refresh: async (client) => {
    set((s) => reduceLoadStart(s));
    const { seq } = get();
    const answer = await client.invoke('timeline.tonight', {});
    set((s) => reduceTimelineAnswer(s, seq, answer));
  },
}));
