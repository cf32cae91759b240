/**
 * Lookups over a configdb `/sites/` snapshot, the way the portal walks it: per instrument type,
 * its definition, the telescopes that carry it, and the overheads the duration code needs
 * ("first instrument found supplies telescope-level values", spec ocs-contract §4.1).
 */
import type {
  Camera,
  ConfigurationTypeProperties,
  InstrumentState,
  InstrumentTypeDef,
  ModeType,
  OpticalElementGroup,
  SitesResponse,
  Telescope,
} from '../schemas/configdb-sites';

/** One telescope/instrument pair that offers an instrument type. */
export interface InstrumentPlacement {
  site: string;
  enclosure: string;
  telescope: string;
  /** e.g. `1m0`, derived from aperture. */
  telescopeClass: string;
  instrumentCode: string;
  state: InstrumentState;
  telescopeDef: Telescope;
  scienceCameras: Camera[];
  autoguiderCamera: Camera | null;
}

export interface InstrumentTypeEntry {
  code: string;
  def: InstrumentTypeDef;
  /** Every active placement (active site/enclosure/telescope, instrument not DISABLED). */
  placements: InstrumentPlacement[];
  /** Telescope of the first placement found (supplies telescope-level overheads). */
  firstTelescope: Telescope;
  /** Optical element groups of the science cameras, keyed by plural group type. */
  opticalElementGroups: Map<string, OpticalElementGroup>;
}

export interface ConfigdbIndex {
  instrumentTypes: Map<string, InstrumentTypeEntry>;
}

/** configdb's telescope class: `"{floor(aperture)}m{round(frac × 10)}"`, aperture in metres. */
export function telescopeClassFromAperture(apertureM: number): string {
  const whole = Math.floor(apertureM);
  const tenth = Math.round((apertureM - whole) * 10);
  return tenth === 10 ? `${whole + 1}m0` : `${whole}m${tenth}`;
}

/** Builds the index; inactive sites/enclosures/telescopes and DISABLED instruments are skipped. */
export function buildConfigdbIndex(sites: SitesResponse): ConfigdbIndex {
  const instrumentTypes = new Map<string, InstrumentTypeEntry>();
  for (const site of sites.results) {
    if (!site.active) continue;
    for (const enc of site.enclosure_set) {
      if (!enc.active) continue;
      for (const tel of enc.telescope_set) {
        if (!tel.active) continue;
        for (const inst of tel.instrument_set) {
          if (inst.state === 'DISABLED') continue;
          const code = inst.instrument_type.code;
          let entry = instrumentTypes.get(code);
          if (!entry) {
            entry = { code, def: inst.instrument_type, placements: [], firstTelescope: tel, opticalElementGroups: new Map() };
            instrumentTypes.set(code, entry);
          }
          for (const cam of inst.science_cameras) {
            for (const g of cam.optical_element_groups) {
              if (!entry.opticalElementGroups.has(g.type)) entry.opticalElementGroups.set(g.type, g);
            }
          }
          entry.placements.push({
            site: site.code,
            enclosure: enc.code,
            telescope: tel.code,
            telescopeClass: telescopeClassFromAperture(tel.aperture),
            instrumentCode: inst.code,
            state: inst.state,
            telescopeDef: tel,
            scienceCameras: inst.science_cameras,
            autoguiderCamera: inst.autoguider_camera ?? null,
          });
        }
      }
    }
  }
  return { instrumentTypes };
}

/** The mode group of a type (`readout`, `acquisition`, …), or null when the instrument has none. */
export function modeGroup(def: InstrumentTypeDef, type: string): ModeType | null {
  return def.mode_types.find((m) => m.type === type) ?? null;
}

/** The configuration-type properties for `code`, or null when the instrument type lacks it. */
export function configurationTypeProps(def: InstrumentTypeDef, code: string): ConfigurationTypeProperties | null {
  return def.configuration_types.find((c) => c.code === code) ?? null;
}

/** Placements that match a location (blank fields match anything). */
export function placementsAt(
  entry: InstrumentTypeEntry,
  loc: { telescope_class: string; site?: string; enclosure?: string; telescope?: string },
): InstrumentPlacement[] {
  return entry.placements.filter(
    (p) =>
      p.telescopeClass === loc.telescope_class &&
      (!loc.site || p.site === loc.site) &&
      (!loc.enclosure || p.enclosure === loc.enclosure) &&
      (!loc.telescope || p.telescope === loc.telescope),
  );
}
