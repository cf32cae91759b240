import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-shared/errors';
import { main } from '../../../../src-main/cli';
import { checkSchedule, DEFAULT_EXACT_MAX_VARIABLES, parseRecording, replayRecording, runScheduleCommand } from '../../../../src-main/scheduler';
import { makeTempDir } from '../../../helpers/temp-dir';

const FIXTURE = resolve(import.meta.dirname, '../../../fixtures/scheduler/recorded/demo-2026-11-21T20.json');

describe('schedule replay', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  it('re-runs the recorded demo input and reproduces its decision', async () => {
    const rec = parseRecording(readFileSync(FIXTURE, 'utf8'));
    expect(rec.input.requests.length).toBeGreaterThan(20);
    const res = await replayRecording(rec);
    expect(res.violations).toBe(0);
    expect(checkSchedule(rec.input, res.schedule.blocks)).toEqual([]);
    expect(res.sameBlocks).toBe(true);
    // Same decision ⇒ same objective up to float summation order.
    expect(Math.abs(res.objectiveDelta ?? 1)).toBeLessThan(1e-6);
    expect(res.schedule.quality.upperBound).toBeGreaterThanOrEqual(res.schedule.quality.objective);
  });

  it('replays with the recorded solver settings: the service’s exact limit proves the demo optimal', async () => {
    const rec = parseRecording(readFileSync(FIXTURE, 'utf8'));
    const res = await replayRecording({ ...rec, solver: { exactMaxVariables: DEFAULT_EXACT_MAX_VARIABLES } });
    expect(res.violations).toBe(0);
    expect(res.schedule.quality.variables).toBeLessThanOrEqual(DEFAULT_EXACT_MAX_VARIABLES);
    expect(res.schedule.quality.optimal).toBe(true);
    // Never worse than the recorded (Lagrangian) decision, and never above that run's proven bound.
    expect(res.schedule.quality.objective).toBeGreaterThanOrEqual((rec.expected?.objective ?? Infinity) - 1e-6);
    expect(res.schedule.quality.objective).toBeLessThanOrEqual((rec.expected?.upperBound ?? 0) + 1e-6);
  });

  it('the CLI command prints the decision and its quality, and exits 0 on a feasible replay', async () => {
    const lines: string[] = [];
    const code = await runScheduleCommand(['--replay', FIXTURE], (l) => lines.push(l));
    expect(code).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/^input: \d+ requests, 2 telescopes/m);
    expect(text).toMatch(/quality: method \w+, objective [\d.]+, upper bound [\d.]+, gap [\d.]+ %/);
    expect(text).toContain('feasibility: ok');
    expect(text).toContain('vs recorded: same blocks');
    const blockLines = lines.filter((l) => /^ {2}tfn\./.test(l));
    const rec = parseRecording(readFileSync(FIXTURE, 'utf8'));
    expect(blockLines.length).toBe(rec.expected?.blocks.length);
    const json: string[] = [];
    expect(await runScheduleCommand(['--replay', FIXTURE, '--json'], (l) => json.push(l))).toBe(0);
    expect((JSON.parse(json[0] ?? '{}') as { blocks: unknown[] }).blocks.length).toBe(blockLines.length);
  });

  it('`nightshift schedule` answers usage errors with 2 and bad files with 1', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const bad = join(dir.path, 'bad.json');
    writeFileSync(bad, '{"hello": 1}');
    expect(await main(['schedule'])).toBe(2);
    expect(await main(['schedule', '--replay', bad])).toBe(1);
    expect(() => parseRecording('{"hello": 1}')).toThrow(AppError);
    expect(() => parseRecording('not json')).toThrow(/Not JSON/);
    // A bare SchedulerInput is accepted too.
    const rec = parseRecording(readFileSync(FIXTURE, 'utf8'));
    expect(parseRecording(JSON.stringify(rec.input)).input.nowMs).toBe(rec.input.nowMs);
  });
});
