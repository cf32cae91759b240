/**
 * Portal users and OCS API tokens (`Authorization: Token <key>`, `POST /api/api-token-auth/`).
 * Passwords are scrypt-hashed; tokens are 40 hex characters like DRF's.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Caller, Db } from './types';

/** The staff user the data dir's access token acts as (and the demo's observer). */
export const ACCESS_TOKEN_USER = 'demo';

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${scryptSync(password, salt, 32).toString('hex')}`;
}

export function verifyPassword(password: string, stored: string | null): boolean {
  if (stored === null) return false;
  const [saltHex, hashHex] = stored.split(':');
  if (!saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(password, Buffer.from(saltHex, 'hex'), expected.length);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function newTokenKey(): string {
  return randomBytes(20).toString('hex');
}

export interface UserFields {
  username: string;
  first_name?: string;
  last_name?: string;
  email?: string;
  institution?: string;
  is_staff?: boolean;
  is_superuser?: boolean;
}

/** Inserts or updates a user by username; returns its id. Never changes an existing password. */
export async function upsertUser(db: Db, u: UserFields, nowUtcMs: number): Promise<number> {
  const values = {
    first_name: u.first_name ?? '',
    last_name: u.last_name ?? '',
    email: u.email ?? '',
    institution: u.institution ?? '',
    is_staff: u.is_staff ? 1 : 0,
    is_superuser: u.is_superuser ? 1 : 0,
  };
  const row = await db
    .insertInto('users')
    .values({ username: u.username, password_hash: null, created_utc_ms: nowUtcMs, ...values })
    .onConflict((oc) => oc.column('username').doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The user's API token, creating one when it has none. */
export async function ensureApiToken(db: Db, userId: number, nowUtcMs: number): Promise<string> {
  const existing = await db.selectFrom('api_tokens').select('key').where('user_id', '=', userId).executeTakeFirst();
  if (existing) return existing.key;
  const key = newTokenKey();
  await db.insertInto('api_tokens').values({ key, user_id: userId, created_utc_ms: nowUtcMs }).execute();
  return key;
}

/** Replaces the user's token (OCS `revoke_token`). */
export async function rotateApiToken(db: Db, userId: number, nowUtcMs: number): Promise<string> {
  await db.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
  return ensureApiToken(db, userId, nowUtcMs);
}

export async function setPassword(db: Db, username: string, password: string): Promise<boolean> {
  const r = await db.updateTable('users').set({ password_hash: hashPassword(password) }).where('username', '=', username).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

type UserRow = { id: number; username: string; is_staff: number; is_superuser: number };
const toCaller = (r: UserRow): Caller => ({ id: r.id, username: r.username, isStaff: r.is_staff === 1, isSuperuser: r.is_superuser === 1 });

/** The user owning an API token, or null. */
export async function userByToken(db: Db, key: string): Promise<Caller | null> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['users.id', 'users.username', 'users.is_staff', 'users.is_superuser'])
    .where('api_tokens.key', '=', key)
    .executeTakeFirst();
  return row ? toCaller(row) : null;
}

export async function userByName(db: Db, username: string): Promise<(Caller & { passwordHash: string | null }) | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'username', 'is_staff', 'is_superuser', 'password_hash'])
    .where('username', '=', username)
    .executeTakeFirst();
  return row ? { ...toCaller(row), passwordHash: row.password_hash } : null;
}

/** The staff user behind the data dir's access token, created on first use. */
export async function accessTokenUser(db: Db, nowUtcMs: number): Promise<Caller> {
  const found = await userByName(db, ACCESS_TOKEN_USER);
  if (found && found.isStaff) return found;
  const id = await upsertUser(db, { username: ACCESS_TOKEN_USER, first_name: 'Demo', last_name: 'Observer', is_staff: true }, nowUtcMs);
  return { id, username: ACCESS_TOKEN_USER, isStaff: true, isSuperuser: found?.isSuperuser ?? false };
}
