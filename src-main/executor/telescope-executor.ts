/**
 * One telescope's executor: takes the current observation (start ≤ now < end) from the database,
 * runs its configurations in priority order, reports every outcome through the portal's state
 * changes, and closes out honestly what could not run. In operator mode the robotic loop idles and
 * a person reports outcomes through the operator API instead.
 */
import { toAppError } from '../../src-shared/errors';
import { claimConfiguration, closedReason, watchStanding } from './claim';
import type { ExecutorContext } from './context';
import type { ObservationPlan, PlannedConfiguration } from './observation-source';
import { currentObservation, loadObservation, nextObservationStart, overdueObservations } from './observation-source';
import { recoverTelescope } from './recovery';
import type { TelescopeRecovery } from './recovery';
import { needsSky, runConfiguration } from './run-configuration';
import type { ConfigurationOutcome } from './run-configuration';
import type { StatusReporterDeps } from './status-report';
import { reportStatus } from './status-report';

export type ExecutorMode = 'robotic' | 'operator';

export interface TelescopeExecutor {
  readonly telescopeId: string;
  mode(): ExecutorMode;
  setMode(mode: ExecutorMode): void;
  /** Runs recovery, then the loop until stopped. */
  start(): void;
  stop(): Promise<void>;
  /** Wakes the loop (e.g. the schedule changed). */
  wake(): void;
  /** The last recovery report (null before start). */
  recovery(): TelescopeRecovery | null;
  /** Resolves once journal and database agree after start (devices are checked after this). */
  reconciled(): Promise<void>;
}

export interface TelescopeExecutorOptions {
  /** How often the loop looks for work when idle, clock ms (default 30 s). */
  idlePollMs: number;
}

export function createTelescopeExecutor(ctx: ExecutorContext, reporter: StatusReporterDeps, options: TelescopeExecutorOptions): TelescopeExecutor {
  const tel = ctx.address.telescopeId;
  const log = ctx.logger.child('executor');
  const stopper = new AbortController();
  let mode: ExecutorMode = 'robotic';
  let wakeCtl = new AbortController();
  let loop: Promise<void> | null = null;
  let recovered: TelescopeRecovery | null = null;
  let markReconciled: () => void = () => undefined;
  const reconciledOnce = new Promise<void>((resolve) => (markReconciled = resolve));

  const journal = (kind: string, observationId: number | null, statusId: number | null, detail: Record<string, unknown> = {}): void => {
    ctx.journal.record({ telescopeId: tel, utcMs: ctx.clock.nowMs(), kind, observationId, configurationStatusId: statusId, detail });
  };

  const sleep = async (ms: number): Promise<void> => {
    try {
      await ctx.clock.sleep(Math.max(1, ms), AbortSignal.any([stopper.signal, wakeCtl.signal]));
    } catch {
      if (wakeCtl.signal.aborted) wakeCtl = new AbortController();
    }
  };

  /** A signal that aborts when the supervisor leaves `safe` (or the executor stops). */
  const unsafeSignal = (): { signal: AbortSignal; release: () => void } => {
    const ctl = new AbortController();
    if (!ctx.supervisor.isSafe(tel)) ctl.abort(new Error('unsafe'));
    const off = ctx.supervisor.onChange((s) => {
      if (s.telescopeId === tel && s.state !== 'safe') ctl.abort(new Error(`unsafe: ${s.reasons.join('; ')}`));
    });
    return { signal: AbortSignal.any([ctl.signal, stopper.signal]), release: off };
  };

  const report = async (pc: PlannedConfiguration, obsId: number, o: ConfigurationOutcome, moveEnd = true): Promise<void> => {
    // Journaled before the portal is told: a crash in between is reconciled from the journal.
    journal('config.end', obsId, pc.statusId, { state: o.state, reason: o.reason, timeCompletedSec: o.timeCompletedSec, frames: o.frames });
    const now = ctx.clock.nowMs();
    try {
      await reportStatus(
        reporter,
        pc.statusId,
        {
          state: o.state,
          summary: { startUtcMs: o.startUtcMs, endUtcMs: o.endUtcMs, state: o.state, reason: o.reason, timeCompletedSec: o.timeCompletedSec, events: o.events },
          ...(o.state === 'NOT_ATTEMPTED' || !moveEnd ? {} : { endUtcMs: Math.max(now, o.startUtcMs + 1) }),
        },
        now,
      );
    } catch (error) {
      // Deleted under us (a demo reset): the journal keeps the outcome and its frames stay in the archive.
      if (toAppError(error).code !== 'not_found') throw error;
      log.info('configuration status removed from the portal; outcome kept in the journal only', { telescopeId: tel, observationId: obsId, statusId: pc.statusId, state: o.state, frames: o.frames });
    }
  };

  /** Remaining PENDING configurations become NOT_ATTEMPTED (and ATTEMPTED ones FAILED) with `reason`. */
  const closeOut = async (obs: ObservationPlan, reason: string): Promise<void> => {
    const now = ctx.clock.nowMs();
    for (const pc of obs.configurations) {
      if (pc.state !== 'PENDING' && pc.state !== 'ATTEMPTED') continue;
      const state = pc.state === 'PENDING' ? 'NOT_ATTEMPTED' : 'FAILED';
      await report(pc, obs.id, { state, reason, startUtcMs: now, endUtcMs: now, timeCompletedSec: 0, events: [{ time: new Date(now).toISOString(), description: reason }], frames: 0, unsafe: false });
    }
  };

  const unsafeText = (): string => {
    const s = ctx.supervisor.status(tel);
    return `telescope unsafe: ${s.reasons.join('; ') || s.alarm || s.state}`;
  };

  const runObservation = async (obs: ObservationPlan): Promise<void> => {
    journal('observation.start', obs.id, null, { requestId: obs.requestId, endUtcMs: obs.endUtcMs });
    for (const pc of obs.configurations) {
      if (stopper.signal.aborted || mode !== 'robotic') return;
      if (pc.state !== 'PENDING') continue;
      const current = await loadObservation(ctx.db, obs.id);
      if (!current || (current.state !== 'PENDING' && current.state !== 'IN_PROGRESS')) return; // canceled meanwhile
      if (needsSky(pc.configuration)) {
        // Wait (not modal: bounded by the observation's end) for the supervisor to say safe.
        while (!ctx.supervisor.isSafe(tel) && ctx.clock.nowMs() < current.endUtcMs && !stopper.signal.aborted) {
          ctx.progress({ phase: 'waiting', observationId: obs.id, configurationStatusId: pc.statusId, exposure: null, message: unsafeText() });
          await sleep(Math.min(options.idlePollMs, current.endUtcMs - ctx.clock.nowMs()));
        }
        if (stopper.signal.aborted) return;
        if (!ctx.supervisor.isSafe(tel)) {
          await closeOut((await loadObservation(ctx.db, obs.id)) ?? obs, unsafeText());
          return;
        }
      }
      // PENDING → ATTEMPTED only while the observation is still runnable (see claim.ts): a
      // cancellation that won the race, or one during the safety wait above, runs nothing.
      const claim = await claimConfiguration(ctx, reporter, pc.statusId, {
        onAttempted: () => journal('config.start', obs.id, pc.statusId, { type: pc.configuration.type, target: pc.configuration.target.name }),
        onLost: (reason) => journal('config.end', obs.id, pc.statusId, { state: 'NOT_ATTEMPTED', reason, claimLost: true }),
      });
      if (!claim.ok) {
        log.info('configuration not started', { telescopeId: tel, observationId: obs.id, statusId: pc.statusId, reason: claim.reason });
        return;
      }
      const gate = needsSky(pc.configuration) ? unsafeSignal() : { signal: stopper.signal, release: () => undefined };
      // Stops the configuration mid-way when its observation is cancelled or its status closed.
      const stop = new AbortController();
      let stoppedBecause: string | null = null;
      const unwatch = watchStanding(ctx, pc.statusId, options.idlePollMs, (reason) => {
        stoppedBecause = reason;
        stop.abort(new Error(reason));
      });
      let outcome: ConfigurationOutcome;
      try {
        outcome = await runConfiguration(ctx, obs, pc, AbortSignal.any([gate.signal, stop.signal]));
      } finally {
        unwatch();
        gate.release();
      }
      if (stopper.signal.aborted && outcome.state === 'FAILED') return; // shutting down: recovery closes it out on restart
      if (stoppedBecause !== null && outcome.state !== 'COMPLETED') {
        const reason: string = (await closedReason(ctx, pc.statusId)) ?? stoppedBecause;
        // The observation is over: no end-time update (§3.9) for it, only the honest summary.
        await report(pc, obs.id, { ...outcome, state: 'FAILED', reason, events: [...outcome.events, { time: new Date(ctx.clock.nowMs()).toISOString(), description: reason }] }, false);
        log.info('configuration stopped', { telescopeId: tel, observationId: obs.id, statusId: pc.statusId, reason, frames: outcome.frames });
        return;
      }
      await report(pc, obs.id, outcome);
      log.info('configuration ended', { telescopeId: tel, observationId: obs.id, statusId: pc.statusId, state: outcome.state, reason: outcome.reason, frames: outcome.frames });
    }
    journal('observation.end', obs.id, null);
  };

  const tick = async (): Promise<void> => {
    const now = ctx.clock.nowMs();
    for (const id of await overdueObservations(ctx.db, ctx.address, now)) {
      const obs = await loadObservation(ctx.db, id);
      // A real-time session's outcome is its user's to report, not the robotic loop's.
      if (obs && obs.observationType !== 'REAL_TIME') await closeOut(obs, ctx.supervisor.isSafe(tel) ? 'not started before the observation ended' : unsafeText());
    }
    const obs = await currentObservation(ctx.db, ctx.address, now);
    if (obs?.observationType === 'REAL_TIME') {
      // The telescope is booked for a person: the robotic loop stands aside until the session ends.
      ctx.progress({ phase: 'realtime', observationId: obs.id, configurationStatusId: null, exposure: null, message: `real-time session until ${new Date(obs.endUtcMs).toISOString().slice(11, 16)} UTC` });
      await sleep(Math.min(options.idlePollMs, obs.endUtcMs - now));
      return;
    }
    if (!obs) {
      ctx.progress({ phase: 'idle', observationId: null, configurationStatusId: null, exposure: null, message: 'no observation scheduled now' });
      const next = await nextObservationStart(ctx.db, ctx.address, now);
      await sleep(next === null ? options.idlePollMs : Math.min(options.idlePollMs, next - now));
      return;
    }
    await runObservation(obs);
  };

  const run = async (): Promise<void> => {
    try {
      recovered = await recoverTelescope(ctx, reporter, markReconciled, stopper.signal);
    } catch (error) {
      log.error('recovery failed', { telescopeId: tel, error: toAppError(error).message });
    }
    markReconciled();
    while (!stopper.signal.aborted) {
      if (mode !== 'robotic') {
        ctx.progress({ phase: 'operator', observationId: null, configurationStatusId: null, exposure: null, message: 'operator mode' });
        await sleep(options.idlePollMs);
        continue;
      }
      try {
        await tick();
      } catch (error) {
        log.error('executor step failed', { telescopeId: tel, error: toAppError(error).message });
        await sleep(options.idlePollMs);
      }
    }
  };

  return {
    telescopeId: tel,
    mode: () => mode,
    setMode(m) {
      if (m === mode) return;
      mode = m;
      journal('mode', null, null, { mode: m });
      wakeCtl.abort();
    },
    start() {
      loop ??= run();
    },
    async stop() {
      stopper.abort();
      await loop;
    },
    wake: () => wakeCtl.abort(),
    recovery: () => recovered,
    reconciled: () => reconciledOnce,
  };
}
