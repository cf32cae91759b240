/** The observatory model (`observatory.get`): sites and their telescopes and instruments. */
import { create } from 'zustand';
import type { Observatory, SiteSummary, TelescopeSummary } from '../../src-shared/ipc/contract';
import type { Result } from '../../src-shared/ipc/result';
import type { CoreClient } from '../lib/transport';
import type { LoadState } from './async-status';
import { INITIAL_LOAD, reduceLoadStart } from './async-status';

export interface ObservatoryState extends LoadState {
  observatory: Observatory | null;
}

export interface ObservatoryStore extends ObservatoryState {
  refresh: (client: CoreClient) => Promise<void>;
}

export const INITIAL_OBSERVATORY: ObservatoryState = { ...INITIAL_LOAD, observatory: null };

export function reduceObservatoryAnswer(
  state: ObservatoryState,
  seq: number,
  answer: Result<Observatory>,
): ObservatoryState {
  if (seq !== state.seq) return state;
  if (!answer.ok) return { ...state, status: 'error', error: answer.error.message };
  return { ...state, status: 'ready', error: null, observatory: answer.value };
}

/** The site with `code`, or the first site when `code` is null or unknown; null when there is no site. */
export function siteByCode(observatory: Observatory | null, code: string | null): SiteSummary | null {
  const sites = observatory?.sites ?? [];
  return sites.find((s) => s.code === code) ?? sites[0] ?? null;
}

/** Every telescope of the observatory with its site code. */
export function allTelescopes(observatory: Observatory | null): (TelescopeSummary & { siteCode: string })[] {
  return (observatory?.sites ?? []).flatMap((s) => s.telescopes.map((t) => ({ ...t, siteCode: s.code })));
}

export const useObservatoryStore = create<ObservatoryStore>()((set, get) => ({
  ...INITIAL_OBSERVATORY,
  refresh: async (client) => {
    set((s) => reduceLoadStart(s));
    const { seq } = get();
    const answer = await client.invoke('observatory.get', {});
    set((s) => reduceObservatoryAnswer(s, seq, answer));
  },
}));
