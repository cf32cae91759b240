import type { Kysely } from 'kysely';
import type { Database } from '../db';

/** A kysely handle: the database or an open transaction (repos work on both). */
export type Db = Kysely<Database>;

/** The authenticated portal user a call runs as. */
export interface Caller {
  id: number;
  username: string;
  isStaff: boolean;
  isSuperuser: boolean;
}

/** Who may read what: staff see everything, users their proposals, anonymous public proposals. */
export type Viewer = Caller | null;

/** The outcome of a write that may be refused with OCS field errors. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; body: unknown };

export const HOUR_MS = 3_600_000;
