/**
 * Why a request is (or is not) in the schedule: `schedule.explain` for the selected request, and the
 * latest run's quality (`schedule.lastRun`). Re-fetched when the selection or the schedule changes.
 */
import { useEffect, useState } from 'react';
import type { ScheduleExplanation, ScheduleRun } from '../../../src-shared/ipc/contract';
import { useClient } from '../../app/client-context';
import { Badge } from '../../components/Badge';
import { Empty, Panel } from '../../components/Panel';
import { formatClock } from '../../lib/time-format';

/** Console wording of the kernel's not-scheduled reasons. */
export const REASONS: Record<string, string> = {
  no_telescope: 'No telescope of the observatory can take it',
  outside_horizon: 'Its windows are outside the planning horizon',
  not_visible: 'Never visible inside its windows',
  telescope_unavailable: 'Visible only while the telescopes are unavailable (downtime, weather, fault)',
  no_fit_in_window: 'No visible stretch long enough for its duration',
  outcompeted: 'Outcompeted by higher-priority requests',
  running: 'Running now',
  invalid: 'Invalid duration or priority',
};

interface Props {
  requestId: number | null;
  timeZone: string;
  /** Changes whenever the schedule changes (e.g. the timeline's blocks), to re-fetch. */
  version: unknown;
  onClose: () => void;
  /** What to say while nothing is selected (default: the timeline's hint). */
  hint?: string;
}

export function ExplanationPanel({ requestId, timeZone, version, onClose, hint }: Props) {
  const client = useClient();
  const [explanation, setExplanation] = useState<ScheduleExplanation | null>(null);
  const [run, setRun] = useState<ScheduleRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void client.invoke('schedule.lastRun', {}).then((r) => {
      if (live && r.ok) setRun(r.value.run);
    });
    if (requestId !== null) {
      void client.invoke('schedule.explain', { requestId }).then((r) => {
        if (!live) return;
        if (r.ok) {
          setExplanation(r.value.explanation);
          setError(null);
        } else setError(r.error.message);
      });
    } else setExplanation(null);
    return () => {
      live = false;
    };
  }, [client, requestId, version]);

  return (
    <Panel
      title="Why this schedule"
      className="explanation-panel"
      tools={
        requestId !== null && (
          <button type="button" className="link" onClick={onClose}>
            Close
          </button>
        )
      }
    >
      <ExplanationView requestId={requestId} explanation={explanation} run={run} error={error} timeZone={timeZone} hint={hint ?? 'Click a block on the timeline to see why it is there.'} />
    </Panel>
  );
}

/** What `ExplanationView` shows, as data (no React): the panel body for one answer. */
export interface ExplanationViewProps {
  requestId: number | null;
  explanation: ScheduleExplanation | null;
  run: ScheduleRun | null;
  error: string | null;
  timeZone: string;
  hint: string;
}

/** The panel body: the last run's quality line, then the request's explanation (pure; server-renderable). */
export function ExplanationView({ requestId, explanation, run, error, timeZone, hint }: ExplanationViewProps) {
  const quality =
    run === null ? (
      <span className="muted">No scheduler run yet</span>
    ) : (
      <span className="muted" data-testid="schedule-quality">
        Last run #{run.id} ({run.kind === 'rapid_response' ? 'rapid response' : 'normal'}, {run.trigger}) ·{' '}
        {run.status === 'ok' ? `${run.blockCount} blocks · gap ${(run.gap * 100).toFixed(2)} %${run.optimal ? ' (optimal)' : ''} · ${Math.round(run.solveMs)} ms` : `failed: ${run.error ?? ''}`}
      </span>
    );
  return (
    <>
      {quality}
      {requestId === null ? (
        <Empty>{hint}</Empty>
      ) : error !== null ? (
        <Empty tone="error">{error}</Empty>
      ) : explanation === null ? (
        <Empty>Request {requestId}: not explained by any scheduler run yet.</Empty>
      ) : (
        <div className="explanation" data-testid="explanation">
          <div>
            <span className="strong">Request {explanation.requestId}</span>{' '}
            <Badge tone={explanation.scheduled ? 'ok' : 'warn'}>{explanation.scheduled ? 'Scheduled' : 'Not scheduled'}</Badge>
          </div>
          {explanation.scheduled && explanation.startMs !== null && explanation.endMs !== null ? (
            <div className="mono">
              {explanation.telescopeId} · {formatClock(explanation.startMs, timeZone, false)}–{formatClock(explanation.endMs, timeZone, false)}
            </div>
          ) : (
            <div>{REASONS[explanation.reason ?? ''] ?? explanation.reason}</div>
          )}
          <p>{explanation.why}</p>
          {explanation.by.length > 0 && <p className="muted">Its time went to requests {explanation.by.join(', ')}.</p>}
          <p className="muted">
            Effective priority {explanation.effectivePriority.toFixed(1)} · {explanation.candidateCount} candidate starts
          </p>
        </div>
      )}
    </>
  );
}
