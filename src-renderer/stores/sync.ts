/**
 * Wires a CoreClient to the stores: snapshots on start and on every (re)connect, then events.
 * Returns the function that undoes all of it.
 */
import type { EventEnvelope } from '../../src-shared/ipc/contract';
import type { CoreClient } from '../lib/transport';
import { useClockStore } from './clock';
import { useConnectionStore } from './connection';
import { useDevicesStore } from './devices';
import { useObservatoryStore } from './observatory';
import { useQueueStore } from './queue';
import { useTimelineStore } from './timeline';

/** Bursts of `queue.changed` (a reset touches every group) are folded into one reload after this delay, ms. */
const QUEUE_RELOAD_DELAY_MS = 250;

/** Monotonic wall time for clock interpolation (never the core's time). */
const wallNow = (): number => performance.now();

/** Loads every snapshot: app info, observatory, sky status, queue, devices, timeline. */
export async function refreshAll(client: CoreClient): Promise<void> {
  const info = async (): Promise<void> => {
    const answer = await client.invoke('app.info', {});
    if (!answer.ok) return;
    useConnectionStore.getState().setAppInfo(answer.value);
    useClockStore.getState().setSpeed(answer.value.clockSpeed);
  };
  const sky = async (): Promise<void> => {
    const answer = await client.invoke('sky.status', {});
    if (answer.ok) useClockStore.getState().applyTick(answer.value, wallNow());
  };
  await Promise.all([
    info(),
    sky(),
    useObservatoryStore.getState().refresh(client),
    useQueueStore.getState().refresh(client),
    useDevicesStore.getState().refresh(client),
    useTimelineStore.getState().refresh(client),
  ]);
}

export function startSync(client: CoreClient): () => void {
  const connection = useConnectionStore.getState();
  connection.setKind(client.kind);
  connection.setInfo(client.connection);
  let queueTimer: ReturnType<typeof setTimeout> | null = null;
  let lastState = client.connection.state;

  const onEvent = (envelope: EventEnvelope): void => {
    switch (envelope.event) {
      case 'clock.tick':
        useClockStore.getState().applyTick((envelope as EventEnvelope<'clock.tick'>).payload, wallNow());
        return;
      case 'devices.changed':
        useDevicesStore.getState().applyChange((envelope as EventEnvelope<'devices.changed'>).payload);
        return;
      case 'queue.changed':
        if (queueTimer !== null) return;
        queueTimer = setTimeout(() => {
          queueTimer = null;
          void useQueueStore.getState().refresh(client);
        }, QUEUE_RELOAD_DELAY_MS);
        return;
      case 'timeline.changed':
      case 'schedule.changed':
        void useTimelineStore.getState().refresh(client);
        return;
      default:
        // Executor, safety and frame events feed the views that show them (they subscribe themselves).
        return;
    }
  };

  const offEvent = client.onEvent(onEvent);
  const offConnection = client.onConnection((info) => {
    useConnectionStore.getState().setInfo(info);
    // Events were missed while the socket was down (or before it first opened): reload every snapshot.
    if (info.state === 'open' && lastState !== 'open') void refreshAll(client);
    lastState = info.state;
  });
  void refreshAll(client);

  return () => {
    offEvent();
    offConnection();
    if (queueTimer !== null) clearTimeout(queueTimer);
    queueTimer = null;
  };
}
