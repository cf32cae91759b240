/**
 * The FITS checksum convention (Seaman, Pence & Rots; FITS Standard 4.0 appendix J): the 32-bit
 * one's-complement sum of an HDU read as big-endian unsigned integers, DATASUM as its decimal
 * string for the data unit, and CHECKSUM as a 16-character ASCII encoding chosen so that the whole
 * HDU sums to −0 (0xFFFFFFFF).
 */

const TWO16 = 0x10000;

/**
 * Accumulator for the one's-complement sum. The two 16-bit halves are summed separately in float64
 * (exact up to 2^53, i.e. far beyond any file size) and folded at the end: end-around carry.
 */
export class OnesComplementSum {
  private hi = 0;
  private lo = 0;

  /** Adds `bytes`, whose length must be a multiple of 4 and which must start on a 4-byte boundary of the HDU. */
  add(bytes: Uint8Array): this {
    if (bytes.length % 4 !== 0) throw new RangeError('checksum input must be a multiple of 4 bytes');
    let hi = this.hi;
    let lo = this.lo;
    const n = bytes.length;
    for (let i = 0; i < n; i += 4) {
      hi += ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
      lo += ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number);
    }
    this.hi = hi;
    this.lo = lo;
    return this;
  }

  /** The folded 32-bit sum, 0 … 0xFFFFFFFF. */
  value(): number {
    return foldHalfSums(this.hi, this.lo);
  }
}

/**
 * Folds separately accumulated sums of the high and low 16-bit halves of big-endian 32-bit words
 * (each a non-negative integer below 2^53) into the 32-bit one's-complement sum, 0 … 0xFFFFFFFF.
 * Lets a writer that knows the words' halves (e.g. 16-bit pixels) sum them without re-reading bytes.
 */
export function foldHalfSums(hiSum: number, loSum: number): number {
  let hi = hiSum;
  let lo = loSum;
  while (hi >= TWO16 || lo >= TWO16) {
    const hiCarry = Math.floor(hi / TWO16);
    const loCarry = Math.floor(lo / TWO16);
    hi = (hi % TWO16) + loCarry;
    lo = (lo % TWO16) + hiCarry;
  }
  return hi * TWO16 + lo;
}

/** One's-complement 32-bit sum of `bytes` (length a multiple of 4). */
export function onesComplementSum(bytes: Uint8Array): number {
  return new OnesComplementSum().add(bytes).value();
}

/** One's-complement addition of two 32-bit sums (end-around carry). */
export function addOnesComplement(a: number, b: number): number {
  const s = a + b;
  return s > 0xffffffff ? s - 0xffffffff : s;
}

// ASCII punctuation between the digits and the letters, which the encoding avoids.
const EXCLUDED = new Set([0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60]);

/**
 * Encodes a 32-bit value as 16 ASCII characters (0–9, A–Z, a–z) whose one's-complement sum, taken
 * with the card alignment of a CHECKSUM value (which starts one byte before a word boundary, hence
 * the final rotation by one), adds `value` on top of a '0000000000000000' placeholder.
 * CHECKSUM uses `encodeChecksum(~sum)`.
 */
export function encodeChecksum(value: number): string {
  const out = new Array<number>(16).fill(0);
  for (let byteIndex = 0; byteIndex < 4; byteIndex++) {
    const byte = Math.floor(value / 2 ** (24 - 8 * byteIndex)) & 0xff;
    const quotient = Math.floor(byte / 4) + 0x30;
    const remainder = byte % 4;
    const ch = [quotient + remainder, quotient, quotient, quotient];
    // Move excluded characters into the allowed ranges in pairs, keeping each pair's sum; the
    // scan order (excluded value outermost) follows the published algorithm so strings match.
    for (let moved = true; moved; ) {
      moved = false;
      for (const bad of EXCLUDED) {
        for (let j = 0; j < 4; j += 2) {
          if (ch[j] === bad || ch[j + 1] === bad) {
            ch[j] = (ch[j] as number) + 1;
            ch[j + 1] = (ch[j + 1] as number) - 1;
            moved = true;
          }
        }
      }
    }
    for (let j = 0; j < 4; j++) out[4 * j + byteIndex] = ch[j] as number;
  }
  // Rotate right by one so the characters line up with the words they land in.
  const rotated = [out[15] as number, ...out.slice(0, 15)];
  return String.fromCharCode(...rotated);
}

/** The bitwise complement of a 32-bit unsigned value. */
export function complement32(value: number): number {
  return 0xffffffff - value;
}
