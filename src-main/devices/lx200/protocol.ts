/**
 * Meade LX200 command formatting and reply parsing (pure). Replies are read as latin1 (Autostar
 * uses 0xDF as the degree sign); sexagesimal fields are split on any non-digit. Parsers look for the
 * value at the END of the reply so stray bytes before it (line noise) are ignored; anything else
 * unparsable returns null and the caller raises `device.protocol`.
 */

export type Precision = 'high' | 'low';

/**
 * How a reply is framed: nothing; one character; a `#`-terminated string; `:MS#`'s `0` or a digit
 * followed by a `#` message; `:SC#`'s `0` or `1` followed by `n` `#` strings.
 */
export type ReplyKind = { type: 'none' } | { type: 'char' } | { type: 'hash' } | { type: 'goto' } | { type: 'charThenHashes'; count: number };

export const NONE: ReplyKind = { type: 'none' };
export const CHAR: ReplyKind = { type: 'char' };
export const HASH: ReplyKind = { type: 'hash' };
export const GOTO: ReplyKind = { type: 'goto' };

/**
 * If `rx` holds a complete reply of `kind`, returns [reply, bytes consumed]; else null.
 * For `hash` the reply excludes the `#`.
 */
export function takeReply(rx: string, kind: ReplyKind): [string, number] | null {
  switch (kind.type) {
    case 'none':
      return ['', 0];
    case 'char':
      return rx.length >= 1 ? [rx.slice(0, 1), 1] : null;
    case 'hash': {
      const i = rx.indexOf('#');
      return i < 0 ? null : [rx.slice(0, i), i + 1];
    }
    case 'goto': {
      if (rx.length === 0) return null;
      if (rx[0] === '0') return ['0', 1];
      const i = rx.indexOf('#');
      return i < 0 ? null : [rx.slice(0, i), i + 1];
    }
    case 'charThenHashes': {
      if (rx.length === 0) return null;
      if (rx[0] === '0') return ['0', 1];
      let end = 0;
      for (let n = 0; n < kind.count; n++) {
        const i = rx.indexOf('#', end);
        if (i < 0) return null;
        end = i + 1;
      }
      return [rx.slice(0, end), end];
    }
  }
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** RA for `:Sr`: `HH:MM:SS` (high) or `HH:MM.T` (low). */
export function formatRa(raHours: number, precision: Precision): string {
  const h = ((raHours % 24) + 24) % 24;
  if (precision === 'high') {
    let total = Math.round(h * 3600) % 86400;
    const hh = Math.floor(total / 3600);
    total -= hh * 3600;
    const mm = Math.floor(total / 60);
    return `${pad(hh, 2)}:${pad(mm, 2)}:${pad(total - mm * 60, 2)}`;
  }
  const tenths = Math.round(h * 600) % 14400;
  const hh = Math.floor(tenths / 600);
  const rest = tenths - hh * 600;
  return `${pad(hh, 2)}:${pad(Math.floor(rest / 10), 2)}.${rest % 10}`;
}

/**
 * Dec for `:Sd`: `sDD*MM:SS` (high) or `sDD*MM` (low). The sign is explicit even for −0°30′
 * (`-00*30:00`), which a naive `Math.trunc` formatting would lose.
 */
export function formatDec(decDeg: number, precision: Precision): string {
  const sign = decDeg < 0 ? '-' : '+';
  const a = Math.min(90, Math.abs(decDeg));
  if (precision === 'high') {
    const total = Math.round(a * 3600);
    const dd = Math.floor(total / 3600);
    const mm = Math.floor((total - dd * 3600) / 60);
    return `${sign}${pad(dd, 2)}*${pad(mm, 2)}:${pad(total - dd * 3600 - mm * 60, 2)}`;
  }
  const total = Math.round(a * 60);
  return `${sign}${pad(Math.floor(total / 60), 2)}*${pad(total % 60, 2)}`;
}

/** Altitude for `:Sa`: `sDD*MM` (LX200 takes arcminutes here). */
export function formatAlt(altDeg: number): string {
  return formatDec(altDeg, 'low');
}

/** Azimuth for `:Sz`: `DDD*MM`. */
export function formatAz(azDeg: number): string {
  const total = Math.round((((azDeg % 360) + 360) % 360) * 60) % 21600;
  return `${pad(Math.floor(total / 60), 3)}*${pad(total % 60, 2)}`;
}

export interface ParsedRa {
  raHours: number;
  precision: Precision;
}

/** Parses a `:GR#` reply (`HH:MM.T`, `HH:MM:SS`, or 10Micron `HH:MM:SS.SS`). */
export function parseRa(reply: string): ParsedRa | null {
  const m = /(\d{2}):(\d{2})([:.])(\d{1,2}(?:\.\d+)?)\s*$/.exec(reply);
  if (!m) return null;
  const hh = Number(m[1]);
  const mm = Number(m[2]);
  const low = m[3] === '.';
  const last = Number(m[4]);
  if (hh > 23 || mm > 59 || (low ? last > 9 : last >= 60)) return null;
  const raHours = hh + mm / 60 + (low ? last / 600 : last / 3600);
  return { raHours, precision: low ? 'low' : 'high' };
}

/**
 * Parses a signed sexagesimal angle `sDD*MM` / `sDD*MM'SS` / `sDDD*MM[:SS]` (Dec, Alt, latitude,
 * longitude, azimuth). Any non-digit separates fields (`*`, `ß`/0xDF, `:`, `'`).
 */
export function parseAngle(reply: string): { deg: number; precision: Precision } | null {
  const m = /([+-]?)(\d{1,3})[^\d+-](\d{2})(?:[^\d+-](\d{2}(?:\.\d+)?))?\s*$/.exec(reply);
  if (!m) return null;
  const dd = Number(m[2]);
  const mm = Number(m[3]);
  const ss = m[4] === undefined ? 0 : Number(m[4]);
  if (mm > 59 || ss >= 60) return null;
  const v = dd + mm / 60 + ss / 3600;
  return { deg: m[1] === '-' ? -v : v, precision: m[4] === undefined ? 'low' : 'high' };
}

/** Parses a Dec reply, checking the range. */
export function parseDec(reply: string): number | null {
  const a = parseAngle(reply);
  return a && Math.abs(a.deg) <= 90 ? a.deg : null;
}

/** `:MS#` / `:MA#` outcome. */
export type GotoResult = { ok: true } | { ok: false; code: number; message: string };

export function parseGoto(reply: string): GotoResult | null {
  if (reply === '0') return { ok: true };
  const m = /^([1-9])(.*)$/s.exec(reply);
  if (!m) return null;
  return { ok: false, code: Number(m[1]), message: (m[2] ?? '').trim() };
}

/** `:D#` reply: a bar (0x7F or `|`) while slewing, empty when done. */
export function parseSlewing(reply: string): boolean {
  return /[\x7f|\u00ff]/.test(reply);
}

/** The ACK (0x06) reply: alignment mode. */
export type Alignment = 'altaz' | 'polar' | 'land' | 'german' | 'downloader';

export function parseAck(reply: string): Alignment | null {
  switch (reply) {
    case 'A':
      return 'altaz';
    case 'P':
      return 'polar';
    case 'L':
      return 'land';
    case 'G':
      return 'german';
    case 'D':
      return 'downloader';
    default:
      return null;
  }
}
