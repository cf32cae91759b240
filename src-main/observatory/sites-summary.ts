import { z } from 'zod';
import type { SiteSummary } from '../../src-shared/ipc/contract';

/**
 * The subset of the OCS configdb `/sites/` tree the console summary reads. Lenient on purpose:
 * configdb dumps in the wild omit many keys (ocs-contract.md §6.3).
 */
const InstrumentSubset = z.object({
  code: z.string(),
  state: z.string().default('SCHEDULABLE'),
  instrument_type: z.object({ code: z.string() }),
});
const TelescopeSubset = z.object({
  code: z.string(),
  name: z.string().default(''),
  active: z.boolean().default(true),
  aperture: z.number(),
  instrument_set: z.array(InstrumentSubset).default([]),
});
const SiteSubset = z.object({
  code: z.string(),
  name: z.string().default(''),
  active: z.boolean().default(true),
  tz: z.string().default('Etc/UTC'),
  lat: z.number(),
  long: z.number(),
  elevation: z.number(),
  enclosure_set: z.array(
    z.object({ code: z.string(), active: z.boolean().default(true), telescope_set: z.array(TelescopeSubset).default([]) }),
  ),
});
export const SitesDumpSubset = z.union([z.array(SiteSubset), z.object({ results: z.array(SiteSubset) }).transform((d) => d.results)]);

/** OCS telescope class from aperture: "{floor}m{round(frac×10)}", e.g. 1.0 → 1m0, 0.4 → 0m4. */
export function telescopeClassOf(apertureM: number): string {
  const whole = Math.floor(apertureM);
  return `${whole}m${Math.round((apertureM - whole) * 10)}`;
}

/** Summaries of the active sites and telescopes of a configdb `/sites/` dump. */
export function summarizeSites(dump: unknown): SiteSummary[] {
  const sites = SitesDumpSubset.parse(dump);
  return sites
    .filter((s) => s.active)
    .map((site) => ({
      code: site.code,
      name: site.name || site.code,
      latitudeDeg: site.lat,
      longitudeDeg: site.long,
      elevationM: site.elevation,
      timeZone: site.tz,
      telescopes: site.enclosure_set
        .filter((e) => e.active)
        .flatMap((enclosure) =>
          enclosure.telescope_set
            .filter((t) => t.active)
            .map((t) => ({
              id: `${site.code}.${enclosure.code}.${t.code}`,
              code: t.code,
              name: t.name || t.code,
              telescopeClass: telescopeClassOf(t.aperture),
              apertureM: t.aperture,
              enclosure: enclosure.code,
              instruments: t.instrument_set.map((i) => ({ code: i.code, instrumentType: i.instrument_type.code, state: i.state })),
            })),
        ),
    }));
}
