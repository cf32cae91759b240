/**
 * The overhead numbers of one instrument type, gathered from configdb as the portal does
 * (spec ocs-contract §4.1). All values in seconds except `slewRateSecPerArcsec`.
 */
import type { InstrumentTypeEntry } from './configdb-index';
import { modeGroup } from './configdb-index';

export interface InstrumentTypeOverheads {
  /** Readout overhead per mode code. */
  readoutOverheadsSec: Record<string, number>;
  /** Readout group default (or the only mode), null when none. */
  defaultReadoutMode: string | null;
  fixedOverheadPerExposureSec: number;
  configFrontPaddingSec: number;
  observationFrontPaddingSec: number;
  instrumentChangeOverheadSec: number;
  slewRateSecPerArcsec: number;
  minimumSlewOverheadSec: number;
  /** 0 when configdb does not serve it (stock configdb), which makes slews free (§12.2). */
  maximumSlewOverheadSec: number;
  acquisitionOverheadsSec: Record<string, number>;
  defaultAcquisitionMode: string | null;
  defaultAcquisitionExposureSec: number;
  guidingOverheadsSec: Record<string, number>;
  defaultGuidingMode: string | null;
  /** Keyed by plural group type (`filters`). */
  opticalElementChangeOverheadsSec: Record<string, number>;
  /** Keyed by configuration type code. */
  configChangeOverheadsSec: Record<string, number>;
}

function modes(entry: InstrumentTypeEntry, type: string): { overheads: Record<string, number>; dflt: string | null } {
  const g = modeGroup(entry.def, type);
  if (!g) return { overheads: {}, dflt: null };
  const overheads: Record<string, number> = {};
  for (const m of g.modes) overheads[m.code] = m.overhead;
  const dflt = g.default !== '' ? g.default : g.modes.length === 1 ? (g.modes[0]?.code ?? null) : null;
  return { overheads, dflt };
}

export function overheadsFor(entry: InstrumentTypeEntry): InstrumentTypeOverheads {
  const tel = entry.firstTelescope;
  const readout = modes(entry, 'readout');
  const acq = modes(entry, 'acquisition');
  const guide = modes(entry, 'guiding');
  const oe: Record<string, number> = {};
  for (const [type, g] of entry.opticalElementGroups) oe[type] = g.element_change_overhead;
  const cfg: Record<string, number> = {};
  for (const c of entry.def.configuration_types) cfg[c.code] = c.config_change_overhead;
  return {
    readoutOverheadsSec: readout.overheads,
    defaultReadoutMode: readout.dflt,
    fixedOverheadPerExposureSec: entry.def.fixed_overhead_per_exposure,
    configFrontPaddingSec: entry.def.config_front_padding,
    observationFrontPaddingSec: entry.def.observation_front_padding,
    instrumentChangeOverheadSec: tel.instrument_change_overhead,
    slewRateSecPerArcsec: tel.slew_rate,
    minimumSlewOverheadSec: tel.minimum_slew_overhead,
    maximumSlewOverheadSec: tel.maximum_slew_overhead ?? 0,
    acquisitionOverheadsSec: acq.overheads,
    defaultAcquisitionMode: acq.dflt,
    defaultAcquisitionExposureSec: entry.def.acquire_exposure_time,
    guidingOverheadsSec: guide.overheads,
    defaultGuidingMode: guide.dflt,
    opticalElementChangeOverheadsSec: oe,
    configChangeOverheadsSec: cfg,
  };
}
