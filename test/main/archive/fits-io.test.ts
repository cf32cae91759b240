import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  addOnesComplement,
  complement32,
  decodeFits,
  encodeChecksum,
  encodeFits,
  encodedBytes,
  headerString,
  headerValue,
  onesComplementSum,
  verifyFitsChecksum,
} from '../../../src-main/archive';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/archive');
const load = (name: string): Uint8Array => new Uint8Array(readFileSync(join(fixtures, name)));

/** The pixel values make-astropy-fixtures.py writes into astropy-uint16.fits (row-major, NAXIS1 = 7). */
function astropyUint16Pixels(): Uint16Array {
  const out = new Uint16Array(35);
  for (let i = 0; i < 35; i++) out[i] = (i * 1927) % 65536;
  out[0] = 0;
  out[34] = 65535;
  return out;
}

describe('one-complement checksum arithmetic', () => {
  it('wraps the carry out of bit 31 back into bit 0', () => {
    // 0xFFFFFFFF + 0x00000002 = 0x1_00000001 → end-around carry → 0x00000002.
    expect(onesComplementSum(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 2]))).toBe(2);
    // 0x80000000 + 0x80000000 = 0x1_00000000 → 0x00000001.
    expect(onesComplementSum(Uint8Array.from([0x80, 0, 0, 0, 0x80, 0, 0, 0]))).toBe(1);
    // Carry from the low half into the high half: 0x0000FFFF + 0x00000001 = 0x00010000.
    expect(onesComplementSum(Uint8Array.from([0, 0, 0xff, 0xff, 0, 0, 0, 1]))).toBe(0x10000);
    expect(addOnesComplement(0xffffffff, 5)).toBe(5);
  });

  it('encodes 16 characters from 0–9 A–Z a–z only', () => {
    for (const v of [0, 1, 0xffffffff, 0x12345678, 0xdeadbeef, 0x3a3a3a3a]) {
      const s = encodeChecksum(v);
      expect(s).toMatch(/^[0-9A-Za-z]{16}$/);
    }
  });
});

describe('FITS reader against files written by astropy 5.2.1', () => {
  it('reads the uint16 header (quotes, CONTINUE, types) and data with BZERO applied', () => {
    const hdu = decodeFits(load('astropy-uint16.fits'));
    expect(hdu.bitpix).toBe(16);
    expect(hdu.axes).toEqual([7, 5]);
    expect(headerValue(hdu.cards, 'OBJECT')).toBe("O'Brien's comet");
    expect(headerValue(hdu.cards, 'GROUPID')).toBe(('a very long request group name '.repeat(4)).trim());
    expect(headerValue(hdu.cards, 'EXPTIME')).toBe(30);
    expect(hdu.cards.find((c) => c.key === 'EXPTIME')?.format).toBe('float');
    expect(headerValue(hdu.cards, 'REQNUM')).toBe(1234567);
    expect(headerValue(hdu.cards, 'FLAG')).toBe(true);
    expect(hdu.cards.find((c) => c.key === 'COMMENT')?.comment).toBe('reference file for nightshift tests');
    expect(hdu.data).toBeInstanceOf(Uint16Array);
    expect(Array.from(hdu.data ?? [])).toEqual(Array.from(astropyUint16Pixels()));
  });

  it('reads float32 data exactly', () => {
    const hdu = decodeFits(load('astropy-float32.fits'));
    expect(hdu.bitpix).toBe(-32);
    expect(hdu.axes).toEqual([4, 3]);
    const expected = Float32Array.from([0, -1.5, 3.25, 1e10, -2e-5, 7, 65535.5, -0, 1, 2, 3, 4.5]);
    expect(Array.from(hdu.data ?? [])).toEqual(Array.from(expected));
  });

  it('verifies astropy checksums and detects a flipped bit in data or header', () => {
    for (const name of ['astropy-uint16.fits', 'astropy-float32.fits']) {
      const bytes = load(name);
      expect(verifyFitsChecksum(bytes)).toEqual({ datasum: 'ok', checksum: 'ok' });
      const dataHit = bytes.slice();
      dataHit[2880 + 3] = (dataHit[2880 + 3] as number) ^ 0x10;
      expect(verifyFitsChecksum(dataHit)).toEqual({ datasum: 'bad', checksum: 'bad' });
      const headerHit = bytes.slice();
      headerHit[79] = 0x21; // end of SIMPLE's comment: the header alone changes
      expect(verifyFitsChecksum(headerHit)).toEqual({ datasum: 'ok', checksum: 'bad' });
    }
  });

  it('reproduces astropy CHECKSUM and DATASUM strings exactly', () => {
    const bytes = load('astropy-uint16.fits');
    const hdu = decodeFits(bytes, { data: false });
    const astropyChecksum = headerString(hdu.cards, 'CHECKSUM');
    const astropyDatasum = headerString(hdu.cards, 'DATASUM');
    // Put the placeholder back where astropy's CHECKSUM value sits and recompute.
    const text = new TextDecoder('latin1').decode(bytes.subarray(0, hdu.headerBytes));
    const at = text.indexOf(`'${astropyChecksum}'`) + 1;
    const draft = bytes.slice(0, hdu.headerBytes + hdu.dataBytes);
    draft.fill(0x30, at, at + 16);
    const ours = encodeChecksum(complement32(onesComplementSum(draft)));
    expect(ours).toBe(astropyChecksum);
    // Our writer's DATASUM for the same pixels equals astropy's.
    const encoded = encodeFits({ kind: 'uint16', width: 7, height: 5, data: astropyUint16Pixels() }, []);
    expect(encoded.datasum).toBe(astropyDatasum);
    expect(Array.from(encoded.data)).toEqual(Array.from(bytes.subarray(hdu.headerBytes, hdu.headerBytes + hdu.dataBytes)));
  });
});

describe('FITS writer', () => {
  it('round-trips a uint16 image with 2880-byte blocks, END and valid checksums', () => {
    const width = 33;
    const height = 17;
    const data = new Uint16Array(width * height);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 65536;
    data[0] = 65535;
    const enc = encodeFits({ kind: 'uint16', width, height, data }, [{ key: 'OBJECT', value: 'M31' }]);
    const bytes = encodedBytes(enc);
    expect(bytes.length % 2880).toBe(0);
    expect(bytes.length).toBe(2880 + Math.ceil((width * height * 2) / 2880) * 2880);
    const headerText = new TextDecoder('latin1').decode(enc.header);
    expect(headerText.match(/.{80}/g)?.some((card) => card === 'END'.padEnd(80))).toBe(true);
    expect(verifyFitsChecksum(bytes)).toEqual({ datasum: 'ok', checksum: 'ok' });
    const back = decodeFits(bytes);
    expect(headerValue(back.cards, 'BZERO')).toBe(32768);
    expect(headerValue(back.cards, 'OBJECT')).toBe('M31');
    expect(back.data).toBeInstanceOf(Uint16Array);
    expect(Array.from(back.data ?? [])).toEqual(Array.from(data));
  });

  it('round-trips float32 including NaN, infinities and −0', () => {
    const data = Float32Array.from([1.5, -0, Number.NaN, Number.POSITIVE_INFINITY, -3.4e38, 1e-40]);
    const bytes = encodedBytes(encodeFits({ kind: 'float32', width: 3, height: 2, data }, []));
    expect(verifyFitsChecksum(bytes)).toEqual({ datasum: 'ok', checksum: 'ok' });
    const back = decodeFits(bytes).data as Float32Array;
    expect(Object.is(back[1], -0)).toBe(true);
    expect(Number.isNaN(back[2])).toBe(true);
    expect(Array.from(back).filter((_, i) => i !== 2)).toEqual(Array.from(data).filter((_, i) => i !== 2));
  });

  it('drops structural keys from caller cards and rejects a size mismatch', () => {
    const enc = encodeFits({ kind: 'uint16', width: 2, height: 2, data: new Uint16Array(4) }, [
      { key: 'NAXIS1', value: 999 },
      { key: 'BITPIX', value: 8 },
    ]);
    const back = decodeFits(encodedBytes(enc));
    expect(back.axes).toEqual([2, 2]);
    expect(back.bitpix).toBe(16);
    expect(() => encodeFits({ kind: 'uint16', width: 3, height: 2, data: new Uint16Array(4) }, [])).toThrow(/pixels/);
  });

  it('refuses truncated files', () => {
    const bytes = encodedBytes(encodeFits({ kind: 'uint16', width: 40, height: 40, data: new Uint16Array(1600) }, []));
    expect(() => decodeFits(bytes.subarray(0, 3000))).toThrow(/truncated/);
    expect(() => decodeFits(bytes.subarray(0, 400))).toThrow(/END/);
  });
});
