/** A manual-control button: gated by the interlock verdict, runs through the devices store. */
import type { DeviceControlAction } from '../../../src-shared/ipc/contract';
import { useClient } from '../../app/client-context';
import { isRunning, useDevicesStore } from '../../stores/devices';
import { gateFor } from './control-actions';

export interface ActionButtonProps {
  telescopeId: string;
  /** Null while the form behind the button is not valid (then it is disabled with `invalidWhy`). */
  action: DeviceControlAction | null;
  /** The op the verdict is looked up by (defaults to the action's). */
  op: string;
  label: string;
  /** What the activity log says, e.g. "Slew to M42". */
  logLabel: string;
  canWrite: boolean;
  connected: boolean;
  invalidWhy?: string;
  danger?: boolean;
}

export function ActionButton(p: ActionButtonProps) {
  const client = useClient();
  const verdict = useDevicesStore((s) => s.verdicts[p.telescopeId]?.[p.op]);
  const running = useDevicesStore((s) => isRunning(s.log, p.telescopeId, p.op));
  const runControl = useDevicesStore((s) => s.runControl);
  const gate = gateFor(verdict, { canWrite: p.canWrite, connected: p.connected, running });
  const invalid = p.action === null;
  const action = p.action;
  return (
    <button
      type="button"
      className={`btn btn-sm${p.danger === true ? ' btn-danger' : ''}${gate.warn ? ' btn-warn' : ''}${running ? ' btn-running' : ''}`}
      data-testid={`ctl-${p.op}`}
      data-allowed={verdict ? String(verdict.allowed) : 'unknown'}
      disabled={gate.disabled || invalid}
      title={invalid ? (p.invalidWhy ?? 'Fill in the form first.') : (gate.why ?? undefined)}
      onClick={() => {
        if (action !== null) void runControl(client, p.telescopeId, action, p.logLabel);
      }}
    >
      {running ? `${p.label}…` : p.label}
    </button>
  );
}
