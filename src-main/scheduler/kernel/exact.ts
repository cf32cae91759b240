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
 * The slice model as CPLEX LP text (OCS §9.4): maximise Σ weight·x; each request at most once;
 * per telescope, the interval-graph clique constraints (the candidates covering a slice sum to ≤ 1,
 * emitted only for maximal cliques — a slice just before some candidate ends — since the others
 * are implied). Per telescope this LP is integral; the coupling is "each request at most once".
 * @param relax true for the LP relaxation (0 ≤ x ≤ 1) instead of binaries.
 * @param keep when given, only candidates c with keep[c] = 1 are emitted (the others are fixed to
 *   0, e.g. by Lagrangian fixing); variable names stay `x<candidate index>`.
 */
export function buildLpText(m: SliceModel, relax = false, keep?: Uint8Array): string {
  const kept = (c: number): boolean => keep === undefined || keep[c] === 1;
  const lines: string[] = ['Maximize', ' obj:'];
  let term: string[] = [];
  let nKept = 0;
  const flush = (): void => {
    if (term.length > 0) lines.push('  ' + term.join(' '));
    term = [];
  };
  for (let c = 0; c < m.nCand; c++) {
    if (!kept(c)) continue;
    nKept++;
    term.push(`+ ${m.cWeight[c]!.toPrecision(17)} x${c}`);
    if (term.length >= 8) flush();
  }
  flush();
  if (nKept === 0) lines.push('  0 x0');
  lines.push('Subject To');
  let row = 0;
  for (let r = 0; r < m.requestIds.length; r++) {
    const vars: string[] = [];
    for (let i = m.rOff[r]!; i < m.rOff[r + 1]!; i++) if (kept(m.rCand[i]!)) vars.push(`+ x${m.rCand[i]!}`);
    if (vars.length >= 2) lines.push(` r${row++}: ${vars.join(' ')} <= 1`);
  }
  const nTel = m.telescopeIds.length;
  for (let t = 0; t < nTel; t++) {
    const cover: number[][] = Array.from({ length: m.nSlices }, () => []);
    // endsAt[s]: some kept candidate ends at slice s, i.e. the cover of slice s − 1 is not a
    // subset of the cover of slice s (only those clique rows are maximal).
    const endsAt = new Uint8Array(m.nSlices + 1);
    for (let c = m.telOff[t]!; c < m.telOff[t + 1]!; c++) {
      if (!kept(c)) continue;
      endsAt[m.cEndSlice[c]!] = 1;
      for (let s = m.cStartSlice[c]!; s < m.cEndSlice[c]!; s++) cover[s]!.push(c);
    }
    for (let s = 0; s < m.nSlices; s++) {
      const list = cover[s]!;
      if (list.length < 2 || endsAt[s + 1] !== 1) continue;
      lines.push(` s${row++}: ${list.map((c) => `+ x${c}`).join(' ')} <= 1`);
    }
  }
  lines.push('Bounds');
  for (let c = 0; c < m.nCand; c++) if (kept(c)) lines.push(` 0 <= x${c} <= 1`);
  if (nKept === 0) lines.push(' 0 <= x0 <= 0');
  if (!relax && nKept > 0) {
    lines.push('Binary');
    let vars: string[] = [];
    for (let c = 0; c < m.nCand; c++) {
      if (!kept(c)) continue;
      vars.push(`x${c}`);
      if (vars.length >= 16) {
        lines.push(' ' + vars.join(' '));
        vars = [];
      }
    }
    if (vars.length > 0) lines.push(' ' + vars.join(' '));
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
 * only (the issue measured 41k variables as already out of reach in 60 s; (100, 2)'s 5923 take
 * 1.3 s for the LP alone in WASM HiGHS). With `keep`, only the kept candidates are variables.
 */
export function solveWithHighs(
  m: SliceModel,
  highs: HighsLike,
  opts: { timeLimitSec: number; relax?: boolean; mipRelGap?: number; keep?: Uint8Array },
): ExactResult {
  const relax = opts.relax ?? false;
  const res = highs.solve(buildLpText(m, relax, opts.keep), {
    time_limit: Math.max(0.01, opts.timeLimitSec),
    mip_rel_gap: opts.mipRelGap ?? 1e-9,
    output_flag: false,
  });
  const optimal = res.Status === 'Optimal';
  const hasSolution = optimal || (res.Status === 'Time limit reached' && Number.isFinite(res.ObjectiveValue));
  if (m.nCand === 0 || (opts.keep !== undefined && !opts.keep.includes(1)))
    return { status: res.Status, optimal, objective: 0, assignment: relax ? null : new Assignment(m) };
  if (relax || !hasSolution) return { status: res.Status, optimal, objective: res.ObjectiveValue, assignment: null };
  const a = new Assignment(m);
  // Place in candidate order; HiGHS's integer solution is feasible, values are ~0/1.
  for (let c = 0; c < m.nCand; c++) {
    const col = res.Columns[`x${c}`];
    if (col !== undefined && col.Primal > 0.5 && a.reqCand[m.cReq[c]!]! < 0 && a.canPlace(c)) a.place(c);
  }
  return { status: res.Status, optimal, objective: res.ObjectiveValue, assignment: a };
}
