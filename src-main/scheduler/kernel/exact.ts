import { Assignment } from './assignment';
import type { SliceModel } from './model';

/**
 * The subset of the `highs` package (WASM HiGHS) we use: its one-shot `solve` on CPLEX LP text.
 * Load it with `const highs = await (await import('highs')).default()` and pass it in; the kernel
 * never loads it itself (it stays synchronous and IO-free).
 */
export interface HighsLike {
  solve(
    problem: string,
    options?: Readonly<Record<string, string | number | boolean>>,
  ): { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal: number }> };
}

/**
 * The full slice model as CPLEX LP text (OCS §9.4): maximise Σ weight·x; each request at most
 * once; each (telescope, slice) covered by at most one start. Slices whose covering set is a
 * subset of a neighbour's are still emitted (kept simple; meant for small models).
 * @param relax true for the LP relaxation (0 ≤ x ≤ 1) instead of binaries.
 */
export function buildLpText(m: SliceModel, relax = false): string {
  const lines: string[] = ['Maximize', ' obj:'];
  let term: string[] = [];
  const flush = (): void => {
    if (term.length > 0) lines.push('  ' + term.join(' '));
    term = [];
  };
  for (let c = 0; c < m.nCand; c++) {
    term.push(`+ ${m.cWeight[c]!.toPrecision(17)} x${c}`);
    if (term.length >= 8) flush();
  }
  flush();
  if (m.nCand === 0) lines.push('  0 x0');
  lines.push('Subject To');
  let row = 0;
  for (let r = 0; r < m.requestIds.length; r++) {
    const from = m.rOff[r]!;
    const to = m.rOff[r + 1]!;
    if (to - from < 2) continue;
    const vars: string[] = [];
    for (let i = from; i < to; i++) vars.push(`+ x${m.rCand[i]!}`);
    lines.push(` r${row++}: ${vars.join(' ')} <= 1`);
  }
  const nTel = m.telescopeIds.length;
  for (let t = 0; t < nTel; t++) {
    const cover: number[][] = Array.from({ length: m.nSlices }, () => []);
    for (let c = m.telOff[t]!; c < m.telOff[t + 1]!; c++) {
      for (let s = m.cStartSlice[c]!; s < m.cEndSlice[c]!; s++) cover[s]!.push(c);
    }
    for (const list of cover) {
      if (list.length < 2) continue;
      lines.push(` s${row++}: ${list.map((c) => `+ x${c}`).join(' ')} <= 1`);
    }
  }
  lines.push('Bounds');
  for (let c = 0; c < m.nCand; c++) lines.push(` 0 <= x${c} <= 1`);
  if (m.nCand === 0) lines.push(' 0 <= x0 <= 0');
  if (!relax && m.nCand > 0) {
    lines.push('Binary');
    for (let c = 0; c < m.nCand; c += 16) {
      const vars: string[] = [];
      for (let k = c; k < Math.min(m.nCand, c + 16); k++) vars.push(`x${k}`);
      lines.push(' ' + vars.join(' '));
    }
  }
  lines.push('End');
  return lines.join('\n');
}

export interface ExactResult {
  /** HiGHS model status, e.g. "Optimal", "Time limit reached". */
  status: string;
  /** True when HiGHS proved optimality (relative MIP gap `mipRelGap`). */
  optimal: boolean;
  objective: number;
  /** The incumbent as an assignment (null for relaxations or when no solution was found). */
  assignment: Assignment | null;
}

/**
 * Solves the slice model with HiGHS: exactly (binaries) or its LP relaxation. For small models
 * only (the issue measured 41k variables as already out of reach in 60 s).
 */
export function solveWithHighs(
  m: SliceModel,
  highs: HighsLike,
  opts: { timeLimitSec: number; relax?: boolean; mipRelGap?: number },
): ExactResult {
  const relax = opts.relax ?? false;
  const res = highs.solve(buildLpText(m, relax), {
    time_limit: Math.max(0.01, opts.timeLimitSec),
    mip_rel_gap: opts.mipRelGap ?? 1e-9,
    output_flag: false,
  });
  const optimal = res.Status === 'Optimal';
  const hasSolution = optimal || (res.Status === 'Time limit reached' && Number.isFinite(res.ObjectiveValue));
  if (m.nCand === 0) return { status: res.Status, optimal, objective: 0, assignment: relax ? null : new Assignment(m) };
  if (relax || !hasSolution) return { status: res.Status, optimal, objective: res.ObjectiveValue, assignment: null };
  const a = new Assignment(m);
  // Place in candidate order; HiGHS's integer solution is feasible, values are ~0/1.
  for (let c = 0; c < m.nCand; c++) {
    const col = res.Columns[`x${c}`];
    if (col !== undefined && col.Primal > 0.5 && a.reqCand[m.cReq[c]!]! < 0 && a.canPlace(c)) a.place(c);
  }
  return { status: res.Status, optimal, objective: res.ObjectiveValue, assignment: a };
}
