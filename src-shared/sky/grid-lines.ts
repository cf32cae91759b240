/**
 * Reference curves for the all-sky view, as unit vectors ready for the batch or the projection:
 * RA/Dec grid lines (J2000, fixed on the sky: rotate with the frame), and curves fixed in the local
 * horizontal frame (altitude circles for the horizon limit and airmass contours, azimuth spokes, the
 * meridian, lines of constant hour angle for HA limits), which never move with time.
 */

const RAD = Math.PI / 180;

/**
 * RA/Dec graticule as J2000 unit vectors, one Float64Array [x, y, z, …] per line: declination
 * circles every `decStepDeg` (excluding the poles) and hour circles every `raStepHours` from
 * Dec −90° to +90°. `samplesPerLine` points per line (≥ 8).
 */
export function raDecGridVectors(raStepHours = 2, decStepDeg = 30, samplesPerLine = 96): Float64Array[] {
  const n = Math.max(8, samplesPerLine);
  const lines: Float64Array[] = [];
  const push = (f: (t: number) => [number, number]): void => {
    const v = new Float64Array(3 * (n + 1));
    for (let i = 0; i <= n; i++) {
      const [ra, dec] = f(i / n);
      v[3 * i] = Math.cos(dec) * Math.cos(ra);
      v[3 * i + 1] = Math.cos(dec) * Math.sin(ra);
      v[3 * i + 2] = Math.sin(dec);
    }
    lines.push(v);
  };
  for (let d = -90 + decStepDeg; d < 90; d += decStepDeg) push((t) => [2 * Math.PI * t, d * RAD]);
  for (let h = 0; h < 24; h += raStepHours) push((t) => [h * 15 * RAD, (-90 + 180 * t) * RAD]);
  return lines;
}

/** Horizontal unit vectors [north, west, zenith, …] of the circle of altitude `altitudeDeg` (closed). */
export function altitudeCircle(altitudeDeg: number, samples = 180): Float64Array {
  const a = altitudeDeg * RAD;
  const out = new Float64Array(3 * (samples + 1));
  for (let i = 0; i <= samples; i++) {
    const az = (2 * Math.PI * i) / samples;
    out[3 * i] = Math.cos(a) * Math.cos(az);
    out[3 * i + 1] = -Math.cos(a) * Math.sin(az);
    out[3 * i + 2] = Math.sin(a);
  }
  return out;
}

/** Horizontal unit vectors of the vertical circle at azimuth `azimuthDeg` (N through E), horizon to zenith. */
export function azimuthSpoke(azimuthDeg: number, samples = 2): Float64Array {
  const z = azimuthDeg * RAD;
  const out = new Float64Array(3 * (samples + 1));
  for (let i = 0; i <= samples; i++) {
    const a = (Math.PI / 2) * (i / samples);
    out[3 * i] = Math.cos(a) * Math.cos(z);
    out[3 * i + 1] = -Math.cos(a) * Math.sin(z);
    out[3 * i + 2] = Math.sin(a);
  }
  return out;
}

/**
 * Horizontal unit vectors of the line of constant hour angle `hourAngleHours` (positive west) for a
 * site at `latitudeDeg`, declination −90° → +90°. HA = 0 is the meridian; ±limit are the HA-limit
 * contours. Fixed in the horizontal frame: compute once per site.
 */
export function hourAngleCurve(latitudeDeg: number, hourAngleHours: number, samples = 90): Float64Array {
  const phi = latitudeDeg * RAD;
  const ha = hourAngleHours * 15 * RAD;
  const out = new Float64Array(3 * (samples + 1));
  for (let i = 0; i <= samples; i++) {
    const dec = (-90 + (180 * i) / samples) * RAD;
    out[3 * i] = Math.cos(phi) * Math.sin(dec) - Math.sin(phi) * Math.cos(dec) * Math.cos(ha);
    out[3 * i + 1] = Math.cos(dec) * Math.sin(ha);
    out[3 * i + 2] = Math.sin(phi) * Math.sin(dec) + Math.cos(phi) * Math.cos(dec) * Math.cos(ha);
  }
  return out;
}
