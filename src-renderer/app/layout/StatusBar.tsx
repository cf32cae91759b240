/** The top bar: site, live local and UTC time from the core's clock, Sun altitude, night phase, link state. */
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SkyStatus } from '../../../src-shared/ipc/contract';
import type { Tone } from '../../components/Badge';
import { Badge, Led } from '../../components/Badge';
import { connectionLabel, nightPhaseLabel } from '../../lib/labels';
import { formatClock, formatDate, formatDeg, formatZoneOffset } from '../../lib/time-format';
import type { ConnectionState } from '../../lib/transport';
import { useCoreNow } from '../../lib/use-core-now';
import { useClockStore } from '../../stores/clock';
import { useConnectionStore } from '../../stores/connection';
import { siteByCode, useObservatoryStore } from '../../stores/observatory';
import { useUiStore } from '../../stores/ui';

const phaseTone: Record<SkyStatus['nightPhase'], Tone> = {
  day: 'warn',
  civil: 'accent',
  nautical: 'info',
  astronomical: 'info',
  night: 'ok',
};

const connectionTone: Record<ConnectionState, Tone> = {
  connecting: 'warn',
  open: 'ok',
  reconnecting: 'bad',
  closed: 'bad',
};

function Readout({
  label,
  children,
  testId,
  sub,
  title,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
  sub?: ReactNode;
  title?: string;
}) {
  return (
    <div className="readout" title={title}>
      <span className="readout-label">{label}</span>
      <span className="readout-value" data-testid={testId}>
        {children}
      </span>
      {sub !== undefined && <span className="readout-sub">{sub}</span>}
    </div>
  );
}

export function StatusBar() {
  const status = useClockStore((s) => s.status);
  const speed = useClockStore((s) => s.speed);
  const { info, appInfo, kind } = useConnectionStore(
    useShallow((s) => ({ info: s.info, appInfo: s.appInfo, kind: s.kind })),
  );
  const site = useObservatoryStore((s) => siteByCode(s.observatory, status?.siteCode ?? null));
  const { nightVision, setNightVision } = useUiStore(
    useShallow((s) => ({ nightVision: s.nightVision, setNightVision: s.setNightVision })),
  );
  const now = useCoreNow();
  const timeZone = site?.timeZone ?? 'UTC';
  const t = now.utcMs;
  // With the link down the shown time is only an estimate from the last tick.
  const stale = t !== null && (now.stale || info.state !== 'open');
  const retry =
    info.state === 'reconnecting' && info.retryInMs !== null
      ? `retry ${Math.max(1, Math.round(info.retryInMs / 1000))} s`
      : undefined;

  return (
    <header className="statusbar" role="banner">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M15.5 3.5a8.5 8.5 0 1 0 5 15.4A7 7 0 0 1 15.5 3.5z" />
        </svg>
        <span className="brand-name">Nightshift</span>
      </div>
      <Readout
        label="Site"
        title={
          site ? `${site.latitudeDeg.toFixed(4)}°, ${site.longitudeDeg.toFixed(4)}°, ${site.elevationM} m` : undefined
        }
      >
        <span className="site-name">{site?.name ?? '—'}</span>
        {site && <span className="site-code">{site.code}</span>}
      </Readout>
      <div
        className={`clock-group ${stale ? 'is-stale' : ''}`}
        title={stale ? 'Not receiving the core’s clock: time shown is the last known' : undefined}
      >
        <Readout
          label="Local"
          testId="status-local"
          title={timeZone}
          sub={t !== null ? `${formatDate(t, timeZone)} ${formatZoneOffset(t, timeZone)}` : undefined}
        >
          {t !== null ? formatClock(t, timeZone) : '--:--:--'}
        </Readout>
        <Readout label="UTC" testId="status-utc" sub={t !== null ? formatDate(t, 'UTC') : undefined}>
          {t !== null ? formatClock(t, 'UTC') : '--:--:--'}
        </Readout>
      </div>
      <Readout label="Sun alt" testId="status-sun-alt">
        {formatDeg(status?.sunAltitudeDeg ?? null)}
      </Readout>
      <div className="readout">
        <span className="readout-label">Phase</span>
        {status ? (
          <Badge tone={phaseTone[status.nightPhase]} testId="status-night-phase" dataState={status.nightPhase}>
            {nightPhaseLabel(status.nightPhase)}
          </Badge>
        ) : (
          <Badge tone="muted" testId="status-night-phase" dataState="unknown">
            Unknown
          </Badge>
        )}
      </div>
      {appInfo?.simulate === true && (
        <div className="readout">
          <span className="readout-label">Clock</span>
          <Badge tone="accent" title="The core runs a simulated clock and simulated devices">
            SIM{speed !== 1 ? ` ×${speed}` : ''}
          </Badge>
        </div>
      )}
      <div className="statusbar-spacer" />
      <div className="readout readout-right" title={info.lastError ?? undefined}>
        <span className="readout-label">{kind === 'electron' ? 'Core (local)' : 'Core link'}</span>
        <span className="conn" data-testid="status-connection" data-state={info.state}>
          <Led tone={connectionTone[info.state]} />
          {connectionLabel(info.state)}
          {retry !== undefined && <span className="conn-retry">{retry}</span>}
        </span>
      </div>
      <button
        type="button"
        className={`nv-toggle ${nightVision ? 'is-on' : ''}`}
        aria-pressed={nightVision}
        onClick={() => setNightVision(!nightVision)}
        title="Red night-vision display (N)"
        data-testid="night-vision-toggle"
      >
        <span className="nv-dot" /> Night vision
      </button>
    </header>
  );
}
