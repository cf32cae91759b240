/**
 * The `sim` family: first-class simulated devices driven by the Clock, with fault injection.
 * Devices of one telescope share a {@link SimWorld} (through the driver context's `shared` map).
 */
import type { AnyDevice, DeviceConfigOf, DeviceFactory, DeviceKind, DriverContext } from '../types';
import type { SimDevice } from './base';
import { SimCamera } from './camera';
import { SimDome } from './dome';
import { SimFilterWheel } from './filter-wheel';
import { SimFocuser } from './focuser';
import { SimMount } from './mount';
import { SimRotator } from './rotator';
import { SimSafetyMonitor } from './safety';
import { SimWeatherStation } from './weather';
import type { SimWorld } from './world';
import { simWorldFor } from './world';
import { LayeredStarCatalog, STAR_CATALOG_OPTION, createSkyCatalog } from './sky-catalog';

export type { SimFault, SimFaultType } from './faults';
export { FaultInjector } from './faults';
export type { SimWorld } from './world';
export { createSimWorld, simWorldFor } from './world';
export type { CatalogStar, StarCatalog } from './star-field';
export { SyntheticStarCatalog, mulberry32 } from './star-field';
export { BundledStarCatalog, loadBundledStarCatalog } from './bundled-catalog';
export type { FaintStarOptions } from './faint-stars';
export { FaintStarField, STAR_COUNTS_BRIGHTER_THAN_V, galacticDensityFactor, galacticLatitudeDeg, starsPerSqDegBrighterThan } from './faint-stars';
export { LayeredStarCatalog, STAR_CATALOG_OPTION, bundledStarCatalogPath, createSkyCatalog } from './sky-catalog';
export type { Band, ZeroPointInput } from './photometry';
export { AB_ZERO_PHOTONS_PER_CM2_S, BANDS, bandOf, zeroPointMag } from './photometry';
export type { SimWcsInput } from './wcs-header';
export { simWcsHeaders } from './wcs-header';
export type { WeatherScriptStep } from './weather';
export { CLEAR_NIGHT, weatherIsSafe } from './weather';
export type { SynthParams, SynthImage } from './image-synth';
export { synthesizeImage } from './image-synth';
export * from './sky-math';
export {
  SimCamera,
  SimDome,
  SimFilterWheel,
  SimFocuser,
  SimMount,
  SimRotator,
  SimSafetyMonitor,
  SimWeatherStation,
};
export type { SimDevice };

type SimCtor = new (
  id: string,
  clock: DriverContext['clock'],
  world: SimWorld,
  options?: Record<string, unknown>,
) => AnyDevice;

const SIM_BY_KIND = {
  mount: SimMount,
  camera: SimCamera,
  filterWheel: SimFilterWheel,
  focuser: SimFocuser,
  dome: SimDome,
  rotator: SimRotator,
  weather: SimWeatherStation,
  safety: SimSafetyMonitor,
} satisfies Record<DeviceKind, SimCtor>;

/** Registry factory for `family: 'sim'`. */
export const createSimDevice: DeviceFactory<'sim'> = (config: DeviceConfigOf<'sim'>, ctx: DriverContext) => {
  const world = simWorldFor(ctx.shared, ctx.telescopeId, ctx.clock, ctx.site);
  // The real sky when the device names the bundled catalogue (loadTelescopeDevices does).
  const catalogPath = config.options?.[STAR_CATALOG_OPTION];
  if (typeof catalogPath === 'string' && !(world.catalog instanceof LayeredStarCatalog)) world.catalog = createSkyCatalog(catalogPath);
  const Ctor: SimCtor = SIM_BY_KIND[config.kind];
  return new Ctor(config.id, ctx.clock, world, { ...config.options, ...(config.name ? { name: config.name } : {}) });
};

/** True when `device` is a simulated device (then `device.faults` can be armed). */
export function isSimDevice(device: AnyDevice): device is AnyDevice & SimDevice<DeviceKind> {
  return device.family === 'sim' && 'faults' in device;
}
