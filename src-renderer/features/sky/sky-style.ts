/** Colours and widths of the all-sky view's lines, shared by the Canvas 2D and three.js back ends. */
import type { SkyLineStyle } from './sky-overlay-lines';

export interface LineStyle {
  /** sRGB 0…1 and opacity. */
  rgb: [number, number, number];
  alpha: number;
  widthPx: number;
  /** Canvas dash pattern, px (the WebGL back end draws solid lines). */
  dash: number[];
}

export const LINE_STYLES: Record<SkyLineStyle, LineStyle> = {
  'altaz-grid': { rgb: [0.55, 0.62, 0.75], alpha: 0.22, widthPx: 1, dash: [] },
  'radec-grid': { rgb: [0.45, 0.75, 0.7], alpha: 0.25, widthPx: 1, dash: [] },
  meridian: { rgb: [0.75, 0.6, 0.85], alpha: 0.45, widthPx: 1, dash: [4, 4] },
  'horizon-limit': { rgb: [0.95, 0.45, 0.35], alpha: 0.75, widthPx: 1.5, dash: [6, 4] },
  'ha-limit': { rgb: [0.95, 0.65, 0.3], alpha: 0.6, widthPx: 1.2, dash: [2, 4] },
  airmass: { rgb: [0.85, 0.8, 0.4], alpha: 0.45, widthPx: 1, dash: [3, 5] },
  'slew-path': { rgb: [1, 0.36, 0.56], alpha: 0.85, widthPx: 1.5, dash: [5, 4] },
  'dome-slit': { rgb: [0.55, 0.8, 1], alpha: 0.55, widthPx: 1, dash: [] },
  'horizon-mask': { rgb: [0.95, 0.45, 0.35], alpha: 0.75, widthPx: 1.5, dash: [] },
};

/** Shaded regions: the dome slit (a light band) and the unreachable band below the telescope's horizon. */
export type SkyBandStyle = 'dome-slit' | 'horizon-mask';
export const BAND_STYLES: Record<SkyBandStyle, { rgb: [number, number, number]; alpha: number }> = {
  'dome-slit': { rgb: [0.55, 0.8, 1], alpha: 0.1 },
  'horizon-mask': { rgb: [0.95, 0.45, 0.35], alpha: 0.16 },
};

/** Telescope pointing marker: tracking, and slewing (paler), in the slew path's hue. */
export const POINTING_RGB = { tracking: [1, 0.36, 0.56] as [number, number, number], moving: [1, 0.69, 0.78] as [number, number, number] };

export const CONSTELLATION_STYLE = { rgb: [0.35, 0.55, 0.82] as [number, number, number], alpha: 0.45 };
export const MILKY_WAY_STYLE = { rgb: [0.6, 0.63, 0.8] as [number, number, number], alpha: 0.22 };
export const HORIZON_STYLE = { rgb: [0.8, 0.8, 0.85] as [number, number, number], alpha: 0.65 };
export const OUTSIDE_RGB: [number, number, number] = [0.02, 0.024, 0.04];

export const rgba = (rgb: ArrayLike<number>, alpha = 1, k = 0): string =>
  `rgba(${Math.round((rgb[k] ?? 0) * 255)},${Math.round((rgb[k + 1] ?? 0) * 255)},${Math.round((rgb[k + 2] ?? 0) * 255)},${alpha})`;
