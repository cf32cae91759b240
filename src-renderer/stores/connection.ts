/** The link to the core and what the core told us about itself (`app.info`). */
import { create } from 'zustand';
import type { AppInfo } from '../../src-shared/ipc/contract';
import type { ConnectionInfo, CoreClient } from '../lib/transport';

export interface ConnectionStore {
  kind: CoreClient['kind'] | null;
  info: ConnectionInfo;
  appInfo: AppInfo | null;
  setKind: (kind: CoreClient['kind']) => void;
  setInfo: (info: ConnectionInfo) => void;
  setAppInfo: (appInfo: AppInfo) => void;
}

export const INITIAL_CONNECTION: ConnectionInfo = { state: 'connecting', attempt: 0, retryInMs: null, lastError: null };

export const useConnectionStore = create<ConnectionStore>()((set) => ({
  kind: null,
  info: INITIAL_CONNECTION,
  appInfo: null,
  setKind: (kind) => set({ kind }),
  setInfo: (info) => set({ info }),
  setAppInfo: (appInfo) => set({ appInfo }),
}));
