/**
 * Framing glue: sky ↔ screen on the offline chart, dragging and turning the frame, hit-testing,
 * the camera's field from configdb numbers, and what the composer receives. References: the
 * tangent-plane math of src-shared/sky (itself tested) and angular separations from first principles.
 */
import { describe, expect, it } from 'vitest';
import type { ComposerInstrument } from '../../../src-shared/ipc/contract';
import { gnomonicInverse } from '../../../src-shared/sky';
import type { AtlasChart } from '../../../src-renderer/features/sky/atlas-offline-draw';
import { withRotatorAngle } from '../../../src-renderer/features/composer/composer-store';
import { cameraFieldOfView, chartSkyScreen, dragFrame, frameHandle, framePrefill, hasRotator, hitFrame, rotateFrame, type Frame } from '../../../src-renderer/features/sky/framing';

const FOV = { widthArcmin: 28.5, heightArcmin: 19, source: 'test' };
const CHART: AtlasChart = { centreRaDeg: 10.6847, centreDecDeg: 41.2689, fieldDeg: 2, fov: FOV, rotationDeg: 0 };
const W = 1000;
const H = 700;
const view = chartSkyScreen(CHART, W, H);
const ARCSEC = 1 / 3600;

/** Great-circle separation, degrees (haversine: exact for small angles). */
function separationDeg(a: { raDeg: number; decDeg: number }, b: { raDeg: number; decDeg: number }): number {
  const r = Math.PI / 180;
  const s = Math.sin(((b.decDeg - a.decDeg) * r) / 2) ** 2 + Math.cos(a.decDeg * r) * Math.cos(b.decDeg * r) * Math.sin(((b.raDeg - a.raDeg) * r) / 2) ** 2;
  return (2 * Math.asin(Math.sqrt(s))) / r;
}

const instrument = (modes: ComposerInstrument['modes'], camera: ComposerInstrument['camera'] = null): ComposerInstrument => ({
  instrumentType: '1M0-SCICAM-NIGHTSHIFT', name: '1 m imager', category: 'IMAGE', telescopeClass: '1m0', telescopes: [], configurationTypes: ['EXPOSE'], defaultConfigurationType: 'EXPOSE', opticalElementGroups: [], modes, camera,
});

describe('offline chart mapping', () => {
  it('unprojects what it projects (≤ 1 mas) and puts north up, east left', () => {
    let worst = 0;
    for (const [xi, eta] of [[0.3, 0.2], [-0.8, 0.5], [0.01, -0.9], [0, 0]] as const) {
      const sky = gnomonicInverse(CHART.centreRaDeg, CHART.centreDecDeg, xi, eta);
      const p = view.project(sky.raDeg, sky.decDeg);
      expect(p).not.toBeNull();
      const back = view.unproject(p!);
      worst = Math.max(worst, separationDeg(sky, back!));
    }
    expect(worst).toBeLessThan(0.001 * ARCSEC);
    const north = view.project(CHART.centreRaDeg, CHART.centreDecDeg + 0.1)!;
    const east = view.project(CHART.centreRaDeg + 0.1, CHART.centreDecDeg)!;
    expect(north.y).toBeLessThan(H / 2);
    expect(east.x).toBeLessThan(W / 2);
  });
});

describe('dragging the frame', () => {
  const start: Frame = { centreRaDeg: 10.9, centreDecDeg: 41.5, paDeg: 30 };
  const from = view.project(start.centreRaDeg, start.centreDecDeg)!;

  it('keeps the grabbed sky place under the pointer (≤ 0.01″) and the PA unchanged', () => {
    const to = { x: from.x - 137, y: from.y + 64 };
    const next = dragFrame(start, view, from, to)!;
    const under = view.unproject(to)!;
    expect(separationDeg({ raDeg: next.centreRaDeg, decDeg: next.centreDecDeg }, under)).toBeLessThan(0.01 * ARCSEC);
    expect(next.paDeg).toBe(30);
  });

  it('moves the centre by the dragged distance at the chart scale (within 0.5 %)', () => {
    const k = W / CHART.fieldDeg;
    const grab = { x: from.x + 20, y: from.y - 10 };
    const to = { x: grab.x + 120, y: grab.y - 90 };
    const next = dragFrame(start, view, grab, to)!;
    const movedDeg = separationDeg({ raDeg: start.centreRaDeg, decDeg: start.centreDecDeg }, { raDeg: next.centreRaDeg, decDeg: next.centreDecDeg });
    expect(Math.abs(movedDeg - 150 / k) / (150 / k)).toBeLessThan(0.005);
    // Right and up on a north-up, east-left chart: west (RA decreases) and north.
    expect(next.centreRaDeg).toBeLessThan(start.centreRaDeg);
    expect(next.centreDecDeg).toBeGreaterThan(start.centreDecDeg);
  });
});

describe('turning the frame', () => {
  const start: Frame = { centreRaDeg: CHART.centreRaDeg, centreDecDeg: CHART.centreDecDeg, paDeg: 0 };
  it('points the detector up-axis at the pointer: north → 0°, east → 90°, south-west → 225°', () => {
    expect(rotateFrame(start, view, { x: W / 2, y: H / 2 - 100 })!.paDeg).toBe(0);
    expect(rotateFrame(start, view, { x: W / 2 - 100, y: H / 2 })!.paDeg).toBe(90);
    expect(rotateFrame(start, view, { x: W / 2 + 100, y: H / 2 + 100 })!.paDeg).toBeCloseTo(225, 0);
  });
  it('puts the handle where the pointer turned it', () => {
    const turned = rotateFrame(start, view, { x: W / 2 - 80, y: H / 2 - 80 })!;
    const h = view.project(frameHandle(turned, FOV).raDeg, frameHandle(turned, FOV).decDeg)!;
    const angle = Math.atan2(-(h.y - H / 2), -(h.x - W / 2));
    expect((angle * 180) / Math.PI).toBeCloseTo(45, 0);
  });
});

describe('hit-testing', () => {
  const frame: Frame = { centreRaDeg: CHART.centreRaDeg, centreDecDeg: CHART.centreDecDeg, paDeg: 45 };
  it('grabs the handle, the body, or nothing', () => {
    const h = frameHandle(frame, FOV);
    const hp = view.project(h.raDeg, h.decDeg)!;
    expect(hitFrame(frame, FOV, view, { x: hp.x + 3, y: hp.y - 3 })).toBe('rotate');
    expect(hitFrame(frame, FOV, view, { x: W / 2, y: H / 2 })).toBe('move');
    // Half the diagonal of a 28.5′ × 19′ frame is 17.1′: a point 28.3′ from the centre is outside at any PA.
    const k = W / CHART.fieldDeg;
    expect(hitFrame(frame, FOV, view, { x: W / 2 + (20 / 60) * k, y: H / 2 + (20 / 60) * k })).toBeNull();
    expect(hitFrame(frame, FOV, view, { x: 5, y: 5 })).toBeNull();
  });
});

describe('instrument and prefill', () => {
  it('takes the field from the configdb camera (pixels × scale)', () => {
    const fov = cameraFieldOfView(instrument({}, { code: '1M0-SCICAM-NIGHTSHIFT', pixelsX: 4096, pixelsY: 4096, arcsecPerPixel: 0.389, orientationDeg: 0 }))!;
    expect(fov.widthArcmin).toBeCloseTo((4096 * 0.389) / 60, 9);
    expect(fov.heightArcmin).toBeCloseTo(26.556, 3);
    expect(cameraFieldOfView(instrument({}))).toBeNull();
  });

  it('sends the rotator angle only for instruments with a rotator', () => {
    const frame: Frame = { centreRaDeg: 360.5, centreDecDeg: -12.25, paDeg: 37.5 };
    const rot = instrument({ rotator: { default: 'SKY', modes: [{ code: 'SKY', name: 'Sky', overheadSec: 0 }, { code: 'VFLOAT', name: 'Float', overheadSec: 0 }] } });
    expect(hasRotator(rot)).toBe(true);
    const p = framePrefill(frame, 'M 31 east', rot);
    expect(p).toEqual({ name: 'M 31 east', raDeg: 0.5, decDeg: -12.25, instrumentType: '1M0-SCICAM-NIGHTSHIFT', rotatorAngleDeg: 37.5 });
    expect(framePrefill(frame, '', instrument({})).rotatorAngleDeg).toBeNull();
    expect(framePrefill(frame, '', null).name).toBe('Field 360.500 -12.250');
  });

  it('writes the rotator angle into the OCS instrument configs (SKY mode, extra_params.rotator_angle)', () => {
    const rot = instrument({ rotator: { default: 'VFLOAT', modes: [{ code: 'VFLOAT', name: 'Float', overheadSec: 0 }, { code: 'SKY', name: 'Sky', overheadSec: 0 }] } });
    const options = { username: 'demo', proposals: [], semesters: [], instruments: [rot], ipp: { min: 0.5, max: 2 } };
    const group = { requests: [{ instrument_type: rot.instrumentType, configurations: [{ instrument_configs: [{ exposure_time: 30, extra_params: { bin_x: 1 } }] }] }] };
    const out = withRotatorAngle(group, 37.5, options) as { requests: { configurations: { instrument_configs: Record<string, unknown>[] }[] }[] };
    const ic = out.requests[0]!.configurations[0]!.instrument_configs[0]!;
    expect(ic['rotator_mode']).toBe('SKY');
    expect(ic['extra_params']).toEqual({ bin_x: 1, rotator_angle: 37.5 });
    expect(withRotatorAngle(group, null, options)).toBe(group);
    expect(withRotatorAngle(group, 37.5, { ...options, instruments: [instrument({})] })).toBe(group);
  });
});
