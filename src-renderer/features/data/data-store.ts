/**
 * The Data page's state: filters, page, the frames of that page (from `frames.list`), the frame
 * open in the viewer, and ids that arrived live (for a brief highlight). `frames.changed` reloads
 * the first page in place; on later pages it only counts what arrived, so a page a user is
 * reading does not shift under them.
 */
import { create } from 'zustand';
import type { FrameRow, FramesFacets } from '../../../src-shared/ipc/contract';
import type { CoreClient } from '../../lib/transport';
import type { FilterErrors, FrameFilters } from './data-filters';
import { NO_FILTERS, listInputFor } from './data-filters';

export const PAGE_SIZE = 50;

export type DataLayout = 'list' | 'grid';

export interface DataState {
  filters: FrameFilters;
  filterErrors: FilterErrors;
  offset: number;
  layout: DataLayout;
  frames: FrameRow[];
  count: number;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  seq: number;
  facets: FramesFacets | null;
  /** Frame open in the viewer, or null for the list. */
  openFrameId: number | null;
  /** Ids that appeared at the top since the previous load (highlighted). */
  freshIds: number[];
  /** Frames recorded while a later page was shown (not loaded yet). */
  arrivedElsewhere: number;
}

export interface DataStore extends DataState {
  setFilters: (client: CoreClient, patch: Partial<FrameFilters>) => void;
  setOffset: (client: CoreClient, offset: number) => void;
  setLayout: (layout: DataLayout) => void;
  open: (frameId: number | null) => void;
  refresh: (client: CoreClient, opts?: { live?: boolean }) => Promise<void>;
  loadFacets: (client: CoreClient) => Promise<void>;
  /** `frames.changed`: reload the first page, or count the arrivals on another page. */
  framesRecorded: (client: CoreClient, frameIds: readonly number[]) => void;
}

export const INITIAL_DATA: DataState = {
  filters: NO_FILTERS,
  filterErrors: {},
  offset: 0,
  layout: 'list',
  frames: [],
  count: 0,
  status: 'idle',
  error: null,
  seq: 0,
  facets: null,
  openFrameId: null,
  freshIds: [],
  arrivedElsewhere: 0,
};

/** Ids in `next` that were not in `previous` (only when there was a previous page to compare). */
export function freshIdsOf(previous: readonly FrameRow[], next: readonly FrameRow[]): number[] {
  if (previous.length === 0) return [];
  const seen = new Set(previous.map((f) => f.id));
  const newest = previous[0]?.observationUtcMs ?? -Infinity;
  return next.filter((f) => !seen.has(f.id) && f.observationUtcMs >= newest).map((f) => f.id);
}

export const useDataStore = create<DataStore>()((set, get) => {
  const refresh = async (client: CoreClient, opts: { live?: boolean } = {}): Promise<void> => {
    const s = get();
    const parsed = listInputFor(s.filters, s.offset, PAGE_SIZE);
    if (!parsed.ok) {
      set({ filterErrors: parsed.errors });
      return;
    }
    const seq = s.seq + 1;
    set({ seq, status: s.frames.length === 0 ? 'loading' : s.status, filterErrors: {} });
    const answer = await client.invoke('frames.list', parsed.input);
    if (get().seq !== seq) return;
    if (!answer.ok) {
      set({ status: 'error', error: answer.error.message });
      return;
    }
    const previous = get().frames;
    set({
      status: 'ready',
      error: null,
      frames: answer.value.frames,
      count: answer.value.count,
      freshIds: opts.live === true ? freshIdsOf(previous, answer.value.frames) : [],
      ...(get().offset === 0 ? { arrivedElsewhere: 0 } : {}),
    });
  };
  let liveTimer: ReturnType<typeof setTimeout> | null = null;
  return {
    ...INITIAL_DATA,
    refresh,
    setFilters: (client, patch) => {
      set((s) => ({ filters: { ...s.filters, ...patch }, offset: 0 }));
      void refresh(client);
    },
    setOffset: (client, offset) => {
      set({ offset: Math.max(0, offset) });
      void refresh(client);
    },
    setLayout: (layout) => set({ layout }),
    open: (openFrameId) => set({ openFrameId }),
    loadFacets: async (client) => {
      const answer = await client.invoke('frames.facets', {});
      if (answer.ok) set({ facets: answer.value });
    },
    framesRecorded: (client, frameIds) => {
      if (get().offset !== 0) {
        set((s) => ({ arrivedElsewhere: s.arrivedElsewhere + frameIds.length }));
        return;
      }
      // A busy night records frames in bursts: one reload per quarter second at most.
      if (liveTimer !== null) return;
      liveTimer = setTimeout(() => {
        liveTimer = null;
        void refresh(client, { live: true });
        void get().loadFacets(client);
      }, 250);
    },
  };
});
