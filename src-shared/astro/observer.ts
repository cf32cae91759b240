import { Observer } from 'astronomy-engine';

/** Where on Earth: geodetic latitude (°, north +), longitude (°, east +), height above sea level (m). */
export interface GeoSite {
  latitudeDeg: number;
  longitudeDeg: number;
  elevationM: number;
}

/** astronomy-engine's Observer for a site. The only place that builds one. */
export function toObserver(site: GeoSite): Observer {
  return new Observer(site.latitudeDeg, site.longitudeDeg, site.elevationM);
}
