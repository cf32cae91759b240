import { startHttpServer, type RunningHttpServer } from './api';
import type { CoreConfig } from './config';
import { createCore, type Core } from './core';

export interface ServeHandle {
  core: Core;
  http: RunningHttpServer;
  stop(): Promise<void>;
}

/** The headless shell: the core plus the HTTP/WebSocket adapter serving the console. */
export async function serve(config: CoreConfig): Promise<ServeHandle> {
  const core = await createCore(config, 'serve');
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
  return {
    core,
    http,
    async stop() {
      await http.close();
      await core.shutdown();
    },
  };
}
