import { describe, expect, it } from 'vitest';
import { validateRequestGroup } from '../../../src-main/requests';
import type { ValidationContext } from '../../../src-main/requests';
import { flattenFieldErrors } from '../../../src-shared/schemas';
import type { Proposal } from '../../../src-shared/schemas';
import { fixtureIndex, groupWith, requestWith, sbigConfig } from '../../shared/ocs/helpers';

const NOW = Date.UTC(2026, 10, 21, 12);
const proposal = (over: Partial<Proposal> = {}): Proposal => ({
  id: 'TEST-001', title: 't', abstract: '', tac_priority: 10, tac_rank: 0, active: true, public: false, non_science: false,
  direct_submission: false, tags: [],
  members: [{ username: 'u', role: 'PI', time_limit_hours: -1 }],
  time_allocations: [{
    semester: '2026B', instrument_types: ['1M0-SCICAM-SBIG', '2M0-FLOYDS-SCICAM'], std_allocation: 10, std_time_used: 0, rr_allocation: 5,
    rr_time_used: 0, tc_allocation: 5, tc_time_used: 0, realtime_allocation: 0, realtime_time_used: 0, ipp_limit: 10, ipp_time_available: 5,
  }],
  ...over,
});
const ctx = (over: Partial<ValidationContext> = {}): ValidationContext => ({
  index: fixtureIndex(), nowUtcMs: NOW, user: { username: 'u', isStaff: false }, proposal: proposal(),
  semesters: [{ id: '2026B', start: '2026-08-01T00:00:00Z', end: '2027-02-01T00:00:00Z' }, { id: '2027A', start: '2027-02-01T00:00:00Z', end: '2027-08-01T00:00:00Z' }],
  userTimeUsedHours: 0, visibility: null, ...over,
});
const messages = (payload: unknown, c = ctx()) => {
  const r = validateRequestGroup(payload, c);
  return flattenFieldErrors(r.errors).map((m) => `${m.path.join('.')}: ${m.message}`);
};
const valid = () => groupWith([requestWith([sbigConfig()])]);
const withConfig = (over: Record<string, unknown>) => groupWith([requestWith([sbigConfig(over)])]);

describe('validateRequestGroup', () => {
  it('accepts the minimal example, fills OCS defaults and reports 156 s', () => {
    const r = validateRequestGroup(valid(), ctx());
    expect(r.errors).toEqual({});
    expect(r.ok).toBe(true);
    const c = r.group?.requests[0]?.configurations[0];
    expect(c?.constraints).toMatchObject({ max_airmass: 1.6, min_lunar_distance: 30, max_lunar_phase: 1 });
    expect(c?.instrument_configs[0]?.mode).toBe('1m0_sbig_2');
    expect(c?.instrument_configs[0]?.extra_params).toEqual({ bin_x: 2, bin_y: 2 });
    expect(c?.guiding_config.mode).toBe('OFF');
    expect(c?.acquisition_config.mode).toBe('OFF');
    expect(r.group?.requests[0]?.acceptability_threshold).toBe(90);
    expect(r.requestDurations).toMatchObject({ duration: 156 });
    expect(r.takDurationsSec).toEqual({ '2026B': { '1M0-SCICAM-SBIG': 156 } });
  });
  it('structural errors come back field-keyed (zod → OCS shape)', () => {
    expect(messages({ ...valid(), operator: undefined })).toEqual(['operator: This field is required.']);
    expect(messages('nope')[0]).toContain('Invalid data');
  });
  it('rule 1: proposal must exist, user must be a member, proposal active', () => {
    expect(messages(valid(), ctx({ proposal: null }))).toEqual(['proposal: Invalid pk "TEST-001" - object does not exist.']);
    expect(messages(valid(), ctx({ user: { username: 'x', isStaff: false } }))).toEqual(['non_field_errors: You do not belong to the proposal you are trying to submit with']);
    expect(messages(valid(), ctx({ proposal: proposal({ active: false }) }))).toEqual(['proposal: Proposal TEST-001 is not active']);
  });
  it('rule 2: ipp within [0.5, 2.0]', () => {
    expect(messages({ ...valid(), ipp_value: 0.4 })).toEqual(['ipp_value: Ensure this value is greater than or equal to 0.5.']);
    expect(messages({ ...valid(), ipp_value: 2.5 })).toContain('ipp_value: Ensure this value is less than or equal to 2.');
  });
  it('rule 3: SINGLE needs one request, MANY more than one', () => {
    const two = groupWith([requestWith([sbigConfig()]), requestWith([sbigConfig()])], { operator: 'SINGLE' });
    expect(messages(two)).toEqual(['operator: SINGLE operator must have exactly one request']);
    expect(messages({ ...valid(), operator: 'MANY' })).toEqual(['operator: MANY operator must have more than one request']);
  });
  it('rule 4: membership time limit', () => {
    const p = proposal({ members: [{ username: 'u', role: 'CI', time_limit_hours: 1 }] });
    expect(messages(valid(), ctx({ proposal: p, userTimeUsedHours: 0.99 }))).toEqual([
      "non_field_errors: This request's duration will exceed the time limit set for your account on this proposal.",
    ]);
    expect(messages(valid(), ctx({ proposal: p, userTimeUsedHours: 0.5 }))).toEqual([]);
  });
  it('rule 5: HOUR_ANGLE only for non-scheduled types', () => {
    const t = { name: 'ha', type: 'HOUR_ANGLE', hour_angle: 1, dec: 10 };
    expect(messages(withConfig({ target: t }))).toEqual([
      'requests.0.configurations.0.target.type: HOUR_ANGLE Target type not supported in scheduled observations',
    ]);
  });
  it('rule 6: allocation must exist and cover the duration ×1.1', () => {
    const none = proposal({ time_allocations: [] });
    expect(messages(valid(), ctx({ proposal: none }))).toEqual([
      'non_field_errors: You do not have sufficient 1M0-SCICAM-SBIG time allocated on the proposal for this observation type in semester 2026B.',
    ]);
    const base = proposal().time_allocations[0];
    if (!base) throw new Error('fixture');
    // 156 s = 0.0433 h; 0.04 h × 1.1 = 0.044 ≥ 0.0433 passes; 0.039 × 1.1 = 0.0429 fails.
    expect(messages(valid(), ctx({ proposal: proposal({ time_allocations: [{ ...base, std_allocation: 0.04 }] }) }))).toEqual([]);
    expect(messages(valid(), ctx({ proposal: proposal({ time_allocations: [{ ...base, std_allocation: 0.039 }] }) }))).toHaveLength(1);
  });
  it('rule 7: rapid response windows start ≤ now and end ≤ now + duration + 24 h', () => {
    const rr = (start: string, end: string) =>
      groupWith([requestWith([sbigConfig()], { windows: [{ start, end }] })], { observation_type: 'RAPID_RESPONSE' });
    expect(messages(rr('2026-11-21T11:00:00Z', '2026-11-22T12:00:00Z'))).toEqual([]);
    expect(messages(rr('2026-11-21T13:00:00Z', '2026-11-22T12:00:00Z'))).toEqual([
      'requests.0.windows.0.non_field_errors: The Rapid Response observation window start time cannot be in the future.',
    ]);
    expect(messages(rr('2026-11-21T11:00:00Z', '2026-11-22T12:10:00Z'))).toEqual([
      'requests.0.windows.0.non_field_errors: A Rapid Response observation must end within the next 24 hours plus its duration.',
    ]);
  });
  it('rule 8: IPP > 1 needs ipp_time_available, suggesting the max allowable value', () => {
    const p = proposal();
    const a = p.time_allocations[0];
    if (!a) throw new Error('fixture');
    a.ipp_time_available = 0.01; // 156 s → 0.04333 h; 0.01/0.04333 + 1 = 1.230
    expect(messages({ ...valid(), ipp_value: 1.5 }, ctx({ proposal: p }))).toEqual([
      'non_field_errors: An IPP Value of 1.5 requires more IPP time than you have available for 2026B 1M0-SCICAM-SBIG. Try an IPP value of 1.230',
    ]);
    expect(messages({ ...valid(), ipp_value: 1.2 }, ctx({ proposal: p }))).toEqual([]);
  });
  it('rule 9: DIRECT skips scheduled-type rules (no windows, HOUR_ANGLE allowed, no allocation)', () => {
    const g = groupWith([{ configurations: [sbigConfig({ target: { name: 'ha', type: 'HOUR_ANGLE', hour_angle: 1, dec: 10 } })] }], { observation_type: 'DIRECT' });
    expect(messages(g, ctx({ proposal: proposal({ time_allocations: [] }) }))).toEqual([]);
  });
  it('rule 10: windows required, ordered, in the future, in one semester; one fill_window', () => {
    expect(messages(groupWith([requestWith([sbigConfig()], { windows: [] })]))).toEqual(['requests.0.windows: You must specify at least 1 window']);
    const w = (start: string, end: string) => groupWith([requestWith([sbigConfig()], { windows: [{ start, end }] })]);
    expect(messages(w('2026-12-02T00:00:00Z', '2026-12-01T00:00:00Z'))).toEqual([
      "requests.0.windows.0.non_field_errors: Window end '2026-12-01T00:00:00Z' cannot be earlier than window start '2026-12-02T00:00:00Z'",
    ]);
    expect(messages(w('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'))).toEqual([
      "requests.0.windows.0.non_field_errors: Window end '2026-11-02T00:00:00Z' must be in the future",
    ]);
    expect(messages(w('2026-12-01T00:00:00Z', '2030-01-01T00:00:00Z'))).toContain(
      'requests.0.windows.0.non_field_errors: The observation window does not fit within any defined semester.',
    );
    const two = groupWith([requestWith([sbigConfig()], { windows: [
      { start: '2026-12-01T00:00:00Z', end: '2026-12-02T00:00:00Z' }, { start: '2027-03-01T00:00:00Z', end: '2027-03-02T00:00:00Z' }] })]);
    expect(messages(two)).toContain('requests.0.windows: The observation windows must all be within the same semester');
    const fill = sbigConfig({ type: 'REPEAT_EXPOSE', fill_window: true });
    expect(messages(groupWith([requestWith([fill, fill])]))).toContain('requests.0.non_field_errors: Only one configuration can have fill_window set');
    expect(messages(groupWith([requestWith([])]))).toEqual(['requests.0.configurations: You must specify at least 1 configuration']);
  });
  it('rule 11: instrument type must be available at the location (schedulable unless staff + full location)', () => {
    expect(messages(groupWith([requestWith([sbigConfig()], { location: { telescope_class: '2m0' } })]))).toEqual([
      'requests.0.non_field_errors: Invalid instrument type 1M0-SCICAM-SBIG at site=*, enc=*, tel=*, class=2m0',
    ]);
    const at1m0b = { telescope_class: '1m0', site: 'tst', enclosure: 'doma', telescope: '1m0b' };
    expect(messages(groupWith([requestWith([sbigConfig()], { location: at1m0b })]))).toHaveLength(1);
    expect(messages(groupWith([requestWith([sbigConfig()], { location: at1m0b })]), ctx({ user: { username: 'u', isStaff: true } }))).toEqual([]);
  });
  it('rule 12: visibility seam (not visible / shorter than the request)', () => {
    expect(messages(valid(), ctx({ visibility: () => 0 }))[0]).toContain('the target will not be visible within the time window');
    expect(messages(valid(), ctx({ visibility: () => 150 }))[0]).toContain('will only be visible for a maximum of 0.04 hours');
    expect(messages(valid(), ctx({ visibility: () => 3600 }))).toEqual([]);
    const r = validateRequestGroup(valid(), ctx({ visibility: () => 3600 }));
    expect(r.requestDurations).toMatchObject({ requests: [{ largest_interval: 3600 }] });
  });
  it('rule 13: unknown instrument type', () => {
    expect(messages(withConfig({ instrument_type: 'NOPE' }))[0]).toMatch(/^requests\.0\.configurations\.0\.instrument_type: Invalid instrument type NOPE\./);
  });
  it('rule 14: configuration type must be schedulable for the instrument type', () => {
    expect(messages(withConfig({ type: 'BIAS' }))[0]).toContain('configuration type BIAS is not valid for instrument type 1M0-SCICAM-SBIG');
    expect(messages(withConfig({ type: 'SPECTRUM' }))[0]).toContain('configuration type SPECTRUM is not valid');
  });
  it('rule 15: modes are defaulted and checked', () => {
    expect(messages(withConfig({ guiding_config: { mode: 'SLOW' } }))).toEqual([
      'requests.0.configurations.0.guiding_config.mode: Guiding mode SLOW is not available for 1M0-SCICAM-SBIG, choose from OFF, ON',
    ]);
    const ic = { exposure_time: 1, exposure_count: 1, mode: 'bogus', optical_elements: { filter: 'air' } };
    expect(messages(withConfig({ instrument_configs: [ic] }))[0]).toContain('instrument_configs.0.mode: Readout mode bogus is not available');
    const sky = { type: 'SPECTRUM', instrument_type: '2M0-FLOYDS-SCICAM', instrument_configs: [{ exposure_time: 1, exposure_count: 1, rotator_mode: 'SKY', optical_elements: { slit: 'slit_1.6as' } }] };
    expect(messages(groupWith([requestWith([sbigConfig(sky)], { location: { telescope_class: '2m0' } })]))).toEqual([
      'requests.0.configurations.0.instrument_configs.0.non_field_errors: Rotator mode SKY requirements are not met: extra_params.rotator_angle error: required field',
    ]);
  });
  it('rule 15: force_acquisition_off types get acquisition OFF', () => {
    const arc = { type: 'ARC', instrument_type: '2M0-FLOYDS-SCICAM', acquisition_config: { mode: 'WCS' }, instrument_configs: [{ exposure_time: 1, exposure_count: 1, optical_elements: { slit: 'slit_1.6as' } }] };
    const r = validateRequestGroup(groupWith([requestWith([sbigConfig(arc)], { location: { telescope_class: '2m0' } })]), ctx());
    expect(r.errors).toEqual({});
    expect(r.group?.requests[0]?.configurations[0]?.acquisition_config.mode).toBe('OFF');
    expect(r.group?.requests[0]?.acceptability_threshold).toBe(100);
  });
  it('rule 16: Cerberus schemas (instrument type and configuration type)', () => {
    const ic = { exposure_time: 1, exposure_count: 1, optical_elements: { filter: 'air' }, extra_params: { defocus: 9 } };
    expect(messages(withConfig({ instrument_configs: [ic] }))).toEqual(['requests.0.configurations.0.instrument_configs.0.extra_params.defocus: max value is 5']);
    expect(messages(withConfig({ type: 'AUTO_FOCUS', target: { name: 'p', type: 'ICRS', ra: 1, dec: 88 } }))).toEqual([
      'requests.0.configurations.0.target.dec: max value is 85',
    ]);
  });
  it('rule 17: optical elements known, schedulable, case-normalised, and all groups set', () => {
    const ic = (oe: Record<string, string>) => ({ exposure_time: 1, exposure_count: 1, optical_elements: oe });
    expect(messages(withConfig({ instrument_configs: [ic({ filter: 'xx' })] }))[0]).toBe(
      'requests.0.configurations.0.instrument_configs.0.optical_elements: Invalid filter xx for instrument type 1M0-SCICAM-SBIG, choose from air, V, rp',
    );
    expect(messages(withConfig({ instrument_configs: [ic({ filter: 'zz' })] }))[0]).toContain('Invalid filter zz');
    expect(messages(withConfig({ instrument_configs: [ic({})] }))).toEqual([
      'requests.0.configurations.0.instrument_configs.0.optical_elements: Must set optical element of type filter for instrument type 1M0-SCICAM-SBIG',
    ]);
    expect(messages(withConfig({ instrument_configs: [ic({ filter: 'air', slit: 'x' })] }))[0]).toContain('Invalid optical element type slit');
    const r = validateRequestGroup(withConfig({ instrument_configs: [ic({ filter: 'AIR' })] }), ctx());
    expect(r.group?.requests[0]?.configurations[0]?.instrument_configs[0]?.optical_elements).toEqual({ filter: 'air' });
  });
  it('rule 18: ROIs bounded by max_rois and the chip', () => {
    const ic = (rois: unknown[]) => ({ exposure_time: 1, exposure_count: 1, optical_elements: { filter: 'air' }, rois });
    const p = 'requests.0.configurations.0.instrument_configs.0.rois';
    expect(messages(withConfig({ instrument_configs: [ic([{ x1: 1 }, { x1: 2 }])] }))).toEqual([`${p}: Instrument type 1M0-SCICAM-SBIG supports up to 1 regions of interest`]);
    expect(messages(withConfig({ instrument_configs: [ic([{}])] }))).toEqual([`${p}.0.non_field_errors: Must submit at least one bound for a region of interest`]);
    expect(messages(withConfig({ instrument_configs: [ic([{ x1: 500, x2: 100 }])] }))).toEqual([`${p}.0.non_field_errors: Region of interest pixels start must be less than pixels end`]);
    expect(messages(withConfig({ instrument_configs: [ic([{ x2: 1200 }])] }))[0]).toContain('must be in range 0<=x<=1000');
  });
  it('rule 19: SCRIPT needs extra_params.script_name', () => {
    expect(messages(withConfig({ type: 'SCRIPT' }))).toEqual(['requests.0.configurations.0.extra_params: Must specify a script_name in extra_params for SCRIPT configuration type']);
    expect(messages(withConfig({ type: 'SCRIPT', extra_params: { script_name: 'x' } }))).toEqual([]);
  });
  it('rule 20: repeat_duration only for REPEAT types, at least one pass', () => {
    expect(messages(withConfig({ type: 'REPEAT_EXPOSE' }))).toEqual(['requests.0.configurations.0.repeat_duration: Must specify a repeat_duration for REPEAT configuration types.']);
    expect(messages(withConfig({ type: 'REPEAT_EXPOSE', repeat_duration: 45 }))[0]).toContain('less than the minimum of 45.5 seconds');
    expect(messages(withConfig({ type: 'REPEAT_EXPOSE', repeat_duration: 45.5 }))).toEqual([]);
    expect(messages(withConfig({ repeat_duration: 100 }))).toEqual(['requests.0.configurations.0.repeat_duration: You may only specify a repeat_duration for REPEAT_* type configurations.']);
  });
  it('rule 21: dither pattern and offsets', () => {
    const ic = { exposure_time: 1, exposure_count: 1, optical_elements: { filter: 'air' }, extra_params: { offset_ra: 5 } };
    const r = validateRequestGroup(withConfig({ instrument_configs: [ic] }), ctx());
    expect(r.group?.requests[0]?.configurations[0]?.extra_params['dither_pattern']).toBe('custom');
    expect(messages(withConfig({ extra_params: { dither_pattern: 'grid' } }))).toEqual(['requests.0.configurations.0.extra_params: You must specify offsets in the instrument configs for a dither pattern']);
    expect(messages(withConfig({ extra_params: { dither_pattern: 'zigzag' } }))[0]).toContain('Invalid dither pattern zigzag');
  });
  it('MANY allocation uses the per-TAK max, the IPP sum uses the total', () => {
    const g = groupWith([requestWith([sbigConfig()]), requestWith([sbigConfig()])]);
    const r = validateRequestGroup(g, ctx());
    expect(r.takDurationsSec).toEqual({ '2026B': { '1M0-SCICAM-SBIG': 156 } });
    expect(r.takDurationSumSec).toEqual({ '2026B': { '1M0-SCICAM-SBIG': 312 } });
  });
});
