/**
 * The online resolvers over real HTTP against a local fake of Sesame and Horizons (fixtures
 * hand-written in the services' documented formats), the catalog-first order, the offline answer,
 * the on-disk cache, and the OCS target each answer becomes (parsed by the portal's own schema).
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toAstroTarget } from '../../../../src-shared/ocs/to-astro';
import { targetSchema } from '../../../../src-shared/schemas';
import type { CatalogResolver, ResolveAnswer, ResolvedName } from '../../../../src-shared/sky';
import { SimulatedClock } from '../../../../src-main/clock';
import { FOUND_TTL_MS, HorizonsResolver, SesameResolver, createOnlineResolvers, loadBundledCatalog, ocsTargetOf, resolveName } from '../../../../src-main/sky/resolvers';
import { makeTempDir } from '../../../helpers/temp-dir';
import { closedPortUrl, startFakeServices, type FakeServices } from './server';

const RESOURCES = join(import.meta.dirname, '../../../../resources');
const NOW_MS = Date.parse('2026-11-21T20:00:00Z');
const opts = { utcMs: NOW_MS };

let fake: FakeServices;
let catalog: CatalogResolver;
beforeAll(async () => {
  fake = await startFakeServices();
  catalog = loadBundledCatalog(RESOURCES);
});
afterAll(() => fake.close());

function found(a: ResolveAnswer): ResolvedName {
  if (a.status !== 'found') throw new Error(`expected found, got ${a.status}: ${a.message}`);
  return a.result;
}

describe('Sesame', () => {
  it('reads position, proper motion, parallax and V magnitude from the XML answer', async () => {
    const r = found(await new SesameResolver({ baseUrl: fake.sesameUrl }).resolve('HD 209458', opts));
    expect(r.resolver).toBe('sesame');
    expect(r.target.kind).toBe('sidereal');
    if (r.target.kind !== 'sidereal') return;
    // Fixture values (SIMBAD basic data, rounded): exact to the digits written.
    expect(r.target.place.raDeg).toBeCloseTo(330.79488, 9);
    expect(r.target.place.decDeg).toBeCloseTo(18.88432, 9);
    expect(r.target.place.properMotionRaMasPerYr).toBeCloseTo(29.0, 9);
    expect(r.target.place.properMotionDecMasPerYr).toBeCloseTo(-17.9, 9);
    expect(r.target.place.parallaxMas).toBeCloseTo(20.15, 9);
    // The V band, not the first magnitude listed (B).
    expect(r.vMag).toBeCloseTo(7.63, 9);
    expect(r.objectType).toBe('star');
    expect(r.canonicalName).toBe('HD 209458');
    expect(r.otherNames).toContain('HIP 108859');
    expect(r.otherNames).not.toContain('HD 209458');
  });

  it('answers not-found when no resolver block has a position', async () => {
    const a = await new SesameResolver({ baseUrl: fake.sesameUrl }).resolve('Xyzzy Nebula', opts);
    expect(a.status).toBe('not-found');
  });

  it('answers offline when the server refuses the connection or does not answer in time', async () => {
    const refused = await new SesameResolver({ baseUrl: await closedPortUrl() }).resolve('HD 209458', opts);
    expect(refused.status).toBe('offline');
    const slow = await new SesameResolver({ baseUrl: fake.sesameUrl, timeoutMs: 300 }).resolve('Slow Star', opts);
    expect(slow.status).toBe('offline');
    expect(slow.status === 'offline' && slow.message).toMatch(/no answer within/);
  });
});

describe('JPL Horizons', () => {
  const horizons = () => new HorizonsResolver({ baseUrl: fake.horizonsUrl });

  it('turns an asteroid\'s osculating elements into MPC_MINOR_PLANET at the first epoch', async () => {
    const r = found(await horizons().resolve('Ceres', opts));
    expect(fake.log).toContain('horizons:Ceres;');
    expect(r.target.kind).toBe('orbital-elements');
    if (r.target.kind !== 'orbital-elements') return;
    const e = r.target.elements;
    expect(e.scheme).toBe('MPC_MINOR_PLANET');
    // JD 2461000.5 TDB → MJD 61000.0.
    expect(e.epochofel).toBeCloseTo(61000, 9);
    expect(e.eccentricity).toBeCloseTo(0.07957, 12);
    expect(e.orbinc).toBeCloseTo(10.588, 12);
    expect(e.longascnode).toBeCloseTo(80.25, 12);
    expect(e.argofperih).toBeCloseTo(73.31, 12);
    expect(e.meandist).toBeCloseTo(2.767, 12);
    // The first row's mean anomaly (239.34), not the second epoch's (239.55).
    expect(e.meananom).toBeCloseTo(239.34, 12);
    expect(r.canonicalName).toBe('1 Ceres (A801 AA)');
    expect(r.objectType).toBe('minor planet');
  });

  it('asks for the comet\'s closest apparition and answers MPC_COMET with perihelion distance and time', async () => {
    const r = found(await horizons().resolve('29P/Schwassmann-Wachmann', opts));
    expect(fake.log).toContain('horizons:DES=29P;CAP;NOFRAG;');
    if (r.target.kind !== 'orbital-elements') throw new Error('not elements');
    const e = r.target.elements;
    expect(e.scheme).toBe('MPC_COMET');
    expect(e.perihdist).toBeCloseTo(5.78, 12);
    // Tp JD 2460290.5 → MJD 60290.0 (the OCS spec's own 29P example uses these values).
    expect(e.epochofperih).toBeCloseTo(60290.0, 9);
    expect(e.meananom).toBeUndefined();
  });

  it('answers JPL_MAJOR_PLANET with daily motion for a planet', async () => {
    const r = found(await horizons().resolve('Jupiter', opts));
    expect(fake.log).toContain('horizons:599');
    if (r.target.kind !== 'orbital-elements') throw new Error('not elements');
    expect(r.target.elements.scheme).toBe('JPL_MAJOR_PLANET');
    expect(r.target.elements.dailymot).toBeCloseTo(0.08309, 12);
    expect(r.target.elements.meandist).toBeCloseTo(5.203, 12);
  });

  it('says not-found for unknown names and asks for a designation when several bodies match', async () => {
    const none = await horizons().resolve('Nosuchrock', opts);
    expect(none.status).toBe('not-found');
    const many = await horizons().resolve('Ambiguous', opts);
    expect(many.status).toBe('not-found');
    expect(many.status === 'not-found' && many.message).toMatch(/matches 2 bodies/);
  });

  it('asks for elements on the UTC day of interest', async () => {
    await horizons().resolve('Ceres', { utcMs: Date.parse('2027-03-05T23:59:00Z') });
    // The fake answers with its fixed file; what matters here is what was asked.
    const { horizonsUrl } = await import('../../../../src-main/sky/resolvers');
    const u = new URL(horizonsUrl(fake.horizonsUrl, 'Ceres', Date.parse('2027-03-05T23:59:00Z')).url);
    expect(u.searchParams.get('START_TIME')).toBe("'2027-03-05'");
    expect(u.searchParams.get('STOP_TIME')).toBe("'2027-03-06'");
    expect(u.searchParams.get('REF_PLANE')).toBe("'ECLIPTIC'");
    expect(u.searchParams.get('CENTER')).toBe("'500@10'");
  });
});

describe('resolveName: catalog first, then online, cached', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let clock: SimulatedClock;
  beforeEach(() => {
    dir = makeTempDir('nightshift-resolver-');
    clock = new SimulatedClock(NOW_MS);
    fake.log.length = 0;
  });
  afterEach(() => dir.remove());
  const online = () => createOnlineResolvers({ dataDir: dir.path, clock, sesameBaseUrl: fake.sesameUrl, horizonsBaseUrl: fake.horizonsUrl, mpcBaseUrl: fake.mpcUrl });

  it('answers bundled names from the catalog without asking any service', async () => {
    const r = found(await resolveName(catalog, online(), 'Vega', opts));
    expect(r.resolver).toBe('catalog');
    expect(fake.log).toEqual([]);
  });

  it('asks Sesame for names outside the catalog and says it resolved them', async () => {
    const r = found(await resolveName(catalog, online(), 'HD 209458', opts));
    expect(r.resolver).toBe('sesame');
    expect(fake.log).toEqual(['sesame:HD 209458']);
  });

  it('asks the MPC, then Horizons, before Sesame for solar-system designations', async () => {
    const r = found(await resolveName(catalog, online(), '29P', opts));
    expect(r.resolver).toBe('horizons');
    // The fake MPC knows no 29P: Horizons answers next, and Sesame is never asked.
    expect(fake.log).toEqual(['mpc:29P', 'horizons:DES=29P;CAP;NOFRAG;']);
  });

  it('gives a planet the catalog knows by name its Horizons elements (JPL_MAJOR_PLANET)', async () => {
    const r = found(await resolveName(catalog, online(), 'Jupiter', opts));
    expect(r.target.kind === 'orbital-elements' && r.target.elements.scheme).toBe('JPL_MAJOR_PLANET');
    expect(r.resolver).toBe('horizons');
    expect(r.canonicalName).toBe('Jupiter');
    // Offline, the catalog's answer (a major body, no OCS target) stands.
    const dead = await closedPortUrl();
    const off = found(await resolveName(catalog, createOnlineResolvers({ dataDir: dir.path, clock, sesameBaseUrl: dead, horizonsBaseUrl: dead, mpcBaseUrl: dead }), 'Saturn', opts));
    expect(off.target.kind).toBe('major-body');
  });

  it('says offline, and that only the bundled catalog was searched, when no service answers', async () => {
    const dead = await closedPortUrl();
    const resolvers = createOnlineResolvers({ dataDir: dir.path, clock, sesameBaseUrl: `${dead}/sesame`, horizonsBaseUrl: `${dead}/horizons`, mpcBaseUrl: `${dead}/mpc` });
    const a = await resolveName(catalog, resolvers, 'HD 209458', opts);
    expect(a.status).toBe('offline');
    expect(a.status === 'offline' && a.message).toMatch(/^Offline; only the bundled catalog was searched/);
    // Still instant and correct for bundled names.
    expect(found(await resolveName(catalog, resolvers, 'M 31', opts)).resolver).toBe('catalog');
  });

  it('names every source that looked when nobody knows the name', async () => {
    const a = await resolveName(catalog, online(), 'Xyzzy Nebula', opts);
    expect(a.status).toBe('not-found');
    expect(a.status === 'not-found' && a.message).toMatch(/bundled catalog, Sesame.*, the MPC, JPL Horizons/);
  });

  it('keeps answers in the data dir across restarts and asks again once they expire', async () => {
    found(await resolveName(catalog, online(), 'HD 209458', opts));
    expect(fake.log).toHaveLength(1);
    // A new set of resolvers (as after a restart) reads the file: no new request.
    const again = found(await resolveName(catalog, online(), 'hd 209458', opts));
    expect(again.resolver).toBe('sesame');
    expect(fake.log).toHaveLength(1);
    await clock.advance(FOUND_TTL_MS.sesame + 60_000);
    found(await resolveName(catalog, online(), 'HD 209458', opts));
    expect(fake.log).toHaveLength(2);
  });

  it('never caches an offline answer', async () => {
    const dead = await closedPortUrl();
    const deadSet = createOnlineResolvers({ dataDir: dir.path, clock, sesameBaseUrl: `${dead}/sesame`, horizonsBaseUrl: `${dead}/horizons`, mpcBaseUrl: `${dead}/mpc` });
    expect((await resolveName(catalog, deadSet, 'HD 209458', opts)).status).toBe('offline');
    expect(found(await resolveName(catalog, online(), 'HD 209458', opts)).resolver).toBe('sesame');
  });
});

describe('OCS targets from answers', () => {
  it('are accepted by the portal\'s target schema and computable by the engine', async () => {
    const cases: [string, ResolveAnswer][] = [
      ['HD 209458', await new SesameResolver({ baseUrl: fake.sesameUrl }).resolve('HD 209458', opts)],
      ['Ceres', await new HorizonsResolver({ baseUrl: fake.horizonsUrl }).resolve('Ceres', opts)],
      ['29P', await new HorizonsResolver({ baseUrl: fake.horizonsUrl }).resolve('29P', opts)],
      ['Jupiter', await new HorizonsResolver({ baseUrl: fake.horizonsUrl }).resolve('Jupiter', opts)],
    ];
    const types: string[] = [];
    for (const [name, a] of cases) {
      const t = ocsTargetOf(name, found(a));
      expect(t).not.toBeNull();
      const parsed = targetSchema.safeParse(t);
      expect(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      if (!parsed.success) continue;
      expect(toAstroTarget(parsed.data)).not.toBeNull();
      types.push(`${parsed.data.type}${'scheme' in parsed.data ? `/${String(parsed.data.scheme)}` : ''}`);
    }
    expect(types).toEqual(['ICRS', 'ORBITAL_ELEMENTS/MPC_MINOR_PLANET', 'ORBITAL_ELEMENTS/MPC_COMET', 'ORBITAL_ELEMENTS/JPL_MAJOR_PLANET']);
  });
});
