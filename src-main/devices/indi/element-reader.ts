import { AppError } from '../../../src-shared/errors';
import { Base64Sink } from './base64-sink';
import { XmlTokenizer, decodeEntities } from './xml-tokenizer';

/** A child of a top-level INDI element (`oneNumber`, `defSwitch`, `oneBLOB`, …). */
export interface IndiChild {
  tag: string;
  attrs: Record<string, string>;
  /** Entity-decoded, trimmed character data ('' for `oneBLOB`, whose content is in `blob`). */
  text: string;
  /**
   * Decoded bytes of a `oneBLOB`, truncated to its `len` attribute when the base64 decodes to more
   * (INDI 1.9.9 pads compressed BLOBs); null for every other child.
   */
  blob: Uint8Array | null;
}

/** One top-level element of the INDI stream (`defNumberVector`, `message`, `getProperties`, …). */
export interface IndiElement {
  tag: string;
  attrs: Record<string, string>;
  /** Trimmed character data directly inside the element (e.g. `Also` in `<enableBLOB>`). */
  text: string;
  children: IndiChild[];
}

export interface ElementReaderOptions {
  /** Largest non-BLOB character data accepted per element, bytes (default 4 MiB). */
  maxTextBytes?: number;
}

/**
 * Turns an INDI byte stream (top-level elements, no root, arbitrary chunking) into IndiElements.
 * BLOB content is base64-decoded while it streams in, so a 3.5 MB `oneBLOB` costs one buffer of
 * its decoded size and no re-scanning of accumulated text.
 */
export class IndiElementReader {
  private readonly tokenizer: XmlTokenizer;
  private readonly maxTextBytes: number;
  private depth = 0;
  private top: IndiElement | null = null;
  private topText: Uint8Array[] = [];
  private child: IndiChild | null = null;
  private childText: Uint8Array[] = [];
  private textBytes = 0;
  private sink: Base64Sink | null = null;

  constructor(onElement: (el: IndiElement) => void, options: ElementReaderOptions = {}) {
    this.maxTextBytes = options.maxTextBytes ?? 4 * 1024 * 1024;
    this.tokenizer = new XmlTokenizer({
      openTag: (name, attrs, selfClosing) => {
        if (this.depth === 0) {
          const el: IndiElement = { tag: name, attrs, text: '', children: [] };
          if (selfClosing) onElement(el);
          else {
            this.top = el;
            this.topText = [];
            this.textBytes = 0;
            this.depth = 1;
          }
          return;
        }
        if (this.depth === 1) {
          const c: IndiChild = { tag: name, attrs, text: '', blob: null };
          if (selfClosing) {
            this.top?.children.push(c);
            return;
          }
          this.child = c;
          this.childText = [];
          this.sink = name === 'oneBLOB' ? new Base64Sink(expectedBlobBytes(attrs)) : null;
        }
        if (!selfClosing) this.depth++;
      },
      text: (bytes) => {
        if (this.depth === 2 && this.sink) {
          this.sink.write(bytes);
          return;
        }
        if (this.depth !== 1 && this.depth !== 2) return;
        this.textBytes += bytes.length;
        if (this.textBytes > this.maxTextBytes) {
          throw new AppError('device.protocol', `INDI element text exceeds ${this.maxTextBytes} bytes`);
        }
        (this.depth === 1 ? this.topText : this.childText).push(Uint8Array.from(bytes));
      },
      closeTag: (name) => {
        if (this.depth === 0) throw new AppError('device.protocol', `unexpected </${name}>`);
        this.depth--;
        if (this.depth === 1 && this.child) {
          const c = this.child;
          if (c.tag !== name) throw new AppError('device.protocol', `</${name}> closes <${c.tag}>`);
          if (this.sink) c.blob = truncateToLen(this.sink.end(), c.attrs);
          else c.text = joinText(this.childText);
          this.top?.children.push(c);
          this.child = null;
          this.sink = null;
          this.childText = [];
        } else if (this.depth === 0 && this.top) {
          const el = this.top;
          if (el.tag !== name) throw new AppError('device.protocol', `</${name}> closes <${el.tag}>`);
          el.text = joinText(this.topText);
          this.top = null;
          this.topText = [];
          onElement(el);
        }
      },
    });
  }

  /** Feeds the next chunk of the stream; throws AppError('device.protocol') on malformed XML. */
  push(chunk: Uint8Array): void {
    this.tokenizer.push(chunk);
  }
}

function joinText(parts: Uint8Array[]): string {
  if (parts.length === 0) return '';
  return decodeEntities(Buffer.concat(parts).toString('utf8')).trim();
}

function num(s: string | undefined): number | null {
  if (s === undefined) return null;
  const v = Number(s);
  return Number.isFinite(v) && v >= 0 ? v : null;
}

/** Decoded-size hint from `enclen` (2.x, base64 chars), `len` (1.9, payload bytes) or `size`. */
function expectedBlobBytes(attrs: Record<string, string>): number {
  const enclen = num(attrs.enclen);
  if (enclen !== null) return Math.ceil((enclen * 3) / 4);
  return Math.max(num(attrs.len) ?? 0, num(attrs.size) ?? 0);
}

function truncateToLen(data: Uint8Array, attrs: Record<string, string>): Uint8Array {
  const len = num(attrs.len);
  return len !== null && len < data.length ? data.subarray(0, len) : data;
}
