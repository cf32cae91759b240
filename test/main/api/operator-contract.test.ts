import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postIpc, startTestServer } from '../../helpers/serve-fixture';

interface Cfg { configurationStatusId: number; state: string; reason: string | null; exposureSummary: string; targetName: string; configurationType: string }
interface Obs { observationId: number; startUtcMs: number; configurations: Cfg[] }

describe('operator mode over the contract', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const OP = 'tfn.clma.0m4a';
  const ROBOTIC = 'tfn.doma.1m0a';
  beforeAll(async () => {
    server = await startTestServer();
    // Operator mode first, so the robotic executor does not start what the test marks.
    const set = await postIpc(server.http.url, 'executor.setMode', { telescopeId: OP, mode: 'operator' }, server.core.token);
    expect(set.json.ok).toBe(true);
    await server.core.scheduler.runNow();
  }, 60_000);
  afterAll(() => server.cleanup());

  const schedule = async (telescopeId: string): Promise<Obs[]> => {
    const r = await postIpc(server.http.url, 'operator.schedule', { telescopeId });
    expect(r.json.ok).toBe(true);
    return r.json.value.observations as Obs[];
  };

  it('lists the telescope schedule in time order with exposure summaries', async () => {
    const obs = await schedule(OP);
    expect(obs.length).toBeGreaterThan(0);
    for (let i = 1; i < obs.length; i++) expect(obs[i]!.startUtcMs).toBeGreaterThanOrEqual(obs[i - 1]!.startUtcMs);
    const c = obs[0]!.configurations[0]!;
    expect(c.targetName).not.toBe('');
    expect(c.exposureSummary).toMatch(/\d+×\d+(\.\d+)? s/);
    const unknown = await postIpc(server.http.url, 'operator.schedule', { telescopeId: 'nope' });
    expect(unknown.json.error.code).toBe('not_found');
  });

  it('marks a configuration FAILED with a reason and reads it back; refuses a repeat', async () => {
    const target = (await schedule(OP)).flatMap((o) => o.configurations).find((c) => c.state === 'PENDING');
    expect(target).toBeDefined();
    const id = target!.configurationStatusId;
    const noToken = await postIpc(server.http.url, 'operator.mark', { telescopeId: OP, configurationStatusId: id, state: 'FAILED', reason: 'clouds' });
    expect(noToken.json.error.code).toBe('auth.required');

    const missing = await postIpc(server.http.url, 'operator.mark', { telescopeId: OP, configurationStatusId: id, state: 'FAILED', reason: '  ' }, server.core.token);
    expect(missing.json.error.code).toBe('validation.invalid');
    expect(missing.json.error.details.reason).toBeDefined();

    const marked = await postIpc(server.http.url, 'operator.mark', { telescopeId: OP, configurationStatusId: id, state: 'FAILED', reason: 'dome shutter jammed' }, server.core.token);
    expect(marked.json.ok).toBe(true);
    expect(marked.json.value.state).toBe('FAILED');

    const back = (await schedule(OP)).flatMap((o) => o.configurations).find((c) => c.configurationStatusId === id);
    expect(back?.state).toBe('FAILED');
    expect(back?.reason).toBe('dome shutter jammed');

    const again = await postIpc(server.http.url, 'operator.mark', { telescopeId: OP, configurationStatusId: id, state: 'COMPLETED', reason: '' }, server.core.token);
    expect(again.json.error.code).toBe('conflict.state');
  });

  it('refuses marks on a telescope in robotic mode', async () => {
    const any = (await schedule(ROBOTIC)).flatMap((o) => o.configurations)[0];
    const id = any?.configurationStatusId ?? 1;
    const r = await postIpc(server.http.url, 'operator.mark', { telescopeId: ROBOTIC, configurationStatusId: id, state: 'COMPLETED', reason: '' }, server.core.token);
    expect(r.json.error.code).toBe('conflict.state');
    expect(r.json.error.message).toMatch(/robotic/);
  });
});
