import { describe, expect, it } from 'vitest';
import { RenderScaleController } from '../../../src-renderer/features/sky/render-scale';

/**
 * Drives the controller with consecutive frames from `t0`, each taking `intervalMs` (a number, or a
 * function of the scale the previous frame was drawn at); returns the scales chosen and the end time.
 */
function run(c: RenderScaleController, t0: number, frames: number, intervalMs: number | ((scale: number) => number)): { scales: number[]; t: number } {
  const scales: number[] = [];
  let t = t0;
  for (let i = 0; i < frames; i++) {
    t += typeof intervalMs === 'number' ? intervalMs : intervalMs(c.scale);
    scales.push(c.beforeDraw(t, i > 0));
  }
  return { scales, t };
}

/** A fill-bound frame: a fixed cost plus one proportional to the pixel count (100 ms at full scale). */
const fillBound = (scale: number): number => 20 + 80 * scale * scale;

describe('RenderScaleController (dynamic resolution of the all-sky view)', () => {
  const options = { steps: [1, 0.75, 0.5], budgetMs: 1000 / 30, holdFrames: 6, settleMs: 200 };

  it('draws isolated frames (a change, the live clock’s step) at full resolution', () => {
    const c = new RenderScaleController(options);
    for (let i = 0; i < 20; i++) expect(c.beforeDraw(i * 15_000, false)).toBe(1);
  });

  it('keeps full resolution while moving frames meet the budget (a real GPU at 60 fps)', () => {
    const c = new RenderScaleController(options);
    expect(new Set(run(c, 0, 200, 1000 / 60).scales)).toEqual(new Set([1]));
  });

  it('steps down to the lowest scale while fill-bound moving frames miss the budget, one step per hold period', () => {
    const c = new RenderScaleController(options);
    const { scales } = run(c, 0, 40, fillBound);
    expect(scales[0]).toBe(1);
    expect(scales.at(-1)).toBe(0.5);
    // Monotonic, and each scale held for at least holdFrames before the next step.
    const firstAt = (s: number) => scales.indexOf(s);
    expect(firstAt(0.75)).toBeGreaterThanOrEqual(6);
    expect(firstAt(0.5) - firstAt(0.75)).toBeGreaterThanOrEqual(6);
    for (let i = 1; i < scales.length; i++) expect(scales[i]!).toBeLessThanOrEqual(scales[i - 1]!);
  });

  it('undoes a step down that does not make frames faster, and does not try again', () => {
    const c = new RenderScaleController(options);
    // Not fill-bound: 100 ms whatever the scale (per-primitive costs).
    const { scales, t } = run(c, 0, 60, 100);
    expect(scales).toContain(0.75);
    expect(scales).not.toContain(0.5);
    expect(scales.at(-1)).toBe(1);
    const later = run(c, t, 60, 100);
    expect(new Set(later.scales)).toEqual(new Set([1]));
  });

  it('has hysteresis: a frame time between half the budget and the budget changes nothing', () => {
    const c = new RenderScaleController(options);
    let { t } = run(c, 0, 40, fillBound);
    expect(c.scale).toBe(0.5);
    // 25 ms: within budget (no step down) but not under half of it (no step up).
    const steady = run(c, t, 100, 25);
    expect(new Set(steady.scales.slice(1))).toEqual(new Set([0.5]));
    t = steady.t;
    // Fast frames (a lighter scene): back up to full resolution.
    const fast = run(c, t, 100, 10);
    expect(fast.scales.at(-1)).toBe(1);
  });

  it('redraws sharp once the sky stops, and remembers the moving scale for the next movement', () => {
    const c = new RenderScaleController(options);
    const { t } = run(c, 0, 40, fillBound);
    expect(c.scale).toBe(0.5);
    expect(c.settleDue(t + 199)).toBe(false);
    expect(c.settleDue(t + 200)).toBe(true);
    expect(c.beforeDraw(t + 200, false)).toBe(1);
    expect(c.settleDue(t + 10_000)).toBe(false);
    // Next movement: first frame sharp (isolated), then straight to the remembered scale.
    expect(c.beforeDraw(t + 20_000, false)).toBe(1);
    expect(c.beforeDraw(t + 20_100, true)).toBe(0.5);
  });

  it('stays at full resolution when disabled', () => {
    const c = new RenderScaleController(options);
    c.setEnabled(false);
    expect(new Set(run(c, 0, 60, 200).scales)).toEqual(new Set([1]));
    expect(c.settleDue(1e9)).toBe(false);
  });
});
