import { AppError } from '../../../src-shared/errors';

/** Receives the tokens of an XML byte stream, in order. */
export interface XmlTokenHandler {
  /** A start tag; `selfClosing` for `<x/>` (no closeTag follows). Attribute values are entity-decoded. */
  openTag(name: string, attrs: Record<string, string>, selfClosing: boolean): void;
  /**
   * Character data between tags, still entity-encoded unless `cdata`. `bytes` is a view into the
   * caller's chunk and is only valid during the call (copy it to keep it).
   */
  text(bytes: Uint8Array, cdata: boolean): void;
  closeTag(name: string): void;
}

type Mode = 'text' | 'tag' | 'bang' | 'comment' | 'pi' | 'cdata' | 'decl';

const LT = 0x3c;
const GT = 0x3e;
const QUOT = 0x22;
const APOS = 0x27;

/** Longest start/end tag accepted (INDI tags are a few hundred bytes; messages can be long). */
const MAX_TAG_BYTES = 1 << 20;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Replaces the five XML entities and numeric character references; unknown ones are kept. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return safeCodePoint(parseInt(e.slice(2), 16), whole);
    if (e.startsWith('#')) return safeCodePoint(parseInt(e.slice(1), 10), whole);
    return ENTITIES[e] ?? whole;
  });
}

function safeCodePoint(cp: number, fallback: string): string {
  return Number.isInteger(cp) && cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : fallback;
}

/** Escapes text or an attribute value for XML output. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

const ATTR_RE = /([A-Za-z_:][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const NAME_RE = /^([A-Za-z_:][\w.:-]*)/;

/**
 * Streaming tokenizer for the XML subset INDI uses: start/end/empty tags with quoted attributes,
 * character data, entities; comments, processing instructions, declarations are skipped and CDATA
 * sections pass through as raw text. No DOM, no root element required: it accepts a stream of
 * top-level elements split across arbitrary chunk boundaries.
 *
 * Text is handed out as views into the incoming chunks, so a multi-megabyte BLOB is never copied
 * here; only tags (small) are buffered across chunk boundaries.
 */
export class XmlTokenizer {
  private mode: Mode = 'text';
  private tagParts: Uint8Array[] = [];
  private tagBytes = 0;
  private quote = 0;
  /** First bytes after `<!`, to tell a comment from CDATA from a declaration. */
  private bang = '';
  /** Progress through the terminator of comment / pi / cdata. */
  private termMatched = 0;

  constructor(private readonly handler: XmlTokenHandler) {}

  /** Feeds the next chunk; throws AppError('device.protocol') on malformed input. */
  push(chunk: Uint8Array): void {
    let pos = 0;
    const n = chunk.length;
    while (pos < n) {
      switch (this.mode) {
        case 'text': {
          const lt = chunk.indexOf(LT, pos);
          const end = lt < 0 ? n : lt;
          if (end > pos) this.handler.text(chunk.subarray(pos, end), false);
          if (lt < 0) return;
          pos = lt + 1;
          this.mode = 'tag';
          this.tagParts = [];
          this.tagBytes = 0;
          this.quote = 0;
          this.bang = '';
          break;
        }
        case 'tag': {
          if (this.tagBytes === 0) {
            const first = chunk[pos];
            if (first === 0x21 /* ! */) {
              this.mode = 'bang';
              pos++;
              break;
            }
            if (first === 0x3f /* ? */) {
              this.mode = 'pi';
              this.termMatched = 0;
              pos++;
              break;
            }
          }
          let i = pos;
          let done = false;
          for (; i < n; i++) {
            const c = chunk[i] as number;
            if (this.quote !== 0) {
              if (c === this.quote) this.quote = 0;
            } else if (c === QUOT || c === APOS) {
              this.quote = c;
            } else if (c === GT) {
              done = true;
              break;
            }
          }
          if (i > pos) {
            this.tagParts.push(chunk.subarray(pos, i));
            this.tagBytes += i - pos;
            if (this.tagBytes > MAX_TAG_BYTES) throw new AppError('device.protocol', 'XML tag too long');
          }
          if (!done) {
            // keep our own copy: the caller may reuse the chunk's memory
            const last = this.tagParts.pop();
            if (last) this.tagParts.push(Uint8Array.from(last));
            return;
          }
          pos = i + 1;
          this.mode = 'text';
          this.emitTag();
          break;
        }
        case 'bang': {
          while (pos < n && this.bang.length < 7) {
            this.bang += String.fromCharCode(chunk[pos] as number);
            pos++;
            if (this.bang === '--') {
              this.mode = 'comment';
              this.termMatched = 0;
              break;
            }
            if (this.bang === '[CDATA[') {
              this.mode = 'cdata';
              this.termMatched = 0;
              break;
            }
            if (!'--'.startsWith(this.bang) && !'[CDATA['.startsWith(this.bang)) {
              this.mode = 'decl';
              break;
            }
          }
          break;
        }
        case 'decl': {
          const gt = chunk.indexOf(GT, pos);
          if (gt < 0) return;
          pos = gt + 1;
          this.mode = 'text';
          break;
        }
        case 'comment':
          pos = this.skipUntil(chunk, pos, '-->', false);
          break;
        case 'pi':
          pos = this.skipUntil(chunk, pos, '?>', false);
          break;
        case 'cdata':
          pos = this.skipUntil(chunk, pos, ']]>', true);
          break;
        default: {
          const never: never = this.mode;
          throw new Error(`unreachable ${String(never)}`);
        }
      }
    }
  }

  /**
   * Consumes bytes up to and including `term` (comments, PIs, CDATA: rare and short in INDI, so a
   * simple per-byte matcher is fine). CDATA content is passed on as raw text.
   */
  private skipUntil(chunk: Uint8Array, start: number, term: string, emit: boolean): number {
    const content: number[] = [];
    let pos = start;
    let ended = false;
    while (pos < chunk.length && !ended) {
      const seen = term.slice(0, this.termMatched) + String.fromCharCode(chunk[pos] as number);
      pos++;
      let k = Math.min(term.length, seen.length);
      while (k > 0 && !seen.endsWith(term.slice(0, k))) k--;
      // whatever fell out of the partial match is content
      if (emit) for (let i = 0; i < seen.length - k; i++) content.push(seen.charCodeAt(i));
      this.termMatched = k;
      if (k === term.length) ended = true;
    }
    if (ended) {
      this.mode = 'text';
      this.termMatched = 0;
    }
    if (emit && content.length > 0) this.handler.text(Uint8Array.from(content), true);
    return pos;
  }

  private emitTag(): void {
    const bytes = this.tagParts.length === 1 ? (this.tagParts[0] as Uint8Array) : concat(this.tagParts, this.tagBytes);
    this.tagParts = [];
    this.tagBytes = 0;
    const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    if (raw.startsWith('/')) {
      const name = NAME_RE.exec(raw.slice(1).trim());
      if (!name) throw new AppError('device.protocol', `malformed end tag <${raw.slice(0, 40)}>`);
      this.handler.closeTag(name[1] as string);
      return;
    }
    const selfClosing = raw.endsWith('/');
    const body = selfClosing ? raw.slice(0, -1) : raw;
    const name = NAME_RE.exec(body);
    if (!name) throw new AppError('device.protocol', `malformed tag <${raw.slice(0, 40)}>`);
    const attrs: Record<string, string> = {};
    ATTR_RE.lastIndex = 0;
    const rest = body.slice((name[1] as string).length);
    for (const m of rest.matchAll(ATTR_RE)) {
      attrs[m[1] as string] = decodeEntities(m[2] ?? m[3] ?? '');
    }
    this.handler.openTag(name[1] as string, attrs, selfClosing);
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
