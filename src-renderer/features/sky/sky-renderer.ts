/** What SkyView needs from a drawing back end (three.js by default, Canvas 2D when WebGL is unavailable). */
import type { SkyFrame } from './sky-model';

export interface SkyRenderer {
  /** Which back end this is (shown in the view and read by tests). */
  readonly kind: 'webgl' | 'canvas';
  /** Size of the drawing surface in CSS pixels and the device pixel ratio. */
  setSize(widthPx: number, heightPx: number, pixelRatio: number): void;
  /**
   * Draws the next frames at `scale` (0, 1] of the device pixel ratio (dynamic resolution while the
   * sky moves); the CSS size and every position stay in CSS pixels. Optional: back ends without it
   * always draw at full resolution.
   */
  setRenderScale?(scale: number): void;
  draw(frame: SkyFrame): void;
  /**
   * Where the text overlay is drawn when the back end composes it into its own canvas (three.js:
   * one canvas on the page); absent when the view draws it on the separate overlay canvas.
   * Call `overlayChanged` after drawing, before the next `draw`.
   */
  readonly overlay?: { context: CanvasRenderingContext2D; changed(): void };
  /** Frees GPU/canvas resources; the renderer is unusable afterwards. */
  dispose(): void;
}
