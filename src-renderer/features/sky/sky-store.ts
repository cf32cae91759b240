/**
 * The Sky page's own state: the queue's targets with coordinates (`visibility.queueTargets`, re-read
 * when the queue changes), the selected target and its visibility answer (which also gives the
 * selected telescope's horizon and hour-angle limits), the tab, the telescope and the drawn layers.
 * Scene objects never live here (they are refs in SkyView / AtlasView).
 */
import { create } from 'zustand';
import type { HorizonMaskPoint } from '../../../src-shared/astro';
import type { QueueTarget, VisibilityTarget } from '../../../src-shared/ipc/contract';
import type { CoreClient } from '../../lib/transport';
import { DEFAULT_LAYERS, type SkyLayers } from './sky-overlay-lines';
import type { SkyTarget } from './sky-targets';

export type SkyTab = 'all-sky' | 'atlas';

export interface SkyPageState {
  tab: SkyTab;
  queueTargets: QueueTarget[];
  queueStatus: 'idle' | 'loading' | 'ready' | 'error';
  selected: SkyTarget | null;
  visibility: VisibilityTarget | null;
  visibilityStatus: 'idle' | 'loading' | 'ready' | 'error';
  visibilityError: string | null;
  /** Telescope whose limits are drawn; null = the first of the site. */
  telescopeId: string | null;
  layers: SkyLayers;
  /** Airmass contours drawn for the selected telescope. */
  showAirmass: boolean;
  /** Horizon and hour-angle limits per telescope id (from the visibility engine's answer). */
  telescopeLimits: Record<string, TelescopeLimitsView>;
}

export interface TelescopeLimitsView {
  horizonDeg: number;
  haLimitNegHours: number;
  haLimitPosHours: number;
  /** Azimuth-dependent horizon; null when flat (or when the answer does not carry one). */
  horizonMask: HorizonMaskPoint[] | null;
}

export interface SkyPageStore extends SkyPageState {
  setTab: (tab: SkyTab) => void;
  setTelescope: (id: string | null) => void;
  toggleLayer: (layer: keyof SkyLayers) => void;
  setShowAirmass: (on: boolean) => void;
  loadQueueTargets: (client: CoreClient) => Promise<void>;
  /** Reads every telescope's horizon and HA limits (one cheap `visibility.target` call). */
  loadTelescopeLimits: (client: CoreClient) => Promise<void>;
  /** Selects a target (null clears) and fetches its visibility tonight. */
  select: (client: CoreClient | null, target: SkyTarget | null) => Promise<void>;
}

export const INITIAL_SKY_PAGE: SkyPageState = {
  tab: 'all-sky',
  queueTargets: [],
  queueStatus: 'idle',
  selected: null,
  visibility: null,
  visibilityStatus: 'idle',
  visibilityError: null,
  telescopeId: null,
  layers: DEFAULT_LAYERS,
  showAirmass: true,
  telescopeLimits: {},
};

/** The telescope's horizon mask from the answer (configdb `horizon_mask`); null = flat horizon. */
function maskOf(t: VisibilityTarget['telescopes'][number]): HorizonMaskPoint[] | null {
  const m = t.horizonMask ?? null;
  return m !== null && m.length > 0 ? m : null;
}

const limitsOf = (v: VisibilityTarget): Record<string, TelescopeLimitsView> =>
  Object.fromEntries(v.telescopes.map((t) => [t.telescopeId, { horizonDeg: t.horizonDeg, haLimitNegHours: t.haLimitNegHours, haLimitPosHours: t.haLimitPosHours, horizonMask: maskOf(t) }]));

export const useSkyPageStore = create<SkyPageStore>()((set, get) => ({
  ...INITIAL_SKY_PAGE,
  setTab: (tab) => set({ tab }),
  setTelescope: (telescopeId) => set({ telescopeId }),
  toggleLayer: (layer) => set((s) => ({ layers: { ...s.layers, [layer]: !s.layers[layer] } })),
  setShowAirmass: (showAirmass) => set({ showAirmass }),
  loadQueueTargets: async (client) => {
    set({ queueStatus: 'loading' });
    const answer = await client.invoke('visibility.queueTargets', {});
    if (answer.ok) set({ queueTargets: answer.value.targets, queueStatus: 'ready' });
    else set({ queueStatus: 'error' });
  },
  loadTelescopeLimits: async (client) => {
    // The limits do not depend on the target: any place answers with every telescope's limits.
    const answer = await client.invoke('visibility.target', { target: { type: 'ICRS', name: 'limits', ra: 0, dec: 0 }, stepMin: 60 });
    if (answer.ok) set((s) => ({ telescopeLimits: { ...s.telescopeLimits, ...limitsOf(answer.value) } }));
  },
  select: async (client, target) => {
    set({ selected: target, visibility: null, visibilityStatus: target === null ? 'idle' : 'loading', visibilityError: null });
    if (target === null || client === null) return;
    const telescopeId = get().telescopeId;
    const answer = await client.invoke('visibility.target', {
      target: { type: 'ICRS', name: target.name, ra: target.raDeg, dec: target.decDeg },
      ...(telescopeId === null ? {} : { telescopeId }),
      stepMin: 10,
    });
    // A newer selection supersedes this answer.
    if (get().selected?.id !== target.id) return;
    if (answer.ok) set((s) => ({ visibility: answer.value, visibilityStatus: 'ready', telescopeLimits: { ...s.telescopeLimits, ...limitsOf(answer.value) } }));
    else set({ visibilityStatus: 'error', visibilityError: answer.error.message });
  },
}));
