/** Devices per telescope: snapshot + live `devices.changed`, one row per device with its connection and summary. */
import { useShallow } from 'zustand/react/shallow';
import type { DeviceStatus } from '../../../src-shared/ipc/contract';
import type { Tone } from '../../components/Badge';
import { Badge, Led } from '../../components/Badge';
import { Empty, Panel } from '../../components/Panel';
import { deviceConnectionLabel, deviceKindLabel } from '../../lib/labels';
import { formatAge } from '../../lib/time-format';
import { useCoreNow } from '../../lib/use-core-now';
import { devicesOfTelescope, telescopeIdsWithDevices, useDevicesStore } from '../../stores/devices';
import { allTelescopes, useObservatoryStore } from '../../stores/observatory';
import { healthTone } from '../night/TelescopesPanel';

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

function DeviceRow({ d, nowMs }: { d: DeviceStatus; nowMs: number | null }) {
  return (
    <tr
      data-testid="device-row"
      data-kind={d.kind}
      data-connection={d.connection}
      className={d.error !== null ? 'has-error' : ''}
    >
      <td className="led-cell">
        <Led
          tone={d.error !== null ? 'bad' : connectionTone(d.connection)}
          title={deviceConnectionLabel(d.connection)}
        />
      </td>
      <td className="strong nowrap">{deviceKindLabel(d.kind)}</td>
      <td className="mono nowrap">{d.name}</td>
      <td className="mono nowrap muted">{d.family}</td>
      <td>
        <Badge tone={connectionTone(d.connection)}>{deviceConnectionLabel(d.connection)}</Badge>
      </td>
      <td className="summary">
        {d.summary}
        {d.error !== null && <div className="device-error">{d.error}</div>}
      </td>
      <td className="mono nowrap num muted" title={new Date(d.updatedMs).toISOString()}>
        {nowMs === null ? '—' : formatAge(d.updatedMs, nowMs)}
      </td>
    </tr>
  );
}

function TelescopeDevices({ id, nowMs }: { id: string; nowMs: number | null }) {
  // Select the stored object itself (not a copy) so the selector result is stable between renders.
  const telescope = useObservatoryStore(
    (s) => (s.observatory?.sites ?? []).flatMap((site) => site.telescopes).find((t) => t.id === id) ?? null,
  );
  const devices = useDevicesStore(useShallow((s) => devicesOfTelescope(s.byKey, id)));
  const connected = devices.filter((d) => d.connection === 'connected').length;
  return (
    <Panel
      className="telescope-devices"
      testId="devices-telescope"
      title={
        <>
          <Led tone={healthTone(devices)} /> {telescope?.name ?? id}{' '}
          <span className="mono muted">{telescope?.code ?? ''}</span>
        </>
      }
      tools={
        <span className="muted">
          {telescope ? `${telescope.apertureM.toFixed(1)} m · ${telescope.enclosure} · ` : ''}
          {connected}/{devices.length} connected
        </span>
      }
    >
      {devices.length === 0 ? (
        <Empty>No devices report for this telescope.</Empty>
      ) : (
        <table className="table device-table">
          <thead>
            <tr>
              <th />
              <th>Device</th>
              <th>Name</th>
              <th>Driver</th>
              <th>Link</th>
              <th>State</th>
              <th className="num">Updated</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <DeviceRow key={`${d.kind}-${d.name}`} d={d} nowMs={nowMs} />
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

export function DevicesView() {
  const telescopeIds = useObservatoryStore(useShallow((s) => allTelescopes(s.observatory).map((t) => t.id)));
  const deviceTelescopeIds = useDevicesStore(useShallow((s) => telescopeIdsWithDevices(s.byKey)));
  const { status, error } = useDevicesStore(useShallow((s) => ({ status: s.status, error: s.error })));
  const now = useCoreNow();
  const ids = [...telescopeIds, ...deviceTelescopeIds.filter((id) => !telescopeIds.includes(id))];
  return (
    <div className="page page-devices" data-testid="devices-panel">
      <div className="page-head">
        <h1>Devices</h1>
        <span className="page-sub">
          Live device state per telescope{status === 'error' ? ` · snapshot failed: ${error ?? ''}` : ''}
        </span>
      </div>
      {ids.length === 0 ? (
        <Panel title="Devices">
          <Empty tone={status === 'error' ? 'error' : 'muted'}>
            {status === 'error'
              ? `Devices unavailable: ${error ?? ''}`
              : status === 'ready'
                ? 'No devices configured.'
                : 'Loading devices…'}
          </Empty>
        </Panel>
      ) : (
        <div className="device-grid">
          {ids.map((id) => (
            <TelescopeDevices key={id} id={id} nowMs={now.utcMs} />
          ))}
        </div>
      )}
    </div>
  );
}
