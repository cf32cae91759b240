import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IndiElementReader, type IndiElement } from '../../../../src-main/devices/indi/element-reader';
import { Base64Sink } from '../../../../src-main/devices/indi/base64-sink';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function readAll(chunks: Uint8Array[]): IndiElement[] {
  const out: IndiElement[] = [];
  const r = new IndiElementReader((el) => out.push(el));
  for (const c of chunks) r.push(c);
  return out;
}

/** Splits bytes at the given cut points (sorted, deduplicated by the caller). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let prev = 0;
  for (const c of cuts) {
    parts.push(bytes.slice(prev, c));
    prev = c;
  }
  parts.push(bytes.slice(prev));
  return parts;
}

// A stream as indiserver sends it: no declaration, no root, padded values, entities, a message
// with '>' inside an attribute, a comment, and a self-closing element.
const STREAM = `<defNumberVector device="Telescope Simulator" name="EQUATORIAL_EOD_COORD" label="Eq. Coordinates" group="Main Control" state="Idle" perm="rw" timeout="60" timestamp="2024-01-01T00:00:00">
    <defNumber name="RA" label="RA (hh:mm:ss)" format="%010.6m" min="0" max="24" step="0">
      5.5
    </defNumber>
    <defNumber name="DEC" label="DEC (dd:mm:ss)" format="%010.6m" min="-90" max="90" step="0">
-20.25
    </defNumber>
</defNumberVector>
<!-- a comment with <tags> inside -->
<message device="Telescope Simulator" timestamp="2024-01-01T00:00:01" message="[INFO] a &lt;b&gt; &amp; c > d &#x263A;"/>
<defTextVector device="X" name="T" state="Ok" perm="rw"><defText name="A">R&amp;D &quot;q&quot;</defText></defTextVector>
<delProperty device="X" name="T"/>
`;

describe('IndiElementReader', () => {
  it('parses a stream of top-level elements with trimmed values and decoded entities', () => {
    const els = readAll([enc(STREAM)]);
    expect(els.map((e) => e.tag)).toEqual(['defNumberVector', 'message', 'defTextVector', 'delProperty']);
    const [num, msg, txt] = els as [IndiElement, IndiElement, IndiElement];
    expect(num.attrs.device).toBe('Telescope Simulator');
    expect(num.children.map((c) => [c.attrs.name, c.text])).toEqual([
      ['RA', '5.5'],
      ['DEC', '-20.25'],
    ]);
    expect(msg.attrs.message).toBe('[INFO] a <b> & c > d \u263A');
    expect(txt.children[0]?.text).toBe('R&D "q"');
  });

  it('gives the same elements whatever the chunking (property-based)', () => {
    const bytes = enc(STREAM);
    const reference = JSON.stringify(readAll([bytes]));
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }), (cuts) => {
        cuts.sort((a, b) => a - b);
        expect(JSON.stringify(readAll(split(bytes, cuts)))).toBe(reference);
      }),
      { numRuns: 300 },
    );
  });

  it('decodes a BLOB streamed one byte at a time, wrapped base64, truncated to len', () => {
    const payload = Buffer.alloc(5000);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 7919) & 0xff;
    // decoded data carries 100 bytes of padding past len, like 1.9.9's compressed BLOBs
    const padded = Buffer.concat([payload, Buffer.alloc(100, 0xee)]);
    const b64 = padded.toString('base64').replace(/(.{72})/g, '$1\n');
    const xml = `<setBLOBVector device="CCD Simulator" name="CCD1" state="Ok"><oneBLOB name="CCD1" size="${payload.length}" format=".fits" len="${payload.length}">\n${b64}\n</oneBLOB></setBLOBVector>`;
    const bytes = enc(xml);
    const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
    const [el] = readAll(chunks);
    const blob = el?.children[0]?.blob;
    expect(blob).not.toBeNull();
    expect(Buffer.from(blob as Uint8Array).equals(payload)).toBe(true);
  });

  it('rejects mismatched end tags with device.protocol', () => {
    const r = new IndiElementReader(() => undefined);
    expect(() => r.push(enc('<a><b></c></a>'))).toThrow(expect.objectContaining({ code: 'device.protocol' }));
  });
});

describe('Base64Sink', () => {
  it('matches Node base64 decoding for random data and chunking', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 50 }), fc.nat(400), (data, step, hint) => {
        const b64 = Buffer.from(data).toString('base64');
        const sink = new Base64Sink(hint);
        const bytes = enc(b64);
        for (let i = 0; i < bytes.length; i += step) sink.write(bytes.subarray(i, i + step));
        expect(Buffer.from(sink.end()).equals(Buffer.from(data))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses characters outside the alphabet', () => {
    const sink = new Base64Sink(10);
    expect(() => sink.write(enc('QUJD*'))).toThrow(expect.objectContaining({ code: 'device.protocol' }));
  });
});
