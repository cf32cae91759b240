import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFits, headerValue, obstypeLetter, serializeHeader, verifyFitsChecksum } from '../../../src-main/archive';
import { postIpc, startTestServer } from '../../helpers/serve-fixture';

/** A 16 × 12 BITPIX 16 frame as another capture program writes it (signed pixels, its own keys, no checksums). */
function handTakenFits(path: string, dateObs: string): Int16Array {
  const pixels = Int16Array.from({ length: 16 * 12 }, (_, i) => ((i * 613) % 3000) - 200);
  const header = serializeHeader([
    { key: 'SIMPLE', value: true },
    { key: 'BITPIX', value: 16 },
    { key: 'NAXIS', value: 2 },
    { key: 'NAXIS1', value: 16 },
    { key: 'NAXIS2', value: 12 },
    { key: 'DATE-OBS', value: dateObs },
    { key: 'EXPTIME', value: 30 },
    { key: 'INSTRUME', value: 'QHY600M' },
    { key: 'SWCREATE', value: 'N.I.N.A. 3.1' },
  ]);
  const data = Buffer.alloc(2880);
  pixels.forEach((v, i) => data.writeInt16BE(v, i * 2));
  writeFileSync(path, Buffer.concat([header, data]));
  return pixels;
}

interface Cfg { configurationStatusId: number; state: string; reason: string | null; exposureSummary: string; targetName: string; configurationType: string; instrumentName: string }
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

  it('ingests the operator\'s frames into the archive before marking, and refuses a bad file without marking', async () => {
    const pending = (await schedule(OP)).flatMap((o) => o.configurations).filter((c) => c.state === 'PENDING');
    const target = pending[0];
    expect(target).toBeDefined();
    const id = target!.configurationStatusId;
    const inbox = join(server.dataDir, 'operator-inbox');
    mkdirSync(inbox, { recursive: true });
    const good = join(inbox, 'm42_0001.fits');
    const pixels = handTakenFits(good, '2026-11-21T22:31:00.5');
    const notFits = join(inbox, 'm42_0002.fits');
    writeFileSync(notFits, 'this is a JPEG, honest'.repeat(200));

    const refused = await postIpc(server.http.url, 'operator.mark', { telescopeId: OP, configurationStatusId: id, state: 'COMPLETED', reason: '', framePaths: [good, notFits] }, server.core.token);
    expect(refused.json.ok).toBe(false);
    expect(refused.json.error.code).toBe('validation.invalid');
    expect(refused.json.error.details['frames.1'][0]).toMatch(/m42_0002\.fits: not a FITS file/);
    expect(refused.json.error.details['frames.0']).toBeUndefined();
    // Nothing marked, nothing archived.
    expect((await schedule(OP)).flatMap((o) => o.configurations).find((c) => c.configurationStatusId === id)?.state).toBe('PENDING');
    expect(await server.core.archive.repo.count()).toBe(0);

    const marked = await postIpc(server.http.url, 'operator.mark', { telescopeId: OP, configurationStatusId: id, state: 'COMPLETED', reason: '', framePaths: [good] }, server.core.token);
    expect(marked.json.ok).toBe(true);
    expect(marked.json.value.state).toBe('COMPLETED');

    // The status summary names the archived frame.
    const row = await server.core.database.db.selectFrom('configuration_statuses').innerJoin('observations', 'observations.id', 'configuration_statuses.observation_id').select(['configuration_statuses.summary_json', 'observations.id as observationId', 'observations.request_id as requestId']).where('configuration_statuses.id', '=', id).executeTakeFirstOrThrow();
    const summary = JSON.parse(row.summary_json ?? '{}') as { events?: { frames?: string[] }[] };
    const named = (summary.events ?? []).flatMap((e) => e.frames ?? []);
    expect(named.length).toBeGreaterThan(0);
    const basename = named[0]!;
    // Named like a robotic frame: site+telescope, instrument, DAY-OBS of the file's DATE-OBS, number, type letter.
    expect(basename).toMatch(new RegExp(`^tfn0m4a-${target!.instrumentName}-20261121-\\d{4}-${obstypeLetter(target!.configurationType)}00$`));

    // The Data page's list and the science-archive API both show it under the request.
    const listed = await postIpc(server.http.url, 'frames.list', { requestId: row.requestId }, server.core.token);
    expect(listed.json.ok).toBe(true);
    expect(JSON.stringify(listed.json.value)).toContain(basename);
    const api = await fetch(`${server.http.url}/frames/?REQNUM=${row.requestId}`, { headers: { Authorization: `Token ${server.core.token}` } });
    const page = (await api.json()) as { count: number; results: { basename: string }[] };
    expect(page.results.map((f) => f.basename)).toEqual([basename]);

    // The archived file: archive keys from the configuration, the file's own time, the same pixels.
    const stored = await server.core.archive.repo.getFrameByBasename(basename);
    const bytes = new Uint8Array(readFileSync(join(server.core.archive.archiveRoot, ...(stored?.versions[0]?.key ?? 'x').split('/'))));
    expect(verifyFitsChecksum(bytes)).toEqual({ datasum: 'ok', checksum: 'ok' });
    const hdu = decodeFits(bytes);
    expect(headerValue(hdu.cards, 'BLKUID')).toBe(row.observationId);
    expect(headerValue(hdu.cards, 'REQNUM')).toBe(row.requestId);
    expect(headerValue(hdu.cards, 'SITEID')).toBe('tfn');
    expect(headerValue(hdu.cards, 'TELID')).toBe('0m4a');
    expect(headerValue(hdu.cards, 'OBSTYPE')).toBe(target!.configurationType);
    expect(headerValue(hdu.cards, 'OBJECT')).toBe(target!.targetName);
    expect(headerValue(hdu.cards, 'INSTRUME')).toBe(target!.instrumentName);
    expect(headerValue(hdu.cards, 'DATE-OBS')).toBe('2026-11-21T22:31:00.5');
    expect(headerValue(hdu.cards, 'SWCREATE')).toBe('N.I.N.A. 3.1');
    expect(headerValue(hdu.cards, 'INGESTBY')).toBe('operator');
    expect(Array.from(hdu.data ?? [])).toEqual(Array.from(pixels));
  });

  it('refuses marks on a telescope in robotic mode', async () => {
    const any = (await schedule(ROBOTIC)).flatMap((o) => o.configurations)[0];
    const id = any?.configurationStatusId ?? 1;
    const r = await postIpc(server.http.url, 'operator.mark', { telescopeId: ROBOTIC, configurationStatusId: id, state: 'COMPLETED', reason: '' }, server.core.token);
    expect(r.json.error.code).toBe('conflict.state');
    expect(r.json.error.message).toMatch(/robotic/);
  });
});
