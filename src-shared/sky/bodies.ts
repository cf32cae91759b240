/** Sun, Moon and planets for the sky view: one engine call set per frame (10 bodies), not per pixel. */
import { MAJOR_BODIES, moonIllumination, nightPhaseForSunAltitude, prepareTarget, type Frame, type MajorBody, type NightPhase } from '../astro';

export interface BodyPlace {
  body: MajorBody;
  /** Geometric topocentric altitude, degrees. */
  altitudeDeg: number;
  /** Azimuth from north through east, degrees [0, 360). */
  azimuthDeg: number;
  /** Horizontal unit vector [north, west, zenith], for projection. */
  horizontal: [number, number, number];
}

export interface SkyBodies {
  bodies: BodyPlace[];
  /** Illuminated fraction of the Moon 0…1 and whether it waxes. */
  moonIlluminatedFraction: number;
  moonWaxing: boolean;
  /** Night phase from the Sun's altitude (drives the sky colour). */
  nightPhase: NightPhase;
  /** Geometric altitude of the Sun, degrees. */
  sunAltitudeDeg: number;
}

const PREPARED = MAJOR_BODIES.map((body) => prepareTarget({ type: 'MAJOR_BODY', body }));

/** Positions of all major bodies in `frame` (from src-shared/astro, geometric altitudes). */
export function bodiesInFrame(frame: Frame): SkyBodies {
  const bodies = PREPARED.map((p, i): BodyPlace => {
    const pos = p.positionIn(frame);
    const a = (pos.altitudeDeg * Math.PI) / 180;
    const z = (pos.azimuthDeg * Math.PI) / 180;
    return { body: MAJOR_BODIES[i] ?? 'sun', altitudeDeg: pos.altitudeDeg, azimuthDeg: pos.azimuthDeg, horizontal: [Math.cos(a) * Math.cos(z), -Math.cos(a) * Math.sin(z), Math.sin(a)] };
  });
  const moon = moonIllumination(frame);
  const sunAlt = bodies.find((b) => b.body === 'sun')?.altitudeDeg ?? 0;
  return { bodies, moonIlluminatedFraction: moon.illuminatedFraction, moonWaxing: moon.waxing, nightPhase: nightPhaseForSunAltitude(sunAlt), sunAltitudeDeg: sunAlt };
}

/** Background colour (sRGB 0…1) of the sky for a night phase: day blue to night black. */
export function skyColourForPhase(phase: NightPhase): [number, number, number] {
  switch (phase) {
    case 'day':
      return [0.32, 0.52, 0.78];
    case 'civil':
      return [0.16, 0.25, 0.45];
    case 'nautical':
      return [0.07, 0.1, 0.22];
    case 'astronomical':
      return [0.03, 0.04, 0.1];
    case 'night':
      return [0.01, 0.01, 0.03];
  }
}

/** Sky colour stops by Sun altitude (degrees), from deep night to full day; interpolated linearly between stops. */
const SKY_STOPS: readonly [number, [number, number, number]][] = [
  [-18, [0.01, 0.01, 0.03]],
  [-12, [0.03, 0.04, 0.1]],
  [-6, [0.07, 0.1, 0.22]],
  [0, [0.16, 0.25, 0.45]],
  [10, [0.32, 0.52, 0.78]],
];

/**
 * Background colour (sRGB 0…1) for a Sun altitude in degrees: a continuous twilight ramp that agrees
 * with {@link skyColourForPhase} at the phase boundaries (−18°, −12°, −6°, 0°) and is constant below
 * −18° and above +10°.
 */
export function skyColourForSunAltitude(sunAltitudeDeg: number): [number, number, number] {
  const first = SKY_STOPS[0] as [number, [number, number, number]];
  if (!(sunAltitudeDeg > first[0])) return [...first[1]];
  for (let i = 1; i < SKY_STOPS.length; i++) {
    const [a1, c1] = SKY_STOPS[i] as [number, [number, number, number]];
    const [a0, c0] = SKY_STOPS[i - 1] as [number, [number, number, number]];
    if (sunAltitudeDeg <= a1) {
      const t = (sunAltitudeDeg - a0) / (a1 - a0);
      return [c0[0] + t * (c1[0] - c0[0]), c0[1] + t * (c1[1] - c0[1]), c0[2] + t * (c1[2] - c0[2])];
    }
  }
  return [...(SKY_STOPS[SKY_STOPS.length - 1] as [number, [number, number, number]])[1]];
}
