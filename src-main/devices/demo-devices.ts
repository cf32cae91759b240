import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { telescopeDevicesSchema } from './registry';
import { STAR_CATALOG_OPTION, bundledStarCatalogPath } from './sim/sky-catalog';
import type { TelescopeDevices } from './types';

const devicesFileSchema = z.object({ format: z.literal('nightshift-devices/1'), telescopes: z.array(telescopeDevicesSchema) });

/**
 * The devices each telescope names: `<dataDir>/devices.json` when the site has one, else the demo
 * observatory's simulated devices (resources/demo/devices.json). Same format for both. Simulated
 * devices are given the bundled star catalogue (`options.starCatalogPath` =
 * `<resourcesDir>/catalogs/stars.json`) unless their config names one, so simulated cameras image
 * the real sky.
 */
export function loadTelescopeDevices(dataDir: string, resourcesDir: string): { source: string; telescopes: TelescopeDevices[] } {
  const own = join(dataDir, 'devices.json');
  const source = existsSync(own) ? own : join(resourcesDir, 'demo', 'devices.json');
  const parsed = devicesFileSchema.safeParse(JSON.parse(readFileSync(source, 'utf8')));
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid device configuration in ${source}: ${where}`);
  }
  const catalog = bundledStarCatalogPath(resourcesDir);
  const telescopes = parsed.data.telescopes.map((t) => ({
    ...t,
    devices: t.devices.map((d) =>
      d.family === 'sim' && d.options?.[STAR_CATALOG_OPTION] === undefined ? { ...d, options: { ...d.options, [STAR_CATALOG_OPTION]: catalog } } : d,
    ),
  }));
  return { source, telescopes };
}
