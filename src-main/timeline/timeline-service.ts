import { nightEvents } from '../../src-shared/astro';
import type { Timeline, TimelineBlock } from '../../src-shared/ipc/contract';
import type { Clock } from '../clock';
import type { ObservatoryService } from '../observatory';

/** Where the timeline's blocks come from (the scheduler's observations, downtime, weather holds). */
export interface TimelineBlockSource {
  blocksBetween(siteCode: string, startMs: number, endMs: number): TimelineBlock[];
}

const HOUR_MS = 3_600_000;

/** Tonight at a site: the Sun's events and the blocks scheduled between sunset and sunrise. */
export class TimelineService {
  private readonly sources: TimelineBlockSource[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly observatory: ObservatoryService,
  ) {}

  addSource(source: TimelineBlockSource): void {
    this.sources.push(source);
  }

  tonight(siteCode?: string): Timeline {
    const site = this.observatory.site(siteCode);
    const geo = { latitudeDeg: site.latitudeDeg, longitudeDeg: site.longitudeDeg, elevationM: site.elevationM };
    const now = this.clock.nowMs();
    // After this morning's sunrise (plus the hour the view keeps), "tonight" is the coming night.
    let events = nightEvents(geo, now);
    if (events.sunriseMs !== null && now > events.sunriseMs + HOUR_MS) events = nightEvents(geo, now + 12 * HOUR_MS);
    // The view spans sunset − 1 h to sunrise + 1 h; without a sunset/sunrise (polar day or
    // night) it spans the 24 h from the local noon of this night.
    const noonMs = now - (((now + (site.longitudeDeg / 15) * HOUR_MS - 12 * HOUR_MS) % (24 * HOUR_MS)) + 24 * HOUR_MS) % (24 * HOUR_MS);
    const nightStartMs = events.sunsetMs !== null ? events.sunsetMs - HOUR_MS : noonMs;
    const nightEndMs = events.sunriseMs !== null ? events.sunriseMs + HOUR_MS : noonMs + 24 * HOUR_MS;
    const blocks = this.sources.flatMap((s) => s.blocksBetween(site.code, nightStartMs, nightEndMs));
    return { siteCode: site.code, nightStartMs, nightEndMs, events, blocks };
  }
}
