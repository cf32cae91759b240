/**
 * The tangent-plane (gnomonic) projection used by the atlas and by instrument footprints: standard
 * coordinates ξ (towards east) and η (towards north) around a centre, in degrees of the plane
 * (tan of the angular distance), and the inverse. A camera's field of view is a rectangle in this
 * plane, so its corners on the sky come from the inverse projection.
 */

const RAD = Math.PI / 180;

/**
 * Standard coordinates (degrees; ξ east, η north) of (raDeg, decDeg) about the centre; null when the
 * point is 90° or more from the centre (not on the visible hemisphere of the plane).
 */
export function gnomonicForward(centreRaDeg: number, centreDecDeg: number, raDeg: number, decDeg: number): { xiDeg: number; etaDeg: number } | null {
  const d0 = centreDecDeg * RAD;
  const d = decDeg * RAD;
  const da = (raDeg - centreRaDeg) * RAD;
  const cosc = Math.sin(d0) * Math.sin(d) + Math.cos(d0) * Math.cos(d) * Math.cos(da);
  if (cosc <= 1e-9) return null;
  return {
    xiDeg: (Math.cos(d) * Math.sin(da)) / cosc / RAD,
    etaDeg: (Math.cos(d0) * Math.sin(d) - Math.sin(d0) * Math.cos(d) * Math.cos(da)) / cosc / RAD,
  };
}

/** The sky place (degrees; RA in [0, 360)) at standard coordinates (ξ, η) degrees about the centre. */
export function gnomonicInverse(centreRaDeg: number, centreDecDeg: number, xiDeg: number, etaDeg: number): { raDeg: number; decDeg: number } {
  const d0 = centreDecDeg * RAD;
  const x = xiDeg * RAD;
  const y = etaDeg * RAD;
  const rho = Math.hypot(x, y);
  const c = Math.atan(rho);
  const dec = rho === 0 ? d0 : Math.asin(Math.cos(c) * Math.sin(d0) + (y * Math.sin(c) * Math.cos(d0)) / rho);
  const ra = centreRaDeg * RAD + Math.atan2(x * Math.sin(c), rho * Math.cos(d0) * Math.cos(c) - y * Math.sin(d0) * Math.sin(c));
  let raDeg = ra / RAD;
  raDeg = ((raDeg % 360) + 360) % 360;
  return { raDeg, decDeg: dec / RAD };
}

/**
 * Corners (RA/Dec degrees) of a `widthArcmin` × `heightArcmin` detector centred on the centre with
 * its height axis at position angle `paDeg` (east of north), in order: NE-ish, NW, SW, SE for PA 0
 * (top-left, top-right, bottom-right, bottom-left as seen with north up, east left).
 */
export function fieldCorners(centreRaDeg: number, centreDecDeg: number, widthArcmin: number, heightArcmin: number, paDeg: number): { raDeg: number; decDeg: number }[] {
  const w = widthArcmin / 120;
  const h = heightArcmin / 120;
  const pa = paDeg * RAD;
  // Detector axes: "up" is PA (towards north at 0, east at 90), "right" is PA − 90° (west at PA 0).
  const corners: [number, number][] = [
    [-w, h],
    [w, h],
    [w, -h],
    [-w, -h],
  ];
  return corners.map(([u, v]) => {
    // u along "right" (towards west at PA 0), v along "up". ξ east, η north.
    const xi = v * Math.sin(pa) - u * Math.cos(pa);
    const eta = v * Math.cos(pa) + u * Math.sin(pa);
    // The detector is flat: the plane coordinates are linear in pixels (scale taken at the centre).
    return gnomonicInverse(centreRaDeg, centreDecDeg, xi, eta);
  });
}
