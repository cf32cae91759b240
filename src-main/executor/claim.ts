/**
 * The executor's side of the race with the scheduler (and the portal API): a configuration may be
 * closed (NOT_ATTEMPTED by a rapid-response interruption) or its observation cancelled (re-plan,
 * request cancelled) at any moment, including between the executor's check and its ATTEMPTED
 * report, and while a configuration runs.
 *
 * - `claimConfiguration` makes PENDING → ATTEMPTED conditional: it checks before reporting and
 *   re-reads after. The report is one portal transaction and SQLite transactions are serialised, so
 *   after it either the observation is IN_PROGRESS (the scheduler's store never cancels those; only
 *   a rapid-response interruption touches them) or the cancellation came first and the re-read sees
 *   it: the status it just marked ATTEMPTED is closed NOT_ATTEMPTED and nothing runs.
 * - `watchStanding` stops a running configuration when its observation is CANCELED/ABORTED or its
 *   status was closed by someone else (an interruption that is not at a safe point fails it).
 */
import type { ConfigurationStatusState, ObservationState } from '../../src-shared/ocs';
import type { ExecutorContext } from './context';
import type { StatusStanding } from './observation-source';
import { statusStanding } from './observation-source';
import type { StatusReporterDeps } from './status-report';
import { reportStatus } from './status-report';

export type Claim = { ok: true } | { ok: false; reason: string };

const ACTIVE: readonly ObservationState[] = ['PENDING', 'IN_PROGRESS'];

/** Why a configuration may not start (null when it may). */
function notRunnable(s: StatusStanding | null, expected: ConfigurationStatusState): string | null {
  if (s === null) return 'the observation was removed from the schedule';
  if (!ACTIVE.includes(s.observationState)) return `the observation was ${s.observationState} before this configuration started`;
  if (s.statusState !== expected) return `the configuration status became ${s.statusState} before it started`;
  return null;
}

/**
 * Marks the status ATTEMPTED only while its observation is still runnable. `onAttempted` runs
 * right before the report (the journal entry that must precede it). When the claim is lost after
 * the report, the status is reported NOT_ATTEMPTED with the reason (journaled by `onLost`).
 */
export async function claimConfiguration(
  ctx: ExecutorContext,
  reporter: StatusReporterDeps,
  statusId: number,
  hooks: { onAttempted(): void; onLost(reason: string): void },
): Promise<Claim> {
  const before = notRunnable(await statusStanding(ctx.db, statusId), 'PENDING');
  if (before !== null) return { ok: false, reason: before };
  hooks.onAttempted();
  await reportStatus(reporter, statusId, { state: 'ATTEMPTED' }, ctx.clock.nowMs());
  const after = await statusStanding(ctx.db, statusId);
  const lost = notRunnable(after, 'ATTEMPTED');
  if (lost === null) return { ok: true };
  hooks.onLost(lost);
  if (after?.statusState === 'ATTEMPTED') {
    // Ours: the cancellation committed just before the report. Close it honestly, run nothing.
    const now = ctx.clock.nowMs();
    await reportStatus(
      reporter,
      statusId,
      { state: 'NOT_ATTEMPTED', summary: { startUtcMs: now, endUtcMs: now, state: 'NOT_ATTEMPTED', reason: lost, timeCompletedSec: 0, events: [{ time: new Date(now).toISOString(), description: lost }] } },
      now,
    );
  }
  return { ok: false, reason: lost };
}

/** Why a running configuration must stop now (null: go on). A FAILED observation whose status is still ATTEMPTED was interrupted at this configuration's end: it finishes. */
export function stopReason(s: StatusStanding | null): string | null {
  if (s === null) return 'the observation was removed from the schedule';
  if (s.observationState === 'CANCELED' || s.observationState === 'ABORTED') return `the observation was ${s.observationState} while this configuration ran`;
  if (s.statusState !== 'ATTEMPTED') return `the configuration status became ${s.statusState} while it ran`;
  return null;
}

/**
 * Watches a running configuration's standing: re-read on every `queue.changed` and
 * `schedule.changed` (cancellations publish one of them) and every `pollMs` of clock time (a
 * backstop for writers that publish nothing). Calls `onStop(reason)` once. Returns the release.
 */
export function watchStanding(ctx: ExecutorContext, statusId: number, pollMs: number, onStop: (reason: string) => void): () => void {
  let done = false;
  let checking = false;
  let again = false;
  const check = (): void => {
    if (done) return;
    if (checking) {
      again = true;
      return;
    }
    checking = true;
    statusStanding(ctx.db, statusId)
      .then((s) => {
        const why = stopReason(s);
        if (why !== null && !done) {
          done = true;
          onStop(why);
        }
      })
      .catch(() => undefined)
      .finally(() => {
        checking = false;
        if (again) {
          again = false;
          check();
        }
      });
  };
  const offs = [ctx.clock.every(Math.max(1000, pollMs), check)];
  if (ctx.bus) offs.push(ctx.bus.on('queue.changed', check), ctx.bus.on('schedule.changed', check));
  return () => {
    done = true;
    for (const off of offs) off();
  };
}

/**
 * The reason someone else (a rapid-response interruption, an operator) closed the status with, or
 * null while it is still ATTEMPTED or has none: a stopped configuration keeps that reason.
 */
export async function closedReason(ctx: ExecutorContext, statusId: number): Promise<string | null> {
  const row = await ctx.db.selectFrom('configuration_statuses').select(['state', 'summary_json']).where('id', '=', statusId).executeTakeFirst();
  if (!row || row.state === 'ATTEMPTED' || row.summary_json === null) return null;
  const reason = (JSON.parse(row.summary_json) as { reason?: unknown }).reason;
  return typeof reason === 'string' && reason !== '' ? reason : null;
}
