/**
 * A small subset of Cerberus (the schema language configdb stores in `validation_schema`):
 * `type` (dict, list, integer, float, number, string, boolean), `allowed`, `min`, `max`,
 * `required`, `default`, nested `schema`. Unknown rules are ignored. Returns the document with
 * defaults filled and a list of field-keyed messages.
 */
import type { PathMessage } from '../schemas/field-errors';

export type CerberusSchema = Record<string, unknown>;
type Rule = Record<string, unknown>;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOk(type: unknown, v: unknown): boolean {
  switch (type) {
    case 'dict':
      return isObj(v);
    case 'list':
      return Array.isArray(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'float':
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    default:
      return true;
  }
}

function checkValue(rule: Rule, value: unknown, path: PropertyKey[], errors: PathMessage[]): unknown {
  if (rule['type'] !== undefined && !typeOk(rule['type'], value)) {
    errors.push({ path, message: `must be of ${typeof rule['type'] === 'string' ? rule['type'] : 'unknown'} type` });
    return value;
  }
  const allowed = rule['allowed'];
  if (Array.isArray(allowed) && !allowed.includes(value)) errors.push({ path, message: `unallowed value ${JSON.stringify(value)}` });
  if (typeof value === 'number') {
    if (typeof rule['min'] === 'number' && value < rule['min']) errors.push({ path, message: `min value is ${rule['min']}` });
    if (typeof rule['max'] === 'number' && value > rule['max']) errors.push({ path, message: `max value is ${rule['max']}` });
  }
  const inner = rule['schema'];
  if (isObj(inner)) {
    if (isObj(value) && (rule['type'] === 'dict' || rule['type'] === undefined)) return applyCerberus(inner, value, path, errors);
    if (Array.isArray(value)) return value.map((el, i) => checkValue(inner, el, [...path, i], errors));
  }
  return value;
}

/** Validates `doc` against `schema` (a field → rule map), collecting messages under `basePath`. */
export function applyCerberus(
  schema: CerberusSchema,
  doc: Record<string, unknown>,
  basePath: PropertyKey[] = [],
  errors: PathMessage[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...doc };
  for (const [field, r] of Object.entries(schema)) {
    if (!isObj(r)) continue;
    let value = out[field];
    if (value === undefined && r['default'] !== undefined) {
      value = JSON.parse(JSON.stringify(r['default'])) as unknown;
      out[field] = value;
    }
    if (value === undefined || value === null) {
      if (r['required'] === true) errors.push({ path: [...basePath, field], message: 'required field' });
      continue;
    }
    out[field] = checkValue(r, value, [...basePath, field], errors);
  }
  return out;
}
