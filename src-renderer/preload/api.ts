/**
 * The only file of the console that touches Electron IPC. It exposes a tiny, typed-by-contract
 * bridge: invoke a contract entry by name, and listen to contract events. Channel names are
 * checked here and again in the main process's router.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const CHANNEL_PREFIX = 'ns:';
const EVENT_CHANNEL = 'ns:event';
const NAME = /^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/;

const bridge = {
  kind: 'electron' as const,
  invoke(name: string, input: unknown): Promise<unknown> {
    if (typeof name !== 'string' || !NAME.test(name)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'not_found', message: `Unknown invocation "${String(name)}"` },
      });
    }
    return ipcRenderer.invoke(`${CHANNEL_PREFIX}${name}`, input);
  },
  onEvent(handler: (envelope: unknown) => void): () => void {
    const listener = (_event: IpcRendererEvent, envelope: unknown): void => handler(envelope);
    ipcRenderer.on(EVENT_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, listener);
    };
  },
};

contextBridge.exposeInMainWorld('nightshift', bridge);
