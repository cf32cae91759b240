/**
 * The core's clock as last ticked (`clock.tick` / `sky.status`): site, Sun altitude, night phase, and
 * the anchor the display interpolates from. The clock speed comes from `app.info`.
 */
import { create } from 'zustand';
import type { SkyStatus } from '../../src-shared/ipc/contract';
import type { ClockAnchor } from '../lib/clock-interp';

export interface ClockState {
  status: SkyStatus | null;
  anchor: ClockAnchor | null;
  /** Core clock rate relative to real time (1 = real time). */
  speed: number;
}

export interface ClockStore extends ClockState {
  applyTick: (status: SkyStatus, receivedWallMs: number) => void;
  setSpeed: (speed: number) => void;
}

/** Takes a tick: it becomes the status and the new interpolation anchor. */
export function reduceTick(state: ClockState, status: SkyStatus, receivedWallMs: number): ClockState {
  return { ...state, status, anchor: { utcMs: status.utcMs, receivedWallMs } };
}

/** Sets the clock rate; a non-finite or negative speed is treated as stopped (0). */
export function reduceSpeed(state: ClockState, speed: number): ClockState {
  return { ...state, speed: Number.isFinite(speed) && speed > 0 ? speed : 0 };
}

export const INITIAL_CLOCK: ClockState = { status: null, anchor: null, speed: 1 };

export const useClockStore = create<ClockStore>()((set) => ({
  ...INITIAL_CLOCK,
  applyTick: (status, receivedWallMs) => set((s) => reduceTick(s, status, receivedWallMs)),
  setSpeed: (speed) => set((s) => reduceSpeed(s, speed)),
}));
