import type { Tone } from '../../components/Badge';
import type { RequestState } from '../../stores/queue';

/** Badge colour of a request state. */
export function stateTone(state: RequestState): Tone {
  switch (state) {
    case 'PENDING':
      return 'accent';
    case 'COMPLETED':
      return 'ok';
    case 'WINDOW_EXPIRED':
      return 'muted';
    case 'FAILURE_LIMIT_REACHED':
      return 'bad';
    case 'CANCELED':
      return 'muted';
  }
}
