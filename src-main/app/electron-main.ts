/**
 * The desktop shell: Electron's main process. Thin on purpose — it builds the same core as
 * `serve`, opens one locked-down window and carries the contract over IPC.
 */
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { invocations } from '../../src-shared/ipc/contract';
import { parseCoreFlags } from '../config';
import { createCore, type Core } from '../core';
import { registerIpcRouter, sendEvent } from '../ipc/router';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = resolve(here, '../renderer');
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : resolve(here, '../../resources');
const indexUrl = pathToFileURL(join(rendererDir, 'index.html')).href;

let core: Core | null = null;

async function startDesktop(): Promise<void> {
  const config = parseCoreFlags(process.argv.slice(app.isPackaged ? 1 : 2), { rendererDir, resourcesDir });
  core = await createCore(config, 'desktop');

  // Strict CSP for everything the window loads (the page also carries it in a meta tag).
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        // Survey hosts only for the atlas (aladin-lite): tiles as images and fetches; its WASM core needs wasm-unsafe-eval.
        'Content-Security-Policy': ["default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https://alasky.cds.unistra.fr https://alaskybis.cds.unistra.fr; connect-src 'self' data: https://alasky.cds.unistra.fr https://alaskybis.cds.unistra.fr; object-src 'none'"],
      },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    backgroundColor: '#0b0e14',
    title: 'Nightshift',
    webPreferences: {
      preload: resolve(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  // Navigation is locked to the console; links open in the system browser.
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== indexUrl) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });

  registerIpcRouter({
    ipcMain,
    channels: Object.keys(invocations),
    dispatch: core.dispatch,
    isTrustedSender: (senderId, frameUrl) => senderId === win.webContents.id && frameUrl !== null && frameUrl.startsWith(indexUrl),
  });
  const unsubscribe = core.bus.onAny((event, payload) => sendEvent(win.webContents, { event, payload }));
  win.on('closed', () => unsubscribe());
  await win.loadURL(indexUrl);
}

app.on('window-all-closed', () => app.quit());
app.on('will-quit', (event) => {
  if (core) {
    event.preventDefault();
    const c = core;
    core = null;
    void c.shutdown().finally(() => app.exit(0));
  }
});

app
  .whenReady()
  .then(startDesktop)
  .catch((error: unknown) => {
    console.error('Nightshift failed to start:', error);
    app.exit(1);
  });
