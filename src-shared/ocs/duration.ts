/**
 * OCS duration estimation (spec ocs-contract §4.2), in seconds. Pure: overheads are looked up
 * through `overheadsOf(instrumentType)`, which returns null for unknown types (their
 * configurations then count only exposure time, as the validator will reject them anyway).
 */
import type { Configuration, InstrumentConfig, Request } from '../schemas/request-group';
import type { Target } from '../schemas/target';
import type { InstrumentTypeOverheads } from './overheads';

export type OverheadsLookup = (instrumentType: string) => InstrumentTypeOverheads | null;

/** The subset of a configuration the duration depends on. */
export type DurationConfiguration = Pick<
  Configuration,
  'type' | 'instrument_type' | 'instrument_configs' | 'repeat_duration' | 'acquisition_config' | 'guiding_config' | 'target'
>;

/** Seconds of one instrument config: count × (exposure + readout overhead + fixed overhead). */
export function instrumentConfigDurationSec(
  ic: Pick<InstrumentConfig, 'exposure_time' | 'exposure_count' | 'mode'>,
  oh: InstrumentTypeOverheads | null,
): number {
  if (!oh) return ic.exposure_count * ic.exposure_time;
  const mode = ic.mode !== '' ? ic.mode : oh.defaultReadoutMode;
  const readout = mode !== null ? (oh.readoutOverheadsSec[mode] ?? 0) : 0;
  return ic.exposure_count * (ic.exposure_time + readout + oh.fixedOverheadPerExposureSec);
}

/** Seconds of a configuration alone: `repeat_duration` for REPEAT types, else Σ configs + config front padding. */
export function configurationDurationSec(c: DurationConfiguration, oh: InstrumentTypeOverheads | null): number {
  if (c.type.includes('REPEAT') && c.repeat_duration !== null && c.repeat_duration !== undefined) return c.repeat_duration;
  let sum = 0;
  for (const ic of c.instrument_configs) sum += instrumentConfigDurationSec(ic, oh);
  return sum + (oh?.configFrontPaddingSec ?? 0);
}

/** Great-circle separation of two ICRS positions, arcsec (mean J2000 places; see README note on apparent places). */
export function separationArcsec(a: { ra: number; dec: number }, b: { ra: number; dec: number }): number {
  const rad = Math.PI / 180;
  const d1 = a.dec * rad;
  const d2 = b.dec * rad;
  const dra = (b.ra - a.ra) * rad;
  // Haversine: stable for the small separations typical of consecutive targets.
  const h = Math.sin((d2 - d1) / 2) ** 2 + Math.cos(d1) * Math.cos(d2) * Math.sin(dra / 2) ** 2;
  return 2 * Math.asin(Math.min(1, Math.sqrt(h))) * (180 / Math.PI) * 3600;
}

function sameTarget(a: Target, b: Target): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function opticalChangeSec(prev: Record<string, string>, next: Record<string, string>, oh: InstrumentTypeOverheads): number {
  let worst = 0;
  for (const [type, value] of Object.entries(next)) {
    if (prev[type] === undefined || prev[type]?.toLowerCase() !== value.toLowerCase()) {
      worst = Math.max(worst, oh.opticalElementChangeOverheadsSec[`${type}s`] ?? 0);
    }
  }
  return worst;
}

export interface RequestDurationBreakdown {
  /** ceil of the total, seconds. */
  durationSec: number;
  /** Uncapped total per instrument type (front padding shared out by each type's share), seconds. */
  perInstrumentTypeSec: Record<string, number>;
}

/**
 * The portal's request duration: change/slew/acquisition/guiding overheads between
 * configurations, × configuration_repeats, + observation front padding, rounded up.
 */
export function requestDuration(
  req: Pick<Request, 'configuration_repeats'> & { configurations: DurationConfiguration[] },
  overheadsOf: OverheadsLookup,
): RequestDurationBreakdown {
  let prevType = '';
  let prevInst = '';
  let prevOe: Record<string, string> = {};
  let prevTarget: Target | null = null;
  const perType = new Map<string, number>();
  for (const c of req.configurations) {
    const oh = overheadsOf(c.instrument_type);
    let d = configurationDurationSec(c, oh);
    if (oh) {
      if (c.instrument_type !== prevInst) d += oh.instrumentChangeOverheadSec;
      for (const ic of c.instrument_configs) {
        d += opticalChangeSec(prevOe, ic.optical_elements, oh);
        prevOe = ic.optical_elements;
      }
      if (prevTarget === null || prevTarget.type !== 'ICRS' || c.target.type !== 'ICRS') {
        d += oh.maximumSlewOverheadSec;
      } else if (!sameTarget(prevTarget, c.target)) {
        const slew = separationArcsec(prevTarget, c.target) * oh.slewRateSecPerArcsec;
        d += Math.min(Math.max(slew, oh.minimumSlewOverheadSec), oh.maximumSlewOverheadSec);
      }
      // Blank modes add nothing: the validator fills (or forces) modes before durations matter,
      // and the portal only charges modes it knows.
      const acqMode = c.acquisition_config.mode;
      if (acqMode !== 'OFF' && oh.acquisitionOverheadsSec[acqMode] !== undefined) {
        d += oh.acquisitionOverheadsSec[acqMode] + (c.acquisition_config.exposure_time || oh.defaultAcquisitionExposureSec);
      }
      const guideMode = c.guiding_config.mode;
      if (guideMode !== 'OFF' && !c.guiding_config.optional && oh.guidingOverheadsSec[guideMode] !== undefined) {
        d += oh.guidingOverheadsSec[guideMode];
      }
      if (c.type !== prevType) d += oh.configChangeOverheadsSec[c.type] ?? 0;
    } else {
      prevOe = c.instrument_configs.at(-1)?.optical_elements ?? prevOe;
    }
    prevType = c.type;
    prevInst = c.instrument_type;
    prevTarget = c.target;
    perType.set(c.instrument_type, (perType.get(c.instrument_type) ?? 0) + d);
  }
  const repeats = req.configuration_repeats;
  let sum = 0;
  for (const [k, v] of perType) {
    perType.set(k, v * repeats);
    sum += v * repeats;
  }
  const out: Record<string, number> = {};
  let total = 0;
  for (const [k, v] of perType) {
    const padding = overheadsOf(k)?.observationFrontPaddingSec ?? 0;
    const share = sum > 0 ? v / sum : 1 / perType.size;
    out[k] = v + padding * share;
    total += out[k];
  }
  return { durationSec: Math.ceil(total - 1e-9), perInstrumentTypeSec: out };
}

/** `/validate/` per-request detail: per-configuration durations are `configurationDurationSec` only. */
export interface ValidateRequestDurations {
  duration: number;
  configurations: { instrument_configs: { duration: number }[]; duration: number }[];
  largest_interval?: number;
}

export function validateRequestDurations(
  req: Pick<Request, 'configuration_repeats'> & { configurations: DurationConfiguration[] },
  overheadsOf: OverheadsLookup,
): ValidateRequestDurations {
  return {
    duration: requestDuration(req, overheadsOf).durationSec,
    configurations: req.configurations.map((c) => {
      const oh = overheadsOf(c.instrument_type);
      return {
        instrument_configs: c.instrument_configs.map((ic) => ({ duration: instrumentConfigDurationSec(ic, oh) })),
        duration: configurationDurationSec(c, oh),
      };
    }),
  };
}
