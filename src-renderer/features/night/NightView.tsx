/** The Night overview: tonight's Sun events, the timeline per telescope, the telescopes and a queue summary. */
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Timeline } from '../../../src-shared/ipc/contract';
import { Badge } from '../../components/Badge';
import { Empty, Panel } from '../../components/Panel';
import { requestStateLabel } from '../../lib/labels';
import { darkHours, nextSunEvent, phaseBands } from '../../lib/timeline-geometry';
import { formatClock, formatDate, formatDurationSec } from '../../lib/time-format';
import { useCoreNow } from '../../lib/use-core-now';
import { useClockStore } from '../../stores/clock';
import { siteByCode, useObservatoryStore } from '../../stores/observatory';
import { countByState, REQUEST_STATES, useQueueStore } from '../../stores/queue';
import { useTimelineStore } from '../../stores/timeline';
import { TelescopesPanel } from './TelescopesPanel';
import { NightTimeline } from './NightTimeline';
import { ExplanationPanel } from './ExplanationPanel';
import { CurrentObservationPanel } from './CurrentObservationPanel';
import { OperatorPanels } from '../operator';
import { RealtimePanel } from '../realtime';
import { stateTone } from '../queue/state-tone';

const EVENT_ROWS: readonly { key: keyof Timeline['events']; label: string }[] = [
  { key: 'sunsetMs', label: 'Sunset' },
  { key: 'civilDuskMs', label: 'Civil dusk' },
  { key: 'nauticalDuskMs', label: 'Nautical dusk' },
  { key: 'astronomicalDuskMs', label: 'Astro dusk' },
  { key: 'astronomicalDawnMs', label: 'Astro dawn' },
  { key: 'nauticalDawnMs', label: 'Nautical dawn' },
  { key: 'civilDawnMs', label: 'Civil dawn' },
  { key: 'sunriseMs', label: 'Sunrise' },
];

function SunEvents({ timeline, timeZone }: { timeline: Timeline; timeZone: string }) {
  const dark = darkHours(phaseBands({ startMs: timeline.nightStartMs, endMs: timeline.nightEndMs }, timeline.events));
  return (
    <div className="sun-events">
      {EVENT_ROWS.map(({ key, label }) => {
        const t = timeline.events[key];
        return (
          <div className="sun-event" key={key}>
            <span className="sun-event-label">{label}</span>
            <span className="sun-event-local mono">{t === null ? '—' : formatClock(t, timeZone, false)}</span>
            <span className="sun-event-utc mono">{t === null ? 'none' : `${formatClock(t, 'UTC', false)} UT`}</span>
          </div>
        );
      })}
      <div className="sun-event sun-event-total">
        <span className="sun-event-label">Dark time</span>
        <span className="sun-event-local mono">{dark.toFixed(1)} h</span>
        <span className="sun-event-utc">Sun &lt; −18°</span>
      </div>
    </div>
  );
}

/** "Now 21:04 · astronomical dusk in 1h 12m": where the night stands. */
function NowLine({ timeline, timeZone, nowMs }: { timeline: Timeline; timeZone: string; nowMs: number | null }) {
  if (nowMs === null) return null;
  const next = nextSunEvent(timeline.events, nowMs);
  return (
    <span className="now-line">
      <span className="muted">Now</span> <span className="mono strong">{formatClock(nowMs, timeZone, false)}</span>
      {next !== null && (
        <>
          <span className="muted"> · {next.label} in </span>
          <span className="mono">{formatDurationSec((next.atMs - nowMs) / 1000)}</span>
          <span className="muted"> at </span>
          <span className="mono">{formatClock(next.atMs, timeZone, false)}</span>
        </>
      )}
      {next === null && <span className="muted"> · night over</span>}
    </span>
  );
}

function QueueSummary() {
  const { groups, count, status } = useQueueStore(
    useShallow((s) => ({ groups: s.groups, count: s.count, status: s.status })),
  );
  const counts = useMemo(() => countByState(groups), [groups]);
  const pendingRequests = useMemo(
    () => groups.filter((g) => g.state === 'PENDING').reduce((n, g) => n + g.requests.length, 0),
    [groups],
  );
  // Null until the core estimates durations (OCS duration rules), rather than a misleading 0 h.
  const pendingHours = useMemo(() => {
    const known = groups
      .filter((g) => g.state === 'PENDING')
      .flatMap((g) => g.requests)
      .map((r) => r.durationSec)
      .filter((d): d is number => d !== null);
    return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / 3600;
  }, [groups]);
  return (
    <Panel
      title="Queue"
      tools={
        <a href="#/queue" className="link">
          Open queue →
        </a>
      }
      className="queue-summary"
    >
      {status !== 'ready' && groups.length === 0 ? (
        <Empty>{status === 'error' ? 'Queue unavailable' : 'Loading queue…'}</Empty>
      ) : (
        <>
          <div className="kpis">
            <div className="kpi">
              <span className="kpi-value">{count}</span>
              <span className="kpi-label">request groups</span>
            </div>
            <div className="kpi">
              <span className="kpi-value">{pendingRequests}</span>
              <span className="kpi-label">pending requests</span>
            </div>
            <div className="kpi">
              <span className="kpi-value">{pendingHours === null ? '—' : `${pendingHours.toFixed(1)} h`}</span>
              <span className="kpi-label">pending time (est.)</span>
            </div>
          </div>
          <div className="state-counts">
            {REQUEST_STATES.map((s) => (
              <a key={s} href="#/queue" className="state-count">
                <Badge tone={stateTone(s)}>{requestStateLabel(s)}</Badge>
                <span className="mono">{counts[s]}</span>
              </a>
            ))}
          </div>
        </>
      )}
    </Panel>
  );
}

export function NightView() {
  const { timeline, status, error } = useTimelineStore(
    useShallow((s) => ({ timeline: s.timeline, status: s.status, error: s.error })),
  );
  const siteCode = useClockStore((s) => s.status?.siteCode ?? null);
  const site = useObservatoryStore((s) => siteByCode(s.observatory, timeline?.siteCode ?? siteCode));
  const now = useCoreNow();
  // The request whose explanation is shown (clicked on the timeline).
  const [selectedRequestId, setSelectedRequestId] = useState<number | null>(null);
  const timeZone = site?.timeZone ?? 'UTC';
  const telescopes = site?.telescopes ?? [];
  const nightLabel =
    timeline === null
      ? ''
      : `${formatDate(timeline.nightStartMs, timeZone)} → ${formatDate(timeline.nightEndMs, timeZone).slice(5)}`;

  return (
    <div className="page page-night">
      <div className="page-head">
        <h1>Tonight</h1>
        <span className="page-sub">
          {site?.name ?? '—'} {nightLabel && <span className="mono">· night of {nightLabel}</span>}
          {site && <span className="muted"> · times in {site.timeZone} (local) and UTC</span>}
        </span>
      </div>
      <CurrentObservationPanel />
      <OperatorPanels timeZone={timeZone} />
      <Panel
        title="Night timeline"
        className="timeline-panel"
        tools={timeline && <NowLine timeline={timeline} timeZone={timeZone} nowMs={now.utcMs} />}
      >
        {timeline === null ? (
          <Empty tone={status === 'error' ? 'error' : 'muted'}>
            {status === 'error' ? `Timeline unavailable: ${error ?? ''}` : 'Loading tonight…'}
          </Empty>
        ) : (
          <>
            <SunEvents timeline={timeline} timeZone={timeZone} />
            <NightTimeline
              timeline={timeline}
              telescopes={telescopes}
              timeZone={timeZone}
              nowMs={now.utcMs}
              onSelectBlock={(b) => setSelectedRequestId(b.requestId)}
              selectedRequestId={selectedRequestId}
            />
            {timeline.blocks.length === 0 && (
              <p className="footnote">
                No schedule yet: the scheduler will place observations here. Twilight bands and the now-marker are live.
              </p>
            )}
          </>
        )}
      </Panel>
      <ExplanationPanel requestId={selectedRequestId} timeZone={timeZone} version={timeline?.blocks} onClose={() => setSelectedRequestId(null)} />
      <RealtimePanel timeZone={timeZone} />
      <div className="grid-2">
        <TelescopesPanel />
        <QueueSummary />
      </div>
    </div>
  );
}
