/** How the console words the safety supervisor's verdict and the executor's phase. */
import type { SafetyVerdict } from '../../../src-shared/ipc/contract';
import type { Tone } from '../../components/Badge';

export interface SafetyView {
  tone: Tone;
  /** Short badge text: `Safe`, `Unsafe`, `Parked · closed`, `Alarm`… */
  label: string;
  /** One line: why, and what the telescope is doing about it; '' when safe. */
  detail: string;
}

const reasonsText = (v: SafetyVerdict): string => (v.reasons.length > 0 ? v.reasons.join('; ') : 'no reason given');

/** The badge and line for a verdict; null (no verdict yet) reads as unknown. */
export function safetyView(v: SafetyVerdict | null): SafetyView {
  if (v === null) return { tone: 'muted', label: 'Safety unknown', detail: 'no verdict from the safety supervisor yet' };
  switch (v.state) {
    case 'safe':
      return { tone: 'ok', label: 'Safe', detail: '' };
    case 'unsafe':
      return { tone: 'bad', label: 'Unsafe', detail: `${reasonsText(v)} — parking and closing` };
    case 'securing':
      return { tone: 'bad', label: 'Unsafe · securing', detail: `${reasonsText(v)} — parking the mount, then closing` };
    case 'secured':
      return { tone: 'bad', label: 'Unsafe · parked/closed', detail: reasonsText(v) };
    case 'holding':
      return { tone: 'warn', label: 'Holding', detail: 'conditions safe again; parked/closed until the hold ends' };
    case 'reopening':
      return { tone: 'warn', label: 'Reopening', detail: 'hold over; opening and unparking' };
    case 'alarm':
      return { tone: 'bad', label: 'ALARM', detail: v.alarm ?? reasonsText(v) };
  }
}

const PHASES: Record<string, string> = {
  starting: 'Starting',
  idle: 'Idle',
  waiting: 'Waiting',
  opening: 'Opening',
  slewing: 'Slewing',
  acquiring: 'Acquiring',
  exposing: 'Exposing',
  operator: 'Operator',
  recovering: 'Recovering',
  stopped: 'Stopped',
};

/** `exposing` → `Exposing`; unknown phases are shown capitalised as they come. */
export function phaseLabel(phase: string): string {
  return PHASES[phase] ?? (phase.length > 0 ? phase[0]?.toUpperCase() + phase.slice(1) : '—');
}

/** Badge tone of an executor phase. */
export function phaseTone(phase: string): Tone {
  if (phase === 'exposing') return 'ok';
  if (phase === 'opening' || phase === 'slewing' || phase === 'acquiring') return 'info';
  if (phase === 'waiting' || phase === 'recovering') return 'warn';
  if (phase === 'operator') return 'accent';
  return 'muted';
}
