/**
 * Robotic or operator mode for one telescope. In robotic mode the executor runs the schedule and
 * drives the devices; an operator switches to operator mode before taking manual control.
 */
import { useEffect, useState } from 'react';
import type { ExecutorStatus } from '../../../src-shared/ipc/contract';
import { useClient } from '../../app/client-context';

export function ExecutorModeSwitch({ telescopeId, canWrite }: { telescopeId: string; canWrite: boolean }) {
  const client = useClient();
  const [status, setStatus] = useState<ExecutorStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    void client.invoke('executor.status', {}).then((r) => {
      if (alive && r.ok) setStatus(r.value.executors.find((e) => e.telescopeId === telescopeId) ?? null);
    });
    const off = client.onEvent((e) => {
      if (e.event !== 'executor.changed') return;
      const payload = e.payload as ExecutorStatus;
      if (payload.telescopeId === telescopeId) setStatus(payload);
    });
    return () => {
      alive = false;
      off();
    };
  }, [client, telescopeId]);

  if (status === null) return null;
  const choose = (mode: 'robotic' | 'operator'): void => {
    setError(null);
    void client.invoke('executor.setMode', { telescopeId, mode }).then((r) => {
      if (r.ok) setStatus(r.value);
      else setError(r.error.message);
    });
  };
  const title = canWrite ? undefined : 'Read-only: open the console with the operator link to change the mode.';
  return (
    <span className="executor-mode" data-testid="executor-mode" data-mode={status.mode}>
      <span className="muted">Mode</span>
      {(['robotic', 'operator'] as const).map((mode) => (
        <button
          key={mode}
          type="button"
          className={`chip${status.mode === mode ? ' is-active' : ''}`}
          disabled={!canWrite || status.mode === mode}
          title={title}
          onClick={() => choose(mode)}
        >
          {mode === 'robotic' ? 'Robotic' : 'Operator'}
        </button>
      ))}
      <span className="muted executor-phase" title={status.message}>
        {status.phase}
      </span>
      {error !== null && <span className="error-text">{error}</span>}
    </span>
  );
}
