/**
 * CDS Sesame (Simbad, then NED, then VizieR) for sidereal names. Asks for the XML output (`-ox`)
 * and reads the first resolver block that has a position: J2000 RA/Dec in degrees, and proper
 * motion, parallax, V magnitude, object type and aliases when present.
 */
import type { NameResolver, ResolveAnswer, ResolveOptions, ResolvedName } from '../../../src-shared/sky';
import { httpGet, type HttpGet } from './http-get';

/** The public Sesame endpoint (CDS, Strasbourg). */
export const SESAME_BASE_URL = 'https://cds.unistra.fr/cgi-bin/nph-sesame';

export interface SesameOptions {
  /** Without a trailing slash; `${baseUrl}/-ox/SNV?<name>` is asked. */
  baseUrl?: string;
  /** Real milliseconds before a query is given up (default 8000). */
  timeoutMs?: number;
  get?: HttpGet;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string): string =>
  s.replace(/&(#x?[0-9a-fA-F]+|[a-z]+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });

/** Text of the first `<tag …>text</tag>` inside `xml`, trimmed and decoded; null when absent. */
function tagText(xml: string, tag: string): string | null {
  const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m?.[1] === undefined ? null : decode(m[1].trim());
}

function tagNumber(xml: string, tag: string): number | null {
  const t = tagText(xml, tag);
  if (t === null || t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Simbad's object-type codes for the common classes; anything else is passed through. */
const OTYPES: Record<string, string> = {
  '*': 'star', '**': 'double star', G: 'galaxy', GiG: 'galaxy', GiC: 'galaxy', AGN: 'galaxy', QSO: 'quasar', SyG: 'galaxy', Sy1: 'galaxy', Sy2: 'galaxy',
  GlC: 'globular cluster', OpC: 'open cluster', Cl: 'cluster', PN: 'planetary nebula', HII: 'HII region', SNR: 'supernova remnant', RNe: 'nebula', EmO: 'nebula', ClG: 'galaxy cluster',
  V: 'variable star', 'V*': 'variable star', PM: 'star', 'PM*': 'star', WD: 'white dwarf', 'WD*': 'white dwarf', 'Ce*': 'variable star', 'RR*': 'variable star', 'Mi*': 'variable star',
};

/**
 * Parses a Sesame `-ox` answer. Returns the first resolver block with `jradeg`/`jdedeg` as a
 * sidereal ResolvedName (ICRS, epoch J2000; proper motion μα·cos δ and μδ in mas/yr, parallax mas,
 * each 0 when absent), or null when no block has a position ("nothing found").
 */
export function parseSesameXml(xml: string, queriedName: string): ResolvedName | null {
  const blocks = xml.match(/<Resolver[\s>][\s\S]*?<\/Resolver>/g) ?? [];
  for (const b of blocks) {
    const raDeg = tagNumber(b, 'jradeg');
    const decDeg = tagNumber(b, 'jdedeg');
    if (raDeg === null || decDeg === null || raDeg < 0 || raDeg >= 360 || Math.abs(decDeg) > 90) continue;
    const pm = tagText(b, 'pm');
    const plx = tagText(b, 'plx');
    const vMagBlock = /<mag\s[^>]*band="V"[^>]*>([\s\S]*?)<\/mag>/.exec(b)?.[1] ?? null;
    const otype = tagText(b, 'otype');
    const oname = tagText(b, 'oname');
    const aliases = [...b.matchAll(/<alias>([\s\S]*?)<\/alias>/g)].map((m) => decode((m[1] ?? '').trim())).filter((a) => a !== '');
    const canonical = oname ?? aliases[0] ?? queriedName.trim();
    const parallaxMas = plx === null ? null : tagNumber(plx, 'v');
    return {
      canonicalName: canonical.replace(/\s+/g, ' '),
      otherNames: aliases.map((a) => a.replace(/\s+/g, ' ')).filter((a) => a !== canonical).slice(0, 12),
      target: {
        kind: 'sidereal',
        place: {
          raDeg,
          decDeg,
          properMotionRaMasPerYr: (pm === null ? null : tagNumber(pm, 'pmRA')) ?? 0,
          properMotionDecMasPerYr: (pm === null ? null : tagNumber(pm, 'pmDE')) ?? 0,
          // Negative parallaxes (noise) are not distances: OCS takes 0 as "unknown".
          parallaxMas: parallaxMas !== null && parallaxMas > 0 ? parallaxMas : 0,
          epochJulianYear: 2000,
        },
      },
      vMag: vMagBlock === null ? null : tagNumber(vMagBlock, 'v'),
      objectType: otype === null ? 'other' : (OTYPES[otype] ?? otype),
      resolver: 'sesame',
    };
  }
  return null;
}

export class SesameResolver implements NameResolver {
  readonly id = 'sesame' as const;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly get: HttpGet;

  constructor(opts: SesameOptions = {}) {
    this.baseUrl = (opts.baseUrl ?? SESAME_BASE_URL).replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 8000;
    this.get = opts.get ?? httpGet;
  }

  async resolve(name: string, opts: ResolveOptions): Promise<ResolveAnswer> {
    const url = `${this.baseUrl}/-ox/SNV?${encodeURIComponent(name.trim())}`;
    let res;
    try {
      res = await this.get(url, { timeoutMs: this.timeoutMs, signal: opts.signal });
    } catch (e) {
      return { status: 'offline', resolver: 'sesame', message: `Sesame could not be reached (${e instanceof Error ? e.message : String(e)})` };
    }
    if (res.status >= 500 || res.status === 429) return { status: 'offline', resolver: 'sesame', message: `Sesame answered HTTP ${res.status}` };
    if (res.status !== 200) return { status: 'not-found', resolver: 'sesame', message: `Sesame refused the query (HTTP ${res.status})` };
    const found = parseSesameXml(res.text, name);
    return found ? { status: 'found', result: found } : { status: 'not-found', resolver: 'sesame', message: `Simbad, NED and VizieR know no "${name.trim()}"` };
  }
}
