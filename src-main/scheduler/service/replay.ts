/**
 * Replay of a recorded `SchedulerInput` (`nightshift schedule --replay file.json`): re-runs the
 * kernel on exactly that input and prints the decision and its quality, so any run can be
 * reproduced and explained off-line. A recording is either a bare `SchedulerInput` or
 * `{ format: "nightshift-scheduler-recording/1", input, expected? }`.
 */
import { readFileSync } from 'node:fs';
import { AppError } from '../../../src-shared/errors';
import { checkSchedule, type Schedule, type ScheduledBlock, type SchedulerInput } from '../kernel';
import { createInlineRunner, type KernelRunner } from '../worker';

export const RECORDING_FORMAT = 'nightshift-scheduler-recording/1';

export interface Recording {
  format: typeof RECORDING_FORMAT;
  /** Free text: where and when it was recorded. */
  note?: string;
  input: SchedulerInput;
  /** The decision of the recorded run, to compare a replay with. */
  expected?: { blocks: ScheduledBlock[]; objective: number; upperBound: number };
  /**
   * Solver settings of the recorded run. Absent: the kernel's defaults (what recordings made
   * before this field used); the service records `{ exactMaxVariables: DEFAULT_EXACT_MAX_VARIABLES }`.
   */
  solver?: { exactMaxVariables?: number };
}

/** Reads a recording or a bare input from JSON text (AppError `validation.invalid` when neither). */
export function parseRecording(text: string): Recording {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new AppError('validation.invalid', `Not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const looksLikeInput = (x: unknown): x is SchedulerInput =>
    typeof x === 'object' && x !== null && Array.isArray((x as SchedulerInput).requests) && Array.isArray((x as SchedulerInput).telescopes) && typeof (x as SchedulerInput).nowMs === 'number';
  if (typeof raw === 'object' && raw !== null && (raw as { format?: unknown }).format === RECORDING_FORMAT && looksLikeInput((raw as Recording).input)) return raw as Recording;
  if (looksLikeInput(raw)) return { format: RECORDING_FORMAT, input: raw };
  throw new AppError('validation.invalid', 'Neither a scheduler recording nor a SchedulerInput (needs nowMs, telescopes[], requests[])');
}

export interface ReplayResult {
  schedule: Schedule;
  /** Feasibility check of the replayed schedule (empty = feasible). */
  violations: number;
  /** Against `expected`, when recorded: same blocks, and the objective difference. */
  sameBlocks: boolean | null;
  objectiveDelta: number | null;
}

export async function replayRecording(rec: Recording, runner: KernelRunner = createInlineRunner()): Promise<ReplayResult> {
  const exact = rec.solver?.exactMaxVariables;
  const r = await runner.run({ kind: 'solve', input: rec.input, previous: null, ...(exact !== undefined ? { exactMaxVariables: exact } : {}) });
  if (r.kind !== 'solve') throw new AppError('internal', 'unexpected kernel answer');
  const schedule = r.schedule;
  const key = (b: ScheduledBlock): string => `${b.requestId}|${b.telescopeId}|${b.startMs}`;
  const exp = rec.expected;
  const sameBlocks = exp ? JSON.stringify(exp.blocks.map(key).sort()) === JSON.stringify(schedule.blocks.map(key).sort()) : null;
  return { schedule, violations: checkSchedule(rec.input, schedule.blocks).length, sameBlocks, objectiveDelta: exp ? schedule.quality.objective - exp.objective : null };
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The human report the CLI prints. */
export function formatReplay(rec: Recording, res: ReplayResult): string[] {
  const q = res.schedule.quality;
  const lines = [
    `input: ${rec.input.requests.length} requests, ${rec.input.telescopes.length} telescopes, ${rec.input.fixedBlocks.length} fixed blocks, now ${iso(rec.input.nowMs)}, horizon to ${iso(rec.input.horizon.endMs)}`,
    `quality: method ${q.method}, objective ${q.objective.toFixed(3)}, upper bound ${q.upperBound.toFixed(3)}, gap ${(q.gap * 100).toFixed(3)} %${q.optimal ? ' (optimal)' : ''}, greedy ${q.greedyObjective.toFixed(3)}, ${q.variables} variables, solve ${q.solveMs.toFixed(0)} ms`,
    `feasibility: ${res.violations === 0 ? 'ok' : `${res.violations} violation(s)`}`,
  ];
  if (res.sameBlocks !== null) lines.push(`vs recorded: ${res.sameBlocks ? 'same blocks' : 'different blocks'}, objective Δ ${res.objectiveDelta?.toFixed(6)}`);
  lines.push('blocks:');
  for (const b of res.schedule.blocks) lines.push(`  ${b.telescopeId}  ${iso(b.startMs)} → ${iso(b.endMs)}  request ${b.requestId}`);
  lines.push('not scheduled:');
  for (const e of res.schedule.explanations) if (!e.scheduled) lines.push(`  request ${e.requestId}: ${e.reason} — ${e.why}`);
  return lines;
}

export const SCHEDULE_HELP = `schedule     Re-run a recorded scheduler input and print the decision and its quality:
               --replay FILE.json [--json]`;

/** `nightshift schedule --replay FILE [--json]`: 0 when feasible, 1 otherwise, 2 on usage errors. */
export async function runScheduleCommand(args: readonly string[], print: (line: string) => void): Promise<number> {
  const i = args.indexOf('--replay');
  const file = i >= 0 ? args[i + 1] : undefined;
  if (file === undefined) {
    print(`Usage: nightshift ${SCHEDULE_HELP.replace(/^schedule\s+/, 'schedule ')}`);
    return 2;
  }
  const rec = parseRecording(readFileSync(file, 'utf8'));
  const runner = createInlineRunner();
  const res = await replayRecording(rec, runner);
  if (args.includes('--json')) print(JSON.stringify({ quality: res.schedule.quality, blocks: res.schedule.blocks, explanations: res.schedule.explanations, violations: res.violations, sameBlocks: res.sameBlocks }));
  else for (const line of formatReplay(rec, res)) print(line);
  return res.violations === 0 ? 0 : 1;
}
