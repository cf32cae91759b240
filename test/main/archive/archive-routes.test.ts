import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningHttpServer } from '../../../src-main/api';
import { PNG_SIGNATURE } from '../../../src-main/archive';
import type { FrameDict, Page, WrittenFrame } from '../../../src-main/archive';
import { EventBus } from '../../../src-main/events/bus';
import { createMemoryLogger } from '../../../src-main/logging';
import { START_MS, archiveFixture, type ArchiveFixture } from '../../helpers/archive-fixture';

const TOKEN = 'b'.repeat(48);
const HOUR = 3_600_000;

describe('archive HTTP API at the host root', () => {
  let fx: ArchiveFixture;
  let http: RunningHttpServer;
  let publicFrame: WrittenFrame;
  let privateFrame: WrittenFrame;
  let biasFrame: WrittenFrame;
  const memberToken = 'member-token-1';

  const get = async (path: string, token: string | null = null): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(path.startsWith('http') ? path : `${http.url}${path}`, { headers: token === null ? {} : { Authorization: `Token ${token}` } });
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  };

  beforeAll(async () => {
    fx = await archiveFixture();
    // Public: its L1PUBDAT has passed. Private: a year ahead, proposal TEST-002.
    publicFrame = await fx.write({ frameNumber: 1, publicUtcMs: START_MS - HOUR, targetName: 'NGC 2070', requestId: 7 });
    privateFrame = await fx.write({ frameNumber: 2, proposalId: 'TEST-002', requestId: 7, startUtcMs: Date.UTC(2026, 10, 21, 23) });
    biasFrame = await fx.write({ frameNumber: 3, configurationType: 'BIAS', targetName: null, filter: null, pointing: null, publicUtcMs: START_MS - HOUR, requestId: 8 });
    for (const w of [publicFrame, privateFrame, biasFrame]) await fx.archive.recordFrame(w);
    // A portal user who is a member of TEST-002 (tables from migration 0002).
    const raw = fx.database.raw;
    raw.prepare("insert into proposals (id, title, tac_priority, active, body_json) values ('TEST-002', 't', 10, 1, '{}')").run();
    const uid = Number(raw.prepare("insert into users (username, created_utc_ms) values ('bob', 0)").run().lastInsertRowid);
    raw.prepare('insert into api_tokens (key, user_id, created_utc_ms) values (?, ?, 0)').run(memberToken, uid);
    raw.prepare("insert into memberships (proposal_id, user_id, role) values ('TEST-002', ?, 'CI')").run(uid);
    http = await startHttpServer({
      dispatch: () => Promise.resolve({ ok: false, error: { code: 'not_found', message: 'no ipc here' } }),
      bus: new EventBus(),
      token: TOKEN,
      bindAddress: '127.0.0.1',
      port: 0,
      rendererDir: null,
      logger: createMemoryLogger(),
      routes: fx.archive.routes,
    });
  });
  afterAll(async () => {
    await http.close();
    await fx.close();
  });

  it('lists public frames to anyone, members their proposals, and everything to the access token', async () => {
    const anon = (await get('/frames/')).body as Page<FrameDict>;
    expect(anon.results.map((f) => f.basename).sort()).toEqual([publicFrame.basename, biasFrame.basename].sort());
    const member = (await get('/frames/', memberToken)).body as Page<FrameDict>;
    expect(member.count).toBe(3);
    const all = (await get('/frames', TOKEN)).body as Page<FrameDict>;
    expect(all.count).toBe(3);
    // Default ordering is -observation_date.
    const dates = all.results.map((f) => Date.parse(f.DATE_OBS));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    expect((await get('/frames/', 'not-a-token')).status).toBe(401);
    expect((await get(`/frames/${all.results.find((f) => f.basename === privateFrame.basename)?.id}/`)).status).toBe(404);
  });

  it('serves what TOM reads: REQNUM filter, limit/offset pages with absolute next links, DATE_OBS, filename, url', async () => {
    const seen: FrameDict[] = [];
    let next: string | null = `${http.url}/frames/?REQNUM=7&limit=1`;
    let pages = 0;
    while (next !== null) {
      const page: Page<FrameDict> = (await get(next, TOKEN)).body as Page<FrameDict>;
      expect(page.count).toBe(2);
      seen.push(...page.results);
      next = page.next;
      if (next !== null) expect(next.startsWith(http.url)).toBe(true);
      pages++;
    }
    expect(pages).toBe(2);
    expect(seen.map((f) => f.basename).sort()).toEqual([publicFrame.basename, privateFrame.basename].sort());
    const f = seen.find((x) => x.basename === publicFrame.basename) as FrameDict;
    expect(f.DATE_OBS).toBe('2026-11-21T22:00:00.000000Z');
    expect(f.REQNUM).toBe(7);
    expect(f.filename).toBe(`${publicFrame.basename}.fits`);
    expect(f.version_set[0]?.md5).toBe(publicFrame.md5);
    expect(f.area?.type).toBe('Polygon');

    // The url downloads the exact file with no auth header (as TOM's plain requests.get does).
    const res = await fetch(f.url ?? '');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/fits');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(readFileSync(publicFrame.absolutePath))).toBe(true);
    expect(createHash('md5').update(bytes).digest('hex')).toBe(publicFrame.md5);
    expect((await fetch(f.url ?? '', { method: 'HEAD' })).headers.get('content-length')).toBe(String(bytes.length));

    // A tampered or re-targeted link is refused.
    const url = new URL(f.url ?? '');
    const tampered = new URL(url);
    tampered.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
    expect((await fetch(tampered)).status).toBe(403);
    const otherId = new URL(url);
    otherId.pathname = otherId.pathname.replace(/\/frame-files\/(\d+)\//, (_m, id: string) => `/frame-files/${Number(id) + 1}/`);
    expect((await fetch(otherId)).status).toBe(403);
  });

  it('filters by the legacy and new names and refuses bad input with field errors', async () => {
    const bias = (await get('/frames/?OBSTYPE=BIAS', TOKEN)).body as Page<FrameDict>;
    expect(bias.results.map((f) => f.basename)).toEqual([biasFrame.basename]);
    expect(((await get('/frames/?exclude_calibrations=true', TOKEN)).body as Page<FrameDict>).count).toBe(2);
    expect(((await get('/frames/?target_name=ngc', TOKEN)).body as Page<FrameDict>).results.map((f) => f.basename)).toEqual([publicFrame.basename]);
    expect(((await get('/frames/?PROPID=TEST-002', TOKEN)).body as Page<FrameDict>).count).toBe(1);
    expect(((await get('/frames/?public=false')).body as Page<FrameDict>).count).toBe(0);
    expect(((await get('/frames/?covers=POINT(83.82 -5.39)', TOKEN)).body as Page<FrameDict>).count).toBe(2);
    const bad = await get('/frames/?covers=nowhere&ordering=-nonsense', TOKEN);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body as object).sort()).toEqual(['covers', 'ordering']);
  });

  it('serves one frame, its headers, aggregate, versions by md5 and thumbnails', async () => {
    const all = (await get('/frames/?include_thumbnails=true', TOKEN)).body as Page<FrameDict>;
    const pub = all.results.find((f) => f.basename === publicFrame.basename) as FrameDict;
    const one = (await get(`/frames/${pub.id}/`)).body as FrameDict;
    expect(one.basename).toBe(publicFrame.basename);
    const headers = (await get(`/frames/${pub.id}/headers/`)).body as { data: Record<string, unknown> };
    expect(headers.data).toMatchObject({ PROPID: 'TEST-001', REQNUM: 7, OBJECT: 'NGC 2070', 'DAY-OBS': '20261121', CTYPE1: 'RA---TAN' });
    expect((await get(`/frames/${pub.id}/related/`)).body).toEqual([]);

    const agg = (await get('/frames/aggregate/', TOKEN)).body as Record<string, string[]>;
    expect(agg).toEqual({ sites: ['tst'], telescopes: ['1m0a'], filters: ['V'], instruments: ['xx01'], obstypes: ['BIAS', 'EXPOSE'], proposals: ['TEST-001', 'TEST-002'] });
    expect(((await get('/frames/aggregate/')).body as Record<string, string[]>).proposals).toEqual(['TEST-001']);

    const versions = (await get(`/versions/?md5=${privateFrame.md5}`, TOKEN)).body as Page<{ md5: string }>;
    expect(versions.count).toBe(1);
    expect(((await get(`/versions/?md5=${privateFrame.md5}`)).body as Page<unknown>).count).toBe(0);
    expect((await get('/versions/')).status).toBe(400);

    expect(pub.thumbnails?.length).toBe(1);
    const thumbs = (await get(`/thumbnails/?frame_basename=${publicFrame.basename}`)).body as Page<{ url: string; size: string; frame: number }>;
    expect(thumbs.count).toBe(1);
    expect(thumbs.results[0]?.frame).toBe(pub.id);
    const png = Buffer.from(await (await fetch(thumbs.results[0]?.url ?? '')).arrayBuffer());
    expect([...png.subarray(0, 8)]).toEqual([...PNG_SIGNATURE]);
    // Written without fsync, a thumbnail a power cut cut short is made again before it is sent.
    const thumbPath = join(fx.archiveRoot, ...(publicFrame.thumbnailPath ?? 'x').split('/'));
    writeFileSync(thumbPath, png.subarray(0, 30));
    const again = Buffer.from(await (await fetch(thumbs.results[0]?.url ?? '')).arrayBuffer());
    expect(again.equals(png)).toBe(true);
    expect(((await get(`/thumbnails/?frame_basename=${publicFrame.basename}&size=large`)).body as Page<unknown>).count).toBe(0);
  });

  it('links expire after about 48 hours of clock time', async () => {
    const page = (await get(`/frames/?basename_exact=${biasFrame.basename}`)).body as Page<FrameDict>;
    const link = page.results[0]?.url ?? '';
    expect((await fetch(link)).status).toBe(200);
    await fx.clock.advance(47 * HOUR);
    expect((await fetch(link)).status).toBe(200);
    await fx.clock.advance(2 * HOUR);
    const expired = await fetch(link);
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as { detail: string }).detail).toMatch(/expired/);
  });
});
