/** React hook: feeds the Night page's live store from the core (snapshots, events, observation details). */
import { useEffect } from 'react';
import type { EventEnvelope } from '../../../src-shared/ipc/contract';
import type { CoreClient } from '../../lib/transport';
import { useNightLiveStore } from './night-live-store';

export function useNightLive(client: CoreClient): void {
  useEffect(() => {
    const store = useNightLiveStore.getState;
    const load = async (): Promise<void> => {
      await store().refresh(client);
      await store().loadDetails(client);
    };
    void load();
    const offEvent = client.onEvent((envelope: EventEnvelope) => {
      if (envelope.event === 'executor.changed') {
        const next = (envelope as EventEnvelope<'executor.changed'>).payload;
        const prev = store().executors[next.telescopeId];
        store().applyExecutor(next);
        if (next.observationId === null) return;
        // A new configuration of the same observation: the previous one's state changed, fetch again.
        const sameObservation = prev !== undefined && prev.observationId === next.observationId;
        if (sameObservation && prev.configurationStatusId !== next.configurationStatusId) void store().reloadDetail(client, next.observationId);
        else void store().loadDetails(client);
      } else if (envelope.event === 'safety.changed') {
        store().applySafety((envelope as EventEnvelope<'safety.changed'>).payload);
      }
    });
    // Events were missed while the link was down: take fresh snapshots.
    const offConnection = client.onConnection((info) => {
      if (info.state === 'open') void load();
    });
    return () => {
      offEvent();
      offConnection();
    };
  }, [client]);
}
