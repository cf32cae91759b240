/**
 * Real-time sessions on the Night page: the sessions from 12 h ago onward (telescope, start–end in
 * site local time and UTC, proposal, state; Cancel with a confirmation when writable) and the
 * booking form. Without the access token it is read-only and says how to get write access.
 * Reloads on `queue.changed` / `timeline.changed` / `schedule.changed`.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RealtimeAvailability, RealtimeSession } from '../../../src-shared/ipc/contract';
import { useClient } from '../../app/client-context';
import { Badge, type Tone } from '../../components/Badge';
import { Empty, Panel } from '../../components/Panel';
import { formatClock, formatDate, formatDurationSec } from '../../lib/time-format';
import { useCoreNow } from '../../lib/use-core-now';
import { useConnectionStore } from '../../stores/connection';
import { allTelescopes, useObservatoryStore } from '../../stores/observatory';
import { BookingForm, type TelescopeChoice } from './BookingForm';
import './realtime.css';

function stateTone(state: string): Tone {
  switch (state) {
    case 'PENDING':
      return 'info';
    case 'IN_PROGRESS':
      return 'accent';
    case 'COMPLETED':
      return 'ok';
    case 'ABORTED':
    case 'FAILED':
      return 'bad';
    default:
      return 'muted';
  }
}

const isOpen = (s: RealtimeSession): boolean => s.state === 'PENDING' || s.state === 'IN_PROGRESS';

function SessionRow({ s, timeZone, nowMs, canWrite, onChanged }: { s: RealtimeSession; timeZone: string; nowMs: number | null; canWrite: boolean; onChanged: () => void }) {
  const client = useClient();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = nowMs !== null && s.startUtcMs <= nowMs && nowMs < s.endUtcMs && isOpen(s);
  const cancel = (): void => {
    setBusy(true);
    void client.invoke('realtime.cancel', { id: s.id }).then((r) => {
      setBusy(false);
      setConfirming(false);
      if (r.ok) onChanged();
      else setError(r.error.message);
    });
  };
  return (
    <tr data-testid="rt-session" data-session-id={s.id} data-state={s.state} className={current ? 'rt-current' : undefined}>
      <td className="mono">{s.telescopeId}</td>
      <td className="mono">
        {formatDate(s.startUtcMs, timeZone).slice(5)} {formatClock(s.startUtcMs, timeZone, false)}–{formatClock(s.endUtcMs, timeZone, false)}
      </td>
      <td className="mono muted">
        {formatClock(s.startUtcMs, 'UTC', false)}–{formatClock(s.endUtcMs, 'UTC', false)}
      </td>
      <td className="mono">{formatDurationSec((s.endUtcMs - s.startUtcMs) / 1000)}</td>
      <td>
        <span className="mono">{s.proposalId}</span>
        <div className="muted">
          {s.name} · {s.user}
        </div>
      </td>
      <td>
        <Badge tone={stateTone(s.state)}>{s.state}</Badge> {current && <Badge tone="accent">now</Badge>}
      </td>
      {canWrite && (
        <td className="rt-actions">
          {isOpen(s) && !confirming && (
            <button type="button" className="btn btn-danger rt-small" onClick={() => setConfirming(true)} data-testid="rt-cancel">
              Cancel…
            </button>
          )}
          {confirming && (
            <span className="btn-row rt-confirm">
              <span className="muted">{current ? 'End this session now?' : 'Cancel this session?'}</span>
              <button type="button" className="btn btn-danger rt-small" disabled={busy} onClick={cancel} data-testid="rt-cancel-confirm">
                {current ? 'End it' : 'Yes, cancel'}
              </button>
              <button type="button" className="btn rt-small" disabled={busy} onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          )}
          {error !== null && <span className="rt-error">{error}</span>}
        </td>
      )}
    </tr>
  );
}

export function RealtimePanel({ timeZone }: { timeZone: string }) {
  const client = useClient();
  const now = useCoreNow();
  const canWrite = useConnectionStore((s) => s.appInfo?.canWrite ?? false);
  const observatory = useObservatoryStore((s) => s.observatory);
  const [sessions, setSessions] = useState<RealtimeSession[] | null>(null);
  const [availability, setAvailability] = useState<RealtimeAvailability | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    void client.invoke('realtime.list', {}).then((r) => {
      if (r.ok) {
        setSessions(r.value.sessions);
        setError(null);
      } else setError(r.error.message);
    });
    void client.invoke('realtime.availability', {}).then((r) => {
      if (r.ok) setAvailability(r.value);
    });
  }, [client]);
  useEffect(() => {
    load();
    return client.onEvent((e) => {
      if (e.event === 'queue.changed' || e.event === 'timeline.changed' || e.event === 'schedule.changed') load();
    });
  }, [client, load]);

  const telescopes: TelescopeChoice[] = useMemo(
    () =>
      allTelescopes(observatory).map((t) => ({
        id: t.id,
        label: `${t.code} · ${t.apertureM.toFixed(1)} m · ${t.enclosure}`,
        timeZone: observatory?.sites.find((s) => s.code === t.siteCode)?.timeZone ?? timeZone,
      })),
    [observatory, timeZone],
  );
  const zoneOf = (telescopeId: string): string => telescopes.find((t) => t.id === telescopeId)?.timeZone ?? timeZone;
  const open = sessions?.filter(isOpen).length ?? 0;

  return (
    <Panel title="Real-time sessions" testId="rt-panel" className="rt-panel" tools={sessions !== null && <span className="muted">{open === 1 ? '1 booked' : `${open} booked`}</span>}>
      <p className="footnote rt-lead">A session books a whole telescope for a person at the controls: the scheduler plans around it and the robotic executor stands aside until it ends.</p>
      {error !== null && <Empty tone="error">Sessions unavailable: {error}</Empty>}
      {sessions === null && error === null && <Empty>Loading sessions…</Empty>}
      {sessions !== null && sessions.length === 0 && <Empty>No real-time sessions booked from 12 h ago onward.</Empty>}
      {sessions !== null && sessions.length > 0 && (
        <table className="table rt-table">
          <thead>
            <tr>
              <th>Telescope</th>
              <th>Local</th>
              <th>UTC</th>
              <th>Length</th>
              <th>Proposal</th>
              <th>State</th>
              {canWrite && <th />}
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <SessionRow key={s.id} s={s} timeZone={zoneOf(s.telescopeId)} nowMs={now.utcMs} canWrite={canWrite} onChanged={load} />
            ))}
          </tbody>
        </table>
      )}
      <h3 className="rt-subhead">Book a session</h3>
      {canWrite ? (
        <BookingForm availability={availability} telescopes={telescopes} nowMs={now.utcMs} onBooked={load} />
      ) : (
        <p className="footnote" data-testid="rt-readonly">
          <Badge tone="warn">Read-only</Badge> Open with the operator link (the address the core prints, ending in <span className="mono">#token=…</span>) to book or cancel sessions.
        </p>
      )}
    </Panel>
  );
}
