/**
 * One simulated telescope: its devices see each other here (the camera images the field the mount
 * points at, through the filter in the wheel, defocused by the focuser, dark when the roof is shut).
 */
import type { Clock } from '../../clock';
import type { DeviceSite, EquatorialCoords } from '../types';
import type { StarCatalog } from './star-field';
import { SyntheticStarCatalog } from './star-field';

/** What the camera needs from the other devices; each is null when that device is absent. */
export interface SimWorld {
  readonly telescopeId: string;
  readonly clock: Clock;
  readonly site: DeviceSite | null;
  /** The star catalogue the camera renders; replace with the bundled catalogue when it exists. */
  catalog: StarCatalog;
  /** J2000 pointing, null when there is no mount, or it is parked or slewing. */
  pointing: (() => EquatorialCoords | null) | null;
  /** Where the mount points in azimuth now (during slews too), degrees; null when parked or without the site. A slaved dome follows it. */
  mountAzimuthDeg: (() => number | null) | null;
  /** Current filter name, null without a wheel or while it moves. */
  filter: (() => string | null) | null;
  /** Focuser distance from best focus, steps (0 = sharp); null without a focuser. */
  focusErrorSteps: (() => number) | null;
  /** True when light reaches the telescope (no enclosure = always). */
  skyVisible: (() => boolean) | null;
  /** Rotator sky position angle, degrees; null without a rotator. */
  positionAngleDeg: (() => number) | null;
  /** Ambient temperature, °C, from the weather script; null without a weather station. */
  ambientC: (() => number | null) | null;
  /** The weather station's safe verdict; null without a station. */
  weatherSafe: (() => boolean | null) | null;
}

export function createSimWorld(telescopeId: string, clock: Clock, site: DeviceSite | null): SimWorld {
  return {
    telescopeId,
    clock,
    site,
    catalog: new SyntheticStarCatalog(),
    pointing: null,
    mountAzimuthDeg: null,
    filter: null,
    focusErrorSteps: null,
    skyVisible: null,
    positionAngleDeg: null,
    ambientC: null,
    weatherSafe: null,
  };
}

/** The world for a telescope, shared through the driver context's `shared` map. */
export function simWorldFor(
  shared: Map<string, unknown>,
  telescopeId: string,
  clock: Clock,
  site: DeviceSite | null,
): SimWorld {
  const key = `sim:world:${telescopeId}`;
  const existing = shared.get(key) as SimWorld | undefined;
  if (existing) return existing;
  const world = createSimWorld(telescopeId, clock, site);
  shared.set(key, world);
  return world;
}
