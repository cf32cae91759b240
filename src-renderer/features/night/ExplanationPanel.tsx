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

const REASONS: Record<string, string> = {
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
}

export function ExplanationPanel({ requestId, timeZone, version, onClose }: Props) {
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
      {quality}
      {requestId === null ? (
        <Empty>Click a block on the timeline to see why it is there.</Empty>
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
    </Panel>
  );
}
