/**
 * FITS header cards (FITS Standard 4.0, §4): formatting to 80-character records in the fixed
 * format and parsing them back. Long string values use the CONTINUE convention (§4.2.1.2).
 */
import { AppError } from '../../../src-shared/errors';

/** A header value: string, number, logical, or null for an undefined value (blank value field). */
export type FitsValue = string | number | boolean | null;

/**
 * One header keyword. Commentary keywords (`COMMENT`, `HISTORY`, blank) have no `value`; their text
 * goes in `comment`. `format` decides how a number is written: `int` (default for integers) or
 * `float` (always written with a decimal point or exponent, so readers type it as real).
 */
export interface FitsCard {
  key: string;
  value?: FitsValue;
  comment?: string;
  format?: 'int' | 'float';
}

export const CARD_LENGTH = 80;
const COMMENTARY = new Set(['COMMENT', 'HISTORY', '']);
/** Longest string piece per card in the CONTINUE convention: 80 − 10 (key and indicator) − 2 quotes − '&'. */
const MAX_STRING_PIECE = 67;

const KEY_RE = /^[A-Z0-9_-]{0,8}$/;

/** Whether this card needs the CONTINUE long-string convention (a string too long for one card). */
export function needsContinue(card: FitsCard): boolean {
  return typeof card.value === 'string' && !isCommentaryKey(card.key.toUpperCase()) && formatCard(card).length > 1;
}

export function isCommentaryKey(key: string): boolean {
  return COMMENTARY.has(key);
}

function assertKey(key: string): void {
  if (!KEY_RE.test(key)) {
    throw new AppError('validation.invalid', `FITS keyword "${key}" must be 0–8 of A–Z, 0–9, '-', '_'`, { key: [key] });
  }
}

function assertPrintable(text: string, what: string): void {
  // FITS headers are restricted to ASCII text characters 0x20–0x7E.
  if (!/^[\x20-\x7e]*$/.test(text)) {
    throw new AppError('validation.invalid', `FITS ${what} must be printable ASCII`, { value: [text] });
  }
}

/** A real number in at most 20 characters, always with a '.' or 'E', exponent upper-case. */
export function formatFloat(x: number): string {
  if (!Number.isFinite(x)) throw new AppError('validation.invalid', `FITS header values must be finite, got ${x}`);
  for (let digits = 17; digits >= 1; digits--) {
    let s = digits === 17 ? String(x) : x.toPrecision(digits);
    s = s.toUpperCase().replace('E+', 'E');
    const [mant = '', exp] = s.split('E');
    const mantissa = mant.includes('.') ? mant : `${mant}.0`;
    s = exp === undefined ? mantissa : `${mantissa}E${exp}`;
    if (s.length <= 20) return s;
  }
  throw new AppError('internal', `cannot format ${x} in 20 characters`);
}

function formatInteger(x: number): string {
  if (!Number.isSafeInteger(x)) throw new AppError('validation.invalid', `FITS integer out of range: ${x}`);
  return String(x);
}

function quote(piece: string): string {
  // Fixed format: at least 8 characters between the quotes (§4.2.1.1), embedded quotes doubled.
  return `'${piece.replace(/'/g, "''").padEnd(8, ' ')}'`;
}

function withComment(head: string, comment: string | undefined): string {
  if (comment === undefined || comment === '') return head.padEnd(CARD_LENGTH, ' ');
  return `${head} / ${comment}`.slice(0, CARD_LENGTH).padEnd(CARD_LENGTH, ' ');
}

/** Splits a string so that no piece, quotes doubled, exceeds `max` characters. */
function splitString(value: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  let width = 0;
  for (const ch of value) {
    const w = ch === "'" ? 2 : 1;
    if (width + w > max) {
      pieces.push(current);
      current = '';
      width = 0;
    }
    current += ch;
    width += w;
  }
  pieces.push(current);
  return pieces;
}

/**
 * Formats one keyword as one or more 80-character cards (several only for long strings).
 * Throws `validation.invalid` for a bad keyword, non-ASCII text or a non-finite number.
 */
export function formatCard(card: FitsCard): string[] {
  const key = card.key.toUpperCase();
  assertKey(key);
  if (card.comment !== undefined) assertPrintable(card.comment, 'comment');
  const key8 = key.padEnd(8, ' ');
  if (isCommentaryKey(key) || card.value === undefined) {
    const text = card.comment ?? '';
    // Commentary text runs from column 9; split long text over several cards.
    const lines: string[] = [];
    for (let i = 0; i < Math.max(1, text.length); i += 72) lines.push(`${key8}${text.slice(i, i + 72)}`.padEnd(CARD_LENGTH));
    return lines;
  }
  const value = card.value;
  if (value === null) return [withComment(`${key8}= `.padEnd(30, ' '), card.comment)];
  if (typeof value === 'boolean') return [withComment(`${key8}= ${(value ? 'T' : 'F').padStart(20, ' ')}`, card.comment)];
  if (typeof value === 'number') {
    const useFloat = card.format === 'float' || !Number.isInteger(value);
    const text = useFloat ? formatFloat(value) : formatInteger(value);
    return [withComment(`${key8}= ${text.padStart(20, ' ')}`, card.comment)];
  }
  assertPrintable(value, 'string value');
  // A string that fits (quotes doubled, closing quote by column 80) stays on one card.
  const quoted = quote(value);
  // Short strings are padded to 20 characters so the comment starts where astropy puts it: astropy
  // re-formats the CHECKSUM card when verifying, and any other layout would break its sum.
  if (10 + quoted.length <= CARD_LENGTH) return [withComment(`${key8}= ${quoted.padEnd(20, ' ')}`, card.comment)];
  const pieces = splitString(value, MAX_STRING_PIECE);
  return pieces.map((piece, i) => {
    const last = i === pieces.length - 1;
    const text = `'${piece.replace(/'/g, "''")}${last ? '' : '&'}'`;
    const head = i === 0 ? `${key8}= ${text}` : `CONTINUE  ${text}`;
    return last ? withComment(head, card.comment) : head.padEnd(CARD_LENGTH, ' ');
  });
}

interface ParsedValue {
  value: FitsValue;
  format?: 'int' | 'float';
  comment?: string;
  /** Raw string content, before the continuation '&' is interpreted. */
  rawString?: string;
}

/** Parses the value/comment field (columns 11–80) of a value card. */
export function parseValueField(field: string): ParsedValue {
  const text = field.trimStart();
  if (text.startsWith("'")) {
    let i = 1;
    let s = '';
    while (i < text.length) {
      const ch = text[i] as string;
      if (ch === "'") {
        if (text[i + 1] === "'") {
          s += "'";
          i += 2;
          continue;
        }
        break;
      }
      s += ch;
      i += 1;
    }
    const rest = text.slice(i + 1);
    const slash = rest.indexOf('/');
    // Trailing spaces are not significant in FITS strings; leading ones are (§4.2.1.1).
    const value = s.replace(/ +$/, '');
    const comment = slash >= 0 ? rest.slice(slash + 1).trim() : undefined;
    return comment === undefined ? { value, rawString: value } : { value, rawString: value, comment };
  }
  const slash = text.indexOf('/');
  const raw = (slash >= 0 ? text.slice(0, slash) : text).trim();
  const comment = slash >= 0 ? text.slice(slash + 1).trim() : undefined;
  const base = comment === undefined ? {} : { comment };
  if (raw === '') return { ...base, value: null };
  if (raw === 'T' || raw === 'F') return { ...base, value: raw === 'T' };
  if (/^[+-]?\d+$/.test(raw)) return { ...base, value: Number(raw), format: 'int' };
  const num = Number(raw.replace(/D/gi, 'E'));
  if (Number.isFinite(num)) return { ...base, value: num, format: 'float' };
  // Complex or malformed values are kept verbatim as text so nothing is lost.
  return { ...base, value: raw };
}

/**
 * Parses a list of 80-character cards (END excluded) into keywords, joining CONTINUE cards onto
 * the string they continue.
 */
export function parseCards(cards: readonly string[]): FitsCard[] {
  const out: FitsCard[] = [];
  let open: FitsCard | null = null;
  for (const card of cards) {
    const key = card.slice(0, 8).trim();
    if (key === 'CONTINUE' && open !== null && card.slice(8, 10) !== '= ') {
      const parsed = parseValueField(card.slice(8));
      const piece = typeof parsed.value === 'string' ? parsed.value : '';
      const prev = open.value as string;
      open.value = prev.slice(0, -1) + piece;
      if (parsed.comment !== undefined) open.comment = parsed.comment;
      if (!piece.endsWith('&')) open = null;
      continue;
    }
    open = null;
    if (card.slice(8, 10) === '= ' && !isCommentaryKey(key)) {
      const parsed = parseValueField(card.slice(10));
      const entry: FitsCard = { key, value: parsed.value };
      if (parsed.format !== undefined) entry.format = parsed.format;
      if (parsed.comment !== undefined) entry.comment = parsed.comment;
      out.push(entry);
      if (typeof parsed.value === 'string' && parsed.value.endsWith('&')) open = entry;
    } else {
      out.push({ key, comment: card.slice(8).replace(/ +$/, '') });
    }
  }
  // A string still ending with '&' and no CONTINUE after it keeps its '&' (it was literal).
  return out;
}
