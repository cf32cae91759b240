/**
 * Offline name resolver over the bundled catalogs: Messier, NGC/IC (with cross-identifications and
 * common names), bright stars by HR number, Bayer or Flamsteed designation and proper name, and the
 * major bodies the engine computes. Builds its lookup table once; each lookup is a Map hit.
 */
import { MAJOR_BODIES, type MajorBody } from '../astro';
import type { DsoCatalog, StarCatalog } from './catalog-decode';
import type { NameResolver, ResolveAnswer, ResolvedName } from './resolver-types';

const GREEK: Record<string, string> = {
  alp: 'alpha', bet: 'beta', gam: 'gamma', del: 'delta', eps: 'epsilon', zet: 'zeta', eta: 'eta', the: 'theta',
  iot: 'iota', kap: 'kappa', lam: 'lambda', mu: 'mu', nu: 'nu', xi: 'xi', omi: 'omicron', pi: 'pi', rho: 'rho',
  sig: 'sigma', tau: 'tau', ups: 'upsilon', phi: 'phi', chi: 'chi', psi: 'psi', ome: 'omega',
};
const GREEK_LETTERS: Record<string, string> = {
  α: 'alp', β: 'bet', γ: 'gam', δ: 'del', ε: 'eps', ζ: 'zet', η: 'eta', θ: 'the', ι: 'iot', κ: 'kap', λ: 'lam', μ: 'mu',
  ν: 'nu', ξ: 'xi', ο: 'omi', π: 'pi', ρ: 'rho', σ: 'sig', τ: 'tau', υ: 'ups', φ: 'phi', χ: 'chi', ψ: 'psi', ω: 'ome',
};
const GREEK_FULL_TO_ABBR: Record<string, string> = Object.fromEntries(Object.entries(GREEK).map(([a, f]) => [f, a]));

/**
 * Lookup key for a name: lower case, diacritics and punctuation removed, catalogue prefixes joined to
 * their numbers ('ngc 0224' → 'ngc224'), Greek letters (symbol, full name or abbreviation) → the
 * three-letter abbreviation. '' for a blank name.
 */
export function nameKey(name: string): string {
  let s = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  s = s.replace(/[α-ω]/g, (c) => ` ${GREEK_LETTERS[c] ?? c} `);
  s = s.toLowerCase().replace(/[_.,'’"()-]/g, ' ');
  const words = s.split(/\s+/).filter(Boolean).map((w) => {
    const m = /^([a-z]+)(\d?)$/.exec(w);
    if (m && m[1] !== undefined && GREEK_FULL_TO_ABBR[m[1]] !== undefined) return `${GREEK_FULL_TO_ABBR[m[1]]}${m[2] ?? ''}`;
    return w;
  });
  s = words.join(' ');
  // Catalogue prefixes: 'm 31', 'messier 31', 'ngc 0224', 'ic 434', 'hr 2491', 'bs 2491'.
  s = s.replace(/^messier\s*/, 'm ').replace(/^(m|ngc|ic|hr|bsc|bs)\s*0*(\d+)/, (_m, p: string, d: string) => `${p === 'bs' || p === 'bsc' ? 'hr' : p}${d}`);
  return s.replace(/\s+/g, ' ').trim();
}

const BODY_NAMES: Record<MajorBody, string> = {
  sun: 'Sun', moon: 'Moon', mercury: 'Mercury', venus: 'Venus', mars: 'Mars', jupiter: 'Jupiter', saturn: 'Saturn', uranus: 'Uranus', neptune: 'Neptune', pluto: 'Pluto',
};

type Entry = { kind: 'star'; index: number } | { kind: 'dso'; index: number } | { kind: 'body'; body: MajorBody };

export class CatalogResolver implements NameResolver {
  readonly id = 'catalog' as const;
  private readonly table = new Map<string, Entry>();

  constructor(
    private readonly stars: StarCatalog,
    private readonly dso: DsoCatalog,
  ) {
    for (const body of MAJOR_BODIES) this.table.set(nameKey(BODY_NAMES[body]), { kind: 'body', body });
    // Stars first, so a star's proper name wins over a DSO common name that repeats it.
    for (let i = 0; i < stars.count; i++) for (const n of this.starNames(i)) this.add(n, { kind: 'star', index: i });
    for (let i = 0; i < dso.count; i++) for (const n of this.dsoNames(i)) this.add(n, { kind: 'dso', index: i });
  }

  private add(name: string, e: Entry): void {
    const k = nameKey(name);
    // First come keeps the key: catalogues are ordered brightest / lowest number first.
    if (k !== '' && !this.table.has(k)) this.table.set(k, e);
  }

  private starNames(i: number): string[] {
    const out: string[] = [];
    const hr = this.stars.hr[i] ?? 0;
    const proper = this.stars.properNames.get(i);
    const d = this.stars.designations.get(i);
    if (hr > 0) out.push(`HR ${hr}`);
    if (proper) out.push(proper);
    if (d) {
      if (d.bayer) {
        out.push(`${d.bayer} ${d.constellation}`);
        // 'alp1 Cen' is also reachable as 'alp Cen' when no plain 'alp Cen' exists (added later, first wins).
        const base = d.bayer.replace(/\d$/, '');
        if (base !== d.bayer) out.push(`${base} ${d.constellation}`);
      }
      if (d.flamsteed > 0) out.push(`${d.flamsteed} ${d.constellation}`);
    }
    return out;
  }

  private dsoNames(i: number): string[] {
    const m = this.dso.messier[i] ?? 0;
    return [...(m > 0 ? [`M ${m}`] : []), this.dso.id[i] ?? '', ...(this.dso.aliases[i] ?? []), ...(this.dso.commonNames[i] ?? [])];
  }

  /** Synchronous lookup; null when the name is not in the bundled catalogues. */
  lookup(name: string): ResolvedName | null {
    const e = this.table.get(nameKey(name));
    if (e === undefined) return null;
    switch (e.kind) {
      case 'body':
        return { canonicalName: BODY_NAMES[e.body], otherNames: [], target: { kind: 'major-body', body: e.body }, vMag: null, objectType: e.body === 'sun' ? 'star' : e.body === 'moon' ? 'moon' : 'planet', resolver: 'catalog' };
      case 'star': {
        const s = this.stars;
        const names = this.starNames(e.index);
        const parallax = s.parallaxMas[e.index] ?? 0;
        return {
          canonicalName: names[0] ?? `star ${e.index}`,
          otherNames: names.slice(1),
          target: {
            kind: 'sidereal',
            place: {
              raDeg: s.raDeg[e.index] ?? 0,
              decDeg: s.decDeg[e.index] ?? 0,
              properMotionRaMasPerYr: s.pmRaMasPerYr[e.index] ?? 0,
              properMotionDecMasPerYr: s.pmDecMasPerYr[e.index] ?? 0,
              parallaxMas: parallax > 0 ? parallax : 0,
              epochJulianYear: 2000,
            },
          },
          vMag: s.vMag[e.index] ?? null,
          objectType: 'star',
          resolver: 'catalog',
        };
      }
      case 'dso': {
        const d = this.dso;
        const names = this.dsoNames(e.index);
        const mag = d.vMag[e.index] ?? Number.NaN;
        const id = d.id[e.index] ?? '';
        return {
          canonicalName: id,
          otherNames: names.filter((n) => n !== id),
          target: { kind: 'sidereal', place: { raDeg: d.raDeg[e.index] ?? 0, decDeg: d.decDeg[e.index] ?? 0, epochJulianYear: 2000 } },
          vMag: Number.isNaN(mag) ? null : mag,
          objectType: d.type[e.index] ?? 'other',
          resolver: 'catalog',
        };
      }
    }
  }

  resolve(name: string): Promise<ResolveAnswer> {
    const result = this.lookup(name);
    return Promise.resolve(
      result
        ? { status: 'found', result }
        : { status: 'not-found', resolver: 'catalog', message: `"${name}" is not in the bundled catalogs (Messier, NGC/IC, bright stars to V 6.5, major bodies)` },
    );
  }
}
