import type { IndiChild, IndiElement } from './element-reader';

/** INDI property state (also the value of a Light element). */
export type IndiState = 'Idle' | 'Ok' | 'Busy' | 'Alert';
export type IndiPerm = 'ro' | 'wo' | 'rw';
export type IndiSwitchRule = 'OneOfMany' | 'AtMostOne' | 'AnyOfMany';
export type IndiVectorType = 'Number' | 'Switch' | 'Text' | 'Light' | 'BLOB';

export interface IndiNumberElement {
  name: string;
  label: string;
  value: number;
  /** printf or `%m` sexagesimal format (display only: the wire value is decimal). */
  format: string;
  min: number;
  max: number;
  step: number;
}
export interface IndiSwitchElement {
  name: string;
  label: string;
  /** true = On. */
  value: boolean;
}
export interface IndiTextElement {
  name: string;
  label: string;
  value: string;
}
export interface IndiLightElement {
  name: string;
  label: string;
  value: IndiState;
}
export interface IndiBlobElement {
  name: string;
  label: string;
  /** File suffix of the last payload (`.fits`, `.fits.fz` …), '' before any. */
  format: string;
  /** Last payload, decoded; null before any (BLOBs arrive only after enableBLOB). */
  data: Uint8Array | null;
  /** Uncompressed size announced by the driver, bytes. */
  size: number;
}

interface VectorBase {
  device: string;
  name: string;
  label: string;
  group: string;
  state: IndiState;
  perm: IndiPerm;
  /** Driver's expected worst-case completion time, seconds (0 = not given). */
  timeoutSec: number;
  /** Driver timestamp of the last update (UTC ISO without zone), '' when absent. */
  timestamp: string;
  /** Message attached to the last update, '' when none. */
  message: string;
  /** Incremented on every def/set of this vector: lets waiters ignore stale cached values. */
  revision: number;
}

export interface IndiNumberVector extends VectorBase {
  type: 'Number';
  elements: Map<string, IndiNumberElement>;
}
export interface IndiSwitchVector extends VectorBase {
  type: 'Switch';
  rule: IndiSwitchRule;
  elements: Map<string, IndiSwitchElement>;
}
export interface IndiTextVector extends VectorBase {
  type: 'Text';
  elements: Map<string, IndiTextElement>;
}
export interface IndiLightVector extends VectorBase {
  type: 'Light';
  elements: Map<string, IndiLightElement>;
}
export interface IndiBlobVector extends VectorBase {
  type: 'BLOB';
  elements: Map<string, IndiBlobElement>;
}

export type IndiVector = IndiNumberVector | IndiSwitchVector | IndiTextVector | IndiLightVector | IndiBlobVector;

const VECTOR_TAG = /^(def|set|new)(Number|Switch|Text|Light|BLOB)Vector$/;

/** Splits `defNumberVector` into ['def', 'Number']; null for other tags. */
export function vectorTag(tag: string): { verb: 'def' | 'set' | 'new'; type: IndiVectorType } | null {
  const m = VECTOR_TAG.exec(tag);
  if (!m) return null;
  return { verb: m[1] as 'def' | 'set' | 'new', type: m[2] as IndiVectorType };
}

export function parseState(s: string | undefined): IndiState | null {
  return s === 'Idle' || s === 'Ok' || s === 'Busy' || s === 'Alert' ? s : null;
}

function parsePerm(s: string | undefined): IndiPerm {
  return s === 'ro' || s === 'wo' ? s : 'rw';
}

function parseRule(s: string | undefined): IndiSwitchRule {
  return s === 'AtMostOne' || s === 'AnyOfMany' ? s : 'OneOfMany';
}

/**
 * Parses an INDI number: decimal, or sexagesimal `D:M:S` / `D M S` / `D:M` (drivers may send the
 * formatted value). Returns NaN when unparsable.
 */
export function parseIndiNumber(text: string): number {
  const t = text.trim();
  if (t === '') return NaN;
  if (!/[:\s]/.test(t)) return Number(t);
  const parts = t.split(/[:\s]+/).map(Number);
  if (parts.some((p) => !Number.isFinite(p))) return NaN;
  const negative = t.startsWith('-');
  const [d = 0, m = 0, s = 0] = parts.map(Math.abs);
  const v = d + m / 60 + s / 3600;
  return negative ? -v : v;
}

function num(s: string | undefined, fallback: number): number {
  if (s === undefined) return fallback;
  const v = parseIndiNumber(s);
  return Number.isFinite(v) ? v : fallback;
}

function childValue(c: IndiChild): string {
  return c.text;
}

/** A new vector from a `def…Vector` element; null when it is not one or lacks device/name. */
export function vectorFromDef(el: IndiElement): IndiVector | null {
  const tag = vectorTag(el.tag);
  const device = el.attrs.device;
  const name = el.attrs.name;
  if (!tag || tag.verb !== 'def' || device === undefined || name === undefined) return null;
  const base: VectorBase = {
    device,
    name,
    label: el.attrs.label ?? name,
    group: el.attrs.group ?? '',
    state: parseState(el.attrs.state) ?? 'Idle',
    perm: parsePerm(el.attrs.perm),
    timeoutSec: num(el.attrs.timeout, 0),
    timestamp: el.attrs.timestamp ?? '',
    message: el.attrs.message ?? '',
    revision: 1,
  };
  const kids = el.children.filter((c) => c.tag === `def${tag.type}` && c.attrs.name !== undefined);
  const label = (c: IndiChild): string => c.attrs.label ?? (c.attrs.name as string);
  switch (tag.type) {
    case 'Number':
      return {
        ...base,
        type: 'Number',
        elements: new Map(
          kids.map((c) => [
            c.attrs.name as string,
            {
              name: c.attrs.name as string,
              label: label(c),
              value: num(childValue(c), NaN),
              format: c.attrs.format ?? '%g',
              min: num(c.attrs.min, 0),
              max: num(c.attrs.max, 0),
              step: num(c.attrs.step, 0),
            },
          ]),
        ),
      };
    case 'Switch':
      return {
        ...base,
        type: 'Switch',
        rule: parseRule(el.attrs.rule),
        elements: new Map(
          kids.map((c) => [c.attrs.name as string, { name: c.attrs.name as string, label: label(c), value: c.text === 'On' }]),
        ),
      };
    case 'Text':
      return {
        ...base,
        type: 'Text',
        elements: new Map(kids.map((c) => [c.attrs.name as string, { name: c.attrs.name as string, label: label(c), value: c.text }])),
      };
    case 'Light':
      return {
        ...base,
        perm: 'ro',
        type: 'Light',
        elements: new Map(
          kids.map((c) => [
            c.attrs.name as string,
            { name: c.attrs.name as string, label: label(c), value: parseState(c.text) ?? 'Idle' },
          ]),
        ),
      };
    case 'BLOB':
      return {
        ...base,
        type: 'BLOB',
        elements: new Map(
          kids.map((c) => [
            c.attrs.name as string,
            { name: c.attrs.name as string, label: label(c), format: '', data: null, size: 0 },
          ]),
        ),
      };
    default: {
      const never: never = tag.type;
      throw new Error(`unreachable ${String(never)}`);
    }
  }
}

/**
 * Applies a `set…Vector` element to a known vector in place (only the members it names; a set may
 * carry a subset). Returns false when the element's type does not match the vector's.
 */
export function applySet(v: IndiVector, el: IndiElement): boolean {
  const tag = vectorTag(el.tag);
  if (!tag || tag.verb !== 'set' || tag.type !== v.type) return false;
  const state = parseState(el.attrs.state);
  if (state) v.state = state;
  if (el.attrs.timeout !== undefined) v.timeoutSec = num(el.attrs.timeout, v.timeoutSec);
  v.timestamp = el.attrs.timestamp ?? v.timestamp;
  v.message = el.attrs.message ?? '';
  for (const c of el.children) {
    const name = c.attrs.name;
    if (name === undefined || c.tag !== `one${v.type}`) continue;
    switch (v.type) {
      case 'Number': {
        const e = v.elements.get(name);
        const value = parseIndiNumber(c.text);
        if (e && Number.isFinite(value)) e.value = value;
        if (e && c.attrs.min !== undefined) e.min = num(c.attrs.min, e.min);
        if (e && c.attrs.max !== undefined) e.max = num(c.attrs.max, e.max);
        break;
      }
      case 'Switch': {
        const e = v.elements.get(name);
        if (e) e.value = c.text === 'On';
        break;
      }
      case 'Text': {
        const e = v.elements.get(name);
        if (e) e.value = c.text;
        break;
      }
      case 'Light': {
        const e = v.elements.get(name);
        const s = parseState(c.text);
        if (e && s) e.value = s;
        break;
      }
      case 'BLOB': {
        const e = v.elements.get(name);
        if (e) {
          e.data = c.blob;
          e.format = c.attrs.format ?? '';
          e.size = num(c.attrs.size, 0);
        }
        break;
      }
      default: {
        const never: never = v;
        throw new Error(`unreachable ${String(never)}`);
      }
    }
  }
  v.revision++;
  return true;
}

/** Formats an INDI timestamp (UTC, no zone suffix) from epoch milliseconds. */
export function indiTimestamp(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 19);
}
