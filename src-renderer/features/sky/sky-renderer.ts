/** What SkyView needs from a drawing back end (three.js by default, Canvas 2D when WebGL is unavailable). */
import type { SkyFrame } from './sky-model';

export interface SkyRenderer {
  /** Which back end this is (shown in the view and read by tests). */
  readonly kind: 'webgl' | 'canvas';
  /** Size of the drawing surface in CSS pixels and the device pixel ratio. */
  setSize(widthPx: number, heightPx: number, pixelRatio: number): void;
  draw(frame: SkyFrame): void;
  /** Frees GPU/canvas resources; the renderer is unusable afterwards. */
  dispose(): void;
}
