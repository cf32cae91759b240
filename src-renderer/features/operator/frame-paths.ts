/**
 * The operator's "Frames" text → file paths. One path per line; on a single line, commas separate
 * paths too (so a pasted list works). Blank entries are dropped; order and duplicates are kept so
 * the core's `frames.<i>` errors point at what the operator typed.
 */
export function parseFramePaths(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const parts = lines.length > 1 ? lines : text.split(',');
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Field errors keyed `frames.<i>` (or `frames`) as one readable line each, in index order. */
export function frameErrors(details: unknown): string[] {
  if (details === null || typeof details !== 'object') return [];
  const out: { i: number; text: string }[] = [];
  for (const [key, value] of Object.entries(details as Record<string, unknown>)) {
    const m = /^frames(?:\.(\d+))?$/.exec(key);
    if (m === null || !Array.isArray(value)) continue;
    const i = m[1] === undefined ? -1 : Number(m[1]);
    for (const v of value) if (typeof v === 'string') out.push({ i, text: i >= 0 ? `#${i + 1} ${v}` : v });
  }
  return out.sort((a, b) => a.i - b.i).map((e) => e.text);
}
