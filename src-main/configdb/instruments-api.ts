/**
 * The portal's `GET /api/instruments/` answer derived from configdb (spec ocs-contract §5.3,
 * ocs-clients §1.3): keyed by instrument type code.
 */
import type { ConfigdbIndex } from '../../src-shared/ocs';
import { placementsAt } from '../../src-shared/ocs';

export interface InstrumentsFilter {
  site?: string;
  enclosure?: string;
  telescope?: string;
  telescope_class?: string;
  instrument_type?: string;
  /** Staff only in OCS; default: schedulable instruments only. */
  only_schedulable?: boolean;
}

export interface InstrumentsApiEntry {
  type: string;
  class: string;
  name: string;
  optical_elements: Record<string, { name: string; code: string; schedulable: boolean; default: boolean }[]>;
  modes: Record<string, { type: string; modes: { name: string; overhead: number; code: string; schedulable: boolean; validation_schema: Record<string, unknown> }[]; default: string }>;
  validation_schema: Record<string, unknown>;
  default_acceptability_threshold: number;
  configuration_types: Record<string, { name: string; code: string; schedulable: boolean; validation_schema: Record<string, unknown>; force_acquisition_off: boolean; requires_optical_elements: boolean }>;
  default_configuration_type: string;
  camera_type: { science_field_of_view: number; autoguider_field_of_view: number; pixel_scale: number; pixels_x: number; pixels_y: number; orientation: number };
}

/** Diagonal field of view, arcmin. */
function fovArcmin(pscale: number, px: number, py: number): number {
  return (Math.hypot(px, py) * pscale) / 60;
}

export function instrumentsApi(index: ConfigdbIndex, filter: InstrumentsFilter = {}): Record<string, InstrumentsApiEntry> {
  const out: Record<string, InstrumentsApiEntry> = {};
  for (const entry of index.instrumentTypes.values()) {
    if (filter.instrument_type && filter.instrument_type !== entry.code) continue;
    const placements = entry.placements.filter(
      (p) =>
        (filter.only_schedulable === false || p.state === 'SCHEDULABLE') &&
        (!filter.telescope_class || p.telescopeClass === filter.telescope_class) &&
        placementsAt(entry, { telescope_class: p.telescopeClass, site: filter.site, enclosure: filter.enclosure, telescope: filter.telescope }).includes(p),
    );
    const first = placements[0];
    if (!first) continue;
    const sci = first.scienceCameras[0];
    const ct = sci?.camera_type;
    const ag = first.autoguiderCamera?.camera_type;
    const optical: InstrumentsApiEntry['optical_elements'] = {};
    for (const [type, g] of entry.opticalElementGroups) {
      optical[type] = g.optical_elements.map((e) => ({ name: e.name, code: e.code, schedulable: e.schedulable, default: e.code === g.default }));
    }
    const modes: InstrumentsApiEntry['modes'] = {};
    for (const m of entry.def.mode_types) {
      modes[m.type] = {
        type: m.type,
        modes: m.modes.map((x) => ({ name: x.name, overhead: x.overhead, code: x.code, schedulable: x.schedulable, validation_schema: x.validation_schema })),
        default: m.default,
      };
    }
    const configurationTypes: InstrumentsApiEntry['configuration_types'] = {};
    for (const c of entry.def.configuration_types) {
      configurationTypes[c.code] = {
        name: c.name, code: c.code, schedulable: c.schedulable, validation_schema: c.validation_schema,
        force_acquisition_off: c.force_acquisition_off, requires_optical_elements: c.requires_optical_elements,
      };
    }
    out[entry.code] = {
      type: entry.def.instrument_category === 'SPECTRO' ? 'SPECTRA' : entry.def.instrument_category,
      class: first.telescopeClass,
      name: entry.def.name || entry.code,
      optical_elements: optical,
      modes,
      validation_schema: entry.def.validation_schema,
      default_acceptability_threshold: entry.def.default_acceptability_threshold,
      configuration_types: configurationTypes,
      default_configuration_type: entry.def.default_configuration_type,
      camera_type: {
        science_field_of_view: ct ? fovArcmin(ct.pscale, ct.pixels_x, ct.pixels_y) : 0,
        autoguider_field_of_view: ag ? fovArcmin(ag.pscale, ag.pixels_x, ag.pixels_y) : 0,
        pixel_scale: ct?.pscale ?? 0,
        pixels_x: ct?.pixels_x ?? 0,
        pixels_y: ct?.pixels_y ?? 0,
        orientation: sci?.orientation ?? 0,
      },
    };
  }
  return out;
}
