/** Load state shared by the snapshot stores. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** Fields every snapshot store carries beside its data. */
export interface LoadState {
  status: LoadStatus;
  /** Message of the last failed load; null after a success. */
  error: string | null;
  /** Number of the latest load started; answers of older loads are dropped. */
  seq: number;
}

export const INITIAL_LOAD: LoadState = { status: 'idle', error: null, seq: 0 };

/** Marks a load as started; returns the new state (its `seq` identifies the load). */
export function reduceLoadStart<S extends LoadState>(state: S): S {
  return { ...state, status: 'loading', seq: state.seq + 1 };
}
