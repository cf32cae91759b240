import { describe, expect, it } from 'vitest';
import type { DeviceStatus, QueueTarget, Timeline } from '../../../src-shared/ipc/contract';
import { DEFAULT_SLIT_WIDTH_DEG, domesFrom, fieldOfViewFor, pointingsFrom, skyTargetsFrom } from '../../../src-renderer/features/sky/sky-page-data';

const NOW = Date.UTC(2027, 0, 15, 23, 0, 0);
const q = (requestId: number, name: string, ra: number, dec: number, state = 'PENDING'): QueueTarget => ({ requestId, requestGroupName: `G${requestId}`, state, target: { type: 'ICRS', name, ra, dec }, constraints: {} });

describe('sky page data', () => {
  it('derives target states from the request and tonight’s timeline', () => {
    const timeline = {
      blocks: [
        { telescopeId: 't', requestId: 1, label: '', startMs: NOW - 600_000, endMs: NOW + 600_000, kind: 'observation', state: 'PENDING' },
        { telescopeId: 't', requestId: 2, label: '', startMs: NOW + 3_600_000, endMs: NOW + 4_000_000, kind: 'observation', state: 'PENDING' },
      ],
    } as unknown as Timeline;
    const out = skyTargetsFrom([q(1, 'A', 10, 20), q(2, 'B', 20, 20), q(3, 'C', 30, 20, 'COMPLETED'), q(4, 'Far south', 0, -80), q(5, 'D', 40, 10), { ...q(6, 'Ceres', 0, 0), target: { type: 'ORBITAL_ELEMENTS', name: 'Ceres' } }], timeline, NOW, 28.3, 15);
    expect(out.map((t) => [t.name, t.state])).toEqual([
      ['A', 'running'],
      ['B', 'scheduled'],
      ['C', 'completed'],
      ['Far south', 'not-visible'],
      ['D', 'pending'],
    ]);
  });

  it('reads mount pointings from devices.changed state (j2000 hours → degrees), skipping parked mounts', () => {
    const dev = (id: string, state: Record<string, unknown>): DeviceStatus => ({ telescopeId: id, kind: 'mount', name: 'm', family: 'sim', connection: 'connected', summary: '', state, updatedMs: NOW, error: null });
    const out = pointingsFrom({ a: dev('tfn.doma.1m0a', { j2000: { raHours: 5.5, decDeg: -5 }, tracking: true, slewing: false }), b: dev('tfn.clma.0m4a', { parked: true, j2000: { raHours: 1, decDeg: 1 } }) }, [{ id: 'tfn.doma.1m0a', name: '1 m' }]);
    expect(out).toEqual([{ telescopeId: 'tfn.doma.1m0a', label: '1 m', raDeg: 82.5, decDeg: -5, tracking: true, slewing: false, target: null }]);
    // Slewing: not tracking, and the slew target (state.target, J2000 hours) comes along.
    const slewing = pointingsFrom({ a: dev('tfn.doma.1m0a', { j2000: { raHours: 1, decDeg: 10 }, target: { raHours: 5.5, decDeg: -5 }, tracking: true, slewing: true }) }, []);
    expect(slewing).toEqual([{ telescopeId: 'tfn.doma.1m0a', label: 'tfn.doma.1m0a', raDeg: 15, decDeg: 10, tracking: false, slewing: true, target: { raDeg: 82.5, decDeg: -5 } }]);
  });

  it('reads dome slits from connected domes with an azimuth (roll-off roofs have none)', () => {
    const dev = (id: string, name: string, state: Record<string, unknown>, connection: DeviceStatus['connection'] = 'connected'): DeviceStatus => ({ telescopeId: id, kind: 'dome', name, family: 'sim', connection, summary: '', state, updatedMs: NOW, error: null });
    const out = domesFrom({
      a: dev('tfn.doma.1m0a', 'Dome A (sim)', { azimuthDeg: 123.5, shutter: 'open' }),
      b: dev('tfn.clma.0m4a', 'Roll-off roof (sim)', { azimuthDeg: null, shutter: 'closed' }),
      c: dev('x.y.z', 'Dome B', { azimuthDeg: 10, shutter: 'closed', slitWidthDeg: 12 }),
      d: dev('x.y.w', 'Dome C', { azimuthDeg: 10, shutter: 'closed' }, 'disconnected'),
    });
    expect(out).toEqual([
      { telescopeId: 'tfn.doma.1m0a', label: 'Dome A', azimuthDeg: 123.5, slitWidthDeg: DEFAULT_SLIT_WIDTH_DEG, shutter: 'open' },
      { telescopeId: 'x.y.z', label: 'Dome B', azimuthDeg: 10, slitWidthDeg: 12, shutter: 'closed' },
    ]);
  });

  it('field of view = pixels × pixel scale of the demo cameras (resources/demo/sites.json)', () => {
    const f = fieldOfViewFor('1M0-SCICAM-NIGHTSHIFT');
    expect(f.widthArcmin).toBeCloseTo((4096 * 0.389) / 60, 6);
    expect(fieldOfViewFor('0M4-SCICAM-NIGHTSHIFT').heightArcmin).toBeCloseTo((2000 * 0.57) / 60, 6);
    expect(fieldOfViewFor(null).widthArcmin).toBe(26.5);
  });
});
