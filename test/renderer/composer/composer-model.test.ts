import { describe, expect, it } from 'vitest';
import type { ComposerOptions } from '../../../src-shared/ipc/contract';
import { requestGroupSchema } from '../../../src-shared/schemas';
import {
  clientErrors,
  defaultGroup,
  errorsAt,
  flattenErrors,
  formatDecDms,
  formatRaHms,
  fromLocalInput,
  instrumentsForProposal,
  toLocalInput,
  toRequestGroup,
  type GroupDraft,
} from '../../../src-renderer/features/composer/composer-model';
import { nightSpanFor } from '../../../src-renderer/features/composer/ComposerPanel';
import { visibilityInput } from '../../../src-renderer/features/composer/composer-store';

const OPTIONS: ComposerOptions = {
  username: 'demo',
  proposals: [
    { id: 'P-A', title: 'A', allocations: [{ semester: '2026B', instrumentTypes: ['1M0-CAM'], stdHoursLeft: 10, rrHoursLeft: 0, tcHoursLeft: 0, ippTimeAvailable: 1 }] },
    { id: 'P-B', title: 'B', allocations: [{ semester: '2026B', instrumentTypes: ['0M4-CAM'], stdHoursLeft: 10, rrHoursLeft: 0, tcHoursLeft: 0, ippTimeAvailable: 1 }] },
  ],
  semesters: [{ id: '2026B', startMs: Date.parse('2026-08-01T00:00:00Z'), endMs: Date.parse('2027-02-01T00:00:00Z') }],
  instruments: [
    {
      instrumentType: '1M0-CAM',
      name: 'One metre camera',
      category: 'IMAGE',
      telescopeClass: '1m0',
      telescopes: [{ telescopeId: 'tfn.doma.1m0a', site: 'tfn', enclosure: 'doma', telescope: '1m0a', timeZone: 'Atlantic/Canary' }],
      configurationTypes: ['EXPOSE', 'REPEAT_EXPOSE'],
      defaultConfigurationType: 'EXPOSE',
      opticalElementGroups: [{ type: 'filters', key: 'filter', default: null, elements: [{ code: 'V', name: 'Bessell V' }, { code: 'R', name: 'Bessell R' }] }],
      modes: { readout: { default: 'full_frame', modes: [{ code: 'full_frame', name: 'Full frame', overheadSec: 14.5 }] }, guiding: { default: 'ON', modes: [] }, acquisition: { default: 'OFF', modes: [] } },
    },
    {
      instrumentType: '0M4-CAM',
      name: 'Small camera',
      category: 'IMAGE',
      telescopeClass: '0m4',
      telescopes: [{ telescopeId: 'tfn.clma.0m4a', site: 'tfn', enclosure: 'clma', telescope: '0m4a', timeZone: 'Atlantic/Canary' }],
      configurationTypes: ['EXPOSE'],
      defaultConfigurationType: 'EXPOSE',
      opticalElementGroups: [],
      modes: {},
    },
  ],
  ipp: { min: 0.5, max: 2 },
};
const NOW = Date.parse('2026-11-21T23:31:00Z');

function withTarget(d: GroupDraft): GroupDraft {
  const r = d.requests[0]!;
  return { ...d, name: 'M31 V', requests: [{ ...r, target: { ...r.target, name: 'M31', ra: '00 42 44.35', dec: '+41 16 08.6' } }] };
}

describe('composer draft → OCS payload', () => {
  it('builds a payload the portal schema accepts, with instrument defaults and sexagesimal coordinates converted', () => {
    const draft = withTarget(defaultGroup(OPTIONS, NOW));
    expect(draft.proposal).toBe('P-A');
    const payload = toRequestGroup(draft, OPTIONS);
    const parsed = requestGroupSchema.parse(payload);
    const req = parsed.requests[0]!;
    expect(req.location).toEqual({ telescope_class: '1m0', site: '', enclosure: '', telescope: '' });
    // Window start rounded up to 10 min, three days long.
    expect(req.windows).toEqual([{ start: '2026-11-21T23:40:00Z', end: '2026-11-24T23:40:00Z' }]);
    const c = req.configurations[0]!;
    expect(c.instrument_type).toBe('1M0-CAM');
    // No default filter in the group: the first element is taken; the readout default is filled.
    expect(c.instrument_configs[0]).toMatchObject({ exposure_time: 30, exposure_count: 1, mode: 'full_frame', optical_elements: { filter: 'V' } });
    expect(c.guiding_config).toMatchObject({ mode: 'ON', optional: true });
    expect(c.constraints).toMatchObject({ max_airmass: 1.6, min_lunar_distance: 30, max_lunar_phase: 1 });
    // 00h42m44.35s = 10.684792°, +41°16′08.6″ = 41.269056° (hand-computed).
    expect(c.target).toMatchObject({ type: 'ICRS', name: 'M31', epoch: 2000, proper_motion_ra: 0 });
    expect((c.target as { ra: number }).ra).toBeCloseTo(10.684792, 5);
    expect((c.target as { dec: number }).dec).toBeCloseTo(41.269056, 5);
    expect(clientErrors(draft, payload)).toEqual({});
  });

  it('a chosen telescope becomes the OCS location', () => {
    const d = withTarget(defaultGroup(OPTIONS, NOW));
    const payload = toRequestGroup({ ...d, requests: [{ ...d.requests[0]!, telescopeId: 'tfn.doma.1m0a' }] }, OPTIONS) as { requests: { location: unknown }[] };
    expect(payload.requests[0]!.location).toEqual({ telescope_class: '1m0', site: 'tfn', enclosure: 'doma', telescope: '1m0a' });
  });

  it('reports field-level errors with the portal messages at OCS paths', () => {
    const d = withTarget(defaultGroup(OPTIONS, NOW));
    const r = d.requests[0]!;
    const bad: GroupDraft = {
      ...d,
      name: '',
      ipp: 'x',
      requests: [
        {
          ...r,
          target: { ...r.target, ra: '25 00 00', dec: '+41 16 08' },
          windows: [{ startMs: NOW, endMs: NOW - 1 }],
          configurations: [{ ...r.configurations[0]!, instrumentConfigs: [{ ...r.configurations[0]!.instrumentConfigs[0]!, exposureCount: '0' }] }],
        },
      ],
    };
    const errors = clientErrors(bad, toRequestGroup(bad, OPTIONS));
    expect(errorsAt(errors, ['name'])).toEqual(['This field may not be blank.']);
    expect(errorsAt(errors, ['ipp_value'])).toEqual(['A valid number is required.']);
    expect(errorsAt(errors, ['requests', 0, 'configurations', 0, 'instrument_configs', 0, 'exposure_count'])).toEqual(['Ensure this value is greater than or equal to 1.']);
    expect(errorsAt(errors, ['requests', 0, 'configurations', 0, 'target', 'ra'])).toEqual([expect.stringMatching(/^RA: degrees/)]);
    expect(errorsAt(errors, ['requests', 0, 'windows', 0, 'end'])).toEqual(['Window end must be after its start.']);
    expect(flattenErrors(errors).map((e) => e.path)).toContain('requests.0.configurations.0.instrument_configs.0.exposure_count');
  });

  it('errorsAt reads object-level errors as non_field_errors and misses as empty', () => {
    const errors = { requests: [{ non_field_errors: ['According to the constraints of the request, the target will not be visible within the time window.'] }] };
    expect(errorsAt(errors, ['requests', 0])).toHaveLength(1);
    expect(errorsAt(errors, ['requests', 1])).toEqual([]);
    expect(errorsAt(errors, ['requests', 0, 'windows', 0, 'start'])).toEqual([]);
  });

  it('offers only instruments the proposal has time on', () => {
    expect(instrumentsForProposal(OPTIONS, 'P-B').map((i) => i.instrumentType)).toEqual(['0M4-CAM']);
    expect(instrumentsForProposal(OPTIONS, 'nope').length).toBe(2);
  });
});

describe('site-local and UTC date-time fields', () => {
  // Offsets from the IANA tz database: Canary WET/WEST, New York EST/EDT, Sydney AEDT.
  const cases: [string, string, string][] = [
    ['Atlantic/Canary', '2026-11-22T01:30', '2026-11-22T01:30:00.000Z'],
    ['Atlantic/Canary', '2026-07-01T01:30', '2026-07-01T00:30:00.000Z'],
    ['America/New_York', '2026-11-22T20:00', '2026-11-23T01:00:00.000Z'],
    ['America/New_York', '2026-07-01T20:00', '2026-07-02T00:00:00.000Z'],
    ['Australia/Sydney', '2026-11-22T21:15', '2026-11-22T10:15:00.000Z'],
    ['UTC', '2026-11-22T21:15', '2026-11-22T21:15:00.000Z'],
  ];
  it.each(cases)('%s %s is %s, and back', (zone, local, utc) => {
    const ms = fromLocalInput(local, zone);
    expect(ms === null ? null : new Date(ms).toISOString()).toBe(utc);
    expect(toLocalInput(ms, zone)).toBe(local);
  });
  it('rejects unreadable text', () => {
    expect(fromLocalInput('22/11/2026 01:00', 'UTC')).toBeNull();
    expect(toLocalInput(null, 'UTC')).toBe('');
  });
});

describe('coordinates and the chart night', () => {
  it('formats RA in hours and Dec in degrees, sexagesimal', () => {
    // 10.68479° / 15 = 0.7123193 h = 0 h 42 m 44.35 s − 0.004 s; 10.6848° is 44.352 s.
    expect(formatRaHms(10.68479)).toBe('00 42 44.3');
    expect(formatRaHms(10.6848)).toBe('00 42 44.4');
    expect(formatRaHms(359.9999)).toBe('00 00 00.0');
    expect(formatDecDms(41.269056)).toBe('+41 16 09');
    expect(formatDecDms(-5.390833)).toBe('-05 23 27');
  });

  it('charts tonight unless the first window starts after it, then the first night ending after the start', () => {
    const tonight = { nightStartMs: Date.parse('2026-11-21T17:00:00Z'), nightEndMs: Date.parse('2026-11-22T08:30:00Z') };
    expect(nightSpanFor(tonight, Date.parse('2026-11-22T02:00:00Z'))).toBeNull();
    expect(nightSpanFor(null, Date.parse('2026-11-25T02:00:00Z'))).toBeNull();
    expect(nightSpanFor(tonight, Date.parse('2026-11-25T02:00:00Z'))).toEqual({ startMs: Date.parse('2026-11-24T17:00:00Z'), endMs: Date.parse('2026-11-25T08:30:00Z') });
    expect(nightSpanFor(tonight, Date.parse('2026-11-24T12:00:00Z'))).toEqual({ startMs: Date.parse('2026-11-24T17:00:00Z'), endMs: Date.parse('2026-11-25T08:30:00Z') });
  });

  it('asks for visibility only with a usable position, at the instrument telescope', () => {
    const d = defaultGroup(OPTIONS, NOW);
    expect(visibilityInput({ draft: d, options: OPTIONS, activeRequest: 0 }, null)).toBeNull();
    const input = visibilityInput({ draft: withTarget(d), options: OPTIONS, activeRequest: 0 }, null);
    expect(input).toMatchObject({ telescopeId: 'tfn.doma.1m0a', stepMin: 5, constraints: { max_airmass: 1.6 } });
    expect((input?.target as { ra: number }).ra).toBeCloseTo(10.684792, 5);
  });
});
