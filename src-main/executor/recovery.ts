/**
 * Start-up reconciliation of journal, database and devices: exposures the journal left `started`
 * are matched against the archive (a fully written frame is kept), configurations left ATTEMPTED
 * become FAILED with the reason and what they completed, and a camera still exposing is aborted.
 * Nothing is run again: the failed configuration stays failed, later ones run normally.
 */
import { toAppError } from '../../src-shared/errors';
import type { ExecutorContext } from './context';
import type { StatusReporterDeps } from './status-report';
import { reportStatus } from './status-report';
import { hasDevice } from './telescope-ops';

export interface TelescopeRecovery {
  exposuresKept: number;
  exposuresInterrupted: number;
  configurationsFailed: number;
}

/** Waits (clock time, at most `maxMs`) until the telescope's device of `kind` is connected. */
async function untilConnected(ctx: ExecutorContext, kind: 'camera', maxMs: number, signal: AbortSignal): Promise<void> {
  const tel = ctx.address.telescopeId;
  const deadline = ctx.clock.nowMs() + maxMs;
  const connected = (): boolean => ctx.devices.snapshot().some((d) => d.telescopeId === tel && d.kind === kind && d.connection.status === 'connected');
  // The signal matters when the clock stands still (a held or paused simulation): stop() must not wait.
  while (hasDevice(ctx, kind) && !connected() && ctx.clock.nowMs() < deadline && !signal.aborted) {
    await ctx.clock.sleep(250, signal).catch(() => undefined);
  }
}

export async function recoverTelescope(ctx: ExecutorContext, reporter: StatusReporterDeps, onReconciled: () => void = () => undefined, signal: AbortSignal = new AbortController().signal): Promise<TelescopeRecovery> {
  const tel = ctx.address.telescopeId;
  const now = ctx.clock.nowMs();
  const out: TelescopeRecovery = { exposuresKept: 0, exposuresInterrupted: 0, configurationsFailed: 0 };

  const open = ctx.journal.openExposures(tel);
  if (open.length > 0) {
    // A crash between the frame's rename and its row leaves a file the archive indexes now.
    await ctx.io.track(ctx.archive.recover());
  }
  for (const e of open) {
    const frame = await ctx.db.selectFrom('frames').select('id').where('basename', '=', e.basename).executeTakeFirst();
    if (frame) {
      ctx.journal.endExposure(e.id, 'recorded', now, frame.id, 'recovered after restart: the frame was fully written');
      out.exposuresKept++;
    } else {
      ctx.journal.endExposure(e.id, 'interrupted', now, null, 'Nightshift stopped during the exposure');
      out.exposuresInterrupted++;
    }
  }

  const attempted = await ctx.db
    .selectFrom('configuration_statuses')
    .innerJoin('observations', 'observations.id', 'configuration_statuses.observation_id')
    .select(['configuration_statuses.id', 'configuration_statuses.modified_utc_ms', 'observations.id as observation_id'])
    .where('observations.site', '=', ctx.address.site)
    .where('observations.enclosure', '=', ctx.address.enclosure)
    .where('observations.telescope', '=', ctx.address.telescope)
    .where('configuration_statuses.state', '=', 'ATTEMPTED')
    .execute();
  for (const s of attempted) {
    const exposures = ctx.journal.exposuresOfStatus(s.id);
    const kept = exposures.filter((e) => e.state === 'recorded');
    // Only this status's entries: the whole journal grows with every night and restart.
    const started = ctx.journal.entriesOfStatus(s.id).filter((j) => j.utcMs <= now);
    const startUtcMs = started[0]?.utcMs ?? s.modified_utc_ms;
    const lastUtcMs = Math.max(startUtcMs, started[started.length - 1]?.utcMs ?? startUtcMs, ...exposures.map((e) => e.endedUtcMs ?? e.startedUtcMs));
    const interrupted = exposures.filter((e) => e.state === 'interrupted').length;
    const reason = `interrupted: Nightshift stopped during this configuration${interrupted > 0 ? ` (${interrupted} exposure${interrupted > 1 ? 's' : ''} lost)` : ''}; ${kept.length} frame${kept.length === 1 ? '' : 's'} kept`;
    ctx.journal.record({ telescopeId: tel, utcMs: now, kind: 'config.end', observationId: s.observation_id, configurationStatusId: s.id, detail: { state: 'FAILED', reason, recovered: true } });
    await reportStatus(
      reporter,
      s.id,
      {
        state: 'FAILED',
        summary: {
          startUtcMs,
          endUtcMs: lastUtcMs,
          state: 'FAILED',
          reason,
          timeCompletedSec: kept.reduce((sum, e) => sum + e.exposureSec, 0),
          events: [{ time: new Date(now).toISOString(), description: 'recovered after restart', framesKept: kept.length, exposuresInterrupted: interrupted }],
        },
      },
      now,
    );
    out.configurationsFailed++;
  }
  // Always journaled, once journal and database agree: the mark that this executor resumed (the
  // reliability test times restarts by it). Devices are reconciled next, as their links come up.
  ctx.journal.record({ telescopeId: tel, utcMs: now, kind: 'recovery', detail: { ...out } });
  onReconciled();

  // The camera is checked once its link is up (bounded by the supervisor's start-up grace).
  await untilConnected(ctx, 'camera', ctx.supervisor.policy.startupGraceMs, signal);
  if (signal.aborted) return out;
  if (hasDevice(ctx, 'camera')) {
    try {
      const cam = await ctx.devices.command(tel, 'camera', (d, signal) => d.readState({ signal }));
      if (cam.activity === 'exposing' || cam.activity === 'reading') {
        ctx.journal.record({ telescopeId: tel, utcMs: now, kind: 'recovery.camera.abort' });
        await ctx.devices.command(tel, 'camera', (d, signal) => d.abortExposure({ signal }));
      }
    } catch (thrown) {
      ctx.logger.warn('recovery: camera state unknown', { telescopeId: tel, error: toAppError(thrown).message });
    }
  }

  return out;
}
