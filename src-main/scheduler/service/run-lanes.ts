/**
 * The service's serial lanes: normal runs one at a time, rapid-response runs one at a time in a
 * lane of their own (so a rapid response never waits for a normal solve), and stores one at a
 * time across both. Each run holds the clock (a simulated clock does not advance under a run).
 */
import { AppError } from '../../../src-shared/errors';
import { holdDuring, type Clock } from '../../clock';

export interface RunLanes {
  /** Runs `fn` after every normal run queued before it; rejects with conflict.state after stop(). */
  normal<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` after every rapid-response run queued before it; rejects with conflict.state after stop(). */
  rapid<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` when no other store is in progress. */
  store<T>(fn: () => Promise<T>): Promise<T>;
  /** Nothing new starts from now on. */
  stop(): void;
  stopped(): boolean;
  /** Resolves when both run lanes are empty. */
  drained(): Promise<void>;
  /** Resolves when both run lanes are empty and stay so, and `queued()` is false (a run may queue another). */
  idle(queued: () => boolean): Promise<void>;
}

export function createRunLanes(clock: Clock): RunLanes {
  let stopped = false;
  let chain: Promise<unknown> = Promise.resolve();
  let rapidChain: Promise<unknown> = Promise.resolve();
  let storeChain: Promise<unknown> = Promise.resolve();
  // After stop() nothing new starts: the database and worker are going away.
  const start = <T>(label: string, fn: () => Promise<T>): Promise<T> => (stopped ? Promise.reject(new AppError('conflict.state', 'The scheduler has stopped')) : holdDuring(clock, label, fn));
  return {
    normal(fn) {
      const p = chain.then(() => start('scheduler run', fn));
      chain = p.catch(() => undefined);
      return p;
    },
    rapid(fn) {
      const p = rapidChain.then(() => start('scheduler rapid-response run', fn));
      rapidChain = p.catch(() => undefined);
      return p;
    },
    store(fn) {
      const p = storeChain.then(fn);
      storeChain = p.catch(() => undefined);
      return p;
    },
    stop() {
      stopped = true;
    },
    stopped: () => stopped,
    async drained() {
      await chain;
      await rapidChain;
    },
    async idle(queued) {
      for (;;) {
        const c = chain;
        const r = rapidChain;
        await Promise.all([c, r]);
        if (c === chain && r === rapidChain && !queued()) return;
      }
    },
  };
}
