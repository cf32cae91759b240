/**
 * The MPC resolver over real HTTP (a GET with a JSON body, as the Orbits API wants) against the local
 * fake serving hand-written mpc_orb answers (fixtures/README.md names the documentation of the
 * shape): the mapping onto OCS fields and units, the positions those elements give in the engine
 * compared with an independent Kepler propagation and with JPL Horizons' elements, the order in the
 * chain, and the offline answer.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { heliocentricPositionAu, targetPosition, toOrbit, type OrbitalElements, type Vec3 } from '../../../../src-shared/astro';
import { toAstroTarget } from '../../../../src-shared/ocs/to-astro';
import { targetSchema } from '../../../../src-shared/schemas';
import type { CatalogResolver, ResolveAnswer, ResolvedName } from '../../../../src-shared/sky';
import { SimulatedClock } from '../../../../src-main/clock';
import { HorizonsResolver, MpcResolver, createOnlineResolvers, loadBundledCatalog, mpcDesignation, ocsTargetOf, resolveName } from '../../../../src-main/sky/resolvers';
import { makeTempDir } from '../../../helpers/temp-dir';
import { closedPortUrl, startFakeServices, type FakeServices } from './server';

const RESOURCES = join(import.meta.dirname, '../../../../resources');
const NOW_MS = Date.parse('2026-11-21T20:00:00Z');
const opts = { utcMs: NOW_MS };
const DEG = Math.PI / 180;
const MJD_J2000 = 51_544.5;
/** IAU 1976 obliquity of the J2000 ecliptic, 84381.448″. */
const OBLIQUITY_RAD = (84381.448 / 3600) * DEG;
/** k in degrees/day. */
const K_DEG = 0.01720209895 / DEG;

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
function elementsOf(a: ResolveAnswer): OrbitalElements {
  const t = found(a).target;
  if (t.kind !== 'orbital-elements') throw new Error(`expected orbital elements, got ${t.kind}`);
  return t.elements;
}

/**
 * Independent reference: classical elliptic two-body motion (Kepler's equation by Newton's method,
 * perifocal → J2000 ecliptic → J2000 equator), as in Meeus, Astronomical Algorithms ch. 30 and 33.
 * Takes the raw MPC numbers (a, e, i, Ω, ω, mean anomaly at an epoch), not the mapped target.
 */
function keplerEquatorialAu(aAu: number, e: number, iDeg: number, nodeDeg: number, periDeg: number, meanAnomDeg: number, epochMjd: number, atMjd: number): Vec3 {
  const n = K_DEG / Math.pow(aAu, 1.5);
  const m = (meanAnomDeg + n * (atMjd - epochMjd)) * DEG;
  let E = e > 0.8 ? Math.PI : m;
  for (let k = 0; k < 50; k++) E -= (E - e * Math.sin(E) - m) / (1 - e * Math.cos(E));
  const xp = aAu * (Math.cos(E) - e);
  const yp = aAu * Math.sqrt(1 - e * e) * Math.sin(E);
  const [w, O, i] = [periDeg * DEG, nodeDeg * DEG, iDeg * DEG];
  const x = xp * (Math.cos(w) * Math.cos(O) - Math.sin(w) * Math.sin(O) * Math.cos(i)) - yp * (Math.sin(w) * Math.cos(O) + Math.cos(w) * Math.sin(O) * Math.cos(i));
  const y = xp * (Math.cos(w) * Math.sin(O) + Math.sin(w) * Math.cos(O) * Math.cos(i)) - yp * (Math.sin(w) * Math.sin(O) - Math.cos(w) * Math.cos(O) * Math.cos(i));
  const z = xp * Math.sin(w) * Math.sin(i) + yp * Math.cos(w) * Math.sin(i);
  return [x, y * Math.cos(OBLIQUITY_RAD) - z * Math.sin(OBLIQUITY_RAD), y * Math.sin(OBLIQUITY_RAD) + z * Math.cos(OBLIQUITY_RAD)];
}

/** Angle between two position vectors, arcseconds. */
function sepArcsec(a: Vec3, b: Vec3): number {
  const dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  const cross = Math.hypot(a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]);
  return (Math.atan2(cross, dot) / DEG) * 3600;
}
const engineHelio = (el: OrbitalElements, atMjd: number): Vec3 => heliocentricPositionAu(toOrbit(el), atMjd - MJD_J2000);

describe('MPC Orbits API', () => {
  const mpc = () => new MpcResolver({ baseUrl: fake.mpcUrl });

  it('maps an asteroid\'s KEP block to MPC_MINOR_PLANET: degrees, AU, epoch as MJD', async () => {
    fake.log.length = 0;
    const a = await mpc().resolve('Ceres', opts);
    expect(fake.log).toEqual(['mpc:Ceres']);
    const r = found(a);
    expect(r.resolver).toBe('mpc');
    expect(r.canonicalName).toBe('1 Ceres');
    expect(r.objectType).toBe('minor planet');
    const e = elementsOf(a);
    // Exactly the fixture's numbers, in the OCS fields.
    expect(e).toEqual({ scheme: 'MPC_MINOR_PLANET', epochofel: 60800, orbinc: 10.588, longascnode: 80.25, argofperih: 73.31, eccentricity: 0.07957, meandist: 2.767, meananom: 196.5127 });
  });

  it('maps a comet\'s COM block to MPC_COMET with perihelion distance (AU) and time (MJD)', async () => {
    fake.log.length = 0;
    const a = await mpc().resolve('1P/Halley', opts);
    // The designation is sent without the name.
    expect(fake.log).toEqual(['mpc:1P']);
    expect(found(a).canonicalName).toBe('1P/Halley');
    expect(found(a).objectType).toBe('comet');
    expect(elementsOf(a)).toEqual({ scheme: 'MPC_COMET', epochofel: 46480, orbinc: 162.26, longascnode: 58.42, argofperih: 111.33, eccentricity: 0.96714, perihdist: 0.58598, epochofperih: 46470.46 });
  });

  it('derives a and M from COM when an answer has no KEP block (one orbit either way)', async () => {
    const el = elementsOf(await mpc().resolve('(2062) Aten', opts));
    expect(el.scheme).toBe('MPC_MINOR_PLANET');
    expect(el.meandist).toBeCloseTo(0.790166 / (1 - 0.182805), 12);
    // The same orbit written as MPC_COMET (q, T) must be at the same place at any date.
    const asComet: OrbitalElements = { scheme: 'MPC_COMET', epochofel: 59800, orbinc: 18.93419, longascnode: 108.54058, argofperih: 148.05369, eccentricity: 0.182805, perihdist: 0.790166, epochofperih: 59926.57153 };
    let worst = 0;
    for (const mjd of [59700, 59800, 60000, 60500]) worst = Math.max(worst, sepArcsec(engineHelio(el, mjd), engineHelio(asComet, mjd)));
    // Rounding of nothing but floating point: 1 mas.
    expect(worst).toBeLessThan(1e-3);
  });

  it('puts the mapped elements where an independent Kepler propagation of the raw MPC numbers does (≤ 0.5″)', async () => {
    const ceres = elementsOf(await mpc().resolve('Ceres', opts));
    const halley = elementsOf(await mpc().resolve('1P', opts));
    // Halley's raw COM numbers as a, M for the classical solver: a = q/(1−e), M = 0 at T.
    const aHalley = 0.58598 / (1 - 0.96714);
    let worst = 0;
    for (const mjd of [60800, 61000, 61365.8]) worst = Math.max(worst, sepArcsec(engineHelio(ceres, mjd), keplerEquatorialAu(2.767, 0.07957, 10.588, 80.25, 73.31, 196.5127, 60800, mjd)));
    for (const mjd of [46400, 46470.46, 46500, 46600]) worst = Math.max(worst, sepArcsec(engineHelio(halley, mjd), keplerEquatorialAu(aHalley, 0.96714, 162.26, 58.42, 111.33, 0, 46470.46, mjd)));
    // Both are exact two-body solutions; 0.5″ allows Newton's tolerance near Halley's perihelion.
    expect(worst).toBeLessThan(0.5);
  });

  it('gives Ceres the same sky position tonight as JPL Horizons\' elements (other epoch, other service) within 5″', async () => {
    const site = { latitudeDeg: 30.68, longitudeDeg: -104.02, elevationM: 2070 };
    const fromMpc = toAstroTarget(targetSchema.parse(ocsTargetOf('Ceres', found(await mpc().resolve('Ceres', opts)))));
    const fromHorizons = toAstroTarget(targetSchema.parse(ocsTargetOf('Ceres', found(await new HorizonsResolver({ baseUrl: fake.horizonsUrl }).resolve('Ceres', opts)))));
    if (fromMpc === null || fromHorizons === null) throw new Error('no engine target');
    const p1 = targetPosition(fromMpc, site, NOW_MS);
    const p2 = targetPosition(fromHorizons, site, NOW_MS);
    // Both fixtures describe one orbit (README): the difference is the rounding of M and n (≈ 2″).
    expect(sepArcsec(p1.apparentDirection, p2.apparentDirection)).toBeLessThan(5);
    expect(Math.abs(p1.decOfDateDeg - p2.decOfDateDeg) * 3600).toBeLessThan(5);
  });

  it('produces OCS targets the portal schema accepts', async () => {
    for (const name of ['Ceres', '1P/Halley', '2062']) {
      const t = ocsTargetOf(name, found(await mpc().resolve(name, opts)));
      const parsed = targetSchema.safeParse(t);
      expect(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });

  it('answers not-found for a designation the MPC does not know, and offline when it refuses or does not answer in time', async () => {
    const none = await mpc().resolve('2099 ZZ99', opts);
    expect(none.status).toBe('not-found');
    const refused = await new MpcResolver({ baseUrl: `${await closedPortUrl()}/api/get-orb` }).resolve('Ceres', opts);
    expect(refused.status).toBe('offline');
    expect(refused.status === 'offline' && refused.message).toMatch(/^The MPC could not be reached \(ECONNREFUSED\)/);
    const slow = await new MpcResolver({ baseUrl: fake.mpcUrl, timeoutMs: 300 }).resolve('Slow Rock', opts);
    expect(slow.status === 'offline' && slow.message).toMatch(/no answer within/);
  });

  it('sends designations, not display names', () => {
    expect(mpcDesignation('C/2023 A3 (Tsuchinshan-ATLAS)')).toBe('C/2023 A3');
    expect(mpcDesignation('12P/Pons-Brooks')).toBe('12P');
    expect(mpcDesignation('(433) Eros')).toBe('433');
    expect(mpcDesignation(' 2023 DW ')).toBe('2023 DW');
    expect(mpcDesignation('Ceres')).toBe('Ceres');
  });
});

describe('resolveName with the MPC in the chain', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let clock: SimulatedClock;
  beforeEach(() => {
    dir = makeTempDir('nightshift-resolver-mpc-');
    clock = new SimulatedClock(NOW_MS);
    fake.log.length = 0;
  });
  afterEach(() => dir.remove());
  const online = (over: { mpcBaseUrl?: string } = {}) => createOnlineResolvers({ dataDir: dir.path, clock, sesameBaseUrl: fake.sesameUrl, horizonsBaseUrl: fake.horizonsUrl, mpcBaseUrl: fake.mpcUrl, ...over });

  it('asks the MPC first for small-body designations', async () => {
    const r = found(await resolveName(catalog, online(), '1P/Halley', opts));
    expect(r.resolver).toBe('mpc');
    expect(fake.log).toEqual(['mpc:1P']);
  });

  it('asks Horizons first for planets (the MPC has none)', async () => {
    const r = found(await resolveName(catalog, online(), 'Jupiter', opts));
    expect(r.resolver).toBe('horizons');
    expect(fake.log.some((l) => l.startsWith('mpc:'))).toBe(false);
  });

  it('finds asteroid names after Sesame looked, before Horizons', async () => {
    const r = found(await resolveName(catalog, online(), 'Ceres', opts));
    expect(r.resolver).toBe('mpc');
    expect(fake.log).toEqual(['sesame:Ceres', 'mpc:Ceres']);
  });

  it('falls back to Horizons for a designation when the MPC cannot be reached', async () => {
    const dead = await closedPortUrl();
    const r = found(await resolveName(catalog, online({ mpcBaseUrl: `${dead}/api/get-orb` }), '29P', opts));
    expect(r.resolver).toBe('horizons');
  });

  it('answers the same clear offline message when no service (the MPC included) can be reached', async () => {
    const dead = await closedPortUrl();
    const resolvers = createOnlineResolvers({ dataDir: dir.path, clock, sesameBaseUrl: `${dead}/s`, horizonsBaseUrl: `${dead}/h`, mpcBaseUrl: `${dead}/m` });
    const a = await resolveName(catalog, resolvers, 'C/2023 A3', opts);
    expect(a.status).toBe('offline');
    expect(a.status === 'offline' && a.message).toMatch(/^Offline; only the bundled catalog was searched.*the MPC: The MPC could not be reached/);
  });

  it('caches MPC answers across restarts', async () => {
    found(await resolveName(catalog, online(), '1P', opts));
    found(await resolveName(catalog, online(), '1P', opts));
    expect(fake.log).toEqual(['mpc:1P']);
  });
});
