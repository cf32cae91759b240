import { startHttpServer, type RunningHttpServer } from './api';
import type { CoreConfig } from './config';
import { createCore, type Core } from './core';

/** How long after listening the scheduler and executors start (lets a console load first). */
const BACKGROUND_START_DELAY_MS = 500;

export interface ServeHandle {
  core: Core;
  http: RunningHttpServer;
  stop(): Promise<void>;
}

/** The headless shell: the core plus the HTTP/WebSocket adapter serving the console. */
export async function serve(config: CoreConfig): Promise<ServeHandle> {
  const core = await createCore(config, 'serve', { deferBackground: true });
  let http: RunningHttpServer;
  try {
    http = await startHttpServer({
      dispatch: core.dispatch,
      bus: core.bus,
      token: core.token,
      bindAddress: config.bindAddress,
      port: config.port,
      rendererDir: config.rendererDir,
      logger: core.logger,
      routes: [...core.archive.routes, ...core.portal.routes],
    });
  } catch (error) {
    await core.shutdown();
    throw error;
  }
  core.logger.info('console served', { url: http.url });
  // Real time, not clock time: this is about the process's own start-up, whatever the clock.
  const settle = setTimeout(() => core.startBackground(), BACKGROUND_START_DELAY_MS);
  return {
    core,
    http,
    async stop() {
      clearTimeout(settle);
      await http.close();
      await core.shutdown();
    },
  };
}
