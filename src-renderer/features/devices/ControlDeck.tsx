/** Manual controls of one telescope: enclosure, mount, camera, filter and focus, each gated by the interlocks. */
import { useState, type ReactNode } from 'react';
import type { DeviceStatus } from '../../../src-shared/ipc/contract';
import { useDevicesStore } from '../../stores/devices';
import { ActionButton } from './ActionButton';
import { refusalsOf } from './control-actions';
import { enclosureReadings, filterReadings, firstOfKind, focuserReadings, mountReadings } from './device-readings';
import { SlewForm } from './SlewForm';

interface DeckProps {
  telescopeId: string;
  devices: DeviceStatus[];
  canWrite: boolean;
  site: { latitudeDeg: number; longitudeDeg: number } | null;
}

function Reasons({ telescopeId, ops }: { telescopeId: string; ops: string[] }) {
  const verdicts = useDevicesStore((s) => s.verdicts[telescopeId]);
  const reasons = refusalsOf(verdicts, ops);
  if (reasons.length === 0) return null;
  return (
    <ul className="dev-reasons" data-testid="control-reasons">
      {reasons.map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ul>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="dev-section">
      <div className="dev-section-title">{title}</div>
      {children}
    </div>
  );
}

function EnclosureControls({ telescopeId, device, canWrite }: { telescopeId: string; device: DeviceStatus; canWrite: boolean }) {
  const e = enclosureReadings(device);
  const noun = e?.isDome === true ? 'shutter' : 'roof';
  const connected = device.connection === 'connected';
  const common = { telescopeId, canWrite, connected };
  return (
    <Section title={e?.isDome === true ? 'Dome' : 'Roof'}>
      <div className="btn-row">
        <ActionButton {...common} op="dome.open" action={{ op: 'dome.open' }} label={`Open ${noun}`} logLabel={`Open the ${noun}`} />
        <ActionButton {...common} op="dome.close" action={{ op: 'dome.close' }} label={`Close ${noun}`} logLabel={`Close the ${noun}`} />
        <ActionButton {...common} op="dome.park" action={{ op: 'dome.park' }} label="Park" logLabel={`Park the ${e?.isDome === true ? 'dome' : 'roof'}`} />
      </div>
      <Reasons telescopeId={telescopeId} ops={['dome.open', 'dome.close', 'dome.park']} />
    </Section>
  );
}

function MountControls({ telescopeId, device, canWrite, site }: { telescopeId: string; device: DeviceStatus; canWrite: boolean; site: DeckProps['site'] }) {
  const m = mountReadings(device);
  const connected = device.connection === 'connected';
  const common = { telescopeId, canWrite, connected };
  const tracking = m?.tracking ?? false;
  return (
    <Section title="Mount">
      <div className="btn-row">
        <ActionButton {...common} op="mount.unpark" action={{ op: 'mount.unpark' }} label="Unpark" logLabel="Unpark the mount" />
        <ActionButton {...common} op="mount.park" action={{ op: 'mount.park' }} label="Park" logLabel="Park the mount" />
        <ActionButton
          {...common}
          op="mount.tracking"
          action={{ op: 'mount.tracking', on: !tracking }}
          label={tracking ? 'Tracking off' : 'Tracking on'}
          logLabel={tracking ? 'Stop tracking' : 'Start tracking'}
        />
        <ActionButton {...common} op="mount.abort" action={{ op: 'mount.abort' }} label="Abort" logLabel="Abort the mount" danger />
      </div>
      <SlewForm telescopeId={telescopeId} site={site} minAltitudeDeg={m?.minAltitudeDeg ?? null} canWrite={canWrite} connected={connected} />
      <Reasons telescopeId={telescopeId} ops={['mount.slew', 'mount.unpark', 'mount.park']} />
    </Section>
  );
}

const FRAME_TYPES = ['light', 'dark', 'bias', 'flat'] as const;
type FrameType = (typeof FRAME_TYPES)[number];

function CameraControls({ telescopeId, device, canWrite }: { telescopeId: string; device: DeviceStatus; canWrite: boolean }) {
  const [seconds, setSeconds] = useState('2');
  const [frameType, setFrameType] = useState<FrameType>('light');
  const connected = device.connection === 'connected';
  const durationSec = Number(seconds);
  const valid = seconds.trim() !== '' && Number.isFinite(durationSec) && durationSec >= 0 && durationSec <= 3600;
  return (
    <Section title="Camera">
      <div className="btn-row">
        <input
          className={`search dev-input dev-num${valid ? '' : ' invalid'}`}
          data-testid="expose-sec"
          aria-label="Exposure time, seconds"
          value={seconds}
          onChange={(e) => setSeconds(e.target.value)}
        />
        <span className="muted dev-unit">s</span>
        <select className="search dev-input dev-frame" aria-label="Frame type" value={frameType} onChange={(e) => setFrameType(e.target.value as FrameType)}>
          {FRAME_TYPES.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
        <ActionButton
          telescopeId={telescopeId}
          canWrite={canWrite}
          connected={connected}
          op="camera.expose"
          action={valid ? { op: 'camera.expose', durationSec, frameType } : null}
          invalidWhy="Exposure time: 0–3600 s."
          label="Expose"
          logLabel={`Expose ${valid ? durationSec : '?'} s ${frameType}`}
        />
        <ActionButton telescopeId={telescopeId} canWrite={canWrite} connected={connected} op="camera.abort" action={{ op: 'camera.abort' }} label="Abort" logLabel="Abort the exposure" danger />
      </div>
      <Reasons telescopeId={telescopeId} ops={['camera.expose']} />
    </Section>
  );
}

function FilterFocusControls({ telescopeId, wheel, focuser, canWrite }: { telescopeId: string; wheel: DeviceStatus | null; focuser: DeviceStatus | null; canWrite: boolean }) {
  const f = wheel ? filterReadings(wheel) : null;
  const fo = focuser ? focuserReadings(focuser) : null;
  const [filter, setFilter] = useState('');
  const [position, setPosition] = useState('');
  const chosen = filter !== '' ? filter : (f?.current ?? '');
  const pos = Number(position);
  const posValid = position.trim() !== '' && Number.isInteger(pos) && pos >= 0 && (fo?.maxPosition === null || fo?.maxPosition === undefined || pos <= fo.maxPosition);
  return (
    <Section title="Filter · focus">
      {wheel && (
        <div className="btn-row">
          <select className="search dev-input dev-filter" data-testid="filter-select" aria-label="Filter" value={chosen} onChange={(e) => setFilter(e.target.value)}>
            {chosen === '' && <option value="">Filter…</option>}
            {(f?.names ?? []).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <ActionButton
            telescopeId={telescopeId}
            canWrite={canWrite}
            connected={wheel.connection === 'connected'}
            op="filter.select"
            action={chosen !== '' ? { op: 'filter.select', name: chosen } : null}
            invalidWhy="Choose a filter."
            label="Select"
            logLabel={`Filter ${chosen}`}
          />
        </div>
      )}
      {focuser && (
        <div className="btn-row">
          <input
            className={`search dev-input dev-num${position !== '' && !posValid ? ' invalid' : ''}`}
            data-testid="focus-position"
            aria-label="Focuser position, steps"
            placeholder={fo?.position === null || fo === null ? 'steps' : String(fo.position)}
            value={position}
            onChange={(e) => setPosition(e.target.value)}
          />
          <ActionButton
            telescopeId={telescopeId}
            canWrite={canWrite}
            connected={focuser.connection === 'connected'}
            op="focuser.moveTo"
            action={posValid ? { op: 'focuser.moveTo', position: pos } : null}
            invalidWhy={`Position in steps, 0–${fo?.maxPosition ?? '…'}.`}
            label="Move to"
            logLabel={`Focus to ${position}`}
          />
          <ActionButton telescopeId={telescopeId} canWrite={canWrite} connected={focuser.connection === 'connected'} op="focuser.moveBy" action={{ op: 'focuser.moveBy', steps: -100 }} label="−100" logLabel="Focus −100 steps" />
          <ActionButton telescopeId={telescopeId} canWrite={canWrite} connected={focuser.connection === 'connected'} op="focuser.moveBy" action={{ op: 'focuser.moveBy', steps: 100 }} label="+100" logLabel="Focus +100 steps" />
        </div>
      )}
    </Section>
  );
}

export function ControlDeck({ telescopeId, devices, canWrite, site }: DeckProps) {
  const enclosure = firstOfKind(devices, 'dome');
  const mount = firstOfKind(devices, 'mount');
  const camera = firstOfKind(devices, 'camera');
  const wheel = firstOfKind(devices, 'filterWheel');
  const focuser = firstOfKind(devices, 'focuser');
  return (
    <div className="dev-deck" data-testid="control-deck">
      {enclosure && <EnclosureControls telescopeId={telescopeId} device={enclosure} canWrite={canWrite} />}
      {mount && <MountControls telescopeId={telescopeId} device={mount} canWrite={canWrite} site={site} />}
      {camera && <CameraControls telescopeId={telescopeId} device={camera} canWrite={canWrite} />}
      {(wheel || focuser) && <FilterFocusControls telescopeId={telescopeId} wheel={wheel} focuser={focuser} canWrite={canWrite} />}
    </div>
  );
}
