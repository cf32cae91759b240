/**
 * The one-pass 16-bit data unit (byte-swapped 16-bit stores, DATASUM summed from the pixel values)
 * must equal the byte-by-byte definition: big-endian stored value = physical − 32768, zero padding
 * to 2880-byte blocks, DATASUM = the one's-complement sum of the data bytes as 32-bit big-endian
 * words (FITS Standard 4.0 appendix J). Tolerance: none (bytes and sums identical). The written
 * file must also pass our reader's independent checksum verification.
 */
import { describe, expect, it } from 'vitest';
import { OnesComplementSum, encodeFits, encodedBytes, onesComplementSum, verifyFitsChecksum } from '../../../src-main/archive';
import { borrowDataBuffer, releaseDataBuffer } from '../../../src-main/archive/data-buffers';
import { foldHalfSums } from '../../../src-main/archive/fits/checksum';
import { paddedLength } from '../../../src-main/archive/fits/header';
import { encodeDataUnitWithSum } from '../../../src-main/archive/fits/writer';

/** The definition, one byte at a time. */
function referenceDataUnit(pixels: Uint16Array): Uint8Array {
  const out = new Uint8Array(Math.ceil((pixels.length * 2) / 2880) * 2880);
  for (let i = 0; i < pixels.length; i++) {
    const stored = ((pixels[i] as number) - 32768 + 65536) % 65536;
    out[2 * i] = Math.floor(stored / 256);
    out[2 * i + 1] = stored % 256;
  }
  return out;
}

function randomPixels(n: number, seed: number): Uint16Array {
  const out = new Uint16Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x >>> 16;
  }
  return out;
}

describe('one-pass 16-bit FITS data unit and DATASUM', () => {
  const cases: [string, Uint16Array][] = [
    ['random, even count', randomPixels(1000 * 998, 1)],
    ['random, odd count (last word half padding)', randomPixels(37 * 41, 2)],
    ['one pixel', Uint16Array.of(12345)],
    ['extremes and the BZERO point', Uint16Array.from([0, 65535, 32768, 32767, 1, 65534, 0x00ff, 0xff00, 0x8000])],
    ['saturated everywhere (sums carry many times)', new Uint16Array(2048 * 64).fill(65535)],
    ['all zero', new Uint16Array(4096)],
  ];
  for (const [name, pixels] of cases) {
    it(name, () => {
      const { data, datasum } = encodeDataUnitWithSum({ kind: 'uint16', width: pixels.length, height: 1, data: pixels });
      const ref = referenceDataUnit(pixels);
      expect(data.length).toBe(ref.length);
      expect(Buffer.compare(Buffer.from(data), Buffer.from(ref))).toBe(0);
      expect(datasum).toBe(onesComplementSum(ref));
    });
  }

  it('float32 images keep the big-endian IEEE encoding and its sum', () => {
    const values = Float32Array.from([0, -1.5, 3.25e6, Number.NaN, -0, 1e-30, 65535.5]);
    const { data, datasum } = encodeDataUnitWithSum({ kind: 'float32', width: 7, height: 1, data: values });
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let i = 0; i < values.length; i++) expect(Object.is(view.getFloat32(i * 4, false), values[i])).toBe(true);
    expect(datasum).toBe(onesComplementSum(data));
  });

  it('foldHalfSums equals the streaming accumulator on large carries', () => {
    const bytes = new Uint8Array(4 * 100_000).fill(0xff);
    bytes[5] = 0x12;
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < bytes.length; i += 4) {
      hi += ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
      lo += ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number);
    }
    expect(foldHalfSums(hi, lo)).toBe(new OnesComplementSum().add(bytes).value());
  });

  it('a whole file from the fast path verifies: DATASUM and CHECKSUM both ok', () => {
    const pixels = randomPixels(513 * 257, 3);
    const encoded = encodeFits({ kind: 'uint16', width: 513, height: 257, data: pixels }, [{ key: 'OBJECT', value: 'fast path' }]);
    expect(encoded.datasum).toBe(String(onesComplementSum(referenceDataUnit(pixels))));
    expect(verifyFitsChecksum(encodedBytes(encoded))).toEqual({ datasum: 'ok', checksum: 'ok' });
  });
});

describe('encoding into a reused buffer', () => {
  it('a buffer that held a larger, different frame gives the same bytes and sums as a fresh one', () => {
    const big = randomPixels(300 * 211, 4);
    const small = randomPixels(17 * 13, 5);
    const buffer = borrowDataBuffer(paddedLength(big.length * 2));
    try {
      encodeFits({ kind: 'uint16', width: 300, height: 211, data: big }, [], { dataBuffer: buffer });
      // The buffer is now full of the big frame's bytes, padding area included.
      const reused = encodeFits({ kind: 'uint16', width: 17, height: 13, data: small }, [], { dataBuffer: buffer });
      const fresh = encodeFits({ kind: 'uint16', width: 17, height: 13, data: small }, []);
      expect(reused.data.length).toBe(fresh.data.length);
      expect(Buffer.compare(Buffer.from(reused.data), Buffer.from(fresh.data))).toBe(0);
      expect(reused.checksum).toBe(fresh.checksum);
      expect(reused.datasum).toBe(fresh.datasum);
    } finally {
      releaseDataBuffer(buffer);
    }
  });

  it('a buffer too small, or not at the start of its memory, is not used', () => {
    const pixels = randomPixels(64 * 64, 6);
    const tooSmall = new Uint8Array(100);
    const a = encodeFits({ kind: 'uint16', width: 64, height: 64, data: pixels }, [], { dataBuffer: tooSmall });
    expect(a.data.buffer).not.toBe(tooSmall.buffer);
    const offset = new Uint8Array(3 * 2880 + 1).subarray(1);
    const b = encodeFits({ kind: 'uint16', width: 64, height: 64, data: pixels }, [], { dataBuffer: offset });
    expect(b.data.buffer).not.toBe(offset.buffer);
    expect(Buffer.compare(Buffer.from(a.data), Buffer.from(referenceDataUnit(pixels)))).toBe(0);
    expect(Buffer.compare(Buffer.from(b.data), Buffer.from(referenceDataUnit(pixels)))).toBe(0);
  });

  it('the pool hands a returned buffer out again and never the same one twice at once', () => {
    const a = borrowDataBuffer(5000);
    const b = borrowDataBuffer(5000);
    expect(a).not.toBe(b);
    releaseDataBuffer(a);
    const c = borrowDataBuffer(4000);
    expect(c).toBe(a);
    releaseDataBuffer(b);
    releaseDataBuffer(c);
  });
});
