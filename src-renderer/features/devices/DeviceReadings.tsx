/** Key readings of one device, dense, with data attributes the end-to-end tests read. */
import type { DeviceStatus } from '../../../src-shared/ipc/contract';
import { cameraReadings, enclosureReadings, filterReadings, focuserReadings, mountReadings, safetyVerdict, weatherReadings } from './device-readings';
import { formatDecDeg, formatRaHours } from './sexagesimal';

const f1 = (v: number | null, unit: string): string | null => (v === null ? null : `${v.toFixed(1)}${unit}`);
const f0 = (v: number | null, unit: string): string | null => (v === null ? null : `${v.toFixed(0)}${unit}`);

function Parts({ parts }: { parts: (string | null)[] }) {
  const shown = parts.filter((p): p is string => p !== null);
  return <span className="dev-parts">{shown.join(' · ')}</span>;
}

export function DeviceReadings({ d }: { d: DeviceStatus }) {
  const m = mountReadings(d);
  if (m) {
    const motion = m.parked ? 'parked' : m.slewing ? 'slewing' : m.tracking ? 'tracking' : 'stopped';
    return (
      <span
        data-testid="mount-readout"
        data-motion={motion}
        data-ra-hours={m.raHours ?? ''}
        data-dec-deg={m.decDeg ?? ''}
        data-target-ra-hours={m.targetRaHours ?? ''}
        data-target-dec-deg={m.targetDecDeg ?? ''}
      >
        <span className={`dev-state dev-state-${motion}`}>{motion}</span>{' '}
        <span className="mono">
          {m.raHours === null ? '—' : formatRaHours(m.raHours)} {m.decDeg === null ? '' : formatDecDeg(m.decDeg)}
        </span>{' '}
        <span className="muted">J2000</span>
        {m.altitudeDeg !== null && (
          <span className="mono">
            {' '}
            · alt {m.altitudeDeg.toFixed(1)}° az {(m.azimuthDeg ?? 0).toFixed(0)}°
          </span>
        )}
        {m.pierSide !== null && m.pierSide !== 'unknown' && <span className="muted"> · pier {m.pierSide}</span>}
      </span>
    );
  }
  const e = enclosureReadings(d);
  if (e) {
    return (
      <span data-testid="enclosure-readout" data-shutter={e.shutter}>
        <span className={`dev-state dev-state-${e.shutter}`}>{`${e.isDome ? 'shutter' : 'roof'} ${e.shutter}`}</span>
        <Parts parts={[e.azimuthDeg === null ? null : ` az ${e.azimuthDeg.toFixed(0)}°`, e.parked ? ' parked' : null, e.slewing ? ' rotating' : null]} />
      </span>
    );
  }
  const fw = filterReadings(d);
  if (fw) {
    return (
      <span data-testid="filter-readout" data-filter={fw.current ?? ''}>
        {fw.moving ? 'moving' : <span className="dev-state">{fw.current ?? '—'}</span>}{' '}
        <span className="muted">of {fw.names.join(' ')}</span>
      </span>
    );
  }
  const fo = focuserReadings(d);
  if (fo) {
    return (
      <span data-testid="focuser-readout" data-position={fo.position ?? ''}>
        <Parts parts={[`${fo.moving ? 'moving to' : 'at'} ${fo.position ?? '—'}${fo.maxPosition === null ? '' : ` / ${fo.maxPosition}`} steps`, f1(fo.temperatureC, ' °C')]} />
      </span>
    );
  }
  const c = cameraReadings(d);
  if (c) {
    return (
      <span data-testid="camera-readout" data-activity={c.activity}>
        <span className="dev-state">{c.activity}</span>{' '}
        <Parts
          parts={[
            c.exposureRemainingSec === null ? null : `${c.exposureRemainingSec.toFixed(1)} s left`,
            c.widthPx !== null && c.heightPx !== null ? `${c.widthPx}×${c.heightPx}` : null,
            c.binning === null ? null : `bin ${c.binning}`,
            f1(c.sensorTemperatureC, ' °C'),
          ]}
        />
      </span>
    );
  }
  const w = weatherReadings(d);
  if (w) {
    return (
      <span data-testid="weather-readout" data-safe={w.safe === null ? '' : String(w.safe)}>
        {w.safe !== null && <span className={`dev-state ${w.safe ? 'dev-ok' : 'dev-bad'}`}>{w.safe ? 'safe' : 'UNSAFE'}</span>}{' '}
        <Parts
          parts={[
            f1(w.temperatureC, ' °C'),
            f0(w.humidityPct, ' % RH'),
            w.dewPointC === null ? null : `dew ${w.dewPointC.toFixed(1)} °C`,
            w.windSpeedMps === null ? null : `wind ${w.windSpeedMps.toFixed(1)}${w.windGustMps === null ? '' : `/${w.windGustMps.toFixed(1)}`} m/s`,
            w.cloudCoverPct === null ? null : `cloud ${w.cloudCoverPct.toFixed(0)} %`,
            w.rainRateMmPerHour === null ? null : w.rainRateMmPerHour > 0 ? `rain ${w.rainRateMmPerHour.toFixed(1)} mm/h` : 'dry',
            w.skyQualityMagPerArcsec2 === null ? null : `SQM ${w.skyQualityMagPerArcsec2.toFixed(2)}`,
          ]}
        />
      </span>
    );
  }
  const safe = safetyVerdict(d);
  if (safe !== null) {
    return (
      <span data-testid="safety-readout" className={`dev-state ${safe ? 'dev-ok' : 'dev-bad'}`}>
        {safe ? 'safe' : 'UNSAFE'}
      </span>
    );
  }
  return <span>{d.summary}</span>;
}
