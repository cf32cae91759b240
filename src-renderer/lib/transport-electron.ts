/** CoreClient over the Electron preload bridge (`window.nightshift`). */
import type { InvocationInput, InvocationName, InvocationOutput } from '../../src-shared/ipc/contract';
import type { Result } from '../../src-shared/ipc/result';
import { err } from '../../src-shared/ipc/result';
import type { ConnectionHandler, ConnectionInfo, CoreClient, EventHandler } from './transport';
import { dispatch, isResultShape, parseEnvelope, validateInput } from './transport';

/** What the preload exposes; declared here structurally so the console never imports preload code. */
export interface NightshiftBridge {
  kind: 'electron';
  invoke(name: string, input: unknown): Promise<unknown>;
  /** Envelopes arrive unchecked; the client validates them against the contract. */
  onEvent(handler: (envelope: unknown) => void): () => void;
}

/** The preload bridge on `globalThis`, or null when running in a plain browser. */
export function findBridge(scope: unknown = globalThis): NightshiftBridge | null {
  const candidate = (scope as { nightshift?: unknown }).nightshift;
  if (typeof candidate !== 'object' || candidate === null) return null;
  const b = candidate as Partial<NightshiftBridge>;
  return b.kind === 'electron' && typeof b.invoke === 'function' && typeof b.onEvent === 'function'
    ? (candidate as NightshiftBridge)
    : null;
}

const OPEN: ConnectionInfo = { state: 'open', attempt: 0, retryInMs: null, lastError: null };

export function createElectronClient(bridge: NightshiftBridge): CoreClient {
  const handlers = new Set<EventHandler>();
  let unsubscribeBridge: (() => void) | null = bridge.onEvent((raw) => {
    const envelope = parseEnvelope(raw);
    if (envelope !== null) dispatch(handlers, envelope);
  });
  return {
    kind: 'electron',
    connection: OPEN,
    async invoke<N extends InvocationName>(name: N, input: InvocationInput<N>): Promise<Result<InvocationOutput<N>>> {
      const checked = validateInput(name, input);
      if (!checked.ok) return checked;
      try {
        const answer = await bridge.invoke(name, checked.value);
        if (isResultShape(answer)) return answer as Result<InvocationOutput<N>>;
        return err({ code: 'internal', message: `Unexpected answer from the core for ${name}` });
      } catch (thrown) {
        return err({ code: 'internal', message: thrown instanceof Error ? thrown.message : String(thrown) });
      }
    },
    onEvent(handler: EventHandler): () => void {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    onConnection(_handler: ConnectionHandler): () => void {
      // IPC to the local core cannot drop while the window lives.
      return () => undefined;
    },
    close(): void {
      unsubscribeBridge?.();
      unsubscribeBridge = null;
      handlers.clear();
    },
  };
}
