/**
 * When normal passes run: a debounced request (the quiet time after the last trigger, on the
 * clock) or a direct one; triggers that arrive before a queued pass starts ride along with it.
 */
import type { Clock } from '../../clock';
import type { Logger } from '../../logging';
import { errorText } from './pass-context';
import type { RunLanes } from './run-lanes';
import type { RunSummary } from './runs-repo';

export interface NormalTriggerOptions {
  clock: Clock;
  lanes: RunLanes;
  log: Logger;
  /** Quiet time before a debounced pass, clock ms. */
  debounceMs: number;
  /** The pass; `skippable`: it may keep the stored plan when nothing it stands on changed. */
  pass(trigger: string, skippable: boolean): Promise<RunSummary>;
}

export interface NormalTrigger {
  /** Queues a pass (or joins the queued one). Debounced triggers pass `skippable`; any other forces a solve. */
  queue(trigger: string, skippable?: boolean): Promise<RunSummary>;
  /** Asks for a debounced pass: a new request restarts the quiet time. */
  request(trigger: string): void;
  /** Drops a pending debounce. */
  cancel(): void;
  /** True while a pass is queued and not yet started. */
  queued(): boolean;
}

export function createNormalTrigger(o: NormalTriggerOptions): NormalTrigger {
  let normalQueued: Promise<RunSummary> | null = null;
  let forceQueued = false;
  let debounce: AbortController | null = null;

  const queue = (trigger: string, skippable = false): Promise<RunSummary> => {
    // Triggers that arrive before a queued run starts ride along with it; one that must solve wins.
    if (!skippable) forceQueued = true;
    normalQueued ??= o.lanes.normal(() => {
      normalQueued = null;
      const force = forceQueued;
      forceQueued = false;
      return o.pass(trigger, !force);
    });
    return normalQueued;
  };

  const request = (trigger: string): void => {
    debounce?.abort();
    const ctl = new AbortController();
    debounce = ctl;
    o.clock.sleep(o.debounceMs, ctl.signal).then(
      () => {
        if (debounce === ctl) debounce = null;
        queue(trigger, true).catch((error: unknown) => o.log.error('scheduler run failed', { error: errorText(error) }));
      },
      () => undefined,
    );
  };

  return {
    queue,
    request,
    cancel() {
      debounce?.abort();
      debounce = null;
    },
    queued: () => normalQueued !== null,
  };
}
