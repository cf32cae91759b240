/**
 * Name resolution: one interface for the offline catalogue resolver (here) and the online ones
 * the core implements (Sesame/SIMBAD for sidereal objects, JPL Horizons and the MPC for solar-system
 * bodies). Answers are values, never throws: `offline` is a first-class answer, distinct from
 * `not-found`, so the UI can say "no network" instead of "no such object".
 */
import type { IcrsPlace, MajorBody, OrbitalElements } from '../astro';

/** What a name resolved to, in the engine's target vocabulary. */
export type ResolvedTarget =
  | { kind: 'sidereal'; place: IcrsPlace }
  | { kind: 'major-body'; body: MajorBody }
  | { kind: 'orbital-elements'; elements: OrbitalElements };

export type ResolverId = 'catalog' | 'sesame' | 'horizons' | 'mpc';

export interface ResolvedName {
  /** The canonical designation the resolver used ('NGC 224', 'HR 2491', 'Jupiter'). */
  canonicalName: string;
  /** Every other designation known for it (Messier, NGC/IC cross-ids, Bayer, common names). */
  otherNames: string[];
  target: ResolvedTarget;
  /** Visual magnitude when known, else null. */
  vMag: number | null;
  /** Object class ('star', 'galaxy', 'planet', …). */
  objectType: string;
  resolver: ResolverId;
}

export type ResolveAnswer =
  | { status: 'found'; result: ResolvedName }
  /** The resolver looked and knows no such name. */
  | { status: 'not-found'; resolver: ResolverId; message: string }
  /** The resolver could not look (no network, service down, timed out). */
  | { status: 'offline'; resolver: ResolverId; message: string };

export interface ResolveOptions {
  /** Instant of interest, UTC ms (for ephemerides; sidereal answers ignore it). */
  utcMs: number;
  /** Aborts an online query (an AbortSignal; only `aborted` is read here); the answer is then `offline`. */
  signal?: { readonly aborted: boolean };
}

/** One resolver. Online implementations live in the core (src-main), behind the IPC contract. */
export interface NameResolver {
  readonly id: ResolverId;
  resolve(name: string, opts: ResolveOptions): Promise<ResolveAnswer>;
}

/**
 * Tries resolvers in order and returns the first `found`. If none found it: `not-found` when every
 * resolver answered (at least one looked and none knew it), `offline` when any resolver could not
 * look, with a message naming which ones were unreachable.
 */
export async function resolveWithFallback(resolvers: readonly NameResolver[], name: string, opts: ResolveOptions): Promise<ResolveAnswer> {
  const unreachable: ResolverId[] = [];
  let lastNotFound: ResolveAnswer | null = null;
  for (const r of resolvers) {
    let answer: ResolveAnswer;
    try {
      answer = await r.resolve(name, opts);
    } catch (e) {
      // A resolver that throws is treated as unreachable: batch lookups report, they do not throw.
      answer = { status: 'offline', resolver: r.id, message: e instanceof Error ? e.message : String(e) };
    }
    if (answer.status === 'found') return answer;
    if (answer.status === 'offline') unreachable.push(answer.resolver);
    else lastNotFound = answer;
  }
  if (unreachable.length > 0) {
    const which = unreachable.join(', ');
    return { status: 'offline', resolver: unreachable[0] ?? 'catalog', message: `"${name}" is not in the bundled catalogs and ${which} could not be reached (offline)` };
  }
  return lastNotFound ?? { status: 'not-found', resolver: 'catalog', message: `no resolver knows "${name}"` };
}
