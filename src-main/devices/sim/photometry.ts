/**
 * Photometric zero points of simulated cameras: how many ADU per second a magnitude-0 star gives
 * through a telescope aperture and a filter.
 *
 *   ZP = 2.5·log10(Φ0 · A · η / g),   flux(m) = 10^(−0.4·(m − ZP)) ADU/s
 *
 * Φ0 — photons s⁻¹ cm⁻² of a magnitude-0 star in the band. A source of AB magnitude 0 (3631 Jy)
 *      delivers 3631·10⁻²⁶ W m⁻² Hz⁻¹ / h = 5.48·10⁶ photons s⁻¹ cm⁻² per unit Δλ/λ, so
 *      Φ0 = 5.48·10⁶ · FWHM/λc. In V (551/88 nm) that is 8.8·10⁵, matching the classic
 *      Vega-system figure of ~1000 photons s⁻¹ cm⁻² Å⁻¹ × 880 Å. Vega and AB magnitudes agree
 *      within ~0.1 mag from B to R (up to ~0.8 in U): good enough for a simulator.
 * A  — collecting area, π(D/2)²·(1 − ε²) with ε the central obstruction as a fraction of D.
 * η  — total efficiency (optics × filter peak × detector QE), default 0.5.
 * g  — gain, e⁻/ADU, default 1.
 *
 * The catalogue magnitudes are V; all bands use V (no colour terms) — a documented simplification.
 * Example: D = 200 mm, ε = 0.3, η = 0.5, g = 1, V band → ZP ≈ 20.2.
 */

/** Photons s⁻¹ cm⁻² of an AB-magnitude-0 source per unit fractional bandwidth Δλ/λ. */
export const AB_ZERO_PHOTONS_PER_CM2_S = 5.48e6;

export interface Band {
  /** Central wavelength, nm. */
  centerNm: number;
  /** Full width at half maximum, nm. */
  widthNm: number;
}

/** Bands by lower-case filter name (Johnson–Cousins, SDSS/Pan-STARRS primes, narrowband, clear). */
export const BANDS: Readonly<Record<string, Band>> = {
  u: { centerNm: 365, widthNm: 66 },
  b: { centerNm: 445, widthNm: 94 },
  v: { centerNm: 551, widthNm: 88 },
  r: { centerNm: 658, widthNm: 138 },
  i: { centerNm: 806, widthNm: 149 },
  up: { centerNm: 355, widthNm: 60 },
  gp: { centerNm: 477, widthNm: 137 },
  rp: { centerNm: 623, widthNm: 137 },
  ip: { centerNm: 763, widthNm: 153 },
  zs: { centerNm: 870, widthNm: 100 },
  ha: { centerNm: 656.3, widthNm: 7 },
  oiii: { centerNm: 500.7, widthNm: 7 },
  sii: { centerNm: 672.4, widthNm: 7 },
  l: { centerNm: 550, widthNm: 300 },
  /** No filter ("air", "clear", none): the detector's own ~400–900 nm response. */
  clear: { centerNm: 650, widthNm: 450 },
};

const ALIASES: Readonly<Record<string, string>> = {
  lum: 'l',
  luminance: 'l',
  air: 'clear',
  none: 'clear',
  open: 'clear',
  g: 'gp',
  z: 'zs',
  halpha: 'ha',
  'h-alpha': 'ha',
  o3: 'oiii',
  s2: 'sii',
};

/**
 * The band of a filter by name (case-insensitive; null name = no filter = clear). Opaque filters
 * (`dark`, `blank`) → null. Unknown names → V (the catalogue's own band).
 */
export function bandOf(filter: string | null): Band | null {
  if (filter === null) return BANDS.clear as Band;
  const key = filter.trim().toLowerCase().replace(/[\s_]/g, '');
  if (key === 'dark' || key === 'blank') return null;
  return BANDS[ALIASES[key] ?? key] ?? (BANDS.v as Band);
}

export interface ZeroPointInput {
  /** Clear aperture diameter, mm (> 0). */
  apertureMm: number;
  /** Central obstruction diameter as a fraction of the aperture [0, 1) (default 0.3). */
  obstruction?: number;
  /** Optics × detector efficiency (0, 1] (default 0.5). */
  efficiency?: number;
  /** Gain, electrons per ADU (> 0, default 1). */
  gainEPerAdu?: number;
  /** Filter name; null = no filter. */
  filter: string | null;
}

/**
 * Zero point, magnitudes: a star of magnitude m gives 10^(−0.4·(m − ZP)) ADU/s. −Infinity for an
 * opaque filter (no light).
 */
export function zeroPointMag(input: ZeroPointInput): number {
  const band = bandOf(input.filter);
  if (band === null) return Number.NEGATIVE_INFINITY;
  const eps = input.obstruction ?? 0.3;
  const radiusCm = input.apertureMm / 20;
  const areaCm2 = Math.PI * radiusCm * radiusCm * (1 - eps * eps);
  const photons = AB_ZERO_PHOTONS_PER_CM2_S * (band.widthNm / band.centerNm);
  return 2.5 * Math.log10((photons * areaCm2 * (input.efficiency ?? 0.5)) / (input.gainEPerAdu ?? 1));
}
