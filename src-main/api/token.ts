import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The access token's file in the data dir, readable only by its owner. */
export const tokenFile = (dataDir: string): string => join(dataDir, 'api-token');

/** Returns the data dir's access token, creating it (0600) on first start. */
export function ensureToken(dataDir: string): string {
  const file = tokenFile(dataDir);
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{48}$/.test(token)) {
      chmodSync(file, 0o600);
      return token;
    }
  }
  const token = randomBytes(24).toString('hex');
  writeFileSync(file, token + '\n', { mode: 0o600 });
  chmodSync(file, 0o600); // writeFileSync keeps an existing file's mode
  return token;
}

/** Reads the token without creating one; null when the data dir has none yet. */
export function readToken(dataDir: string): string | null {
  const file = tokenFile(dataDir);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

/** Constant-time comparison of a presented token with the real one. */
export function tokenMatches(presented: string | null, token: string): boolean {
  if (presented === null) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token from `Authorization: Token <t>` (OCS style) or `Bearer <t>`. */
export function tokenFromAuthorization(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^(?:Token|Bearer)\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}
