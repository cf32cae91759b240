/**
 * Devices per telescope: live state and key readings of every device (snapshot + `devices.changed`),
 * and manual control (connect, roof/dome, mount, camera, filter, focus) gated by the core's
 * interlocks: refused actions are greyed out with the reason, and every action's result or coded
 * error lands in the telescope's activity log. Writes need the access token; without it the page
 * is read-only and says how to get write access.
 */
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DeviceStatus } from '../../../src-shared/ipc/contract';
import { useClient } from '../../app/client-context';
import { ExecutorModeSwitch } from './ExecutorModeSwitch';
import type { Tone } from '../../components/Badge';
import { Badge, Led } from '../../components/Badge';
import { Empty, Panel } from '../../components/Panel';
import { deviceConnectionLabel, deviceKindLabel } from '../../lib/labels';
import { formatAge } from '../../lib/time-format';
import { useCoreNow } from '../../lib/use-core-now';
import { useConnectionStore } from '../../stores/connection';
import { devicesOfTelescope, telescopeIdsWithDevices, useDevicesStore } from '../../stores/devices';
import { allTelescopes, useObservatoryStore } from '../../stores/observatory';
import { healthTone } from '../night/TelescopesPanel';
import { ActivityLog } from './ActivityLog';
import { ControlDeck } from './ControlDeck';
import { interlockFingerprint, probeActions } from './control-actions';
import { DeviceReadings } from './DeviceReadings';
import './devices.css';

/** Re-check the interlocks at least this often, ms (readings age out even when nothing changes). */
const RECHECK_MS = 15_000;

export function connectionTone(c: DeviceStatus['connection']): Tone {
  switch (c) {
    case 'connected':
      return 'ok';
    case 'connecting':
      return 'warn';
    case 'disconnected':
      return 'muted';
    case 'faulted':
      return 'bad';
  }
}

function ConnectButton({ d, canWrite }: { d: DeviceStatus; canWrite: boolean }) {
  const client = useClient();
  const runControl = useDevicesStore((s) => s.runControl);
  const connect = d.connection === 'disconnected' || d.connection === 'faulted';
  const op = connect ? 'connect' : 'disconnect';
  return (
    <button
      type="button"
      className="btn btn-xs"
      data-testid={`ctl-${op}`}
      disabled={!canWrite}
      title={canWrite ? undefined : 'Read-only: open the console with the operator link to control devices.'}
      onClick={() => void runControl(client, d.telescopeId, { op, deviceId: d.name }, `${connect ? 'Connect' : 'Disconnect'} ${d.name}`)}
    >
      {connect ? 'Connect' : 'Disconnect'}
    </button>
  );
}

function DeviceRow({ d, nowMs, canWrite }: { d: DeviceStatus; nowMs: number | null; canWrite: boolean }) {
  return (
    <tr data-testid="device-row" data-kind={d.kind} data-connection={d.connection} className={d.error !== null ? 'has-error' : ''}>
      <td className="led-cell">
        <Led tone={d.error !== null ? 'bad' : connectionTone(d.connection)} title={deviceConnectionLabel(d.connection)} />
      </td>
      <td className="strong nowrap">{deviceKindLabel(d.kind)}</td>
      <td className="nowrap dev-name" title={`${d.name} (${d.family})`}>
        {d.name} <span className="mono muted">{d.family}</span>
      </td>
      <td>
        <Badge tone={connectionTone(d.connection)}>{deviceConnectionLabel(d.connection)}</Badge>
      </td>
      <td className="summary">
        <DeviceReadings d={d} />
        {d.error !== null && (
          <div className="device-error" data-testid="device-error">
            {d.error}
          </div>
        )}
      </td>
      <td className="mono nowrap num muted" title={`Reading last changed ${new Date(d.updatedMs).toISOString()} (core clock). Unchanged readings are not re-sent; the link light shows the device still answers.`}>
        {nowMs === null ? '—' : formatAge(d.updatedMs, nowMs)}
      </td>
      <td className="num">
        <ConnectButton d={d} canWrite={canWrite} />
      </td>
    </tr>
  );
}

/** Keeps the telescope's interlock verdicts fresh: on every change of a fact they read, and periodically. */
function useInterlockChecks(telescopeId: string, devices: DeviceStatus[]): void {
  const client = useClient();
  const checkControls = useDevicesStore((s) => s.checkControls);
  const fingerprint = interlockFingerprint(devices);
  const actions = useMemo(() => probeActions(devices), [devices]);
  const opsKey = actions.map((a) => a.op).join(',');
  useEffect(() => {
    void checkControls(client, telescopeId, actions);
    const timer = setInterval(() => void checkControls(client, telescopeId, actions), RECHECK_MS);
    return () => clearInterval(timer);
    // `actions` follows `devices` (new on every heartbeat); re-check only when a fact the interlocks read changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, telescopeId, fingerprint, opsKey, checkControls]);
}

function TelescopeDevices({ id, nowMs, canWrite }: { id: string; nowMs: number | null; canWrite: boolean }) {
  // Select the stored object itself (not a copy) so the selector result is stable between renders.
  const telescope = useObservatoryStore((s) => (s.observatory?.sites ?? []).flatMap((site) => site.telescopes).find((t) => t.id === id) ?? null);
  const site = useObservatoryStore((s) => (s.observatory?.sites ?? []).find((x) => x.telescopes.some((t) => t.id === id)) ?? null);
  const devices = useDevicesStore(useShallow((s) => devicesOfTelescope(s.byKey, id)));
  useInterlockChecks(id, devices);
  const connected = devices.filter((d) => d.connection === 'connected').length;
  const sitePos = useMemo(() => (site ? { latitudeDeg: site.latitudeDeg, longitudeDeg: site.longitudeDeg } : null), [site]);
  return (
    <div className="dev-telescope" data-testid="devices-telescope" data-telescope-id={id}>
      <Panel
        className="telescope-devices"
        title={
          <>
            <Led tone={healthTone(devices)} /> {telescope?.name ?? id} <span className="mono muted">{telescope?.code ?? id}</span>
          </>
        }
        tools={
          <>
            <ExecutorModeSwitch telescopeId={id} canWrite={canWrite} />
            <span className="muted">
              {telescope ? `${telescope.apertureM.toFixed(1)} m · ${telescope.enclosure} · ` : ''}
              {connected}/{devices.length} connected
            </span>
          </>
        }
      >
        {devices.length === 0 ? (
          <Empty>No devices report for this telescope.</Empty>
        ) : (
          <div className="dev-layout">
            <table className="table device-table">
              <thead>
                <tr>
                  <th />
                  <th>Device</th>
                  <th>Name</th>
                  <th>Link</th>
                  <th>Readings</th>
                  <th className="num" title="Time since the reading last changed">Changed</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {devices.map((d) => (
                  <DeviceRow key={`${d.kind}-${d.name}`} d={d} nowMs={nowMs} canWrite={canWrite} />
                ))}
              </tbody>
            </table>
            <div className="dev-side">
              <ControlDeck telescopeId={id} devices={devices} canWrite={canWrite} site={sitePos} />
              <div className="dev-section">
                <div className="dev-section-title">Activity</div>
                <ActivityLog telescopeId={id} />
              </div>
            </div>
          </div>
        )}
      </Panel>
    </div>
  );
}

export function DevicesView() {
  const telescopeIds = useObservatoryStore(useShallow((s) => allTelescopes(s.observatory).map((t) => t.id)));
  const deviceTelescopeIds = useDevicesStore(useShallow((s) => telescopeIdsWithDevices(s.byKey)));
  const { status, error } = useDevicesStore(useShallow((s) => ({ status: s.status, error: s.error })));
  const appInfo = useConnectionStore((s) => s.appInfo);
  const canWrite = appInfo?.canWrite ?? false;
  const now = useCoreNow();
  // Telescopes of the observatory model with devices first, then device-only ids (e.g. a devices.json naming others).
  const ids = [...telescopeIds.filter((id) => deviceTelescopeIds.includes(id)), ...deviceTelescopeIds.filter((id) => !telescopeIds.includes(id)), ...telescopeIds.filter((id) => !deviceTelescopeIds.includes(id))];
  return (
    <div className="page page-devices" data-testid="devices-panel">
      <div className="page-head">
        <h1>Devices</h1>
        <span className="page-sub">Live device state and manual control per telescope{status === 'error' ? ` · snapshot failed: ${error ?? ''}` : ''}</span>
        {appInfo !== null && !canWrite && (
          <span className="dev-readonly" data-testid="devices-readonly">
            <Badge tone="warn">Read-only</Badge> Open with the operator link (the address the core prints, ending in <span className="mono">#token=…</span>) to control devices.
          </span>
        )}
      </div>
      {ids.length === 0 ? (
        <Panel title="Devices">
          <Empty tone={status === 'error' ? 'error' : 'muted'}>{status === 'error' ? `Devices unavailable: ${error ?? ''}` : status === 'ready' ? 'No devices configured.' : 'Loading devices…'}</Empty>
        </Panel>
      ) : (
        <div className="device-grid">
          {ids.map((id) => (
            <TelescopeDevices key={id} id={id} nowMs={now.utcMs} canWrite={canWrite} />
          ))}
        </div>
      )}
    </div>
  );
}
