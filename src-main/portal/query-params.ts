/**
 * Query-string parsing with django-filter's behaviour: unknown parameters are ignored, blank
 * values mean "no filter", a malformed value is a 400 keyed by the parameter.
 */
import { parseOcsDatetimeMs } from '../../src-shared/schemas';
import type { FieldErrors } from '../../src-shared/errors';

export class QueryParams {
  readonly errors: FieldErrors = {};
  constructor(private readonly params: URLSearchParams) {}

  /** A single non-blank value, or null. */
  str(name: string): string | null {
    const v = this.params.get(name);
    return v === null || v.trim() === '' ? null : v.trim();
  }

  /** Every non-blank value (repeated keys and comma lists both count). */
  multi(name: string): string[] {
    return this.params.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  }

  int(name: string): number | null {
    const v = this.str(name);
    if (v === null) return null;
    if (!/^-?\d+$/.test(v)) {
      this.errors[name] = ['Enter a whole number.'];
      return null;
    }
    return Number(v);
  }

  float(name: string): number | null {
    const v = this.str(name);
    if (v === null) return null;
    const n = Number(v);
    if (!Number.isFinite(n)) {
      this.errors[name] = ['Enter a number.'];
      return null;
    }
    return n;
  }

  /** UTC ms of an ISO datetime parameter. */
  time(name: string): number | null {
    const v = this.str(name);
    if (v === null) return null;
    const ms = parseOcsDatetimeMs(v);
    if (ms === null) this.errors[name] = ['Enter a valid date/time.'];
    return ms;
  }

  bool(name: string): boolean | null {
    const v = this.str(name);
    if (v === null) return null;
    if (/^(true|1|yes)$/i.test(v)) return true;
    if (/^(false|0|no)$/i.test(v)) return false;
    this.errors[name] = ['Select a valid choice. That choice is not one of the available choices.'];
    return null;
  }

  choice<T extends string>(name: string, values: readonly T[]): T[] {
    const vals = this.multi(name);
    const bad = vals.find((v) => !values.includes(v as T));
    if (bad !== undefined) this.errors[name] = [`Select a valid choice. ${bad} is not one of the available choices.`];
    return vals.filter((v): v is T => values.includes(v as T));
  }

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }
}

/** LIKE pattern for a case-insensitive "contains" (SQLite LIKE is ASCII case-insensitive). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface Page {
  limit: number;
  offset: number;
}

/** DRF LimitOffsetPagination: a bad limit falls back to the default, a bad offset to 0. */
export function parsePage(params: URLSearchParams, defaultLimit: number, maxLimit: number): Page {
  const l = Number(params.get('limit'));
  const o = Number(params.get('offset'));
  const limit = params.get('limit') !== null && Number.isInteger(l) && l > 0 ? Math.min(l, maxLimit) : defaultLimit;
  const offset = params.get('offset') !== null && Number.isInteger(o) && o > 0 ? o : 0;
  return { limit, offset };
}

/** `{count, next, previous, results}` with absolute next/previous links. */
export function paginated(url: URL, page: Page, count: number, results: unknown[]): { count: number; next: string | null; previous: string | null; results: unknown[] } {
  const link = (offset: number): string => {
    const u = new URL(url.href);
    u.searchParams.set('limit', String(page.limit));
    if (offset > 0) u.searchParams.set('offset', String(offset));
    else u.searchParams.delete('offset');
    return u.href;
  };
  return {
    count,
    next: page.offset + page.limit < count ? link(page.offset + page.limit) : null,
    previous: page.offset > 0 ? link(Math.max(0, page.offset - page.limit)) : null,
    results,
  };
}
