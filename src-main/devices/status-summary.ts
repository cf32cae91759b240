import type { DeviceStatus } from '../../src-shared/ipc/contract';
import type { DeviceSnapshot, DeviceState, EquatorialCoords } from './types';

const pad = (n: number, width = 2): string => String(Math.floor(n)).padStart(width, '0');

/** Right ascension as `05h34m32s` from hours. */
function raText(raHours: number): string {
  const total = Math.round((((raHours % 24) + 24) % 24) * 3600);
  return `${pad(total / 3600)}h${pad((total % 3600) / 60)}m${pad(total % 60)}s`;
}

/** Declination as `+22°00′52″` from degrees. */
function decText(decDeg: number): string {
  const sign = decDeg < 0 ? '−' : '+';
  const total = Math.round(Math.abs(decDeg) * 3600);
  return `${sign}${pad(total / 3600)}°${pad((total % 3600) / 60)}′${pad(total % 60)}″`;
}

const coords = (c: EquatorialCoords): string => `${raText(c.raHours)} ${decText(c.decDeg)}`;

/** A one-line summary an operator reads at a glance. */
export function summarizeDeviceState(state: DeviceState): string {
  switch (state.kind) {
    case 'mount': {
      const motion = state.parked ? 'Parked' : state.slewing ? 'Slewing' : state.tracking ? 'Tracking' : 'Stopped';
      const alt = state.horizontal ? ` · alt ${state.horizontal.altitudeDeg.toFixed(1)}°` : '';
      return `${motion} · ${coords(state.j2000)} (J2000)${alt}`;
    }
    case 'camera': {
      const temp = state.sensorTemperatureC === null ? '' : ` · ${state.sensorTemperatureC.toFixed(1)} °C`;
      const left = state.exposureRemainingSec === null ? '' : ` · ${state.exposureRemainingSec.toFixed(0)} s left`;
      return `${state.activity[0]?.toUpperCase()}${state.activity.slice(1)}${left} · bin ${state.binning.x}×${state.binning.y}${temp}`;
    }
    case 'filterWheel':
      return state.moving || state.slot === null ? 'Moving' : `Filter ${state.names[state.slot] ?? `#${state.slot}`}`;
    case 'focuser': {
      const temp = state.temperatureC === null ? '' : ` · ${state.temperatureC.toFixed(1)} °C`;
      return `${state.moving ? 'Moving' : 'At'} ${state.position ?? '—'}${temp}`;
    }
    case 'dome': {
      const shutter = `${state.capabilities.canSetAzimuth ? 'Shutter' : 'Roof'} ${state.shutter}`;
      const az = state.azimuthDeg === null ? '' : ` · az ${state.azimuthDeg.toFixed(0)}°`;
      return `${shutter}${az}${state.parked ? ' · parked' : ''}${state.slaved ? ' · slaved' : ''}`;
    }
    case 'rotator':
      return `${state.moving ? 'Moving' : 'At'} PA ${state.positionDeg.toFixed(1)}°`;
    case 'weather': {
      const r = state.readings;
      const parts = [
        r.temperatureC === null ? null : `${r.temperatureC.toFixed(1)} °C`,
        r.humidityPct === null ? null : `${r.humidityPct.toFixed(0)} % RH`,
        r.windSpeedMps === null ? null : `wind ${r.windSpeedMps.toFixed(1)} m/s`,
        r.cloudCoverPct === null ? null : `cloud ${r.cloudCoverPct.toFixed(0)} %`,
      ].filter((p): p is string => p !== null);
      const verdict = state.safe === null ? '' : state.safe ? 'Safe · ' : 'UNSAFE · ';
      return `${verdict}${parts.join(' · ')}`;
    }
    case 'safety':
      return state.safe ? 'Safe' : 'UNSAFE';
  }
}

/** The console's view of one device (contract `DeviceStatus`). */
export function toDeviceStatus(snapshot: DeviceSnapshot): DeviceStatus {
  const state = snapshot.state;
  const problem = snapshot.connection.reason ?? snapshot.lastError;
  return {
    telescopeId: snapshot.telescopeId,
    kind: snapshot.kind,
    name: state?.name ?? snapshot.deviceId,
    family: snapshot.family,
    connection: snapshot.connection.status,
    summary: state ? summarizeDeviceState(state) : snapshot.connection.status === 'faulted' ? 'Not available' : 'No reading yet',
    state: (state ?? {}) as unknown as Record<string, unknown>,
    updatedMs: state?.readUtcMs ?? snapshot.connection.sinceUtcMs,
    error: problem ? `${problem.code}: ${problem.message}` : null,
  };
}
