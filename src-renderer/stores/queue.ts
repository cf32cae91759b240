/**
 * Request groups from `queue.list`, re-fetched on `queue.changed`. The state filter is applied on
 * the client over one load of up to QUEUE_PAGE_LIMIT groups, so the filter chips can show counts for
 * every state; `count` tells when the core holds more than were loaded.
 */
import { create } from 'zustand';
import type { QueueGroup, RequestStateSchema } from '../../src-shared/ipc/contract';
import type { Result } from '../../src-shared/ipc/result';
import type { CoreClient } from '../lib/transport';
import type { LoadState } from './async-status';
import { INITIAL_LOAD, reduceLoadStart } from './async-status';
import type { z } from 'zod';

export type RequestState = z.output<typeof RequestStateSchema>;

export const REQUEST_STATES: readonly RequestState[] = [
  'PENDING',
  'COMPLETED',
  'WINDOW_EXPIRED',
  'FAILURE_LIMIT_REACHED',
  'CANCELED',
];

export interface QueueState extends LoadState {
  groups: QueueGroup[];
  /** Total request groups on the core (may exceed `groups.length`). */
  count: number;
  /** Show only this state; null shows all. */
  stateFilter: RequestState | null;
}

export interface QueueStore extends QueueState {
  setFilter: (state: RequestState | null) => void;
  refresh: (client: CoreClient) => Promise<void>;
}

export const INITIAL_QUEUE: QueueState = { ...INITIAL_LOAD, groups: [], count: 0, stateFilter: null };

/** The contract's largest page. */
export const QUEUE_PAGE_LIMIT = 1000;

/** Applies the answer of load `seq`; answers of superseded loads leave the state unchanged. */
export function reduceQueueAnswer(
  state: QueueState,
  seq: number,
  answer: Result<{ count: number; groups: QueueGroup[] }>,
): QueueState {
  if (seq !== state.seq) return state;
  if (!answer.ok) return { ...state, status: 'error', error: answer.error.message };
  return { ...state, status: 'ready', error: null, groups: answer.value.groups, count: answer.value.count };
}

/** The groups the filter lets through, in load order. */
export function filterGroups(groups: readonly QueueGroup[], stateFilter: RequestState | null): QueueGroup[] {
  return stateFilter === null ? [...groups] : groups.filter((g) => g.state === stateFilter);
}

/** Group counts per state over the loaded groups. */
export function countByState(groups: readonly QueueGroup[]): Record<RequestState, number> {
  const out: Record<RequestState, number> = {
    PENDING: 0,
    COMPLETED: 0,
    WINDOW_EXPIRED: 0,
    FAILURE_LIMIT_REACHED: 0,
    CANCELED: 0,
  };
  for (const g of groups) out[g.state] += 1;
  return out;
}

export const useQueueStore = create<QueueStore>()((set, get) => {
  const refresh = async (client: CoreClient): Promise<void> => {
    set((s) => reduceLoadStart(s));
    const { seq } = get();
    const answer = await client.invoke('queue.list', { limit: QUEUE_PAGE_LIMIT });
    set((s) => reduceQueueAnswer(s, seq, answer));
  };
  return {
    ...INITIAL_QUEUE,
    refresh,
    setFilter: (stateFilter) => set({ stateFilter }),
  };
});
