/** Human labels for contract enums, in one place so every panel words them alike. */
import type { DeviceStatus, SkyStatus } from '../../src-shared/ipc/contract';
import type { RequestState } from '../stores/queue';
import type { ConnectionState } from './transport';

type NightPhase = SkyStatus['nightPhase'];

export function nightPhaseLabel(phase: NightPhase): string {
  switch (phase) {
    case 'day':
      return 'Day';
    case 'civil':
      return 'Civil twilight';
    case 'nautical':
      return 'Nautical twilight';
    case 'astronomical':
      return 'Astronomical twilight';
    case 'night':
      return 'Night';
  }
}

export function requestStateLabel(state: RequestState): string {
  switch (state) {
    case 'PENDING':
      return 'Pending';
    case 'COMPLETED':
      return 'Completed';
    case 'WINDOW_EXPIRED':
      return 'Window expired';
    case 'FAILURE_LIMIT_REACHED':
      return 'Failure limit';
    case 'CANCELED':
      return 'Canceled';
  }
}

export function connectionLabel(state: ConnectionState): string {
  switch (state) {
    case 'connecting':
      return 'Connecting';
    case 'open':
      return 'Connected';
    case 'reconnecting':
      return 'Disconnected';
    case 'closed':
      return 'Closed';
  }
}

export function deviceConnectionLabel(connection: DeviceStatus['connection']): string {
  switch (connection) {
    case 'disconnected':
      return 'Disconnected';
    case 'connecting':
      return 'Connecting';
    case 'connected':
      return 'Connected';
    case 'faulted':
      return 'Faulted';
  }
}

const KIND_LABELS: Record<string, string> = {
  mount: 'Mount',
  camera: 'Camera',
  filterWheel: 'Filter wheel',
  focuser: 'Focuser',
  dome: 'Dome',
  rotator: 'Rotator',
  weather: 'Weather',
  safety: 'Safety monitor',
};

export const deviceKindLabel = (kind: string): string => KIND_LABELS[kind] ?? kind;
