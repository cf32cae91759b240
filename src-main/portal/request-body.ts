/**
 * The stored (and served) OCS form of a validated request: what the portal's serializer emits.
 * Blank location fields and null constraints are omitted, `fill_window` is write-only, and each
 * configuration carries its id and priority.
 */
import type { Configuration, Request } from '../../src-shared/schemas';

export type Json = Record<string, unknown>;

function withoutNulls(o: Record<string, unknown>): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

export function configurationBody(c: Configuration, id: number, priority: number): Json {
  const { fill_window: _fill, constraints, ...rest } = c;
  return { id, priority, ...rest, constraints: withoutNulls(constraints) };
}

/** The request body without ids (state, duration and ids are added from the row when served). */
export function requestBody(r: Request, configurationIds: readonly number[]): Json {
  const body: Json = {};
  if (r.location) body['location'] = withoutNulls(Object.fromEntries(Object.entries(r.location).filter(([, v]) => v !== '')));
  if (r.windows.length > 0) body['windows'] = r.windows;
  body['configurations'] = r.configurations.map((c, i) => configurationBody(c, configurationIds[i] ?? 0, i + 1));
  body['observation_note'] = r.observation_note;
  body['optimization_type'] = r.optimization_type;
  body['acceptability_threshold'] = r.acceptability_threshold;
  body['configuration_repeats'] = r.configuration_repeats;
  body['extra_params'] = r.extra_params;
  return body;
}

/** Lower-cased target names joined by U+001F (the `target` icontains filter column). */
export function targetNamesColumn(r: Request): string {
  return [...new Set(r.configurations.map((c) => c.target.name.toLowerCase()))].join('\u001f');
}
