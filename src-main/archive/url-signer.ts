/**
 * Signed, expiring download links, like the science archive's presigned URLs: a frame's `url`
 * must be fetchable with a plain GET (TOM downloads without auth, a browser follows a link), so
 * the link itself carries the permission: HMAC-SHA256 over what it grants and when it expires, with
 * a key kept (0600) in the data dir. Rotating the key (deleting the file) revokes every link.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** How long a link stays valid: the science archive presigns for about 48 hours. */
export const SIGNED_URL_LIFETIME_MS = 48 * 3_600_000;
const HOUR_MS = 3_600_000;

/** Reads the signing key from `file`, creating a random 256-bit one (mode 0600) if absent or malformed. */
export function loadOrCreateSigningKey(file: string): Buffer {
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(text)) {
      chmodSync(file, 0o600);
      return Buffer.from(text, 'hex');
    }
  }
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600); // writeFileSync keeps an existing file's mode
  return key;
}

export interface SignedGrant {
  /** Expiry, whole seconds since the epoch (UTC). */
  expires: number;
  /** base64url HMAC. */
  signature: string;
}

export interface UrlSigner {
  /**
   * Signs `subject` (e.g. `v.12` for file version 12) until about `SIGNED_URL_LIFETIME_MS` after
   * `nowUtcMs`. The expiry is rounded up to the hour so links to one file stay identical (and
   * cacheable) for an hour.
   */
  sign(subject: string, nowUtcMs: number): SignedGrant;
  /** 'ok', 'expired' (validly signed but past its expiry at `nowUtcMs`), or 'invalid'. */
  verify(subject: string, expires: number, signature: string, nowUtcMs: number): 'ok' | 'expired' | 'invalid';
}

export function createUrlSigner(key: Buffer): UrlSigner {
  const mac = (subject: string, expires: number): Buffer => createHmac('sha256', key).update(`${subject}\n${expires}`).digest();
  return {
    sign(subject, nowUtcMs) {
      const expires = Math.ceil((nowUtcMs + SIGNED_URL_LIFETIME_MS) / HOUR_MS) * (HOUR_MS / 1000);
      return { expires, signature: mac(subject, expires).toString('base64url') };
    },
    verify(subject, expires, signature, nowUtcMs) {
      if (!Number.isSafeInteger(expires) || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return 'invalid';
      const presented = Buffer.from(signature, 'base64url');
      const expected = mac(subject, expires);
      if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return 'invalid';
      return expires * 1000 > nowUtcMs ? 'ok' : 'expired';
    },
  };
}
