/** The observatory's telescopes (from `observatory.get`) with instruments and a device health roll-up. */
import { useShallow } from 'zustand/react/shallow';
import type { DeviceStatus } from '../../../src-shared/ipc/contract';
import type { Tone } from '../../components/Badge';
import { Badge, Led } from '../../components/Badge';
import { Empty, Panel } from '../../components/Panel';
import { deviceKindLabel } from '../../lib/labels';
import { devicesOfTelescope, useDevicesStore } from '../../stores/devices';
import { useObservatoryStore } from '../../stores/observatory';

/** Worst connection among a telescope's devices, as a lamp colour. */
export function healthTone(devices: readonly DeviceStatus[]): Tone {
  if (devices.length === 0) return 'muted';
  if (devices.some((d) => d.connection === 'faulted' || d.error !== null)) return 'bad';
  if (devices.some((d) => d.connection !== 'connected')) return 'warn';
  return 'ok';
}

function TelescopeCard({ id }: { id: string }) {
  const telescope = useObservatoryStore((s) =>
    (s.observatory?.sites ?? []).flatMap((site) => site.telescopes).find((t) => t.id === id),
  );
  const devices = useDevicesStore(useShallow((s) => devicesOfTelescope(s.byKey, id)));
  if (telescope === undefined) return null;
  const tone = healthTone(devices);
  const problems = devices.filter((d) => d.connection !== 'connected' || d.error !== null);
  return (
    <div className="tel-card" data-testid="telescope-card" data-telescope={id}>
      <div className="tel-card-head">
        <Led
          tone={tone}
          title={problems.length === 0 ? 'All devices connected' : `${problems.length} device(s) need attention`}
        />
        <span className="tel-name">{telescope.name}</span>
        <span className="tel-code mono">{telescope.code}</span>
        <span className="spacer" />
        <span className="muted">
          {telescope.apertureM.toFixed(1)} m · {telescope.telescopeClass} · {telescope.enclosure}
        </span>
      </div>
      <div className="tel-card-body">
        <div className="kv">
          <span className="k">Instruments</span>
          <span className="v">
            {telescope.instruments.length === 0 && <span className="muted">none</span>}
            {telescope.instruments.map((i) => (
              <span key={i.code} className="inst">
                <span className="mono">{i.code}</span> <span className="muted">{i.instrumentType}</span>{' '}
                <Badge tone={i.state === 'SCHEDULABLE' ? 'ok' : 'muted'}>{i.state}</Badge>
              </span>
            ))}
          </span>
        </div>
        <div className="kv">
          <span className="k">Devices</span>
          <span className="v">
            {devices.length === 0 ? (
              <span className="muted">no device reports</span>
            ) : (
              <>
                {devices.length - problems.length}/{devices.length} connected
                {problems.map((d) => (
                  <span key={`${d.kind}-${d.name}`} className="problem">
                    {' · '}
                    {deviceKindLabel(d.kind)} {d.error ?? d.connection}
                  </span>
                ))}
              </>
            )}
          </span>
        </div>
      </div>
    </div>
  );
}

export function TelescopesPanel() {
  // useShallow compares the id list element by element, so a fresh array with the same ids does not re-render.
  const ids = useObservatoryStore(
    useShallow((s) => (s.observatory?.sites ?? []).flatMap((site) => site.telescopes.map((t) => t.id))),
  );
  const { status, error } = useObservatoryStore(useShallow((s) => ({ status: s.status, error: s.error })));
  return (
    <Panel
      title="Telescopes"
      tools={
        <a href="#/devices" className="link">
          Devices →
        </a>
      }
    >
      {ids.length === 0 ? (
        <Empty tone={status === 'error' ? 'error' : 'muted'}>
          {status === 'error'
            ? `Observatory unavailable: ${error ?? ''}`
            : status === 'ready'
              ? 'No telescopes configured'
              : 'Loading observatory…'}
        </Empty>
      ) : (
        <div className="tel-cards">
          {ids.map((id) => (
            <TelescopeCard key={id} id={id} />
          ))}
        </div>
      )}
    </Panel>
  );
}
