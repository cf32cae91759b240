import { describe, expect, it } from 'vitest';
import {
  archiveRelativePath,
  compareFrames,
  frameBasename,
  frameDict,
  matchesFrameQuery,
  paginate,
  parseBasename,
  parseFrameQuery,
  thumbnailRelativePath,
} from '../../../src-main/archive';
import type { ArchivedFrame, FrameQuery } from '../../../src-main/archive';
import { headerFrameFields } from '../../helpers/archive-fixture';

describe('archive paths and basenames', () => {
  it('builds LCO-style basenames and parses them back', () => {
    const name = frameBasename({ siteId: 'tfn', telescopeName: '1m0-01', instrumentId: 'sc01', dayObs: '20261121', frameNumber: 42, configurationType: 'EXPOSE', reductionLevel: 0 });
    expect(name).toBe('tfn1m001-sc01-20261121-0042-e00');
    expect(parseBasename(name)).toEqual({ prefix: 'tfn1m001', instrumentId: 'sc01', dayObs: '20261121', frameNumber: 42, letter: 'e', reductionLevel: 0 });
    expect(frameBasename({ siteId: 'tfn', telescopeName: '1m0-01', instrumentId: 'sc01', dayObs: '20261121', frameNumber: 1, configurationType: 'BIAS', reductionLevel: 91 })).toBe('tfn1m001-sc01-20261121-0001-b91');
    expect(parseBasename('not-a-basename')).toBeNull();
  });

  it('lays files out as SITEID/INSTRUME/DAY-OBS/raw|processed/basename.fits and refuses traversal', () => {
    expect(archiveRelativePath({ siteId: 'tfn', instrumentId: 'sc01', dayObs: '20261121', reductionLevel: 0, basename: 'b' })).toBe('tfn/sc01/20261121/raw/b.fits');
    expect(archiveRelativePath({ siteId: 'tfn', instrumentId: 'sc01', dayObs: '20261121', reductionLevel: 91, basename: 'b', extension: '.fits.fz' })).toBe('tfn/sc01/20261121/processed/b.fits.fz');
    expect(() => archiveRelativePath({ siteId: '..', instrumentId: 'sc01', dayObs: '20261121', reductionLevel: 0, basename: 'b' })).toThrow();
    expect(() => archiveRelativePath({ siteId: 'a/b', instrumentId: 'sc01', dayObs: '20261121', reductionLevel: 0, basename: 'b' })).toThrow();
    expect(() => frameBasename({ siteId: 'tfn', telescopeName: '1m0', instrumentId: 'sc01', dayObs: '2026-11-21', frameNumber: 1, configurationType: 'EXPOSE', reductionLevel: 0 })).toThrow(/YYYYMMDD/);
    expect(thumbnailRelativePath('tfn/sc01/20261121/raw/b.fits', 'small')).toBe('tfn/sc01/20261121/raw/thumbnails/b-small.png');
  });
});

/** Frame `id` of the shared header fields, observed `id` seconds after 03:00, with one version. */
function frame(id: number, overrides: Partial<ArchivedFrame> = {}): ArchivedFrame {
  return {
    id,
    ...headerFrameFields({ basename: `tfn1m001-sc01-20261121-${String(id).padStart(4, '0')}-e00`, observationUtcMs: Date.UTC(2026, 10, 21, 3, 0, id) }),
    relatedFrameIds: [],
    versions: [{ id: id * 10, key: `tfn/sc01/20261121/raw/f${id}.fits`, md5: 'd41d8cd98f00b204e9800998ecf8427e', extension: '.fits', createdUtcMs: Date.UTC(2026, 10, 21, 4) }],
    ...overrides,
  };
}

describe('frame dict', () => {
  it('carries the new names, the legacy aliases TOM reads, filename and a downloadable url', () => {
    const f = frame(7, {
      versions: [
        { id: 1, key: 'k1', md5: 'aa', extension: '.fits', createdUtcMs: Date.UTC(2026, 10, 21, 4) },
        { id: 2, key: 'k2', md5: 'bb', extension: '.fits.fz', createdUtcMs: Date.UTC(2026, 10, 22, 4) },
      ],
    });
    const d = frameDict(f, { versionUrl: (_f, v) => `https://archive.example/files/${v.key}?sig=x` });
    expect(d.DATE_OBS).toBe('2026-11-21T03:00:07.000000Z');
    expect(d.observation_date).toBe(d.DATE_OBS);
    expect(new Date(d.DATE_OBS).getTime()).toBe(f.observationUtcMs);
    expect(d.DAY_OBS).toBe('2026-11-21');
    expect(d.observation_day).toBe('2026-11-21');
    expect([d.REQNUM, d.request_id, d.BLKUID, d.observation_id]).toEqual([200, 200, 100, 100]);
    expect([d.PROPID, d.INSTRUME, d.OBJECT, d.SITEID, d.TELID, d.FILTER, d.OBSTYPE]).toEqual(['PROP-A', 'sc01', 'M31', 'tfn', '1m0a', 'V', 'EXPOSE']);
    expect([d.EXPTIME, d.RLEVEL]).toEqual([30, 0]);
    expect(d.L1PUBDAT).toBe('2027-11-21T00:00:00.000000Z');
    // The newest version decides url and filename; version_set is newest first.
    expect(d.url).toBe('https://archive.example/files/k2?sig=x');
    expect(d.filename).toBe(`${f.basename}.fits.fz`);
    expect(d.version_set.map((v) => v.id)).toEqual([2, 1]);
    expect(d.version_set[1]).toEqual({ id: 1, key: 'k1', md5: 'aa', extension: '.fits', created: '2026-11-21T04:00:00.000000Z', url: 'https://archive.example/files/k1?sig=x' });
    expect('thumbnails' in d).toBe(false);
    expect(frameDict(frame(8, { versions: [] }), { versionUrl: () => 'x' }).url).toBeNull();
  });

  it('paginates like DRF limit/offset with absolute next/previous', () => {
    const page = paginate([1, 2], 5, 2, 2, 'http://host/frames/?REQNUM=200&limit=2&offset=2');
    expect(page.count).toBe(5);
    expect(page.next).toBe('http://host/frames/?REQNUM=200&limit=2&offset=4');
    expect(page.previous).toBe('http://host/frames/?REQNUM=200&limit=2');
    const last = paginate([5], 5, 2, 4, 'http://host/frames/?limit=2&offset=4');
    expect(last.next).toBeNull();
    expect(paginate([], 0, 1000, 0, 'http://host/frames/?REQNUM=1&limit=1000')).toEqual({ count: 0, next: null, previous: null, results: [] });
  });
});

function parse(params: Record<string, string | string[]>): FrameQuery {
  const r = parseFrameQuery(params);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.query;
}

describe('frames list filters', () => {
  it('treats legacy and new names as aliases', () => {
    expect(parse({ REQNUM: '200' }).requestId).toBe(200);
    expect(parse({ request_id: '200' }).requestId).toBe(200);
    expect(parse({ PROPID: 'P', TELID: '1m0a', FILTER: 'V', OBSTYPE: 'BIAS', SITEID: 'tfn', INSTRUME: 'sc01', BLKUID: '5', RLEVEL: '91' })).toMatchObject({
      proposalId: 'P',
      telescopeId: '1m0a',
      primaryOpticalElement: 'V',
      configurationType: 'BIAS',
      siteId: 'tfn',
      instrumentId: 'sc01',
      observationId: 5,
      reductionLevel: 91,
    });
    expect(parse({ DAY_OBS: '2026-11-21' }).dayObs).toBe('20261121');
    expect(parse({ dayobs: '20261121' }).dayObs).toBe('20261121');
    expect(parse({ start: '2026-11-21T03:00:00' }).startUtcMs).toBe(Date.UTC(2026, 10, 21, 3));
    expect(parse({ start: '2026-11-21T03:00:00.000000Z' }).startUtcMs).toBe(Date.UTC(2026, 10, 21, 3));
    expect(parse({ exclude_OBSTYPE: ['BIAS', 'DARK'] }).excludeConfigurationTypes).toEqual(['BIAS', 'DARK']);
    expect(parse({}).ordering).toEqual([{ field: 'observation_date', descending: true }]);
    expect(parse({ limit: '5000' }).limit).toBe(1000);
  });

  it('returns field-keyed errors for bad values and refuses intersects rather than ignoring it', () => {
    const r = parseFrameQuery(new URLSearchParams('REQNUM=abc&start=yesterday&ordering=-nonsense&covers=POINT(1)&intersects=POLYGON((0 0,1 1,1 0,0 0))&limit=0'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['REQNUM', 'covers', 'intersects', 'limit', 'ordering', 'start']);
  });

  it('filters frames with the archive semantics', () => {
    const frames = [
      frame(1),
      frame(2, { configurationType: 'BIAS', targetName: '', exposureSec: 0, requestId: 300 }),
      frame(3, { targetName: 'Comète Hale–Bopp', exposureSec: 120 }),
      frame(4, { dayObs: '20261122', observationUtcMs: Date.UTC(2026, 10, 22, 3), primaryOpticalElement: 'rp' }),
      frame(5, { area: { type: 'Polygon', coordinates: [[[10, 40], [11, 40], [11, 41], [10, 41], [10, 40]]] } }),
    ];
    const ids = (params: Record<string, string | string[]>): number[] => {
      const q = parse(params);
      return frames.filter((f) => matchesFrameQuery(f, q)).sort(compareFrames(q)).map((f) => f.id);
    };
    expect(ids({})).toEqual([4, 5, 3, 2, 1]);
    expect(ids({ REQNUM: '200', ordering: 'id' })).toEqual([1, 3, 4, 5]);
    expect(ids({ exclude_calibrations: 'true', ordering: 'id' })).toEqual([1, 3, 4, 5]);
    expect(ids({ EXPTIME: '30', ordering: '-exposure_time,id' })).toEqual([3, 1, 4, 5]);
    expect(ids({ OBJECT: 'comete hale' })).toEqual([3]);
    expect(ids({ empty_target_name: 'true' })).toEqual([2]);
    expect(ids({ DAY_OBS: '2026-11-22' })).toEqual([4]);
    expect(ids({ end: '2026-11-21T03:00:02Z', ordering: 'observation_date' })).toEqual([1, 2]);
    expect(ids({ covers: 'POINT(10.5 40.5)' })).toEqual([5]);
    expect(ids({ covers: 'POINT(12 40.5)' })).toEqual([]);
    expect(ids({ include_configuration_type: 'BIAS,DARK' })).toEqual([2]);
    expect(ids({ basename: '0003-E00' })).toEqual([3]);
    expect(ids({ submitter: 'bob' })).toEqual([]);
  });
});
