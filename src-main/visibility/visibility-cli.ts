/**
 * `nightshift visibility`: tonight's (or a date's) dark interval, rise/transit/set and observable
 * intervals of one ICRS target on each telescope of the observatory, in UTC and site-local time.
 * Works without a running server: the observatory model is read read-only from the data
 * directory's database (safe while a daemon holds it), or from the bundled demo site when the
 * data directory has no database or cannot be read — the output says which.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src-shared/errors';
import type { VisibilityTarget } from '../../src-shared/ipc/contract';
import { constraintsSchema, targetSchema } from '../../src-shared/schemas';
import type { Clock } from '../clock';
import { DATABASE_FILE, readStoredSitesDump } from './read-only-store';
import { VisibilityService, nightOfDate, tonightSpan } from './visibility-service';

export const VISIBILITY_HELP = `Usage: nightshift visibility --ra DEG --dec DEG [options]

Prints tonight's dark interval, rise/transit/set and observable intervals of a target on each
telescope of the observatory's first site (or one telescope), in UTC and site-local time.

Options:
  --ra DEG            Right ascension, ICRS J2000, degrees (0–360)
  --dec DEG           Declination, ICRS J2000, degrees (−90–90)
  --name N            Target name (default "target")
  --date YYYY-MM-DD   The night starting on this local date (default: tonight)
  --telescope ID      One telescope, e.g. tfn.doma.1m0a (default: all of the first site)
  --max-airmass X     Airmass limit (default 1.6, OCS); --min-moon DEG (default 30)
  --data-dir D        Data directory whose observatory to use (read-only)`;

interface VisibilityFlags {
  ra: number | null;
  dec: number | null;
  name: string;
  date: string | null;
  telescope: string | null;
  maxAirmass: number;
  minMoonDeg: number;
  dataDir: string;
}

function parseFlags(argv: readonly string[], defaultDataDir: string): VisibilityFlags {
  const f: VisibilityFlags = { ra: null, dec: null, name: 'target', date: null, telescope: null, maxAirmass: 1.6, minMoonDeg: 30, dataDir: defaultDataDir };
  const errors: Record<string, string[]> = {};
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || v.trim() === '' || !Number.isFinite(n)) (errors[flag] ??= []).push(`needs a number, got "${v ?? ''}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const [name, inline] = flag.includes('=') ? (flag.split(/=(.*)/s, 2) as [string, string]) : [flag, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (name) {
      case '--ra':
        f.ra = num(name, value());
        break;
      case '--dec':
        f.dec = num(name, value());
        break;
      case '--name':
        f.name = value() ?? 'target';
        break;
      case '--date':
        f.date = value() ?? null;
        break;
      case '--telescope':
        f.telescope = value() ?? null;
        break;
      case '--max-airmass':
        f.maxAirmass = num(name, value());
        break;
      case '--min-moon':
        f.minMoonDeg = num(name, value());
        break;
      case '--data-dir':
        f.dataDir = value() ?? defaultDataDir;
        break;
      default:
        (errors[name] ??= []).push('unknown option');
    }
  }
  if (f.ra === null) (errors['--ra'] ??= []).push('is required');
  if (f.dec === null) (errors['--dec'] ??= []).push('is required');
  if (Object.keys(errors).length > 0) {
    const text = Object.entries(errors).map(([k, v]) => `${k}: ${v.join('; ')}`).join('\n');
    throw new AppError('config.invalid', `Invalid options:\n${text}\n\n${VISIBILITY_HELP}`, errors);
  }
  return f;
}

/** Where the observatory came from, in words for the output. */
function loadSites(dataDir: string, resourcesDir: string): { dump: unknown; source: string } {
  const demoFile = join(resourcesDir, 'demo', 'sites.json');
  const demo = (why: string) => ({ dump: JSON.parse(readFileSync(demoFile, 'utf8')) as unknown, source: `demo site ${demoFile} (${why})` });
  try {
    const stored = readStoredSitesDump(dataDir);
    if (stored === null) return demo(`no observatory in ${dataDir}`);
    return { dump: stored, source: `${join(dataDir, DATABASE_FILE)} (read-only)` };
  } catch (error) {
    return demo(`could not read ${join(dataDir, DATABASE_FILE)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function zoneTime(utcMs: number, timeZone: string, withDate = false): string {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}) });
  return f.format(new Date(utcMs)).replace(',', '');
}

function both(utcMs: number | null, timeZone: string): string {
  if (utcMs === null) return 'none';
  return `${zoneTime(utcMs, 'UTC', true)} UT   ${zoneTime(utcMs, timeZone)} local`;
}

/** Renders one answer as text lines (exported for tests). */
export function formatVisibility(v: VisibilityTarget, source: string, raDeg: number, decDeg: number): string[] {
  const tz = v.timeZone;
  const hours = (ms: number) => `${(ms / 3_600_000).toFixed(1)} h`;
  const lines = [
    `Target ${v.targetName}: RA ${raDeg.toFixed(5)}° Dec ${decDeg >= 0 ? '+' : ''}${decDeg.toFixed(5)}° (ICRS)   airmass ≤ ${v.constraints.maxAirmass}, Moon ≥ ${v.constraints.minLunarDistanceDeg}°`,
    `Observatory: site ${v.siteCode}, time zone ${tz}; from ${source}`,
    '',
    `Sunset          ${both(v.events.sunsetMs, tz)}`,
    `Nautical dusk   ${both(v.events.nauticalDuskMs, tz)}`,
    `Nautical dawn   ${both(v.events.nauticalDawnMs, tz)}`,
    `Sunrise         ${both(v.events.sunriseMs, tz)}`,
  ];
  if (v.darkIntervals.length === 0) lines.push('Dark (Sun < −12°): none in this span');
  for (const d of v.darkIntervals) lines.push(`Dark (Sun < −12°): ${both(d.startMs, tz)}  →  ${both(d.endMs, tz)}  (${hours(d.endMs - d.startMs)})`);
  lines.push(`Moon: ${(v.moonIlluminatedFraction * 100).toFixed(0)}% illuminated`);
  for (const t of v.telescopes) {
    lines.push('', `${t.telescopeId}: horizon ${t.horizonDeg}°, HA ${t.haLimitNegHours}…+${t.haLimitPosHours} h, effective horizon ${t.effectiveHorizonDeg.toFixed(1)}°`);
    const rts = t.riseTransitSet;
    const list = (label: string, xs: number[]) => {
      if (xs.length === 0) lines.push(`  ${label.padEnd(14)}none in this span`);
      for (const x of xs) lines.push(`  ${label.padEnd(14)}${both(x, tz)}`);
    };
    list(`rise (${rts.altitudeDeg}°)`, rts.risesMs);
    list('transit', rts.transitsMs);
    list(`set (${rts.altitudeDeg}°)`, rts.setsMs);
    if (t.observable.length === 0) lines.push('  observable    never in this span');
    for (const o of t.observable) lines.push(`  observable    ${both(o.startMs, tz)}  →  ${both(o.endMs, tz)}  (${hours(o.endMs - o.startMs)})`);
    lines.push(`  total         ${t.observableHours.toFixed(2)} h observable`);
  }
  return lines;
}

/** Runs the command; returns the exit code. */
export function runVisibilityCommand(argv: readonly string[], env: { resourcesDir: string; defaultDataDir: string; clock: Clock; print: (line: string) => void }): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    env.print(VISIBILITY_HELP);
    return 0;
  }
  const f = parseFlags(argv, env.defaultDataDir);
  const ra = f.ra as number;
  const dec = f.dec as number;
  const target = targetSchema.safeParse({ name: f.name, type: 'ICRS', ra, dec });
  const constraints = constraintsSchema.safeParse({ max_airmass: f.maxAirmass, min_lunar_distance: f.minMoonDeg });
  if (!target.success || !constraints.success) {
    const issues = [...(target.error?.issues ?? []), ...(constraints.error?.issues ?? [])].map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError('config.invalid', `Invalid target or constraints:\n${issues.join('\n')}`);
  }
  const { dump, source } = loadSites(f.dataDir, env.resourcesDir);
  const zones = new Map<string, string>();
  const results = (dump as { results?: { code?: string; tz?: string }[] }).results ?? (Array.isArray(dump) ? (dump as { code?: string; tz?: string }[]) : []);
  for (const s of results) if (s.code) zones.set(s.code, s.tz ?? 'UTC');
  const service = new VisibilityService({ sitesDump: () => dump, nowMs: () => env.clock.nowMs(), timeZoneOf: (code) => zones.get(code) ?? 'UTC' });
  const tels = service.telescopes(f.telescope ?? undefined);
  const site = (tels[0] as (typeof tels)[number]).limits.site;
  const span = f.date !== null ? nightOfDate(site, f.date) : tonightSpan(site, env.clock.nowMs());
  const args = { target: target.data, constraints: constraints.data, stepMin: 10, ...(f.telescope !== null ? { telescopeId: f.telescope } : {}) };
  const v = service.target(args, span);
  for (const line of formatVisibility(v, source, ra, dec)) env.print(line);
  return 0;
}
