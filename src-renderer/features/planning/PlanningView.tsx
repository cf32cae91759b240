/**
 * Planning: pick targets (from the queue, or typed RA/Dec), see tonight's altitude/airmass curves
 * for all of them on one telescope, and a table of rise/transit/set and observable hours; below, a
 * semester calendar of observable hours per night (click a night to chart it). Every number comes
 * from `visibility.target` / `visibility.calendar`, the same engine the validator and scheduler use.
 */
import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { QueueTarget, VisibilityTarget } from '../../../src-shared/ipc/contract';
import { useClient } from '../../app/client-context';
import { Empty, Panel } from '../../components/Panel';
import { formatClock, formatDate, formatDeg } from '../../lib/time-format';
import { useCoreNow } from '../../lib/use-core-now';
import { useTimelineStore } from '../../stores/timeline';
import { AltitudeChart } from './AltitudeChart';
import { currentSemester } from './calendar-geometry';
import { parseDecDeg, parseRaDeg } from './chart-geometry';
import { SemesterCalendar } from './SemesterCalendar';
import { usePlanningStore, type PlanTarget } from './planning-store';
import './planning.css';

function queueLabel(q: QueueTarget): string {
  const name = typeof q.target['name'] === 'string' ? q.target['name'] : '?';
  return `${name} · ${q.requestGroupName} (#${q.requestId})`;
}

function AddTargets() {
  const client = useClient();
  const { queueTargets, queueStatus, addTarget, loadQueueTargets } = usePlanningStore(
    useShallow((s) => ({ queueTargets: s.queueTargets, queueStatus: s.queueStatus, addTarget: s.addTarget, loadQueueTargets: s.loadQueueTargets })),
  );
  const [pick, setPick] = useState('');
  const [name, setName] = useState('');
  const [ra, setRa] = useState('');
  const [dec, setDec] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void loadQueueTargets(client);
  }, [client, loadQueueTargets]);

  const addFromQueue = () => {
    const q = queueTargets[Number(pick)];
    if (!q) return;
    const targetName = typeof q.target['name'] === 'string' ? q.target['name'] : 'target';
    addTarget({ name: targetName, target: q.target, constraints: q.constraints, origin: `${q.requestGroupName} · request ${q.requestId}` });
  };
  const addAllFromQueue = () => {
    for (const q of queueTargets.slice(0, 8)) {
      const targetName = typeof q.target['name'] === 'string' ? q.target['name'] : 'target';
      addTarget({ name: targetName, target: q.target, constraints: q.constraints, origin: `${q.requestGroupName} · request ${q.requestId}` });
    }
  };
  const addTyped = (e: React.FormEvent) => {
    e.preventDefault();
    const raDeg = parseRaDeg(ra);
    const decDeg = parseDecDeg(dec);
    if (raDeg === null) return setError('RA: degrees (83.633) or hours (05 34 31.9)');
    if (decDeg === null) return setError('Dec: degrees (−5.39) or sexagesimal (+22 00 52)');
    setError(null);
    const label = name.trim() || `${raDeg.toFixed(3)} ${decDeg >= 0 ? '+' : ''}${decDeg.toFixed(3)}`;
    addTarget({ name: label, target: { name: label.slice(0, 50), type: 'ICRS', ra: raDeg, dec: decDeg }, origin: 'typed' });
    setName('');
    setRa('');
    setDec('');
  };

  return (
    <div className="plan-add">
      <div className="plan-add-row">
        <label className="plan-field plan-field-wide">
          <span>From the queue</span>
          <select className="search" value={pick} onChange={(e) => setPick(e.target.value)} data-testid="plan-queue-select">
            <option value="">{queueStatus === 'loading' ? 'Loading…' : queueTargets.length === 0 ? 'No pending requests' : `Pick one of ${queueTargets.length} targets`}</option>
            {queueTargets.map((q, i) => (
              <option key={`${q.requestId}-${i}`} value={String(i)}>
                {queueLabel(q)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" onClick={addFromQueue} disabled={pick === ''} data-testid="plan-add-queue">
          Add
        </button>
        <button type="button" className="btn" onClick={addAllFromQueue} disabled={queueTargets.length === 0} title="Add the first eight">
          Add 8
        </button>
      </div>
      <form className="plan-add-row" onSubmit={addTyped}>
        <label className="plan-field">
          <span>Name</span>
          <input className="search" value={name} onChange={(e) => setName(e.target.value)} placeholder="M42" data-testid="plan-name" />
        </label>
        <label className="plan-field">
          <span>RA (ICRS)</span>
          <input className="search" value={ra} onChange={(e) => setRa(e.target.value)} placeholder="05 35 17.3 or 83.822" data-testid="plan-ra" />
        </label>
        <label className="plan-field">
          <span>Dec</span>
          <input className="search" value={dec} onChange={(e) => setDec(e.target.value)} placeholder="−05 23 28 or −5.391" data-testid="plan-dec" />
        </label>
        <button type="submit" className="btn" data-testid="plan-add-typed">
          Add
        </button>
      </form>
      {error !== null && <div className="plan-error">{error}</div>}
    </div>
  );
}

function Times({ list, timeZone, testId }: { list: number[]; timeZone: string; testId: string }) {
  if (list.length === 0) return <span className="muted">—</span>;
  return (
    <>
      {list.map((ms) => (
        <span key={ms} className="plan-time" data-testid={testId} data-ms={ms} title={`${formatClock(ms, 'UTC')} UT`}>
          <span className="mono">{formatClock(ms, timeZone, false)}</span>
          <span className="mono muted"> {formatClock(ms, 'UTC', false)}</span>
        </span>
      ))}
    </>
  );
}

function TargetTable({ targets, telescopeId, timeZone }: { targets: readonly PlanTarget[]; telescopeId: string | null; timeZone: string }) {
  const removeTarget = usePlanningStore((s) => s.removeTarget);
  return (
    <div className="table-scroll">
      <table className="table plan-table">
        <thead>
          <tr>
            <th />
            <th>Target</th>
            <th>Rise</th>
            <th>Transit</th>
            <th>Set</th>
            <th className="num">Max alt</th>
            <th className="num">Min X</th>
            <th className="num">Moon sep</th>
            <th className="num">Observable</th>
            <th>Windows</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {targets.map((t) => {
            const r = t.result;
            const s = r?.telescopes.find((x) => x.telescopeId === telescopeId) ?? r?.telescopes[0] ?? null;
            const maxAlt = s ? Math.max(...s.altitudeDeg) : null;
            const airmasses = s ? s.airmass.filter((a): a is number => a !== null) : [];
            const minMoon = s && s.moonDistanceDeg.length > 0 ? Math.min(...s.moonDistanceDeg) : null;
            return (
              <tr key={t.key} data-testid="plan-row" data-target={t.name}>
                <td>
                  <span className={`plan-swatch plan-c${t.colour}`} />
                </td>
                <td>
                  <div className="strong">{t.name}</div>
                  <div className="muted plan-origin">{t.origin}</div>
                </td>
                {s === null ? (
                  <td colSpan={8} className={t.status === 'error' ? 'plan-error' : 'muted'}>
                    {t.status === 'error' ? t.error : 'Computing…'}
                  </td>
                ) : (
                  <>
                    <td>
                      <Times list={s.riseTransitSet.risesMs} timeZone={timeZone} testId="plan-rise" />
                    </td>
                    <td>
                      <Times list={s.riseTransitSet.transitsMs} timeZone={timeZone} testId="plan-transit" />
                    </td>
                    <td>
                      <Times list={s.riseTransitSet.setsMs} timeZone={timeZone} testId="plan-set" />
                    </td>
                    <td className="num mono">{formatDeg(maxAlt)}</td>
                    <td className="num mono">{airmasses.length === 0 ? '—' : Math.min(...airmasses).toFixed(2)}</td>
                    <td className="num mono">{formatDeg(minMoon, 0)}</td>
                    <td className="num mono strong" data-testid="plan-hours">
                      {s.observableHours.toFixed(1)} h
                    </td>
                    <td className="mono plan-windows">
                      {s.observable.length === 0 ? <span className="muted">not observable</span> : s.observable.map((o) => `${formatClock(o.startMs, timeZone, false)}–${formatClock(o.endMs, timeZone, false)}`).join(', ')}
                    </td>
                  </>
                )}
                <td>
                  <button type="button" className="chip" onClick={() => removeTarget(t.key)} title="Remove from the plan" aria-label={`Remove ${t.name}`}>
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function PlanningView() {
  const client = useClient();
  const { targets, mode, telescopeId, setMode, setTelescope, refresh, selectedNight, setNight } = usePlanningStore(
    useShallow((s) => ({
      targets: s.targets,
      mode: s.mode,
      telescopeId: s.telescopeId,
      setMode: s.setMode,
      setTelescope: s.setTelescope,
      refresh: s.refresh,
      selectedNight: s.selectedNight,
      setNight: s.setNight,
    })),
  );
  const tonightKey = useTimelineStore((s) => s.timeline?.nightStartMs ?? null);
  // A night picked in the calendar replaces tonight until "Tonight" is pressed.
  const nightKey = selectedNight?.startMs ?? tonightKey;
  const now = useCoreNow();
  // Re-fetch whenever a target is added or the night changes.
  const pendingKeys = targets.filter((t) => t.result === null || t.nightKey !== nightKey).map((t) => t.key).join('|');
  useEffect(() => {
    if (pendingKeys !== '') void refresh(client, nightKey);
  }, [client, nightKey, pendingKeys, refresh]);

  const night: VisibilityTarget | null = useMemo(() => targets.find((t) => t.result !== null)?.result ?? null, [targets]);
  const telescopes = night?.telescopes.map((t) => t.telescopeId) ?? [];
  const shownTelescope = telescopeId !== null && telescopes.includes(telescopeId) ? telescopeId : (telescopes[0] ?? null);
  const timeZone = night?.timeZone ?? 'UTC';
  const dark = night?.darkIntervals ?? [];

  return (
    <div className="page page-planning">
      <div className="page-head">
        <h1>Planning</h1>
        <span className="page-sub">
          {night === null ? (
            'Add targets to chart tonight'
          ) : (
            <>
              <span className="mono">night of {formatDate(night.startMs, timeZone)}</span>
              <span className="muted"> · site {night.siteCode} · times local ({timeZone}) and UT</span>
              {dark[0] !== undefined && (
                <span className="muted">
                  {' '}
                  · dark (Sun &lt; −12°) <span className="mono">{formatClock(dark[0].startMs, timeZone, false)}–{formatClock((dark[dark.length - 1] ?? dark[0]).endMs, timeZone, false)}</span>
                </span>
              )}
              <span className="muted">
                {' '}
                · Moon <span className="mono">{Math.round(night.moonIlluminatedFraction * 100)}%</span>
              </span>
            </>
          )}
        </span>
      </div>
      <Panel title="Targets" tools={<span className="muted">{targets.length} planned</span>}>
        <AddTargets />
      </Panel>
      <Panel
        title={`${mode === 'altitude' ? 'Altitude' : 'Airmass'} ${selectedNight === null ? 'tonight' : `· night of ${formatDate(selectedNight.noonMs, timeZone)}`}`}
        testId="plan-chart-panel"
        tools={
          <div className="toolbar">
            {selectedNight !== null && (
              <button type="button" className="chip" onClick={() => setNight(null)} data-testid="plan-tonight">
                Back to tonight
              </button>
            )}
            {telescopes.length > 1 && (
              <select className="search plan-tel-select" value={shownTelescope ?? ''} onChange={(e) => setTelescope(e.target.value)} data-testid="plan-telescope">
                {telescopes.map((id) => (
                  <option key={id} value={id}>
                    {id}
                  </option>
                ))}
              </select>
            )}
            <div className="chips">
              {(['altitude', 'airmass'] as const).map((m) => (
                <button key={m} type="button" className={`chip ${mode === m ? 'is-active' : ''}`} onClick={() => setMode(m)} data-testid={`plan-mode-${m}`}>
                  {m === 'altitude' ? 'Altitude' : 'Airmass'}
                </button>
              ))}
            </div>
          </div>
        }
      >
        {night === null || shownTelescope === null ? (
          <Empty>{targets.some((t) => t.status === 'loading') ? 'Computing visibility…' : 'No target yet: add one from the queue or type its coordinates.'}</Empty>
        ) : (
          <>
            <AltitudeChart targets={targets} telescopeId={shownTelescope} mode={mode} timeZone={timeZone} nowMs={now.utcMs} night={night} />
            <div className="plan-legend">
              {targets.map((t) => (
                <span key={t.key} className={`plan-legend-item plan-c${t.colour}`}>
                  <span className="plan-swatch" /> {t.name}
                </span>
              ))}
              <span className="plan-legend-item plan-legend-moon">
                <span className="plan-swatch" /> Moon ({Math.round(night.moonIlluminatedFraction * 100)}%)
              </span>
              <span className="muted">bold = observable (dark, airmass ≤ {night.constraints.maxAirmass}, HA and Moon limits)</span>
            </div>
          </>
        )}
      </Panel>
      {targets.length > 0 && shownTelescope !== null && <CalendarPanel telescopeId={shownTelescope} timeZone={timeZone} nowMs={now.utcMs ?? nightKey} chartedNoonMs={night ? night.startMs : null} />}
      {targets.length > 0 && (
        <Panel title={`Rise, transit, set${shownTelescope ? ` · ${shownTelescope}` : ''}`} tools={<span className="muted">rise/set through the telescope horizon · local, then UT</span>}>
          <TargetTable targets={targets} telescopeId={shownTelescope} timeZone={timeZone} />
        </Panel>
      )}
    </div>
  );
}

/** The semester calendar panel: semester picker, loading, and the calendar itself. */
function CalendarPanel({ telescopeId, timeZone, nowMs, chartedNoonMs }: { telescopeId: string; timeZone: string; nowMs: number | null; chartedNoonMs: number | null }) {
  const client = useClient();
  const { targets, semesters, semesterId, calendars, setSemester, setNight, loadSemesters, loadCalendars } = usePlanningStore(
    useShallow((s) => ({
      targets: s.targets,
      semesters: s.semesters,
      semesterId: s.semesterId,
      calendars: s.calendars,
      setSemester: s.setSemester,
      setNight: s.setNight,
      loadSemesters: s.loadSemesters,
      loadCalendars: s.loadCalendars,
    })),
  );
  useEffect(() => {
    void loadSemesters(client);
  }, [client, loadSemesters]);
  const semester = semesters.find((s) => s.id === semesterId) ?? currentSemester(semesters, nowMs ?? 0);
  const targetKeys = targets.map((t) => t.key).join('|');
  useEffect(() => {
    if (semester !== null && targetKeys !== '') void loadCalendars(client, semester, telescopeId);
  }, [client, semester, telescopeId, targetKeys, loadCalendars]);
  return (
    <Panel
      title={`Semester ${semester?.id ?? ''} · observable hours per night`}
      testId="plan-calendar-panel"
      tools={
        <div className="toolbar">
          <span className="muted">{telescopeId} · brighter = more hours · click a night to chart it</span>
          <select className="search plan-tel-select" value={semester?.id ?? ''} onChange={(e) => setSemester(e.target.value)} data-testid="plan-semester">
            {semesters.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id}
              </option>
            ))}
          </select>
        </div>
      }
    >
      {semester === null ? (
        <Empty>No semesters known (the portal gives them).</Empty>
      ) : (
        <SemesterCalendar targets={targets} calendars={calendars} semesterId={semester.id} telescopeId={telescopeId} timeZone={timeZone} chartedNoonMs={chartedNoonMs} onPick={setNight} />
      )}
    </Panel>
  );
}
