/** A one-dimensional move that takes clock time: position is interpolated between start and end. */
export interface LinearMove {
  from: number;
  to: number;
  startMs: number;
  endMs: number;
  stop: AbortController;
}

export function startMove(from: number, to: number, nowMs: number, ratePerSec: number, extraMs = 0): LinearMove {
  const durationMs = (Math.abs(to - from) / ratePerSec) * 1000 + extraMs;
  return { from, to, startMs: nowMs, endMs: nowMs + durationMs, stop: new AbortController() };
}

/** Position of `m` at `nowMs` (clamped to the end). */
export function positionAt(m: LinearMove, nowMs: number): number {
  if (nowMs >= m.endMs || m.endMs === m.startMs) return m.to;
  const f = Math.max(0, (nowMs - m.startMs) / (m.endMs - m.startMs));
  return m.from + (m.to - m.from) * f;
}
