/**
 * The pointing-limits form's text fields, checked with the same rules the core applies
 * (`telescopeLimitsSchema`), so the form can name the wrong field before anything is sent.
 */
import { TELESCOPE_LIMIT_RANGES, telescopeLimitsSchema, type TelescopeLimitField, type TelescopeLimitsInput } from '../../../src-shared/schemas';

/** The fields in form order: the two altitude limits, then east and west hour angle (as the sky runs). */
export const LIMIT_FIELDS = ['horizonDeg', 'zenithBlindSpotDeg', 'haLimitNegHours', 'haLimitPosHours'] as const satisfies readonly TelescopeLimitField[];

/** What the operator typed, one string per field. */
export type LimitsDraft = Record<TelescopeLimitField, string>;

export interface CheckedLimits {
  /** The limits to send, or null while any field is wrong. */
  limits: TelescopeLimitsInput | null;
  /** The first problem of each wrong field. */
  errors: Partial<Record<TelescopeLimitField, string>>;
}

/** The form's starting text for stored limits. */
export function draftOf(limits: TelescopeLimitsInput): LimitsDraft {
  return {
    horizonDeg: String(limits.horizonDeg),
    haLimitPosHours: String(limits.haLimitPosHours),
    haLimitNegHours: String(limits.haLimitNegHours),
    zenithBlindSpotDeg: String(limits.zenithBlindSpotDeg),
  };
}

// A plain decimal, optionally signed, with a tolerated trailing unit ("20°", "4.5 h"); "−" (U+2212) reads as "-".
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

function numberOf(text: string): number | null {
  const t = text.trim().replace(/\u2212/g, '-').replace(/\s*(°|h)$/i, '');
  return NUMBER.test(t) ? Number(t) : null;
}

/** Reads and checks the form. Never throws. */
export function checkLimitsDraft(draft: LimitsDraft): CheckedLimits {
  const errors: CheckedLimits['errors'] = {};
  const values = {} as Record<TelescopeLimitField, number>;
  for (const field of LIMIT_FIELDS) {
    const text = draft[field];
    const n = numberOf(text);
    if (n === null) errors[field] = text.trim() === '' ? 'required' : 'not a number';
    values[field] = n ?? Number.NaN;
  }
  const r = telescopeLimitsSchema.safeParse(values);
  if (r.success && Object.keys(errors).length === 0) return { limits: r.data, errors };
  for (const issue of r.success ? [] : r.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && field in TELESCOPE_LIMIT_RANGES) {
      errors[field as TelescopeLimitField] ??= issue.message;
    }
  }
  return { limits: null, errors };
}
