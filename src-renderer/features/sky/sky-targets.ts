/** Request targets as the sky view draws them: a place, a name and a state colour. */

export type SkyTargetState = 'pending' | 'scheduled' | 'running' | 'completed' | 'not-visible';

export interface SkyTarget {
  /** Unique key of the drawn target (the request id, suffixed when a request has several targets). */
  id: string;
  /** The request this target belongs to (what a click opens); null for targets not from the queue. */
  requestId?: number | null;
  /** Request group name, when known. */
  group?: string;
  name: string;
  /** ICRS J2000, degrees. */
  raDeg: number;
  decDeg: number;
  state: SkyTargetState;
}

/** sRGB 0…1 per state; readable on the night background and distinct for common colour blindness. */
export const TARGET_STATE_RGB: Record<SkyTargetState, [number, number, number]> = {
  pending: [0.62, 0.66, 0.75],
  scheduled: [0.3, 0.65, 1],
  running: [1, 0.78, 0.2],
  completed: [0.35, 0.85, 0.45],
  'not-visible': [0.45, 0.35, 0.4],
};
