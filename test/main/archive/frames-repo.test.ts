import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_ACCESS, PUBLIC_ACCESS, compareFrames, createFramesRepo, matchesFrameQuery, parseFrameQuery } from '../../../src-main/archive';
import type { ArchivedFrame, FrameAccess, FrameQuery, FramesRepo, NewFrame } from '../../../src-main/archive';
import { openDatabase, type OpenDatabase } from '../../../src-main/db';
import { makeTempDir } from '../../helpers/temp-dir';

const NOW = Date.UTC(2026, 10, 21, 12);
const HOUR = 3_600_000;

/** The reference: the in-memory predicate and comparator, plus the archive's access rule. */
function reference(frames: ArchivedFrame[], q: FrameQuery, access: FrameAccess, nowUtcMs: number): { count: number; ids: number[] } {
  const matching = frames
    .filter((f) => matchesFrameQuery(f, q))
    .filter((f) => access.all || f.publicUtcMs < nowUtcMs || access.proposals.includes(f.proposalId))
    .filter((f) => q.public !== false || f.publicUtcMs >= nowUtcMs)
    .sort(compareFrames(q));
  return { count: matching.length, ids: matching.slice(q.offset, q.offset + q.limit).map((f) => f.id) };
}

const baseQuery = (): FrameQuery => {
  const parsed = parseFrameQuery({});
  if (!parsed.ok) throw new Error('empty query must parse');
  return parsed.query;
};

// Small pools so filters hit and orderings tie. Text covers case and accents (the folding rules)
// in the Basic Multilingual Plane; FITS headers, where every stored value comes from, are ASCII.
const texts = ['', 'M31', 'm31', 'NGC 7000', 'Ångström', 'angstrom', 'Comet C/2026 A1', 'ÉTÉ', 'ete', 'x'];
const props = ['PROP-A', 'PROP-B', 'LCOEngineering', 'calib'];
const types = ['EXPOSE', 'BIAS', 'DARK', 'SKY_FLAT', 'SPECTRUM', 'ARC', 'TARGET'];
const filters = ['', 'V', 'B', 'rp', 'air'];
const days = ['20261120', '20261121', '20261122'];

const areaArb = fc.option(
  fc.record({ ra: fc.integer({ min: 10, max: 12 }), dec: fc.integer({ min: -1, max: 1 }), half: fc.constantFrom(0.25, 0.5, 1) }).map(({ ra, dec, half }) => ({
    type: 'Polygon' as const,
    coordinates: [
      [
        [ra - half, dec - half],
        [ra + half, dec - half],
        [ra + half, dec + half],
        [ra - half, dec + half],
        [ra - half, dec - half],
      ] as [number, number][],
    ],
  })),
  { nil: null },
);

const frameArb = fc.record({
  basenameTail: fc.constantFrom('e00', 'E91', 'b00', 'Xy'),
  observationUtcMs: fc.integer({ min: -3, max: 3 }).map((h) => NOW + h * HOUR),
  dayObs: fc.constantFrom(...days),
  proposalId: fc.constantFrom(...props),
  instrumentId: fc.constantFrom('sc01', 'fa02'),
  targetName: fc.constantFrom(...texts),
  reductionLevel: fc.constantFrom(0, 91),
  siteId: fc.constantFrom('tfn', 'ogg'),
  telescopeId: fc.constantFrom('1m0a', '0m4b'),
  exposureSec: fc.constantFrom(0, 1.5, 30, 30.000001, 120),
  primaryOpticalElement: fc.constantFrom(...filters),
  publicUtcMs: fc.integer({ min: -2, max: 2 }).map((h) => NOW + h * HOUR),
  configurationType: fc.constantFrom(...types),
  observationId: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  requestId: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  submitter: fc.option(fc.constantFrom('alice', 'bob'), { nil: null }),
  area: areaArb,
});
type FrameSeed = typeof frameArb extends fc.Arbitrary<infer T> ? T : never;

const orderingArb = fc.array(
  fc.record({
    field: fc.constantFrom('id', 'basename', 'observation_date', 'primary_optical_element', 'configuration_type', 'proposal_id', 'instrument_id', 'target_name', 'reduction_level', 'exposure_time' as const),
    descending: fc.boolean(),
  }),
  { minLength: 1, maxLength: 3 },
);

// A query is a few filters drawn from the whole set (more would rarely match anything).
const filterArbs: Record<string, fc.Arbitrary<unknown>> = {
  startUtcMs: fc.integer({ min: -3, max: 3 }).map((h) => NOW + h * HOUR),
  endUtcMs: fc.integer({ min: -3, max: 3 }).map((h) => NOW + h * HOUR),
  dateObsUtcMs: fc.integer({ min: -3, max: 3 }).map((h) => NOW + h * HOUR),
  dayObs: fc.constantFrom(...days),
  basenameContains: fc.constantFrom('E9', 'e9', '-00', 'xy', 'frame-1', ''),
  basenameExact: fc.constantFrom('frame-1-e00', 'frame-2-Xy'),
  targetContains: fc.constantFrom('m3', 'ANG', 'ström', 'été', 'e', ' ', 'c/2026'),
  targetExact: fc.constantFrom(...texts),
  emptyTargetName: fc.boolean(),
  publicDateUtcMs: fc.integer({ min: -2, max: 2 }).map((h) => NOW + h * HOUR),
  public: fc.boolean(),
  minExposureSec: fc.constantFrom(0, 1, 30, 30.000001, 200),
  configurationType: fc.constantFrom(...types),
  includeConfigurationTypes: fc.subarray(types, { minLength: 1, maxLength: 3 }),
  excludeConfigurationTypes: fc.subarray(types, { minLength: 1, maxLength: 2 }),
  excludeCalibrations: fc.boolean(),
  proposalId: fc.constantFrom(...props),
  instrumentId: fc.constantFrom('sc01', 'fa02'),
  siteId: fc.constantFrom('tfn', 'ogg'),
  telescopeId: fc.constantFrom('1m0a', '0m4b'),
  primaryOpticalElement: fc.constantFrom(...filters),
  observationId: fc.integer({ min: 1, max: 3 }),
  requestId: fc.integer({ min: 1, max: 3 }),
  reductionLevel: fc.constantFrom(0, 91),
  covers: fc.record({ raDeg: fc.double({ min: 9, max: 13, noNaN: true }), decDeg: fc.double({ min: -2, max: 2, noNaN: true }) }),
  submitter: fc.constantFrom('alice', 'bob'),
};
const oneFilter = fc.oneof(...Object.entries(filterArbs).map(([key, arb]) => arb.map((value) => ({ [key]: value }))));

const queryArb: fc.Arbitrary<Partial<FrameQuery>> = fc
  .record({
    filters: fc.array(oneFilter, { maxLength: 3 }),
    ordering: orderingArb,
    limit: fc.integer({ min: 1, max: 25 }),
    offset: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 })),
  })
  .map(({ filters: fs, ordering, limit, offset }) => Object.assign({ ordering, limit, offset }, ...fs) as Partial<FrameQuery>);

const accessArb: fc.Arbitrary<FrameAccess> = fc.oneof(
  fc.constant(FULL_ACCESS),
  fc.constant(PUBLIC_ACCESS),
  fc.subarray(props, { minLength: 1 }).map((proposals) => ({ all: false, proposals })),
);

function newFrame(seed: FrameSeed, i: number): NewFrame {
  const { basenameTail, ...fields } = seed;
  const basename = `frame-${i}-${basenameTail}`;
  return {
    fields: { ...fields, basename },
    requestGroupId: null,
    configurationId: null,
    headers: { OBJECT: seed.targetName },
    thumbnailKey: null,
    version: { key: `raw/${basename}.fits`, md5: `md5-${i % 3}`, extension: '.fits', byteLength: 5760 },
    relatedBasenames: i > 0 ? [`frame-${i - 1}-${basenameTail}`] : [],
    createdUtcMs: NOW,
  };
}

describe('frames repo: SQL matches the in-memory reference', () => {
  let dir: { path: string; remove(): void };
  let database: OpenDatabase;
  let repo: FramesRepo;

  beforeAll(async () => {
    dir = makeTempDir();
    database = await openDatabase(join(dir.path, 'n.db'));
    // Durability is not under test here; thousands of fsyncs would only slow the property runs.
    database.raw.pragma('synchronous = OFF');
    repo = createFramesRepo(database.db, database.raw);
  });
  afterAll(async () => {
    await database.close();
    dir.remove();
  });

  it('returns the same count and page as matchesFrameQuery + compareFrames for random frames, queries and readers', async () => {
    let nonEmptyPages = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(frameArb, { maxLength: 40 }), fc.array(fc.tuple(queryArb, accessArb), { minLength: 1, maxLength: 15 }), async (seeds, queries) => {
        database.raw.exec('delete from frames');
        // One batch (multi-row statements, ids mapped back by basename).
        const news = seeds.map((seed, i) => newFrame(seed, i));
        const ids = await repo.insertFrames(news);
        const frames: ArchivedFrame[] = news.map((nf, i) => ({ ...nf.fields, id: ids[i] as number, relatedFrameIds: [], versions: [] }));
        for (const [partial, access] of queries) {
          const q: FrameQuery = { ...baseQuery(), ...partial };
          const expected = reference(frames, q, access, NOW);
          const page = await repo.listFrames(q, access, NOW);
          expect({ count: page.count, ids: page.frames.map((f) => f.id) }).toEqual(expected);
          if (expected.ids.length > 0) nonEmptyPages++;
        }
      }),
      { numRuns: 150 },
    );
    // The generators must actually produce hits, or the comparison proves little.
    expect(nonEmptyPages).toBeGreaterThan(50);
  });

  it('round-trips a frame: fields, version, headers, related frames both ways, md5 lookup and aggregate', async () => {
    database.raw.exec('delete from frames');
    const seed: FrameSeed = {
      basenameTail: 'e00',
      observationUtcMs: NOW - HOUR,
      dayObs: '20261121',
      proposalId: 'PROP-A',
      instrumentId: 'sc01',
      targetName: 'Ångström',
      reductionLevel: 0,
      siteId: 'tfn',
      telescopeId: '1m0a',
      exposureSec: 30,
      primaryOpticalElement: 'V',
      publicUtcMs: NOW + HOUR,
      configurationType: 'EXPOSE',
      observationId: 5,
      requestId: 6,
      submitter: 'alice',
      area: null,
    };
    const a = await repo.insertFrame(newFrame({ ...seed, configurationType: 'BIAS', publicUtcMs: NOW - HOUR }, 0));
    const b = await repo.insertFrame(newFrame(seed, 1));
    await expect(repo.insertFrame(newFrame(seed, 1))).rejects.toMatchObject({ code: 'conflict.state' });
    expect(await repo.count()).toBe(2);

    const got = await repo.getFrame(b, FULL_ACCESS, NOW);
    expect(got).toMatchObject({ id: b, basename: 'frame-1-e00', targetName: 'Ångström', requestId: 6, observationId: 5, submitter: 'alice', relatedFrameIds: [a] });
    expect(got?.versions).toEqual([{ id: expect.any(Number) as number, key: 'raw/frame-1-e00.fits', md5: 'md5-1', extension: '.fits', createdUtcMs: NOW }]);
    expect((await repo.getFrame(a, FULL_ACCESS, NOW))?.relatedFrameIds).toEqual([b]);
    // Frame b is not public yet: hidden from anonymous readers, shown to its proposal's members.
    expect(await repo.getFrame(b, PUBLIC_ACCESS, NOW)).toBeNull();
    expect(await repo.getFrame(b, { all: false, proposals: ['PROP-A'] }, NOW)).not.toBeNull();
    expect(await repo.getHeaders(b, FULL_ACCESS, NOW)).toEqual({ OBJECT: 'Ångström' });
    expect(await repo.getHeaders(b, PUBLIC_ACCESS, NOW)).toBeNull();
    expect((await repo.relatedFrames(a, PUBLIC_ACCESS, NOW))?.map((f) => f.id)).toEqual([]);
    expect((await repo.relatedFrames(a, FULL_ACCESS, NOW))?.map((f) => f.id)).toEqual([b]);
    expect((await repo.versionsByMd5('md5-1', FULL_ACCESS, NOW)).map((v) => v.frameId)).toEqual([b]);
    expect(await repo.versionsByMd5('md5-1', PUBLIC_ACCESS, NOW)).toEqual([]);
    const agg = await repo.aggregate(baseQuery(), FULL_ACCESS, NOW);
    expect(agg).toEqual({ sites: ['tfn'], telescopes: ['1m0a'], filters: ['V'], instruments: ['sc01'], obstypes: ['BIAS', 'EXPOSE'], proposals: ['PROP-A'] });
    expect((await repo.aggregate(baseQuery(), PUBLIC_ACCESS, NOW)).obstypes).toEqual(['BIAS']);
  });
});
