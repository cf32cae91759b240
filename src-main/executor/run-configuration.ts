/**
 * Runs one configuration of an observation: gate → open → slew/track (or calibration pointing) →
 * acquire → per instrument config filter/binning → exposures → frames, and returns the outcome the
 * caller reports as the configuration status (with the OCS summary).
 */
import { sunAltitudeDeg, targetPosition } from '../../src-shared/astro';
import { toAppError } from '../../src-shared/errors';
import { toAstroTarget } from '../../src-shared/ocs';
import { targetSchema } from '../../src-shared/schemas';
import type { ConfigurationStatusState } from '../../src-shared/ocs';
import type { EquatorialCoords, Equinox, FrameType } from '../devices';
import type { ExecutorContext } from './context';
import { exposeAndArchive } from './exposure';
import { frameIdentity } from './frame-identity';
import type { FrameTemplate } from './exposure';
import { binningOf, filterOf, skyFlatExposureSec, slotOf, SKY_FLAT_SUN_RANGE_DEG } from './instrument';
import type { ConfigurationBody, ObservationPlan, PlannedConfiguration } from './observation-source';
import type { SummaryEvent } from './status-report';
import { isoUtc } from './status-report';
import { hasDevice, openTelescope, pointAt, setFilter, slewTo } from './telescope-ops';
import type { OpContext } from './telescope-ops';

/** Configuration types this executor runs; every other type is NOT_ATTEMPTED. */
export const SUPPORTED_TYPES = ['EXPOSE', 'REPEAT_EXPOSE', 'BIAS', 'DARK', 'SKY_FLAT'] as const;
/** Types that need the sky (open enclosure, safe conditions). */
export const SKY_TYPES: readonly string[] = ['EXPOSE', 'REPEAT_EXPOSE', 'SKY_FLAT'];

export interface ConfigurationOutcome {
  state: Extract<ConfigurationStatusState, 'COMPLETED' | 'FAILED' | 'NOT_ATTEMPTED'>;
  reason: string;
  startUtcMs: number;
  endUtcMs: number;
  timeCompletedSec: number;
  events: SummaryEvent[];
  frames: number;
  /** True when it ended because the telescope became unsafe. */
  unsafe: boolean;
}

export function needsSky(c: ConfigurationBody): boolean {
  return SKY_TYPES.includes(c.type);
}

/** Where to point for a target now: ICRS → J2000 as given; other types → apparent place of date. Null when not computable. */
export function pointingFor(c: ConfigurationBody, ctx: ExecutorContext): { coords: EquatorialCoords; equinox: Equinox; icrs: { raDeg: number; decDeg: number } | null } | null {
  const t = c.target;
  if (t.type === 'ICRS' && typeof t['ra'] === 'number' && typeof t['dec'] === 'number') {
    return { coords: { raHours: t['ra'] / 15, decDeg: t['dec'] }, equinox: 'j2000', icrs: { raDeg: t['ra'], decDeg: t['dec'] } };
  }
  if (!ctx.site) return null;
  const parsed = targetSchema.safeParse(t);
  if (!parsed.success) return null;
  const astro = toAstroTarget(parsed.data);
  if (!astro) return null;
  const p = targetPosition(astro, ctx.site, ctx.clock.nowMs());
  return { coords: { raHours: p.raOfDateDeg / 15, decDeg: p.decOfDateDeg }, equinox: 'jnow', icrs: null };
}

function frameTypeOf(type: string): FrameType {
  switch (type) {
    case 'BIAS':
      return 'bias';
    case 'DARK':
      return 'dark';
    case 'SKY_FLAT':
      return 'flat';
    default:
      return 'light';
  }
}

/** Builds the per-frame header template of a configuration. */
export function frameTemplate(ctx: ExecutorContext, obs: ObservationPlan, pc: PlannedConfiguration, filter: string | null, icrs: { raDeg: number; decDeg: number } | null): FrameTemplate {
  const view = ctx.configdb();
  const site = view.sites.results.find((s) => s.code === ctx.address.site);
  const entry = view.index.instrumentTypes.get(pc.configuration.instrument_type);
  const placement = entry?.placements.find((p) => p.instrumentCode === pc.instrumentName) ?? entry?.placements[0];
  const pscale = placement?.scienceCameras[0]?.camera_type.pscale ?? null;
  const tz = typeof site?.timezone === 'number' ? site.timezone : 0;
  return {
    ...frameIdentity(ctx.address, obs, pc),
    filter,
    requestedExposureSec: null,
    siteUtcOffsetHours: tz,
    publicUtcMs: 0,
    siteLocation: ctx.site ? { latitudeDeg: ctx.site.latitudeDeg, longitudeDeg: ctx.site.longitudeDeg, heightM: ctx.site.elevationM } : null,
    pixelScaleArcsec: pscale,
    targetRaDecDeg: icrs,
  };
}

/**
 * Runs the configuration. `signal` aborts it (stop, or unsafe for sky configurations). Never throws:
 * every failure becomes a FAILED outcome with its reason.
 */
export async function runConfiguration(ctx: ExecutorContext, obs: ObservationPlan, pc: PlannedConfiguration, signal: AbortSignal): Promise<ConfigurationOutcome> {
  const c = pc.configuration;
  const startUtcMs = ctx.clock.nowMs();
  const events: SummaryEvent[] = [];
  const op: OpContext = { observationId: obs.id, configurationStatusId: pc.statusId, signal };
  const event = (description: string, extra: Record<string, unknown> = {}): void => {
    events.push({ time: isoUtc(ctx.clock.nowMs()), description, ...extra });
  };
  let timeCompletedSec = 0;
  let frames = 0;
  let firstExposureUtcMs: number | null = null;
  const done = (state: ConfigurationOutcome['state'], reason: string, unsafe = false): ConfigurationOutcome => ({
    state,
    reason,
    // REPEAT completion is measured end − start (§3.5), so the summary starts with the exposures.
    startUtcMs: c.type === 'REPEAT_EXPOSE' ? (firstExposureUtcMs ?? startUtcMs) : startUtcMs,
    endUtcMs: ctx.clock.nowMs(),
    timeCompletedSec,
    events,
    frames,
    unsafe,
  });

  if (!(SUPPORTED_TYPES as readonly string[]).includes(c.type)) return done('NOT_ATTEMPTED', 'unsupported by this instrument');
  if (c.type === 'SKY_FLAT') {
    const flatSun = ctx.site ? sunAltitudeDeg(ctx.site, ctx.clock.nowMs()) : null;
    if (flatSun === null || flatSun < SKY_FLAT_SUN_RANGE_DEG.min || flatSun > SKY_FLAT_SUN_RANGE_DEG.max) {
      return done('NOT_ATTEMPTED', `sky flats need twilight (Sun between ${SKY_FLAT_SUN_RANGE_DEG.min}° and ${SKY_FLAT_SUN_RANGE_DEG.max}°)`);
    }
  }

  try {
    let icrs: { raDeg: number; decDeg: number } | null = null;
    if (needsSky(c)) {
      ctx.progress({ phase: 'opening', observationId: obs.id, configurationStatusId: pc.statusId, exposure: null, message: 'opening' });
      await openTelescope(ctx, op);
      event('open');
      if (c.type === 'SKY_FLAT') {
        // Near the zenith, away from the Sun's azimuth side: the flattest twilight sky.
        await pointAt(ctx, op, { altitudeDeg: 75, azimuthDeg: 90 });
        event('pointed for sky flats');
      } else {
        const pointing = pointingFor(c, ctx);
        if (!pointing) return done('FAILED', `target type ${c.target.type} cannot be computed for slewing`);
        icrs = pointing.icrs;
        ctx.progress({ phase: 'slewing', observationId: obs.id, configurationStatusId: pc.statusId, exposure: null, message: `slewing to ${c.target.name}` });
        await slewTo(ctx, op, pointing.coords, pointing.equinox, c.target.name);
        event('slew', { target: c.target.name });
        const acq = c.acquisition_config?.mode ?? 'OFF';
        if (acq !== 'OFF' && hasDevice(ctx, 'camera')) {
          const sec = c.acquisition_config?.exposure_time ?? 10;
          ctx.journal.record({ telescopeId: ctx.address.telescopeId, utcMs: ctx.clock.nowMs(), kind: 'acquire', observationId: obs.id, configurationStatusId: pc.statusId, detail: { mode: acq, exposureSec: sec } });
          // Acquisition images are not archived: they only confirm the field (WCS mode).
          await ctx.devices.command(ctx.address.telescopeId, 'camera', (cam, s) => cam.expose({ durationSec: sec, frameType: 'light' }, { signal: AbortSignal.any([s, signal]) }), { signal });
          event('acquired', { mode: acq });
        }
      }
    }

    const cam = await ctx.devices.command(ctx.address.telescopeId, 'camera', (d, s) => d.readState({ signal: s }), { signal });
    const sensor = { widthPx: cam.info.sensorWidthPx, heightPx: cam.info.sensorHeightPx };
    const repeatEndUtcMs = c.type === 'REPEAT_EXPOSE' ? startUtcMs + (c.repeat_duration ?? 0) * 1000 : null;
    const total = c.instrument_configs.reduce((s, ic) => s + ic.exposure_count, 0);
    let n = 0;
    for (let pass = 0; ; pass++) {
      for (const ic of c.instrument_configs) {
        const filter = c.type === 'BIAS' || c.type === 'DARK' ? null : filterOf(ic);
        if (filter !== null) {
          await setFilter(ctx, op, filter, (names) => slotOf(names, filter));
          event('filter', { filter });
        }
        const template = frameTemplate(ctx, obs, pc, filter, icrs);
        const binning = binningOf(ic);
        for (let i = 0; i < ic.exposure_count; i++) {
          const exposureSec = c.type === 'SKY_FLAT' ? (skyFlatExposureSec(ic.exposure_time, ctx.site ? sunAltitudeDeg(ctx.site, ctx.clock.nowMs()) : 99) ?? -1) : ic.exposure_time;
          if (exposureSec < 0) return done(timeCompletedSec > 0 ? 'COMPLETED' : 'FAILED', 'twilight ended during the sky flats');
          if (repeatEndUtcMs !== null && ctx.clock.nowMs() + exposureSec * 1000 > repeatEndUtcMs) return done('COMPLETED', '');
          n += 1;
          ctx.progress({
            phase: 'exposing',
            observationId: obs.id,
            configurationStatusId: pc.statusId,
            exposure: { n, of: repeatEndUtcMs === null ? total : Math.max(n, total * (pass + 1)), remainingSec: exposureSec, durationSec: exposureSec },
            message: `${c.target.name} ${filter ?? c.type} ${exposureSec}s`,
          });
          firstExposureUtcMs ??= ctx.clock.nowMs();
          await exposeAndArchive(ctx, { observationId: obs.id, configurationStatusId: pc.statusId, exposureSec, frameType: frameTypeOf(c.type), binning, template, signal }, sensor);
          timeCompletedSec += exposureSec;
          frames += 1;
        }
      }
      if (repeatEndUtcMs === null) break;
      if (c.instrument_configs.every((ic) => ic.exposure_count < 1)) break;
    }
    event('done', { frames });
    return done('COMPLETED', '');
  } catch (thrown) {
    const e = toAppError(thrown);
    const safety = ctx.supervisor.status(ctx.address.telescopeId);
    const unsafe = (signal.aborted || e.code === 'device.unsafe') && safety.state !== 'safe';
    const reason = unsafe
      ? `telescope unsafe: ${safety.reasons.join('; ') || safety.alarm || safety.state}`
      : `${e.code}: ${e.message}`;
    event('failed', { reason });
    return done('FAILED', reason, unsafe);
  }
}
