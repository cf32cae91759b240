/** The console frame: status bar, navigation, and the current page. */
import { lazy, Suspense, useEffect } from 'react';
import { DevicesView } from '../features/devices/DevicesView';
import { NightView } from '../features/night/NightView';
import { PlanningView } from '../features/planning/PlanningView';
import { DataView } from '../features/data/DataView';
import { QueueView } from '../features/queue/QueueView';
import { ReportView } from '../features/report/ReportView';
import { SettingsView } from '../features/settings/SettingsView';
import type { Page } from '../stores/ui';
import { pageFromHash, useUiStore } from '../stores/ui';
import { NavRail } from './layout/NavRail';
import { StatusBar } from './layout/StatusBar';

// The Sky page brings three.js and the catalogs: its own chunk, fetched when the page opens.
const SkyPage = lazy(() => import('../features/sky/SkyPage').then((m) => ({ default: m.SkyPage })));

const NIGHT_VISION_KEY = 'nightshift.nightVision';

function PageView({ page }: { page: Page }) {
  switch (page) {
    case 'night':
      return <NightView />;
    case 'queue':
      return <QueueView />;
    case 'devices':
      return <DevicesView />;
    case 'settings':
      return <SettingsView />;
    case 'planning':
      return <PlanningView />;
    case 'sky':
      return (
        <Suspense fallback={<p className="page muted">Loading the sky…</p>}>
          <SkyPage />
        </Suspense>
      );
    case 'report':
      return <ReportView />;
    case 'data':
      return <DataView />;
  }
}

/** Keeps the page in step with the URL hash. */
function useHashRoute(): void {
  const setPage = useUiStore((s) => s.setPage);
  useEffect(() => {
    const sync = (): void => setPage(pageFromHash(window.location.hash));
    sync();
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }, [setPage]);
}

/** Applies and remembers the red night-vision theme; `N` toggles it. */
function useNightVision(): void {
  const nightVision = useUiStore((s) => s.nightVision);
  const setNightVision = useUiStore((s) => s.setNightVision);
  useEffect(() => {
    setNightVision(window.localStorage.getItem(NIGHT_VISION_KEY) === '1');
  }, [setNightVision]);
  useEffect(() => {
    document.documentElement.dataset.theme = nightVision ? 'red' : 'dark';
    window.localStorage.setItem(NIGHT_VISION_KEY, nightVision ? '1' : '0');
  }, [nightVision]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      if (target !== null && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable))
        return;
      if ((e.key === 'n' || e.key === 'N') && !e.ctrlKey && !e.metaKey && !e.altKey) {
        setNightVision(!useUiStore.getState().nightVision);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setNightVision]);
}

export function App() {
  const page = useUiStore((s) => s.page);
  useHashRoute();
  useNightVision();
  return (
    <div className="shell">
      <StatusBar />
      <NavRail />
      <main className="content" data-page={page}>
        <PageView page={page} />
      </main>
    </div>
  );
}
