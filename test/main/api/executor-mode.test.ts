import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postIpc, startTestServer } from '../../helpers/serve-fixture';

describe('executor mode over the contract', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.cleanup());

  it('lists one executor per demo telescope and switches one to operator mode with the token only', async () => {
    const status = await postIpc(server.http.url, 'executor.status', {});
    expect(status.json.ok).toBe(true);
    const ids = status.json.value.executors.map((e: { telescopeId: string }) => e.telescopeId).sort();
    expect(ids).toEqual(['tfn.clma.0m4a', 'tfn.doma.1m0a']);

    const denied = await postIpc(server.http.url, 'executor.setMode', { telescopeId: 'tfn.clma.0m4a', mode: 'operator' });
    expect(denied.json.error.code).toBe('auth.required');

    const set = await postIpc(server.http.url, 'executor.setMode', { telescopeId: 'tfn.clma.0m4a', mode: 'operator' }, server.core.token);
    expect(set.json.ok).toBe(true);
    expect(set.json.value.mode).toBe('operator');
    const after = await postIpc(server.http.url, 'executor.status', {});
    const modes = Object.fromEntries(after.json.value.executors.map((e: { telescopeId: string; mode: string }) => [e.telescopeId, e.mode]));
    expect(modes['tfn.clma.0m4a']).toBe('operator');
    expect(modes['tfn.doma.1m0a']).not.toBe('operator');

    const unknown = await postIpc(server.http.url, 'executor.setMode', { telescopeId: 'nope', mode: 'operator' }, server.core.token);
    expect(unknown.json.error.code).toBe('not_found');
  });
});
