import { resolve } from 'node:path';
import type { CoreConfig } from '../../src-main/config';
import { serve, type ServeHandle } from '../../src-main/serve';
import { makeTempDir } from './temp-dir';

export const RESOURCES_DIR = resolve(import.meta.dirname, '../../resources');

/** A real core + HTTP server on a free loopback port with a fresh data dir. */
export async function startTestServer(overrides: Partial<CoreConfig> = {}): Promise<ServeHandle & { dataDir: string; cleanup(): Promise<void> }> {
  const dir = makeTempDir();
  const handle = await serve({
    dataDir: dir.path,
    port: 0,
    bindAddress: '127.0.0.1',
    simulate: true,
    speed: 0,
    simStartMs: Date.parse('2026-11-21T22:00:00Z'),
    faults: null,
    seedDemo: true,
    rendererDir: null,
    resourcesDir: RESOURCES_DIR,
    ...overrides,
  });
  return {
    ...handle,
    dataDir: dir.path,
    async cleanup() {
      await handle.stop();
      dir.remove();
    },
  };
}

export async function postIpc(baseUrl: string, name: string, body: unknown, token?: string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${baseUrl}/ipc/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Token ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}
