/**
 * A small persistent cache of online name lookups: one JSON file in the data dir (the migrations
 * folder is shared, and a lookup cache needs no queries, only get/put by key). Entries expire:
 * positions of sidereal objects change slowly; osculating elements are re-asked after a week so the
 * epoch stays near the night of interest. Not-found answers are cached briefly so a typo does not
 * hammer the services. A damaged file is treated as empty, never as an error.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { NameResolver, ResolveAnswer, ResolverId } from '../../../src-shared/sky';
import { nameKey } from '../../../src-shared/sky';
import type { Clock } from '../../clock';

const DAY_MS = 86_400_000;
/** How long a found answer is kept, per resolver, ms. */
export const FOUND_TTL_MS: Record<ResolverId, number> = { catalog: 365 * DAY_MS, sesame: 90 * DAY_MS, horizons: 7 * DAY_MS, mpc: 7 * DAY_MS };
/** How long a not-found answer is kept, ms. */
export const NOT_FOUND_TTL_MS = DAY_MS;
/** Entries kept at most (oldest dropped first). */
const MAX_ENTRIES = 2000;

interface Entry {
  storedMs: number;
  answer: Extract<ResolveAnswer, { status: 'found' | 'not-found' }>;
}

export class ResolverCache {
  private entries: Record<string, Entry> | null = null;

  constructor(
    private readonly filePath: string,
    private readonly clock: Clock,
  ) {}

  private load(): Record<string, Entry> {
    if (this.entries !== null) return this.entries;
    try {
      const raw: unknown = JSON.parse(readFileSync(this.filePath, 'utf8'));
      const rec = typeof raw === 'object' && raw !== null && 'entries' in raw ? raw.entries : null;
      this.entries = typeof rec === 'object' && rec !== null ? (rec as Record<string, Entry>) : {};
    } catch {
      this.entries = {};
    }
    return this.entries;
  }

  private key(resolver: ResolverId, name: string): string {
    return `${resolver}:${nameKey(name)}`;
  }

  /** The stored answer of `resolver` for `name`, or null when absent or expired. */
  get(resolver: ResolverId, name: string): Entry['answer'] | null {
    const e = this.load()[this.key(resolver, name)];
    if (e === undefined || typeof e.storedMs !== 'number' || typeof e.answer !== 'object') return null;
    const ttl = e.answer.status === 'found' ? FOUND_TTL_MS[resolver] : NOT_FOUND_TTL_MS;
    return this.clock.nowMs() - e.storedMs <= ttl ? e.answer : null;
  }

  /** Stores a found or not-found answer (offline answers are never stored) and writes the file atomically. */
  put(resolver: ResolverId, name: string, answer: ResolveAnswer): void {
    if (answer.status === 'offline') return;
    const all = this.load();
    all[this.key(resolver, name)] = { storedMs: this.clock.nowMs(), answer };
    const keys = Object.keys(all);
    if (keys.length > MAX_ENTRIES) {
      keys.sort((a, b) => (all[a]?.storedMs ?? 0) - (all[b]?.storedMs ?? 0));
      for (const k of keys.slice(0, keys.length - MAX_ENTRIES)) delete all[k];
    }
    try {
      mkdirSync(dirname(this.filePath), { recursive: true });
      const tmp = `${this.filePath}.tmp`;
      writeFileSync(tmp, JSON.stringify({ version: 1, entries: all }));
      renameSync(tmp, this.filePath);
    } catch {
      // A cache that cannot be written only costs a repeated query.
    }
  }
}

/** `inner` with its found and not-found answers kept in `cache` (offline answers are asked again next time). */
export function cachedResolver(inner: NameResolver, cache: ResolverCache): NameResolver {
  return {
    id: inner.id,
    resolve: async (name, opts) => {
      const hit = cache.get(inner.id, name);
      if (hit !== null) return hit;
      const answer = await inner.resolve(name, opts);
      cache.put(inner.id, name, answer);
      return answer;
    },
  };
}
