/**
 * Operator mode on the Night page: for each telescope whose executor is in operator mode, the
 * schedule (now ± 12 h) with the current observation highlighted, and per configuration buttons
 * to record its outcome by hand (Done / Failed / Not attempted, with a reason), optionally with the
 * paths of FITS files the operator took with their own camera software (archived by the core before
 * the outcome is recorded). Without the access token the list is read-only and says how to get write access.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ExecutorStatus, OperatorConfiguration, OperatorObservation } from '../../../src-shared/ipc/contract';
import { useClient } from '../../app/client-context';
import { Badge, type Tone } from '../../components/Badge';
import { Empty, Panel } from '../../components/Panel';
import { formatClock } from '../../lib/time-format';
import { useCoreNow } from '../../lib/use-core-now';
import { useConnectionStore } from '../../stores/connection';
import { frameErrors, parseFramePaths } from './frame-paths';
import './operator.css';

type MarkState = 'COMPLETED' | 'FAILED' | 'NOT_ATTEMPTED';
const MARKS: readonly { state: MarkState; label: string }[] = [
  { state: 'COMPLETED', label: 'Done' },
  { state: 'FAILED', label: 'Failed' },
  { state: 'NOT_ATTEMPTED', label: 'Not attempted' },
];

function stateTone(state: string): Tone {
  switch (state) {
    case 'COMPLETED':
      return 'ok';
    case 'FAILED':
    case 'ABORTED':
      return 'bad';
    case 'NOT_ATTEMPTED':
      return 'warn';
    case 'ATTEMPTED':
    case 'IN_PROGRESS':
      return 'accent';
    default:
      return 'muted';
  }
}

/** The contract's cap on files per mark. */
const MAX_FRAMES = 200;

const isOpen = (state: string): boolean => state === 'PENDING' || state === 'ATTEMPTED';

/** One configuration row: what to take, its state, and (with write access) the outcome buttons. */
function ConfigurationRow({ telescopeId, c, canWrite, onMarked }: { telescopeId: string; c: OperatorConfiguration; canWrite: boolean; onMarked: () => void }) {
  const client = useClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [framesOpen, setFramesOpen] = useState(false);
  const [framesText, setFramesText] = useState('');
  const [fileErrors, setFileErrors] = useState<string[]>([]);
  const paths = framesOpen ? parseFramePaths(framesText) : [];
  const mark = (state: MarkState): void => {
    if (state !== 'COMPLETED' && reason.trim() === '') {
      setError('A reason is required for Failed and Not attempted.');
      return;
    }
    if (paths.length > MAX_FRAMES) {
      setError(`At most ${MAX_FRAMES} frames per configuration (${paths.length} listed).`);
      return;
    }
    setError(null);
    setFileErrors([]);
    setBusy(true);
    const framePaths = paths.length > 0 ? { framePaths: paths } : {};
    void client.invoke('operator.mark', { telescopeId, configurationStatusId: c.configurationStatusId, state, reason: reason.trim(), ...framePaths }).then((r) => {
      setBusy(false);
      if (r.ok) {
        const archived = paths.length > 0 ? ` · ${paths.length} frame${paths.length === 1 ? '' : 's'} archived` : '';
        setConfirmation(`Recorded: ${r.value.state}${r.value.reason ? ` (${r.value.reason})` : ''}${archived}`);
        onMarked();
      } else {
        const field = (r.error.details as Record<string, string[] | undefined> | undefined)?.['reason']?.[0];
        const files = frameErrors(r.error.details);
        // Per-file problems are listed under the field; the line beside the buttons says nothing was recorded.
        setFileErrors(files);
        setError(field ? `Reason: ${field}` : files.length > 0 ? `Nothing recorded: ${files.length} file${files.length === 1 ? '' : 's'} refused.` : r.error.message);
      }
    });
  };
  return (
    <tr data-testid="operator-config" data-status-id={c.configurationStatusId} data-state={c.state}>
      <td className="mono">{c.configurationType}</td>
      <td>{c.targetName}</td>
      <td className="mono" title={c.instrumentName}>
        {c.instrumentType}
      </td>
      <td className="mono">{c.exposureSummary}</td>
      <td>
        <Badge tone={stateTone(c.state)}>{c.state}</Badge>
        {c.reason !== null && <div className="muted">{c.reason}</div>}
        {confirmation !== null && (
          <div className="muted" data-testid="operator-confirmation">
            {confirmation}
          </div>
        )}
      </td>
      {canWrite && (
        <td>
          {isOpen(c.state) ? (
            <div className="btn-row">
              <input
                className="search"
                aria-label="Reason"
                placeholder="Reason"
                title="Required for Failed and Not attempted"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                style={{ minWidth: '16em' }}
              />
              {MARKS.map((m) => (
                <button key={m.state} type="button" className={`btn${m.state === 'FAILED' ? ' btn-danger' : ''}`} disabled={busy} onClick={() => mark(m.state)} data-mark={m.state}>
                  {m.label}
                </button>
              ))}
              <button
                type="button"
                className="btn operator-frames-toggle"
                aria-expanded={framesOpen}
                title="Attach FITS files taken with your own camera software; they are archived with this configuration"
                onClick={() => setFramesOpen((o) => !o)}
                data-testid="operator-frames-toggle"
              >
                {framesOpen ? '− frames' : '+ frames'}
                {paths.length > 0 ? ` (${paths.length})` : ''}
              </button>
              {error !== null && <span className="error-text">{error}</span>}
            </div>
          ) : (
            <span className="muted">recorded</span>
          )}
          {isOpen(c.state) && framesOpen && (
            <div className="operator-frames">
              <textarea
                aria-label="Frames"
                placeholder={'FITS files on the site computer (absolute paths), one per line or comma-separated, e.g.\n/data/capture/2026-11-21/M42_Light_0001.fits'}
                value={framesText}
                onChange={(e) => setFramesText(e.target.value)}
                spellCheck={false}
                data-testid="operator-frames"
              />
              <span className="muted">Archived with this configuration's proposal, request and observation ids before the outcome is recorded; if any file is refused, nothing is recorded.</span>
              {fileErrors.length > 0 && (
                <ul className="operator-frame-errors error-text" data-testid="operator-frame-errors">
                  {fileErrors.map((e, i) => (
                    <li key={i}>{e}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </td>
      )}
    </tr>
  );
}

/** The schedule of one telescope in operator mode. */
function TelescopeSchedule({ status, canWrite, timeZone }: { status: ExecutorStatus; canWrite: boolean; timeZone: string }) {
  const client = useClient();
  const now = useCoreNow();
  const [observations, setObservations] = useState<OperatorObservation[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const telescopeId = status.telescopeId;
  const load = useCallback(() => {
    void client.invoke('operator.schedule', { telescopeId }).then((r) => {
      if (r.ok) {
        setObservations(r.value.observations);
        setError(null);
      } else setError(r.error.message);
    });
  }, [client, telescopeId]);
  useEffect(() => {
    load();
    return client.onEvent((e) => {
      if (e.event === 'queue.changed' || e.event === 'schedule.changed') load();
    });
  }, [client, load]);
  const nowMs = now.utcMs;
  return (
    <Panel title={`Operator · ${telescopeId}`} testId="operator-panel" tools={<Badge tone="accent">operator mode</Badge>}>
      {!canWrite && (
        <p className="footnote" data-testid="operator-readonly">
          <Badge tone="warn">Read-only</Badge> Open with the operator link (the address the core prints, ending in <span className="mono">#token=…</span>) to record outcomes.
        </p>
      )}
      {error !== null && <Empty tone="error">Schedule unavailable: {error}</Empty>}
      {observations === null && error === null && <Empty>Loading the schedule…</Empty>}
      {observations !== null && observations.length === 0 && <Empty>Nothing scheduled on this telescope between now − 12 h and now + 12 h.</Empty>}
      {observations !== null && observations.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th>Type</th>
                <th>Target</th>
                <th>Instrument</th>
                <th>Exposures</th>
                <th>State</th>
                {canWrite && <th>Outcome</th>}
              </tr>
            </thead>
            {observations.map((o) => {
              const current = (nowMs !== null && o.startUtcMs <= nowMs && nowMs < o.endUtcMs) || status.observationId === o.observationId;
              return (
                <tbody key={o.observationId} data-testid="operator-observation" data-current={current ? 'true' : 'false'} style={current ? { outline: '2px solid var(--accent, #4aa3ff)' } : undefined}>
                  <tr>
                    <th colSpan={canWrite ? 6 : 5} style={{ textAlign: 'left' }}>
                      <span className="mono">
                        {formatClock(o.startUtcMs, timeZone, false)}–{formatClock(o.endUtcMs, timeZone, false)}
                      </span>{' '}
                      {o.groupName} <span className="muted">· {o.proposalId} · observation {o.observationId}</span>{' '}
                      <Badge tone={stateTone(o.state)}>{o.state}</Badge> {current && <Badge tone="accent">now</Badge>}
                    </th>
                  </tr>
                  {o.configurations.map((c) => (
                    <ConfigurationRow key={c.configurationStatusId} telescopeId={telescopeId} c={c} canWrite={canWrite} onMarked={load} />
                  ))}
                </tbody>
              );
            })}
          </table>
        </div>
      )}
    </Panel>
  );
}

/** One operator panel per telescope in operator mode; nothing when every executor is robotic. */
export function OperatorPanels({ timeZone }: { timeZone: string }) {
  const client = useClient();
  const canWrite = useConnectionStore((s) => s.appInfo?.canWrite ?? false);
  const [executors, setExecutors] = useState<ExecutorStatus[]>([]);
  useEffect(() => {
    let alive = true;
    void client.invoke('executor.status', {}).then((r) => {
      if (alive && r.ok) setExecutors(r.value.executors);
    });
    const off = client.onEvent((e) => {
      if (e.event !== 'executor.changed') return;
      const p = e.payload as ExecutorStatus;
      setExecutors((xs) => (xs.some((x) => x.telescopeId === p.telescopeId) ? xs.map((x) => (x.telescopeId === p.telescopeId ? p : x)) : [...xs, p]));
    });
    return () => {
      alive = false;
      off();
    };
  }, [client]);
  const operated = executors.filter((e) => e.mode === 'operator');
  return (
    <>
      {operated.map((s) => (
        <TelescopeSchedule key={s.telescopeId} status={s} canWrite={canWrite} timeZone={timeZone} />
      ))}
    </>
  );
}
