/**
 * OCS/DRF error shape: an object keyed by field; each value a list of messages, a nested object,
 * or a list with one entry per element (`{}` for valid elements). Errors that belong to an
 * object rather than a field go under `non_field_errors`.
 */
import type { FieldErrors } from '../errors';

export const NON_FIELD_ERRORS = 'non_field_errors';

/** One message at a path of field names and list indices (`['requests', 0, 'windows']`). */
export interface PathMessage {
  path: readonly PropertyKey[];
  message: string;
}

type Node = string[] | FieldErrors | FieldErrors[];

/** Adds `message` at `path` inside `root` (mutates `root`). An empty path means non_field_errors. */
export function addFieldError(root: FieldErrors, path: readonly PropertyKey[], message: string): void {
  let obj: FieldErrors = root;
  const keys = path.map((k) => (typeof k === 'symbol' ? String(k) : k));
  let i = 0;
  // Walk (field, [index]) pairs; a numeric step selects the element of the list at the previous key.
  for (; i < keys.length; i++) {
    const key = keys[i];
    if (typeof key === 'number') {
      // A bare index at the root (a list body) is stored as a field named by the index.
      obj = ensureObject(obj, String(key));
      continue;
    }
    const k = String(key);
    const next = keys[i + 1];
    if (typeof next === 'number') {
      const list = ensureList(obj, k);
      while (list.length <= next) list.push({});
      obj = list[next] as FieldErrors;
      i++;
      continue;
    }
    if (i === keys.length - 1) {
      pushMessage(obj, k, message);
      return;
    }
    obj = ensureObject(obj, k);
  }
  pushMessage(obj, NON_FIELD_ERRORS, message);
}

function pushMessage(obj: FieldErrors, key: string, message: string): void {
  const cur = obj[key];
  if (Array.isArray(cur) && (cur.length === 0 || typeof cur[0] === 'string')) {
    const msgs = cur as string[];
    if (!msgs.includes(message)) msgs.push(message);
  } else if (cur === undefined) {
    obj[key] = [message];
  } else if (Array.isArray(cur)) {
    // A list of element errors already lives here: the message is about the list as a whole.
    const holder = cur as FieldErrors[];
    if (holder.length === 0) holder.push({});
    pushMessage(holder[0] as FieldErrors, NON_FIELD_ERRORS, message);
  } else {
    pushMessage(cur, NON_FIELD_ERRORS, message);
  }
}

function ensureObject(obj: FieldErrors, key: string): FieldErrors {
  const cur: Node | undefined = obj[key];
  if (cur !== undefined && !Array.isArray(cur)) return cur;
  const fresh: FieldErrors = {};
  if (Array.isArray(cur) && cur.length > 0 && typeof cur[0] === 'string') fresh[NON_FIELD_ERRORS] = cur;
  obj[key] = fresh;
  return fresh;
}

function ensureList(obj: FieldErrors, key: string): FieldErrors[] {
  const cur: Node | undefined = obj[key];
  if (Array.isArray(cur) && (cur.length === 0 || typeof cur[0] !== 'string')) return cur as FieldErrors[];
  const fresh: FieldErrors[] = [];
  obj[key] = fresh;
  return fresh;
}

/** Builds the OCS error object from zod-style issues (anything with `path` and `message`). */
export function toFieldErrors(issues: readonly PathMessage[]): FieldErrors {
  const root: FieldErrors = {};
  for (const iss of issues) addFieldError(root, iss.path, iss.message);
  return root;
}

/** True when an error object holds no message anywhere. */
export function isEmptyFieldErrors(errors: FieldErrors): boolean {
  return Object.values(errors).every((v) =>
    Array.isArray(v) ? v.every((e) => (typeof e === 'string' ? false : isEmptyFieldErrors(e))) : isEmptyFieldErrors(v),
  );
}

/** Every message with its dotted path, for logs and tests (`requests.0.windows.0.end`). */
export function flattenFieldErrors(errors: FieldErrors, prefix = ''): PathMessage[] {
  const out: PathMessage[] = [];
  const walk = (node: FieldErrors, path: PropertyKey[]): void => {
    for (const [k, v] of Object.entries(node)) {
      if (Array.isArray(v)) {
        v.forEach((e, i) => {
          if (typeof e === 'string') out.push({ path: [...path, k], message: e });
          else walk(e, [...path, k, i]);
        });
      } else walk(v, [...path, k]);
    }
  };
  walk(errors, prefix === '' ? [] : [prefix]);
  return out;
}
