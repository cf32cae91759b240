/**
 * The night report (`report.night`): per telescope what ran, what failed and why, time on sky
 * against dark time, frames, closures and faults; then every request's outcome. Printable (print
 * stylesheet in report.css) and exportable as the JSON the core returned.
 */
import { useCallback, useEffect, useState } from 'react';
import type { NightReport, ReportTelescope } from '../../../src-shared/ipc/contract';
import { useClient } from '../../app/client-context';
import type { Tone } from '../../components/Badge';
import { Badge } from '../../components/Badge';
import { Empty, Panel } from '../../components/Panel';
import { formatClock, formatDurationSec } from '../../lib/time-format';
import { useObservatoryStore } from '../../stores/observatory';
import { darkSegments, exportFileName, hoursText, nightTotals, runLines, shiftDayObs } from './report-summary';
import './report.css';

const STATE_TONES: Record<string, Tone> = {
  COMPLETED: 'ok',
  FAILED: 'bad',
  ABORTED: 'bad',
  FAILURE_LIMIT_REACHED: 'bad',
  NOT_ATTEMPTED: 'warn',
  WINDOW_EXPIRED: 'warn',
  CANCELED: 'muted',
  PENDING: 'muted',
  ATTEMPTED: 'info',
  IN_PROGRESS: 'info',
};
const tone = (state: string): Tone => STATE_TONES[state] ?? 'muted';

/** `?day=YYYY-MM-DD` in the hash (`#/report?day=2026-11-21`), if any. */
function dayFromHash(): string | null {
  const m = /[?&]day=(\d{4}-\d{2}-\d{2})/.exec(window.location.hash);
  return m?.[1] ?? null;
}

function downloadJson(report: NightReport): void {
  const blob = new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = exportFileName(report);
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked after the click has been handled: the download has its own reference by then.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

function Kpi({ value, label, testId }: { value: string | number; label: string; testId?: string }) {
  return (
    <div className="kpi">
      <span className="kpi-value" data-testid={testId}>
        {value}
      </span>
      <span className="kpi-label">{label}</span>
    </div>
  );
}

function DarkBar({ t }: { t: ReportTelescope }) {
  const segments = darkSegments(t);
  return (
    <div className="dark-bar-wrap">
      <div className="dark-bar" role="img" aria-label={segments.map((s) => `${s.label} ${hoursText(s.sec)}`).join(', ')}>
        {segments
          .filter((s) => s.share > 0)
          .map((s) => (
            <div key={s.key} className={`dark-seg dark-seg-${s.key}`} style={{ width: `${s.share * 100}%` }} title={`${s.label}: ${hoursText(s.sec)}`} />
          ))}
      </div>
      <div className="dark-legend">
        {segments.map((s) => (
          <span key={s.key} className="dark-legend-item">
            <span className={`dark-swatch dark-seg-${s.key}`} />
            {s.label} <span className="mono">{hoursText(s.sec)}</span>
          </span>
        ))}
      </div>
    </div>
  );
}

function TelescopeSection({ t, name, timeZone }: { t: ReportTelescope; name: string; timeZone: string }) {
  const at = (ms: number | null): string => (ms === null ? '—' : formatClock(ms, timeZone, false));
  const states = Object.entries(t.observationStates);
  const lines = runLines(t.configurations);
  const replanned = t.configurations.length - lines.length;
  return (
    <Panel
      title={
        <>
          {name} <span className="mono muted">{t.telescopeId}</span>
        </>
      }
      className="report-telescope"
      testId="report-telescope"
      tools={<span className="mono">efficiency {(t.efficiency * 100).toFixed(1)} %</span>}
    >
      <div className="report-kpis">
        <Kpi value={hoursText(t.darkSec)} label="dark time" />
        <Kpi value={hoursText(t.openSec)} label="open" />
        <Kpi value={hoursText(t.observingSec)} label="on sky (observing)" />
        <Kpi value={`${(t.efficiency * 100).toFixed(1)} %`} label="efficiency" />
        <Kpi value={hoursText(t.lostToWeatherSec)} label="lost to weather" />
        <Kpi value={hoursText(t.lostToFaultsSec)} label="lost to faults" />
        <Kpi value={t.frames} label="frames written" />
      </div>
      <DarkBar t={t} />
      <div className="report-outcomes">
        <span className="report-label">Observations</span>
        {states.length === 0 && <span className="muted">none scheduled</span>}
        {states.map(([state, n]) => (
          <span key={state} className="state-count" data-testid={`obs-state-${state}`} title={state === 'CANCELED' ? 'Re-planned by the scheduler before they started' : undefined}>
            <Badge tone={tone(state)}>{state === 'CANCELED' ? 'CANCELED (re-planned)' : state}</Badge> <span className="mono">{n}</span>
          </span>
        ))}
        <span className="report-label">Configurations</span>
        <span className="mono">{t.completed}</span> completed · <span className="mono">{t.failed}</span> failed · <span className="mono">{t.notAttempted}</span> not attempted
      </div>
      <div className="report-cols">
        <div>
          <h3 className="report-h3">Weather &amp; safety closures</h3>
          {t.closures.length === 0 ? (
            <p className="muted report-none">No closures in dark time.</p>
          ) : (
            <table className="table report-table">
              <thead>
                <tr>
                  <th>From</th>
                  <th>To</th>
                  <th className="num">Duration</th>
                  <th>Cause</th>
                  <th>Reasons</th>
                </tr>
              </thead>
              <tbody>
                {t.closures.map((c) => (
                  <tr key={c.startUtcMs}>
                    <td className="mono">{at(c.startUtcMs)}</td>
                    <td className="mono">{c.endUtcMs === null ? 'still closed' : at(c.endUtcMs)}</td>
                    <td className="mono num">{formatDurationSec(c.durationSec)}</td>
                    <td>
                      <Badge tone={c.cause === 'weather' ? 'warn' : 'bad'}>{c.cause}</Badge>
                    </td>
                    <td className="wrap">{c.reasons.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div>
          <h3 className="report-h3">Faults</h3>
          {t.faults.length === 0 ? (
            <p className="muted report-none">No faults.</p>
          ) : (
            <table className="table report-table">
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Kind</th>
                  <th>Observation</th>
                  <th>Reason</th>
                </tr>
              </thead>
              <tbody>
                {t.faults.map((f, i) => (
                  <tr key={`${f.utcMs ?? 0}-${i}`}>
                    <td className="mono">{at(f.utcMs)}</td>
                    <td>{f.kind}</td>
                    <td className="mono">{f.observationId === null ? '—' : `#${f.observationId} ${f.target}`}</td>
                    <td className="wrap">{f.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
      <h3 className="report-h3">
        Configurations run{replanned > 0 && <span className="muted report-h3-note"> · {replanned} of re-planned observations not shown</span>}
      </h3>
      {lines.length === 0 ? (
        <p className="muted report-none">Nothing was scheduled on this telescope.</p>
      ) : (
        <table className="table report-table" data-testid="report-configurations">
          <thead>
            <tr>
              <th className="num">Obs</th>
              <th>Target</th>
              <th>Type</th>
              <th>State</th>
              <th>Start</th>
              <th>End</th>
              <th className="num">Exposure</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((c) => (
              <tr key={c.statusId} data-state={c.state}>
                <td className="mono num">{c.observationId}</td>
                <td className="strong">{c.target}</td>
                <td className="mono">{c.type}</td>
                <td>
                  <Badge tone={tone(c.state)}>{c.state}</Badge>
                </td>
                <td className="mono">{at(c.startUtcMs)}</td>
                <td className="mono">{at(c.endUtcMs)}</td>
                <td className="mono num">{c.timeCompletedSec > 0 ? formatDurationSec(c.timeCompletedSec) : '—'}</td>
                <td className="wrap muted">{c.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

function RequestsTable({ report }: { report: NightReport }) {
  return (
    <Panel title="Requests" className="report-requests" testId="report-requests" tools={<span className="muted">{report.requests.length} with observations this night</span>}>
      {report.requests.length === 0 ? (
        <Empty>No request had an observation this night.</Empty>
      ) : (
        <table className="table report-table">
          <thead>
            <tr>
              <th className="num">Request</th>
              <th>Group</th>
              <th>Proposal</th>
              <th>Targets</th>
              <th>Telescope</th>
              <th>Observations</th>
              <th className="num">Configs</th>
              <th className="num">Exposure</th>
              <th className="num">Frames</th>
              <th>Request state</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {report.requests.map((r) => (
              <tr key={r.requestId} data-testid="report-request" data-state={r.state}>
                <td className="mono num">{r.requestId}</td>
                <td className="strong ellipsis" title={r.groupName}>
                  {r.groupName}
                </td>
                <td className="mono">{r.proposalId}</td>
                <td className="ellipsis" title={r.targets.join(', ')}>
                  {r.targets.join(', ')}
                </td>
                <td className="mono">{r.telescopeIds.map((id) => id.split('.').pop()).join(', ')}</td>
                <td>
                  {r.observationStates.map((s, i) => (
                    <Badge key={i} tone={tone(s)}>
                      {s}
                    </Badge>
                  ))}
                </td>
                <td className="mono num">
                  {r.configurationsCompleted}/{r.configurationsTotal}
                </td>
                <td className="mono num">{r.exposureSec > 0 ? formatDurationSec(r.exposureSec) : '—'}</td>
                <td className="mono num">{r.frames}</td>
                <td>
                  <Badge tone={tone(r.state)}>{r.state}</Badge>
                </td>
                <td className="wrap muted">{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

export function ReportView() {
  const client = useClient();
  const [dayObs, setDayObs] = useState<string | null>(dayFromHash);
  const [report, setReport] = useState<NightReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const names = useObservatoryStore((s) => s.observatory);
  const nameOf = (id: string): string => (names?.sites ?? []).flatMap((site) => site.telescopes).find((t) => t.id === id)?.name ?? id;

  const load = useCallback(
    async (day: string | null): Promise<void> => {
      setLoading(true);
      const answer = await client.invoke('report.night', day === null ? {} : { dayObs: day });
      setLoading(false);
      if (answer.ok) {
        setReport(answer.value);
        setError(null);
      } else {
        setError(answer.error.message);
      }
    },
    [client],
  );
  useEffect(() => {
    void load(dayObs);
  }, [load, dayObs]);

  const shown = report?.dayObs ?? dayObs;
  const totals = report === null ? null : nightTotals(report);
  const tz = report?.timeZone ?? 'UTC';
  return (
    <div className="page page-report" data-testid="report-page">
      <div className="page-head">
        <h1>Night report</h1>
        <span className="page-sub">
          {report === null ? (
            '—'
          ) : (
            <>
              {report.siteName} · night of <span className="mono strong">{report.dayObs}</span>
              {report.inProgress ? (
                <>
                  {' '}
                  <Badge tone="info">in progress</Badge> <span className="muted">figures up to {formatClock(report.toUtcMs, tz, false)} local</span>
                </>
              ) : (
                <span className="muted"> · complete</span>
              )}
              <span className="muted print-only"> · generated {new Date(report.generatedUtcMs).toISOString().slice(0, 16).replace('T', ' ')} UT</span>
            </>
          )}
        </span>
        <span className="spacer" />
        <div className="btn-row report-tools">
          <button type="button" className="btn" onClick={() => shown !== null && setDayObs(shiftDayObs(shown, -1))} disabled={shown === null} title="Previous night">
            ‹
          </button>
          <input
            type="date"
            className="report-date mono"
            value={shown ?? ''}
            onChange={(e) => setDayObs(e.target.value === '' ? null : e.target.value)}
            aria-label="Night of (DAY-OBS)"
          />
          <button type="button" className="btn" onClick={() => shown !== null && setDayObs(shiftDayObs(shown, 1))} disabled={shown === null} title="Next night">
            ›
          </button>
          <button type="button" className="btn" onClick={() => void load(dayObs)} disabled={loading}>
            {loading ? 'Loading…' : 'Refresh'}
          </button>
          <button type="button" className="btn" onClick={() => window.print()} disabled={report === null}>
            Print
          </button>
          <button type="button" className="btn" onClick={() => report !== null && downloadJson(report)} disabled={report === null} data-testid="report-export">
            Export JSON
          </button>
        </div>
      </div>
      {error !== null && <Empty tone="error">Report unavailable: {error}</Empty>}
      {report === null && error === null && <Empty>Loading the night report…</Empty>}
      {report !== null && totals !== null && (
        <>
          <Panel title="Summary" className="report-summary" testId="report-summary">
            <div className="report-kpis">
              <Kpi value={totals.observationsCompleted} label="observations completed" testId="kpi-completed" />
              <Kpi value={totals.observationsFailed} label="observations failed" />
              <Kpi value={totals.observationsNotRun} label="not attempted / aborted" />
              <Kpi value={totals.observationsCanceled} label="re-planned (canceled)" />
              <Kpi value={`${(totals.efficiency * 100).toFixed(1)} %`} label="efficiency (on sky ÷ dark)" />
              <Kpi value={hoursText(totals.lostToWeatherSec)} label="lost to weather" />
              <Kpi value={`${totals.closures} / ${totals.faults}`} label="closures / faults" />
              <Kpi value={totals.frames} label="frames written" testId="kpi-frames" />
            </div>
          </Panel>
          {report.telescopes.map((t) => (
            <TelescopeSection key={t.telescopeId} t={t} name={nameOf(t.telescopeId)} timeZone={tz} />
          ))}
          <RequestsTable report={report} />
          <p className="footnote">
            Night of {report.dayObs}: local mean noon to noon ({new Date(report.nightStartMs).toISOString().slice(0, 16).replace('T', ' ')} – {new Date(report.nightEndMs).toISOString().slice(0, 16).replace('T', ' ')} UT). Dark time is Sun below −12°; on-sky time is the span of configurations that produced data; efficiency = on sky ÷ dark. Times in {tz}.
          </p>
        </>
      )}
    </div>
  );
}
