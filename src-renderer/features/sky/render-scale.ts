/**
 * Dynamic resolution for the all-sky view: the fraction of the device pixel ratio the WebGL backing
 * store is drawn at. Under software GL (SwiftShader) most of a frame is the GPU process swapping and
 * compositing the canvas, a cost proportional to its pixel count; halving the ratio quarters it.
 *
 * Sharp when still, smooth when moving: an isolated draw (a change, the live clock's step every ~15 s)
 * is drawn at full scale; while the view draws on consecutive animation frames (scrubbing, a fast
 * simulated clock) the scale comes from the recent frame intervals, stepped down when their mean
 * exceeds the budget and up when it is well under it (hysteresis: a gap between the two thresholds
 * and a few frames held after every change, since a resize costs a frame). The scale reached is
 * remembered for the next movement. When movement stops, `settleDue` asks for one sharp redraw.
 * A step down that did not make frames at least `minGain` faster is undone and not tried again: where
 * the frame time is not set by the pixel count (measured under SwiftShader: per-point and per-draw
 * costs dominate), a blurred picture would buy nothing.
 * Pure (times are passed in), so it is unit-tested without a browser.
 */

export interface RenderScaleOptions {
  /** Scales to choose from, descending; the first is used when still. Default [1, 0.75, 0.5]. */
  steps?: readonly number[];
  /** Frame interval the controller aims under while moving, ms. Default 1000/30. */
  budgetMs?: number;
  /** Step up when the mean interval is under `budgetMs × upFraction`. Default 0.5. */
  upFraction?: number;
  /** Frames drawn at a scale before it may change again. Default 6. */
  holdFrames?: number;
  /** Time without a draw after which a reduced frame is redrawn sharp, ms. Default 200. */
  settleMs?: number;
  /** Fraction by which a step down must shorten the mean frame interval to be kept. Default 0.15. */
  minGain?: number;
}

export class RenderScaleController {
  private readonly steps: readonly number[];
  private readonly budgetMs: number;
  private readonly upFraction: number;
  private readonly holdFrames: number;
  private readonly settleMs: number;
  private readonly minGain: number;
  /** Lowest index a step down may reach (raised when a step down brought nothing). */
  private floorIndex: number;
  /** Mean interval measured at the index before the last step down, ms (null: none pending). */
  private meanBeforeStepMs: number | null = null;
  /** Index in `steps` used while moving (remembered between movements). */
  private movingIndex = 0;
  /** Scale of the last draw. */
  private current = 1;
  private lastDrawMs = -Infinity;
  /** Sum and count of intervals since the last change of scale. */
  private sumMs = 0;
  private n = 0;
  private enabled = true;

  constructor(options: RenderScaleOptions = {}) {
    this.steps = options.steps ?? [1, 0.75, 0.5];
    this.budgetMs = options.budgetMs ?? 1000 / 30;
    this.upFraction = options.upFraction ?? 0.5;
    this.holdFrames = options.holdFrames ?? 6;
    this.settleMs = options.settleMs ?? 200;
    this.minGain = options.minGain ?? 0.15;
    this.floorIndex = this.steps.length - 1;
    this.current = this.steps[0] ?? 1;
  }

  /** Off: always full scale (bench comparison, or a user's choice). */
  setEnabled(on: boolean): void {
    this.enabled = on;
    this.movingIndex = 0;
    this.floorIndex = this.steps.length - 1;
    this.meanBeforeStepMs = null;
  }

  /** Scale of the last draw, (0, 1]. */
  get scale(): number {
    return this.current;
  }

  /**
   * Call before each draw at `nowMs` (ms, any monotonic origin); `continuous` when the previous
   * animation frame drew too (the view is moving). Returns the scale to draw this frame at.
   */
  beforeDraw(nowMs: number, continuous: boolean): number {
    const full = this.steps[0] ?? 1;
    const gapMs = nowMs - this.lastDrawMs;
    this.lastDrawMs = nowMs;
    if (!this.enabled || !continuous) {
      this.sumMs = 0;
      this.n = 0;
      this.current = full;
      return full;
    }
    const target = this.steps[this.movingIndex] ?? full;
    if (target !== this.current) {
      // First moving frame, or a step just taken: this interval belongs to another scale.
      this.current = target;
      this.sumMs = 0;
      this.n = 0;
      return target;
    }
    this.sumMs += gapMs;
    this.n++;
    if (this.n >= this.holdFrames) {
      const meanMs = this.sumMs / this.n;
      const before = this.meanBeforeStepMs;
      this.meanBeforeStepMs = null;
      if (before !== null && meanMs > before * (1 - this.minGain)) {
        // The last step down did not pay: back up, and no lower from now on.
        this.movingIndex--;
        this.floorIndex = this.movingIndex;
      } else if (meanMs > this.budgetMs && this.movingIndex < this.floorIndex) {
        this.movingIndex++;
        this.meanBeforeStepMs = meanMs;
      } else if (meanMs < this.budgetMs * this.upFraction && this.movingIndex > 0) this.movingIndex--;
      else {
        // Keep a sliding window of about `holdFrames` so the scale follows a changing load.
        this.sumMs = meanMs * (this.holdFrames - 1);
        this.n = this.holdFrames - 1;
        return this.current;
      }
      this.current = this.steps[this.movingIndex] ?? full;
      this.sumMs = 0;
      this.n = 0;
    }
    return this.current;
  }

  /** True when the last frame was drawn reduced and nothing has been drawn for `settleMs`: redraw it sharp. */
  settleDue(nowMs: number): boolean {
    return this.current < (this.steps[0] ?? 1) && nowMs - this.lastDrawMs >= this.settleMs;
  }
}
