/**
 * Configuration-level rules that need the observatory model (spec ocs-contract §2.2 rules 13–21).
 * Pure: takes a parsed configuration and the configdb index; returns the configuration with
 * configdb defaults filled (modes, bin params, forced acquisition OFF) and field-keyed messages
 * with paths relative to the configuration.
 */
import type { Configuration, InstrumentConfig } from '../schemas/request-group';
import type { PathMessage } from '../schemas/field-errors';
import type { ConfigdbIndex, InstrumentTypeEntry } from './configdb-index';
import { configurationTypeProps, modeGroup } from './configdb-index';
import { applyCerberus } from './cerberus';
import { instrumentConfigDurationSec } from './duration';
import { overheadsFor } from './overheads';

export const DITHER_PATTERNS = ['line', 'grid', 'spiral', 'custom'] as const;

export interface ConfigurationCheck {
  configuration: Configuration;
  errors: PathMessage[];
}

const MODE_LABEL: Record<string, string> = {
  readout: 'Readout',
  acquisition: 'Acquisition',
  guiding: 'Guiding',
  rotator: 'Rotator',
  exposure: 'Exposure',
};

/**
 * Mode defaulting and checking (§1.10): blank → the only mode, else the group default, else an
 * error; the chosen mode must exist and be schedulable. Returns the code or null on error.
 */
export function resolveMode(
  entry: InstrumentTypeEntry,
  modeType: string,
  requested: string,
  path: PropertyKey[],
  errors: PathMessage[],
): string | null {
  const g = modeGroup(entry.def, modeType);
  const label = MODE_LABEL[modeType] ?? modeType;
  if (!g || g.modes.length === 0) {
    if (requested !== '' && !(modeType === 'acquisition' || modeType === 'guiding') ) {
      errors.push({ path, message: `${label} mode is not supported by instrument type ${entry.code}` });
      return null;
    }
    return requested === '' ? null : requested;
  }
  const codes = g.modes.filter((m) => m.schedulable).map((m) => m.code);
  let code = requested;
  if (code === '') {
    if (g.modes.length === 1) code = g.modes[0]?.code ?? '';
    else if (g.default !== '') code = g.default;
    else {
      errors.push({ path, message: `Must set a ${label.toLowerCase()} mode, choose from ${codes.join(', ')}` });
      return null;
    }
  }
  const mode = g.modes.find((m) => m.code === code);
  if (!mode || !mode.schedulable) {
    errors.push({ path, message: `${label} mode ${code} is not available for ${entry.code}, choose from ${codes.join(', ')}` });
    return null;
  }
  return code;
}

function applyModeSchema(
  entry: InstrumentTypeEntry,
  modeType: string,
  code: string | null,
  doc: Record<string, unknown>,
  path: PropertyKey[],
  errors: PathMessage[],
): Record<string, unknown> {
  if (code === null) return doc;
  const mode = modeGroup(entry.def, modeType)?.modes.find((m) => m.code === code);
  if (!mode || Object.keys(mode.validation_schema).length === 0) return doc;
  const sub: PathMessage[] = [];
  const out = applyCerberus(mode.validation_schema, doc, [], sub);
  for (const e of sub) {
    errors.push({
      path,
      message: `${MODE_LABEL[modeType] ?? modeType} mode ${code} requirements are not met: ${e.path.map(String).join('.')} error: ${e.message}`,
    });
  }
  return out;
}

function checkOpticalElements(
  entry: InstrumentTypeEntry,
  ic: InstrumentConfig,
  requiresAll: boolean,
  path: PropertyKey[],
  errors: PathMessage[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(ic.optical_elements)) {
    const group = entry.opticalElementGroups.get(`${key}s`);
    if (!group) {
      errors.push({ path: [...path, 'optical_elements'], message: `Invalid optical element type ${key} for instrument type ${entry.code}` });
      continue;
    }
    const el = group.optical_elements.find((e) => e.schedulable && e.code.toLowerCase() === value.toLowerCase());
    if (!el) {
      const choices = group.optical_elements.filter((e) => e.schedulable).map((e) => e.code);
      errors.push({
        path: [...path, 'optical_elements'],
        message: `Invalid ${key} ${value} for instrument type ${entry.code}, choose from ${choices.join(', ')}`,
      });
      continue;
    }
    out[key] = el.code; // normalised to configdb case
  }
  if (requiresAll) {
    for (const type of entry.opticalElementGroups.keys()) {
      const singular = type.endsWith('s') ? type.slice(0, -1) : type;
      if (!(singular in ic.optical_elements)) {
        errors.push({ path: [...path, 'optical_elements'], message: `Must set optical element of type ${singular} for instrument type ${entry.code}` });
      }
    }
  }
  return out;
}

function checkRois(entry: InstrumentTypeEntry, ic: InstrumentConfig, path: PropertyKey[], errors: PathMessage[]): void {
  if (ic.rois.length === 0) return;
  const cam = entry.placements[0]?.scienceCameras[0]?.camera_type;
  const maxRois = cam?.max_rois ?? 0;
  if (ic.rois.length > maxRois) {
    errors.push({ path: [...path, 'rois'], message: `Instrument type ${entry.code} supports up to ${maxRois} regions of interest` });
    return;
  }
  ic.rois.forEach((roi, i) => {
    const p = [...path, 'rois', i];
    if (roi.x1 === null && roi.x2 === null && roi.y1 === null && roi.y2 === null) {
      errors.push({ path: p, message: 'Must submit at least one bound for a region of interest' });
      return;
    }
    const px = cam?.pixels_x ?? 0;
    const py = cam?.pixels_y ?? 0;
    const x1 = roi.x1 ?? 0;
    const x2 = roi.x2 ?? px;
    const y1 = roi.y1 ?? 0;
    const y2 = roi.y2 ?? py;
    if (x1 >= x2 || y1 >= y2) errors.push({ path: p, message: 'Region of interest pixels start must be less than pixels end' });
    else if (x2 > px || y2 > py) {
      errors.push({ path: p, message: `Regions of interest for instrument type ${entry.code} must be in range 0<=x<=${px} and 0<=y<=${py}` });
    }
  });
}

/**
 * Rules 13–21 for one configuration.
 * @param isStaff staff may use non-schedulable instrument types (rule 13).
 */
export function validateConfiguration(raw: Configuration, index: ConfigdbIndex, isStaff: boolean): ConfigurationCheck {
  const errors: PathMessage[] = [];
  const c = JSON.parse(JSON.stringify(raw)) as Configuration;
  const entry = index.instrumentTypes.get(c.instrument_type);
  const schedulable = entry?.placements.some((p) => p.state === 'SCHEDULABLE') ?? false;
  if (!entry || (!schedulable && !isStaff)) {
    const valid = [...index.instrumentTypes.values()].filter((e) => e.placements.some((p) => p.state === 'SCHEDULABLE')).map((e) => e.code);
    errors.push({ path: ['instrument_type'], message: `Invalid instrument type ${c.instrument_type}. Valid instruments may include: ${valid.join(', ')}` });
    return { configuration: c, errors };
  }
  // Rule 14
  const ctype = configurationTypeProps(entry.def, c.type);
  if (!ctype || !ctype.schedulable) {
    const valid = entry.def.configuration_types.filter((t) => t.schedulable).map((t) => t.code);
    errors.push({ path: ['type'], message: `configuration type ${c.type} is not valid for instrument type ${entry.code}, choose from ${valid.join(', ')}` });
    return { configuration: c, errors };
  }
  // Rule 15: modes
  if (ctype.force_acquisition_off) c.acquisition_config.mode = 'OFF';
  const acq = resolveMode(entry, 'acquisition', c.acquisition_config.mode, ['acquisition_config', 'mode'], errors);
  c.acquisition_config.mode = acq ?? (c.acquisition_config.mode || 'OFF');
  c.acquisition_config.extra_params = applyModeSchema(entry, 'acquisition', acq, c.acquisition_config.extra_params, ['acquisition_config'], errors);
  const guide = resolveMode(entry, 'guiding', c.guiding_config.mode, ['guiding_config', 'mode'], errors);
  c.guiding_config.mode = guide ?? (c.guiding_config.mode || 'OFF');
  c.instrument_configs.forEach((ic, i) => {
    const p: PropertyKey[] = ['instrument_configs', i];
    const readout = resolveMode(entry, 'readout', ic.mode, [...p, 'mode'], errors);
    if (readout !== null) ic.mode = readout;
    const withMode = applyModeSchema(entry, 'readout', readout, { extra_params: ic.extra_params }, p, errors);
    ic.extra_params = (withMode['extra_params'] as Record<string, unknown> | undefined) ?? ic.extra_params;
    if (ic.rotator_mode !== '' || modeGroup(entry.def, 'rotator')) {
      const rot = resolveMode(entry, 'rotator', ic.rotator_mode, [...p, 'rotator_mode'], errors);
      if (rot !== null) {
        ic.rotator_mode = rot;
        const r = applyModeSchema(entry, 'rotator', rot, { extra_params: ic.extra_params }, p, errors);
        ic.extra_params = (r['extra_params'] as Record<string, unknown> | undefined) ?? ic.extra_params;
      }
    }
    if (modeGroup(entry.def, 'exposure') || ic.extra_params['exposure_mode'] !== undefined) {
      const requested = typeof ic.extra_params['exposure_mode'] === 'string' ? ic.extra_params['exposure_mode'] : '';
      const em = resolveMode(entry, 'exposure', requested, [...p, 'extra_params', 'exposure_mode'], errors);
      if (em !== null) ic.extra_params['exposure_mode'] = em;
    }
    // Rule 17, 18
    ic.optical_elements = checkOpticalElements(entry, ic, ctype.requires_optical_elements, p, errors);
    checkRois(entry, ic, p, errors);
  });
  // Rule 16: instrument-type and configuration-type Cerberus schemas over the whole configuration.
  for (const schema of [entry.def.validation_schema, ctype.validation_schema]) {
    if (Object.keys(schema).length === 0) continue;
    const out = applyCerberus(schema, c, [], errors);
    Object.assign(c, out);
  }
  // Rule 19
  if (c.type === 'SCRIPT' && typeof c.extra_params['script_name'] !== 'string') {
    errors.push({ path: ['extra_params'], message: 'Must specify a script_name in extra_params for SCRIPT configuration type' });
  }
  // Rule 20
  if (c.type.includes('REPEAT')) {
    const oh = overheadsFor(entry);
    const onePass = c.instrument_configs.reduce((s, ic) => s + instrumentConfigDurationSec(ic, oh), 0);
    if (c.repeat_duration === null) {
      if (!c.fill_window) errors.push({ path: ['repeat_duration'], message: 'Must specify a repeat_duration for REPEAT configuration types.' });
    } else if (c.repeat_duration < onePass) {
      errors.push({
        path: ['repeat_duration'],
        message: `Configuration repeat_duration of ${c.repeat_duration} is less than the minimum of ${onePass} seconds required for one repeat of the instrument configs`,
      });
    }
  } else if (c.repeat_duration !== null) {
    errors.push({ path: ['repeat_duration'], message: 'You may only specify a repeat_duration for REPEAT_* type configurations.' });
  } else if (c.fill_window) {
    errors.push({ path: ['fill_window'], message: 'fill_window may only be set on REPEAT_* type configurations.' });
  }
  // Rule 21: dithering
  const hasOffsets = c.instrument_configs.some(
    (ic) => Number(ic.extra_params['offset_ra'] ?? 0) !== 0 || Number(ic.extra_params['offset_dec'] ?? 0) !== 0,
  );
  const pattern = c.extra_params['dither_pattern'];
  if (pattern !== undefined && !(DITHER_PATTERNS as readonly unknown[]).includes(pattern)) {
    errors.push({ path: ['extra_params'], message: `Invalid dither pattern ${typeof pattern === "string" ? pattern : JSON.stringify(pattern)} set in the configuration extra_params, choose from ${DITHER_PATTERNS.join(', ')}` });
  } else if (hasOffsets && pattern === undefined) {
    c.extra_params['dither_pattern'] = 'custom';
  } else if (!hasOffsets && pattern !== undefined) {
    errors.push({ path: ['extra_params'], message: 'You must specify offsets in the instrument configs for a dither pattern' });
  }
  return { configuration: c, errors };
}
