/** Picks the CoreClient for this shell: the Electron bridge when present, otherwise HTTP + WebSocket to our own origin. */
import { findBridge, createElectronClient } from './transport-electron';
import { browserOptions, createWebClient } from './transport-web';
import type { CoreClient } from './transport';
import { takeToken } from './token';

export function createCoreClient(): CoreClient {
  const bridge = findBridge();
  if (bridge !== null) return createElectronClient(bridge);
  const token = takeToken(window.location, window.history, window.sessionStorage);
  return createWebClient(browserOptions(window.location, () => token));
}
