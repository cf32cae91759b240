/**
 * Field builders that reproduce the OCS portal's (Django REST Framework) parsing rules and
 * messages, so a client sees the same words from Nightshift as from an OCS portal.
 * Numbers accept numeric strings (DRF FloatField/IntegerField do); booleans accept
 * "true"/"True"/"false"/"False"; absent fields either take the OCS default or report
 * "This field is required.".
 */
import { z } from 'zod';

export const MSG = {
  required: 'This field is required.',
  nullNotAllowed: 'This field may not be null.',
  blank: 'This field may not be blank.',
  number: 'A valid number is required.',
  integer: 'A valid integer is required.',
  boolean: 'Must be a valid boolean.',
  string: 'Not a valid string.',
  datetime:
    'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
  min: (limit: number) => `Ensure this value is greater than or equal to ${limit}.`,
  max: (limit: number) => `Ensure this value is less than or equal to ${limit}.`,
  maxLength: (n: number) => `Ensure this field has no more than ${n} characters.`,
  choice: (value: unknown) => `"${String(value)}" is not a valid choice.`,
  dict: (value: unknown) => `Invalid data. Expected a dictionary, but got ${typeName(value)}.`,
  list: (value: unknown) => `Expected a list of items but got type "${typeName(value)}".`,
} as const;

/** Python-ish type name for DRF messages about wrong container types. */
export function typeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'string':
      return 'str';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    case 'boolean':
      return 'bool';
    default:
      return 'dict';
  }
}

const requiredOr = (otherwise: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? MSG.required : iss.input === null ? MSG.nullNotAllowed : otherwise;

/** Numeric strings become numbers (DRF accepts "610.0"); anything else passes through for zod to judge. */
function coerceNumeric(value: unknown): unknown {
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return value;
}

export interface NumberOpts {
  min?: number;
  max?: number;
}

function bounded(schema: z.ZodNumber, opts: NumberOpts): z.ZodNumber {
  let s = schema;
  if (opts.min !== undefined) s = s.min(opts.min, MSG.min(opts.min));
  if (opts.max !== undefined) s = s.max(opts.max, MSG.max(opts.max));
  return s;
}

/** A required float (finite) within optional bounds. */
export function reqFloat(opts: NumberOpts = {}) {
  return z.preprocess(coerceNumeric, bounded(z.number({ error: requiredOr(MSG.number) }), opts));
}

/** A required integer (integral numbers and integer strings accepted). */
export function reqInt(opts: NumberOpts = {}) {
  return z.preprocess(
    coerceNumeric,
    bounded(z.number({ error: requiredOr(MSG.integer) }).int({ error: MSG.integer }), opts),
  );
}

/** An optional float; null and absence both become `dflt` (DRF `default=` with `allow_null`). */
export function optFloat<D extends number | null>(dflt: D, opts: NumberOpts = {}) {
  return z.preprocess(
    (v) => (v === null || v === undefined ? dflt : coerceNumeric(v)),
    dflt === null
      ? bounded(z.number({ error: MSG.number }), opts).nullable()
      : bounded(z.number({ error: MSG.number }), opts),
  ) as unknown as z.ZodType<D extends null ? number | null : number>;
}

/** An optional integer with a default. */
export function optInt(dflt: number, opts: NumberOpts = {}) {
  return z.preprocess(
    (v) => (v === null || v === undefined ? dflt : coerceNumeric(v)),
    bounded(z.number({ error: MSG.integer }).int({ error: MSG.integer }), opts),
  );
}

/** A required non-blank string of at most `maxLength` characters. */
export function reqString(maxLength: number) {
  return z
    .string({ error: requiredOr(MSG.string) })
    .min(1, MSG.blank)
    .max(maxLength, MSG.maxLength(maxLength));
}

/** An optional string; null/absent become `dflt`. */
export function optString(dflt: string, maxLength = 10_000) {
  return z.preprocess(
    (v) => (v === null || v === undefined ? dflt : v),
    z.string({ error: MSG.string }).max(maxLength, MSG.maxLength(maxLength)),
  );
}

/** A required value out of a fixed list (DRF ChoiceField). */
export function reqChoice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.custom<T[number]>((v) => typeof v === 'string' && (values as readonly string[]).includes(v), {
    error: (iss) => (iss.input === undefined ? MSG.required : MSG.choice(iss.input)),
  });
}

/** An optional choice with a default. */
export function optChoice<const T extends readonly [string, ...string[]]>(values: T, dflt: T[number]) {
  return z.preprocess((v) => (v === null || v === undefined || v === '' ? dflt : v), reqChoice(values));
}

/** DRF BooleanField semantics, with the OCS string forms. */
export function coerceBool(value: unknown): unknown {
  if (value === 'true' || value === 'True' || value === '1' || value === 1) return true;
  if (value === 'false' || value === 'False' || value === '0' || value === 0) return false;
  return value;
}

export function optBool(dflt: boolean) {
  return z.preprocess((v) => (v === null || v === undefined ? dflt : coerceBool(v)), z.boolean({ error: MSG.boolean }));
}

/**
 * OCS ExtraParamsFormatter: string booleans become booleans and numeric strings numbers,
 * one level deep. Absent or null → `{}`.
 */
export function extraParams() {
  return z.preprocess(
    (v) => {
      if (v === null || v === undefined) return {};
      if (typeof v !== 'object' || Array.isArray(v)) return v;
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
        if (typeof val === 'string') {
          const b = coerceBool(val);
          out[k] = typeof b === 'boolean' ? b : coerceNumeric(val);
        } else out[k] = val;
      }
      return out;
    },
    z.record(z.string(), z.unknown(), { error: (iss) => `Expected a dictionary of items but got type "${typeName(iss.input)}".` }),
  );
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an OCS datetime (ISO 8601; naive means UTC, the portal's TIME_ZONE) to UTC ms.
 * Returns null when the text is not a valid datetime.
 */
export function parseOcsDatetimeMs(text: string): number | null {
  const m = ISO_RE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', tz] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second) + Math.round(Number(`0.${frac}`) * 1000);
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  if (tz && tz !== 'Z') {
    const sign = tz.startsWith('-') ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
    ms -= sign * offsetMin * 60_000;
  }
  return Number.isFinite(ms) ? ms : null;
}

/** Formats UTC ms the way the portal serialises datetimes: `YYYY-MM-DDTHH:MM:SSZ` (ms kept if any). */
export function formatOcsDatetime(utcMs: number): string {
  const iso = new Date(utcMs).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

/** A datetime field: output normalised to UTC `…Z`. */
export function reqDatetime() {
  return z.unknown().optional().transform((v, ctx) => {
    if (v === undefined || v === null) {
      ctx.addIssue({ code: 'custom', message: v === null ? MSG.nullNotAllowed : MSG.required });
      return z.NEVER;
    }
    const ms = typeof v === 'string' ? parseOcsDatetimeMs(v) : null;
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: MSG.datetime });
      return z.NEVER;
    }
    return formatOcsDatetime(ms);
  });
}

/**
 * A nested object that is required: absent → "This field is required.", not an object →
 * the DRF "Invalid data" message; otherwise parsed by `inner` with its issues re-rooted here.
 */
export function nested<T extends z.ZodType>(inner: T, opts: { required: boolean; dflt?: unknown } = { required: true }) {
  return z.unknown().optional().transform((v, ctx): z.output<T> => {
    let value = v;
    if (value === undefined || value === null) {
      if (opts.required) {
        ctx.addIssue({ code: 'custom', message: value === null ? MSG.nullNotAllowed : MSG.required });
        return z.NEVER;
      }
      value = opts.dflt ?? {};
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: MSG.dict(value) });
      return z.NEVER;
    }
    const r = inner.safeParse(value);
    if (!r.success) {
      for (const iss of r.error.issues) ctx.addIssue({ code: 'custom', message: iss.message, path: iss.path });
      return z.NEVER;
    }
    return r.data;
  });
}

/**
 * A list of nested objects. `minItems` failures use `minMessage` under `non_field_errors`-free
 * DRF wording (a plain message on the list field).
 */
export function nestedList<T extends z.ZodType>(
  inner: T,
  opts: { required: boolean; minItems?: number; minMessage?: string; maxItems?: number },
) {
  const item = nested(inner);
  return z.unknown().optional().transform((v, ctx): z.output<T>[] => {
    if (v === undefined || v === null) {
      if (opts.required) {
        ctx.addIssue({ code: 'custom', message: v === null ? MSG.nullNotAllowed : MSG.required });
        return z.NEVER;
      }
      return [];
    }
    if (!Array.isArray(v)) {
      ctx.addIssue({ code: 'custom', message: MSG.list(v) });
      return z.NEVER;
    }
    if (opts.minItems !== undefined && v.length < opts.minItems) {
      ctx.addIssue({ code: 'custom', message: opts.minMessage ?? 'This list may not be empty.' });
      return z.NEVER;
    }
    if (opts.maxItems !== undefined && v.length > opts.maxItems) {
      ctx.addIssue({ code: 'custom', message: `Ensure this field has no more than ${opts.maxItems} elements.` });
      return z.NEVER;
    }
    const out: z.output<T>[] = [];
    let failed = false;
    v.forEach((el: unknown, i) => {
      const r = item.safeParse(el);
      if (r.success) out.push(r.data);
      else {
        failed = true;
        for (const iss of r.error.issues) ctx.addIssue({ code: 'custom', message: iss.message, path: [i, ...iss.path] });
      }
    });
    return failed ? z.NEVER : out;
  });
}
