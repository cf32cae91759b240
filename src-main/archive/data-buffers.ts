/**
 * Reusable byte buffers for encoded FITS data units. A 2048² frame needs an 8 MB data unit; a fresh
 * one per frame meant the kernel zeroing new pages and the collector freeing old ones for every
 * frame of a night. `writeFrame` borrows one for the time of a write and gives it back, so the
 * steady state allocates nothing. Concurrent writers (one per telescope) each get their own buffer.
 */

/** Buffers kept for reuse at most (enough for a few telescopes writing at once). */
const MAX_KEPT = 4;
const free: Uint8Array[] = [];

/**
 * A buffer of at least `bytes` bytes (contents unspecified), starting at offset 0 of its own
 * ArrayBuffer. Return it with {@link releaseDataBuffer} once nothing reads it any more.
 */
export function borrowDataBuffer(bytes: number): Uint8Array {
  let best = -1;
  for (let i = 0; i < free.length; i++) {
    const b = free[i] as Uint8Array;
    if (b.length >= bytes && (best < 0 || b.length < (free[best] as Uint8Array).length)) best = i;
  }
  if (best >= 0) return free.splice(best, 1)[0] as Uint8Array;
  return new Uint8Array(bytes);
}

/** Gives a borrowed buffer back; the largest few are kept. Never use `buffer` after this. */
export function releaseDataBuffer(buffer: Uint8Array): void {
  free.push(buffer);
  if (free.length > MAX_KEPT) {
    free.sort((a, b) => b.length - a.length);
    free.length = MAX_KEPT;
  }
}
