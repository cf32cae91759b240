/** Console preferences that are not core data: the current page and the red night-vision theme. */
import { create } from 'zustand';

export const PAGES = ['night', 'queue', 'devices', 'sky', 'data', 'report', 'planning', 'settings'] as const;
export type Page = (typeof PAGES)[number];

export const isPage = (value: string): value is Page => (PAGES as readonly string[]).includes(value);

/** The page named by a location hash such as `#/queue`; `night` for anything else. */
export function pageFromHash(hash: string): Page {
  const name = hash.replace(/^#\/?/, '').split(/[/?&]/)[0] ?? '';
  return isPage(name) ? name : 'night';
}

export interface UiStore {
  page: Page;
  nightVision: boolean;
  setPage: (page: Page) => void;
  setNightVision: (on: boolean) => void;
}

export const useUiStore = create<UiStore>()((set) => ({
  page: 'night',
  nightVision: false,
  setPage: (page) => set({ page }),
  setNightVision: (nightVision) => set({ nightVision }),
}));
