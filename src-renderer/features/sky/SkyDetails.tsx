/** The side panel of the Sky page: the clicked target's request and its visibility tonight. */
import { useShallow } from 'zustand/react/shallow';
import { airmassHardie, prepareTarget, frameAt, type GeoSite } from '../../../src-shared/astro';
import { formatClock, formatDeg } from '../../lib/time-format';
import { useSkyPageStore } from './sky-store';
import type { SkyTarget } from './sky-targets';

const hms = (deg: number): string => {
  const h = (((deg / 15) % 24) + 24) % 24;
  const hh = Math.floor(h);
  const mm = Math.floor((h - hh) * 60);
  const ss = ((h - hh) * 60 - mm) * 60;
  return `${String(hh).padStart(2, '0')}h${String(mm).padStart(2, '0')}m${ss.toFixed(1).padStart(4, '0')}s`;
};
const dms = (deg: number): string => {
  const a = Math.abs(deg);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 60);
  return `${deg < 0 ? '−' : '+'}${String(d).padStart(2, '0')}°${String(m).padStart(2, '0')}′${String(s).padStart(2, '0')}″`;
};

export function SkyDetails({ target, site, nowMs, timeZone, onAtlas, onClose }: { target: SkyTarget; site: GeoSite | null; nowMs: number | null; timeZone: string; onAtlas: () => void; onClose: () => void }) {
  const { visibility, status, error } = useSkyPageStore(useShallow((s) => ({ visibility: s.visibility, status: s.visibilityStatus, error: s.visibilityError })));
  const now = site !== null && nowMs !== null ? prepareTarget({ type: 'ICRS', raDeg: target.raDeg, decDeg: target.decDeg }).positionIn(frameAt(site, nowMs)) : null;
  const when = (ms: number | undefined): string => (ms === undefined ? '—' : formatClock(ms, timeZone, false));
  return (
    <aside className="sky-details" data-testid="sky-details" aria-label={`Details of ${target.name}`}>
      <header className="sky-details__head">
        <h2>{target.name}</h2>
        <button type="button" className="chip" onClick={onClose} aria-label="Close details">
          ✕
        </button>
      </header>
      <dl className="dl">
        {target.group !== undefined && (
          <div className="dl-row">
            <dt>Request group</dt>
            <dd>{target.group}</dd>
          </div>
        )}
        {target.requestId != null && (
          <div className="dl-row">
            <dt>Request</dt>
            <dd className="mono">#{target.requestId}</dd>
          </div>
        )}
        <div className="dl-row">
          <dt>State</dt>
          <dd>
            <span className={`sky-dot sky-dot--${target.state}`} /> {target.state.replace('-', ' ')}
          </dd>
        </div>
        <div className="dl-row">
          <dt>RA / Dec (J2000)</dt>
          <dd className="mono">
            {hms(target.raDeg)} {dms(target.decDeg)}
          </dd>
        </div>
        {now !== null && (
          <div className="dl-row">
            <dt>Now</dt>
            <dd className="mono">
              alt {formatDeg(now.altitudeDeg)} · az {formatDeg(now.azimuthDeg)} · X {now.altitudeDeg > 0 ? (airmassHardie(now.altitudeDeg)?.toFixed(2) ?? '—') : '—'}
            </dd>
          </div>
        )}
      </dl>
      <h3 className="sky-details__sub">Tonight</h3>
      {status === 'loading' && <p className="muted">Computing visibility…</p>}
      {status === 'error' && <p className="warn-text">{error}</p>}
      {visibility?.telescopes.map((t) => (
        <dl className="dl" key={t.telescopeId}>
          <div className="dl-row">
            <dt>{t.telescopeId}</dt>
            <dd className="mono">{t.observableHours.toFixed(1)} h observable</dd>
          </div>
          <div className="dl-row">
            <dt>Rise / transit / set</dt>
            <dd className="mono">
              {when(t.riseTransitSet.risesMs[0])} / {when(t.riseTransitSet.transitsMs[0])} / {when(t.riseTransitSet.setsMs[0])}
            </dd>
          </div>
          <div className="dl-row">
            <dt>Limits</dt>
            <dd className="mono">
              alt ≥ {t.effectiveHorizonDeg.toFixed(0)}° · HA {t.haLimitNegHours}…{t.haLimitPosHours} h
            </dd>
          </div>
        </dl>
      ))}
      <div className="btn-row">
        <button type="button" className="btn" onClick={onAtlas} data-testid="sky-open-atlas">
          Frame in atlas
        </button>
        <a className="btn" href="#/queue">
          Open in queue
        </a>
      </div>
    </aside>
  );
}
