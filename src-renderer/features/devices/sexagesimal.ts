/**
 * Sexagesimal coordinates as operators type and read them. Pure.
 * RA accepts `05:34:31.9`, `5 34 31.9`, `5h34m31.9s` (hours) or a decimal number of hours (`5.5755`);
 * with a `d`/`°` suffix (`83.633d`) a decimal is degrees. Dec accepts `+22:00:52`, `-5 23 28`,
 * `22°00′52″`, `22d00m52s` or decimal degrees. Parsers return null for anything out of range or
 * malformed, never a guess.
 */

const SEP = /[\s:hmsd°'′"″]+/;

/** Splits `a:b:c`-like text into at most three non-negative numbers; null when malformed. */
function parts(text: string): number[] | null {
  const bits = text.trim().split(SEP).filter((b) => b !== '');
  if (bits.length === 0 || bits.length > 3) return null;
  const nums = bits.map((b) => (/^\d+(\.\d*)?$|^\.\d+$/.test(b) ? Number(b) : NaN));
  if (nums.some((n) => !Number.isFinite(n))) return null;
  // Minutes and seconds are below 60; only the last part may carry a fraction.
  for (let i = 1; i < nums.length; i++) if ((nums[i] as number) >= 60) return null;
  for (let i = 0; i < nums.length - 1; i++) if (!Number.isInteger(nums[i])) return null;
  return nums;
}

const fromParts = (p: number[]): number => (p[0] ?? 0) + (p[1] ?? 0) / 60 + (p[2] ?? 0) / 3600;

/** Right ascension in hours [0, 24) from text; null when malformed or out of range. */
export function parseRaHours(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const deg = /^(\d+(?:\.\d*)?)\s*[d°]$/.exec(t);
  if (deg) {
    const d = Number(deg[1]);
    return d >= 0 && d < 360 ? d / 15 : null;
  }
  const p = parts(t);
  if (p === null) return null;
  const h = fromParts(p);
  return h >= 0 && h < 24 ? h : null;
}

/** Declination in degrees [−90, +90] from text; null when malformed or out of range. */
export function parseDecDeg(text: string): number | null {
  let t = text.trim().replace(/^−/, '-');
  if (t === '') return null;
  let sign = 1;
  if (t.startsWith('-') || t.startsWith('+')) {
    sign = t.startsWith('-') ? -1 : 1;
    t = t.slice(1);
  }
  const p = parts(t);
  if (p === null) return null;
  const d = sign * fromParts(p);
  return d >= -90 && d <= 90 ? d : null;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `05h34m31.9s` from hours (0.1 s). */
export function formatRaHours(raHours: number): string {
  const tenths = Math.round((((raHours % 24) + 24) % 24) * 36000) % (24 * 36000);
  const h = Math.floor(tenths / 36000);
  const m = Math.floor((tenths % 36000) / 600);
  const s = (tenths % 600) / 10;
  return `${pad(h)}h${pad(m)}m${s.toFixed(1).padStart(4, '0')}s`;
}

/** `+22°00′52″` from degrees (1″). */
export function formatDecDeg(decDeg: number): string {
  const sign = decDeg < 0 ? '−' : '+';
  const total = Math.round(Math.abs(decDeg) * 3600);
  return `${sign}${pad(Math.floor(total / 3600))}°${pad(Math.floor((total % 3600) / 60))}′${pad(total % 60)}″`;
}

/** Text for an RA input (`05:34:31.9`) from hours, so a picked target can be edited. */
export function raInputText(raHours: number): string {
  return formatRaHours(raHours).replace('h', ':').replace('m', ':').replace('s', '');
}

/** Text for a Dec input (`+22:00:52`) from degrees. */
export function decInputText(decDeg: number): string {
  return formatDecDeg(decDeg).replace('−', '-').replace('°', ':').replace('′', ':').replace('″', '');
}
