/**
 * JPL Horizons for solar-system bodies: asks the Horizons API for heliocentric osculating elements
 * (J2000 ecliptic, AU-days) at the day of interest and answers an orbital-elements target in the
 * OCS schemes (JPL_MAJOR_PLANET, MPC_COMET, MPC_MINOR_PLANET).
 */
import type { NameResolver, ResolveAnswer, ResolveOptions } from '../../../src-shared/sky';
import { horizonsCommand, parseHorizonsElements } from './horizons-parse';
import { httpGet, type HttpGet } from './http-get';

/** The public Horizons API endpoint (JPL Solar System Dynamics). */
export const HORIZONS_BASE_URL = 'https://ssd.jpl.nasa.gov/api/horizons.api';

export interface HorizonsOptions {
  baseUrl?: string;
  /** Real milliseconds before a query is given up (default 15000: Horizons can be slow). */
  timeoutMs?: number;
  get?: HttpGet;
}

const DAY_MS = 86_400_000;
const isoDay = (utcMs: number): string => new Date(Math.floor(utcMs / DAY_MS) * DAY_MS).toISOString().slice(0, 10);

/** The query URL for `name` with elements at 0h TDB of the UTC day of `utcMs`. */
export function horizonsUrl(baseUrl: string, name: string, utcMs: number): { url: string; major: boolean } {
  const { command, major } = horizonsCommand(name);
  const q = (v: string) => encodeURIComponent(`'${v}'`);
  const params = [
    ['format', 'json'],
    ['COMMAND', q(command)],
    ['OBJ_DATA', q('NO')],
    ['MAKE_EPHEM', q('YES')],
    ['EPHEM_TYPE', q('ELEMENTS')],
    ['CENTER', q('500@10')],
    ['REF_PLANE', q('ECLIPTIC')],
    ['REF_SYSTEM', q('J2000')],
    ['OUT_UNITS', q('AU-D')],
    ['TP_TYPE', q('ABSOLUTE')],
    ['START_TIME', q(isoDay(utcMs))],
    ['STOP_TIME', q(isoDay(utcMs + DAY_MS))],
    ['STEP_SIZE', q('1 d')],
  ];
  return { url: `${baseUrl}?${params.map(([k, v]) => `${k}=${v}`).join('&')}`, major };
}

export class HorizonsResolver implements NameResolver {
  readonly id = 'horizons' as const;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly get: HttpGet;

  constructor(opts: HorizonsOptions = {}) {
    this.baseUrl = opts.baseUrl ?? HORIZONS_BASE_URL;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.get = opts.get ?? httpGet;
  }

  async resolve(name: string, opts: ResolveOptions): Promise<ResolveAnswer> {
    const { url, major } = horizonsUrl(this.baseUrl, name, opts.utcMs);
    let res;
    try {
      res = await this.get(url, { timeoutMs: this.timeoutMs, signal: opts.signal });
    } catch (e) {
      return { status: 'offline', resolver: 'horizons', message: `JPL Horizons could not be reached (${e instanceof Error ? e.message : String(e)})` };
    }
    if (res.status >= 500 || res.status === 429) return { status: 'offline', resolver: 'horizons', message: `JPL Horizons answered HTTP ${res.status}` };
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      return { status: 'offline', resolver: 'horizons', message: `JPL Horizons answered something that is not JSON (HTTP ${res.status})` };
    }
    const rec = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    if (typeof rec['error'] === 'string') return { status: 'not-found', resolver: 'horizons', message: `JPL Horizons: ${rec['error'].slice(0, 200)}` };
    if (typeof rec['result'] !== 'string') return { status: 'not-found', resolver: 'horizons', message: `JPL Horizons gave no result (HTTP ${res.status})` };
    const parsed = parseHorizonsElements(rec['result'], name, major);
    if (parsed.kind !== 'elements') return { status: 'not-found', resolver: 'horizons', message: parsed.message };
    const e = parsed.elements;
    return {
      status: 'found',
      result: {
        canonicalName: parsed.canonicalName,
        otherNames: [],
        target: { kind: 'orbital-elements', elements: e },
        vMag: null,
        objectType: e.scheme === 'JPL_MAJOR_PLANET' ? 'planet' : e.scheme === 'MPC_COMET' ? 'comet' : 'minor planet',
        resolver: 'horizons',
      },
    };
  }
}
