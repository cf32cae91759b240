import { CHANNEL_PREFIX, EVENT_CHANNEL, type EventEnvelope } from '../../src-shared/ipc/contract';
import type { Dispatch } from './dispatch';

/** The few members of Electron's ipcMain and WebContents the router uses (so the core needs no electron import). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: { url: string } | null; sender: { id: number } }, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}
export interface WebContentsLike {
  id: number;
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/**
 * Serves the contract over Electron IPC: one `ns:<name>` channel per invocation. Calls are
 * accepted only from our own windows (`isTrustedSender`), and events are pushed on `ns:event`.
 */
export function registerIpcRouter(options: {
  ipcMain: IpcMainLike;
  channels: readonly string[];
  dispatch: Dispatch;
  isTrustedSender: (senderId: number, frameUrl: string | null) => boolean;
}): () => void {
  const { ipcMain, dispatch } = options;
  for (const name of options.channels) {
    const channel = `${CHANNEL_PREFIX}${name}`;
    ipcMain.handle(channel, async (event, input) => {
      if (!options.isTrustedSender(event.sender.id, event.senderFrame?.url ?? null)) {
        return { ok: false, error: { code: 'auth.invalid', message: 'Untrusted sender' } };
      }
      return dispatch(name, input, { canWrite: true, via: 'electron' });
    });
  }
  return () => options.channels.forEach((name) => ipcMain.removeHandler(`${CHANNEL_PREFIX}${name}`));
}

/** Pushes one event to a window, unless it has gone. */
export function sendEvent(target: WebContentsLike, envelope: EventEnvelope): void {
  if (!target.isDestroyed()) target.send(EVENT_CHANNEL, envelope);
}
