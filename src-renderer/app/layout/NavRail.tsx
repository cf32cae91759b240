/** Left navigation; the page lives in the URL hash (`#/queue`) so reloads and links keep it. */
import type { Page } from '../../stores/ui';
import { PAGES, useUiStore } from '../../stores/ui';

const LABELS: Record<Page, string> = {
  night: 'Night',
  queue: 'Queue',
  devices: 'Devices',
  sky: 'Sky',
  data: 'Data',
  report: 'Report',
  planning: 'Planning',
  settings: 'Settings',
};

/** Small line icons, drawn in currentColor so they follow the theme. */
const ICONS: Record<Page, string> = {
  night: 'M3 17h18M6 17V9M10 17V6M14 17v-5M18 17V8',
  queue: 'M4 6h16M4 12h16M4 18h10',
  devices: 'M5 4h14v10H5zM9 18h6M12 14v4',
  sky: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18',
  data: 'M5 4h10l4 4v12H5zM14 4v5h5',
  report: 'M6 3h12v18H6zM9 8h6M9 12h6M9 16h3',
  planning: 'M4 5h16v15H4zM4 10h16M9 3v4M15 3v4',
  settings:
    'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1',
};

const BUILT: ReadonlySet<Page> = new Set(['night', 'queue', 'devices', 'sky', 'planning', 'settings', 'report', 'data']);

export function NavRail() {
  const page = useUiStore((s) => s.page);
  return (
    <nav className="navrail" aria-label="Main">
      {PAGES.map((p) => (
        <a
          key={p}
          href={`#/${p}`}
          className={`nav-item ${page === p ? 'is-active' : ''} ${BUILT.has(p) ? '' : 'is-future'}`}
          aria-current={page === p ? 'page' : undefined}
          data-testid={`nav-${p}`}
          title={BUILT.has(p) ? LABELS[p] : `${LABELS[p]} (not built yet)`}
        >
          <svg viewBox="0 0 24 24" className="nav-icon" aria-hidden="true">
            <path d={ICONS[p]} />
          </svg>
          <span className="nav-label">{LABELS[p]}</span>
        </a>
      ))}
      <div className="nav-foot">GPL-3.0-or-later</div>
    </nav>
  );
}
