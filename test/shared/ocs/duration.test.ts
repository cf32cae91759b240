import { describe, expect, it } from 'vitest';
import { configurationDurationSec, requestDuration, separationArcsec, validateRequestDurations } from '../../../src-shared/ocs';
import { fixtureIndex, groupWith, lookupFor, parseGroup, requestWith, sbigConfig } from './helpers';

// Acceptance vectors: spec ocs-contract §4.4, on the fixture overheads of test/fixtures/configdb.
const lookup = lookupFor(fixtureIndex());
const durationOf = (request: unknown) => {
  const g = parseGroup(groupWith([request]));
  const r = g.requests[0];
  if (!r) throw new Error('no request');
  return requestDuration(r, lookup).durationSec;
};
const comet = {
  name: '29P', type: 'ORBITAL_ELEMENTS', scheme: 'MPC_COMET', epochofel: 60600.0, orbinc: 9.36, longascnode: 312.4,
  argofperih: 49.9, perihdist: 5.78, eccentricity: 0.044, epochofperih: 60290.0,
};
const floyds = (type: string, exposure_time: number, exposure_count: number, acq: Record<string, unknown> = {}) => ({
  type, instrument_type: '2M0-FLOYDS-SCICAM', target: comet,
  instrument_configs: [{ exposure_time, exposure_count, mode: '2m0_floyds_1', rotator_mode: 'VFLOAT', optical_elements: { slit: 'slit_1.6as' } }],
  constraints: { max_airmass: 2.0 }, acquisition_config: acq, guiding_config: {},
});
const rich1 = (repeats: number) =>
  requestWith([
    sbigConfig({
      target: { name: 'HD 12345', type: 'ICRS', ra: 30.1234, dec: -20.5, proper_motion_ra: 12.3, proper_motion_dec: -4.5, parallax: 8.1 },
      instrument_configs: [
        { exposure_time: 60, exposure_count: 3, mode: '1m0_sbig_2', optical_elements: { filter: 'air' }, extra_params: { defocus: 0.5 } },
        { exposure_time: 120, exposure_count: 2, mode: '1m0_sbig_1', optical_elements: { filter: 'air' }, rois: [{ x1: 100, x2: 600, y1: 100, y2: 600 }] },
      ],
      acquisition_config: { mode: 'OFF' },
      guiding_config: { mode: 'ON', optional: false, exposure_time: 10 },
    }),
  ], { configuration_repeats: repeats });

describe('request duration (§4.4 vectors)', () => {
  it('1 config, 2 × 600 s in 1m0_sbig_2 → 1341 s', () => {
    const ic = { exposure_time: 600, exposure_count: 2, mode: '1m0_sbig_2', optical_elements: { filter: 'air' } };
    expect(durationOf(requestWith([sbigConfig({ instrument_configs: [ic] })]))).toBe(1341);
  });
  it('minimal example (1 × 30 s, default readout) → 156 s', () => {
    expect(durationOf(requestWith([sbigConfig()]))).toBe(156);
  });
  it('generic payload (1 × 100 s) → 226 s', () => {
    const ic = { exposure_time: 100, exposure_count: 1, optical_elements: { filter: 'air' } };
    expect(durationOf(requestWith([sbigConfig({ instrument_configs: [ic] })]))).toBe(226);
  });
  it('rich request 1 → 649 s, and 1207 s with configuration_repeats 2', () => {
    expect(durationOf(rich1(1))).toBe(649);
    expect(durationOf(rich1(2))).toBe(1207);
  });
  it('rich request 2 (LAMP_FLAT, ARC, SPECTRUM + WCS on a comet) → 2496 s', () => {
    const req = requestWith([floyds('LAMP_FLAT', 60, 1), floyds('ARC', 30, 2), floyds('SPECTRUM', 1800, 1, { mode: 'WCS' })], {
      location: { telescope_class: '2m0' },
    });
    expect(durationOf(req)).toBe(2496);
  });
  it('FLOYDS single SPECTRUM 1800 s with WCS acquisition on an ICRS target → 2204 s', () => {
    const c = { ...floyds('SPECTRUM', 1800, 1, { mode: 'WCS' }), target: { name: 'star', type: 'ICRS', ra: 10, dec: -10 } };
    expect(durationOf(requestWith([c], { location: { telescope_class: '2m0' } }))).toBe(2204);
  });
});

describe('duration details', () => {
  it('REPEAT types use repeat_duration for the configuration', () => {
    const g = parseGroup(groupWith([requestWith([sbigConfig({ type: 'REPEAT_EXPOSE', repeat_duration: 500 })])]));
    const c = g.requests[0]?.configurations[0];
    if (!c) throw new Error('no config');
    expect(configurationDurationSec(c, lookup(c.instrument_type))).toBe(500);
    // 500 + filter 2 + slew 2 + padding 90
    expect(durationOf(requestWith([sbigConfig({ type: 'REPEAT_EXPOSE', repeat_duration: 500 })]))).toBe(594);
  });
  it('a second ICRS target costs the clamped slew; the same target costs nothing', () => {
    const far = sbigConfig({ target: { name: 'far', type: 'ICRS', ra: 200, dec: 10 } });
    // 2 × (45.5 + 16) + first filter 2 + first slew 2 + second slew clamp(0 × sep, 2, 2) = 2 → +90
    expect(durationOf(requestWith([sbigConfig(), far]))).toBe(Math.ceil(2 * 61.5 + 2 + 2 + 2 + 90));
    expect(durationOf(requestWith([sbigConfig(), sbigConfig()]))).toBe(Math.ceil(2 * 61.5 + 2 + 2 + 90));
  });
  it('a filter change between instrument configs costs the group change overhead', () => {
    const ics = [
      { exposure_time: 30, exposure_count: 1, optical_elements: { filter: 'air' } },
      { exposure_time: 30, exposure_count: 1, optical_elements: { filter: 'V' } },
    ];
    expect(durationOf(requestWith([sbigConfig({ instrument_configs: ics })]))).toBe(Math.ceil(2 * 45.5 + 16 + 2 + 2 + 2 + 90));
  });
  it('/validate/ per-configuration durations exclude change, slew and acquisition terms', () => {
    const g = parseGroup(groupWith([rich1(1)]));
    const r = g.requests[0];
    if (!r) throw new Error('no request');
    const v = validateRequestDurations(r, lookup);
    expect(v.duration).toBe(649);
    expect(v.configurations[0]?.instrument_configs.map((i) => i.duration)).toEqual([226.5, 312]);
    expect(v.configurations[0]?.duration).toBe(226.5 + 312 + 16);
  });
  it('separation matches spherical identities (pole–point = 90° − dec; equator = Δra), 1e-6″ tolerance', () => {
    expect(Math.abs(separationArcsec({ ra: 0, dec: 90 }, { ra: 123, dec: 38.78369 }) - (90 - 38.78369) * 3600)).toBeLessThan(1e-6);
    expect(Math.abs(separationArcsec({ ra: 10, dec: 0 }, { ra: 47.5, dec: 0 }) - 37.5 * 3600)).toBeLessThan(1e-6);
    expect(Math.abs(separationArcsec({ ra: 359.9, dec: 0 }, { ra: 0.1, dec: 0 }) - 0.2 * 3600)).toBeLessThan(1e-6);
  });
});
