/**
 * The Sky page: the live all-sky view or the atlas, fed from the stores (site from the observatory,
 * time from the clock, targets from the queue and timeline, pointings from the devices), with the
 * clicked target's details beside it.
 */
import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { GeoSite } from '../../../src-shared/astro';
import { useClient } from '../../app/client-context';
import { useClockStore } from '../../stores/clock';
import { useDevicesStore } from '../../stores/devices';
import { siteByCode, useObservatoryStore } from '../../stores/observatory';
import { useQueueStore } from '../../stores/queue';
import { useTimelineStore } from '../../stores/timeline';
import { AtlasView } from './AtlasView';
import { SkyDetails } from './SkyDetails';
import type { SkyLayers, SkyLimits } from './sky-overlay-lines';
import { domesFrom, fieldOfViewFor, pointingsFrom, skyTargetsFrom } from './sky-page-data';
import { useSkyPageStore } from './sky-store';
import { TARGET_STATE_RGB, type SkyTargetState } from './sky-targets';
import { SkyView } from './SkyView';
import './sky.css';

const LAYER_LABELS: Record<keyof SkyLayers, string> = {
  altAzGrid: 'Alt-az grid',
  raDecGrid: 'RA/Dec grid',
  meridian: 'Meridian',
  constellations: 'Constellations',
  milkyWay: 'Milky Way',
  telescopes: 'Telescopes',
  domeSlit: 'Dome slit',
  horizonMask: 'Horizon mask',
};
const AIRMASS_CONTOURS = [1.5, 2, 3];
const STATES = Object.keys(TARGET_STATE_RGB) as SkyTargetState[];

export function SkyPage() {
  const client = useClient();
  const observatory = useObservatoryStore((s) => s.observatory);
  const siteCode = useClockStore((s) => s.status?.siteCode ?? null);
  // Whole minutes: target states and details follow the clock without re-rendering every tick.
  const nowMinuteMs = useClockStore((s) => (s.status === null ? null : Math.floor(s.status.utcMs / 60_000) * 60_000));
  const groups = useQueueStore((s) => s.groups);
  const timeline = useTimelineStore((s) => s.timeline);
  const devices = useDevicesStore((s) => s.byKey);
  const page = useSkyPageStore(
    useShallow((s) => ({ tab: s.tab, queueTargets: s.queueTargets, selected: s.selected, telescopeId: s.telescopeId, layers: s.layers, showAirmass: s.showAirmass, telescopeLimits: s.telescopeLimits })),
  );
  const actions = useSkyPageStore(useShallow((s) => ({ setTab: s.setTab, setTelescope: s.setTelescope, toggleLayer: s.toggleLayer, setShowAirmass: s.setShowAirmass, loadQueueTargets: s.loadQueueTargets, loadTelescopeLimits: s.loadTelescopeLimits, select: s.select })));
  const [rotationDeg, setRotationDeg] = useState(0);

  const site = siteByCode(observatory, siteCode);
  const geo = useMemo<GeoSite | null>(() => (site === null ? null : { latitudeDeg: site.latitudeDeg, longitudeDeg: site.longitudeDeg, elevationM: site.elevationM }), [site]);
  const telescopes = useMemo(() => site?.telescopes ?? [], [site]);
  const telescopeId = page.telescopeId ?? telescopes[0]?.id ?? null;
  const telescope = telescopes.find((t) => t.id === telescopeId) ?? null;
  const lim = telescopeId === null ? undefined : page.telescopeLimits[telescopeId];

  // The queue's targets carry no coordinates in queue.list: re-read them whenever the queue changes.
  useEffect(() => void actions.loadQueueTargets(client), [client, groups, actions]);
  useEffect(() => void actions.loadTelescopeLimits(client), [client, observatory, actions]);

  const targets = useMemo(
    () => skyTargetsFrom(page.queueTargets, timeline, nowMinuteMs ?? 0, geo?.latitudeDeg ?? 0, lim?.horizonDeg ?? 0),
    [page.queueTargets, timeline, nowMinuteMs, geo, lim],
  );
  const pointings = useMemo(() => pointingsFrom(devices, telescopes), [devices, telescopes]);
  // Only the domes of this site's telescopes.
  const domes = useMemo(() => domesFrom(devices).filter((d) => telescopes.some((t) => t.id === d.telescopeId)), [devices, telescopes]);
  const limits = useMemo<SkyLimits>(
    () => ({
      horizonDeg: lim?.horizonDeg ?? null,
      haLimitNegHours: lim?.haLimitNegHours ?? null,
      haLimitPosHours: lim?.haLimitPosHours ?? null,
      airmassContours: page.showAirmass ? AIRMASS_CONTOURS : [],
      horizonMask: lim?.horizonMask ?? null,
    }),
    [lim, page.showAirmass],
  );

  const centre = page.selected ?? (pointings[0] ? { name: `${pointings[0].label} pointing`, raDeg: pointings[0].raDeg, decDeg: pointings[0].decDeg } : (targets[0] ?? null));
  const fov = fieldOfViewFor(telescope?.instruments.find((i) => i.instrumentType.includes('SCICAM'))?.instrumentType ?? telescope?.instruments[0]?.instrumentType ?? null);
  const chart = useMemo(
    () => (centre === null ? null : { centreRaDeg: centre.raDeg, centreDecDeg: centre.decDeg, fieldDeg: (Math.max(fov.widthArcmin, fov.heightArcmin) / 60) * 4, fov, rotationDeg }),
    // fov is derived from strings; compare its numbers.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [centre?.raDeg, centre?.decDeg, fov.widthArcmin, fov.heightArcmin, fov.source, rotationDeg],
  );

  return (
    <div className="page sky-page" data-testid="sky-page">
      <div className="page-head">
        <h1>Sky</h1>
        <span className="page-sub">
          {site === null ? 'no site' : `${site.name} · ${targets.length} targets · ${pointings.length} pointing${pointings.length === 1 ? '' : 's'}`}
        </span>
        <div className="chips" role="tablist">
          {(['all-sky', 'atlas'] as const).map((t) => (
            <button key={t} type="button" role="tab" aria-selected={page.tab === t} className={`chip ${page.tab === t ? 'is-active' : ''}`} data-testid={`sky-tab-${t}`} onClick={() => actions.setTab(t)}>
              {t === 'all-sky' ? 'All-sky' : 'Atlas'}
            </button>
          ))}
        </div>
      </div>
      <div className="toolbar sky-toolbar">
        {page.tab === 'all-sky' ? (
          <div className="chips">
            {(Object.keys(LAYER_LABELS) as (keyof SkyLayers)[]).map((k) => (
              <button key={k} type="button" className={`chip ${page.layers[k] ? 'is-active' : ''}`} onClick={() => actions.toggleLayer(k)}>
                {LAYER_LABELS[k]}
              </button>
            ))}
            <button type="button" className={`chip ${page.showAirmass ? 'is-active' : ''}`} onClick={() => actions.setShowAirmass(!page.showAirmass)}>
              Airmass 1.5 / 2 / 3
            </button>
          </div>
        ) : (
          <label className="sky-rotation">
            PA {rotationDeg}°
            <input type="range" min={0} max={359} value={rotationDeg} onChange={(e) => setRotationDeg(Number(e.target.value))} />
          </label>
        )}
        <span className="spacer" />
        <label>
          Telescope{' '}
          <select value={telescopeId ?? ''} onChange={(e) => actions.setTelescope(e.target.value === '' ? null : e.target.value)}>
            {telescopes.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.id})
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="sky-body">
        <div className="sky-main">
          {page.tab === 'all-sky' ? (
            <SkyView site={geo} targets={targets} layers={page.layers} limits={limits} pointings={pointings} domes={domes} selectedId={page.selected?.id ?? null} onOpenTarget={(t) => void actions.select(client, t)} />
          ) : chart === null ? (
            <p className="sky-view__note">Nothing to centre on: select a target or connect a mount.</p>
          ) : (
            <AtlasView chart={chart} centreName={centre?.name ?? ''} targets={targets} pointings={pointings} />
          )}
          <ul className="sky-legend" aria-label="Target states">
            {STATES.map((s) => (
              <li key={s}>
                <span className={`sky-dot sky-dot--${s}`} /> {s.replace('-', ' ')}
              </li>
            ))}
            <li>
              <span className="sky-dot sky-dot--pointing" /> telescope
            </li>
            <li>
              <span className="sky-dot sky-dot--slew" /> slew path
            </li>
            <li>
              <span className="sky-dot sky-dot--slit" /> dome slit
            </li>
            <li>
              <span className="sky-dot sky-dot--mask" /> below limit
            </li>
          </ul>
        </div>
        {page.selected !== null && (
          <SkyDetails target={page.selected} site={geo} nowMs={nowMinuteMs} timeZone={site?.timeZone ?? 'UTC'} onAtlas={() => actions.setTab('atlas')} onClose={() => void actions.select(null, null)} />
        )}
      </div>
    </div>
  );
}
