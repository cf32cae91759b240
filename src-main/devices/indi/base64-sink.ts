import { AppError } from '../../../src-shared/errors';

const WHITESPACE = -2;
const INVALID = -1;
const PAD = -3;

const TABLE = (() => {
  const t = new Int8Array(256).fill(INVALID);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i;
  for (const c of [0x20, 0x09, 0x0a, 0x0d]) t[c] = WHITESPACE;
  t[0x3d] = PAD;
  return t;
})();

/**
 * Incremental base64 decoder that writes into one growing buffer: a BLOB arriving in hundreds of
 * socket chunks is decoded as it comes, in linear time, with whitespace (line wrapping) ignored.
 * The initial capacity should be the expected decoded size (INDI's `size`/`len`) so the common case
 * allocates exactly once.
 */
export class Base64Sink {
  private out: Uint8Array;
  private length = 0;
  private quantum = 0;
  private sextets = 0;
  private padded = false;

  /** @param expectedBytes decoded size hint in bytes (≥ 0); the buffer grows by doubling if exceeded. */
  constructor(expectedBytes: number) {
    this.out = new Uint8Array(Math.max(16, Math.floor(expectedBytes)));
  }

  /** Decodes more base64 characters (ASCII bytes); throws AppError('device.protocol') on a bad character. */
  write(chars: Uint8Array): void {
    let out = this.out;
    let len = this.length;
    let q = this.quantum;
    let s = this.sextets;
    for (let i = 0; i < chars.length; i++) {
      const v = TABLE[chars[i] as number] as number;
      if (v >= 0) {
        if (this.padded) throw new AppError('device.protocol', 'base64 data after padding');
        q = (q << 6) | v;
        if (++s === 4) {
          if (len + 3 > out.length) {
            this.length = len;
            this.grow(len + 3 + Math.ceil((chars.length - i) * 0.75));
            out = this.out;
          }
          out[len++] = (q >>> 16) & 0xff;
          out[len++] = (q >>> 8) & 0xff;
          out[len++] = q & 0xff;
          q = 0;
          s = 0;
        }
      } else if (v === WHITESPACE) {
        continue;
      } else if (v === PAD) {
        this.padded = true;
      } else {
        throw new AppError('device.protocol', `invalid base64 character 0x${(chars[i] as number).toString(16)}`);
      }
    }
    this.length = len;
    this.quantum = q;
    this.sextets = s;
  }

  /** Flushes a trailing partial quantum and returns the decoded bytes (a view, no copy). */
  end(): Uint8Array {
    if (this.sextets === 1) throw new AppError('device.protocol', 'truncated base64 data');
    if (this.length + 2 > this.out.length) this.grow(this.length + 2);
    if (this.sextets === 2) {
      this.out[this.length++] = (this.quantum >>> 4) & 0xff;
    } else if (this.sextets === 3) {
      this.out[this.length++] = (this.quantum >>> 10) & 0xff;
      this.out[this.length++] = (this.quantum >>> 2) & 0xff;
    }
    this.sextets = 0;
    this.quantum = 0;
    return this.out.subarray(0, this.length);
  }

  private grow(minBytes: number): void {
    let cap = this.out.length * 2;
    while (cap < minBytes) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.out.subarray(0, this.length));
    this.out = next;
  }
}
