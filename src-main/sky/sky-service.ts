import { nightPhaseForSunAltitude, sunAltitudeDeg } from '../../src-shared/astro';
import type { SkyStatus } from '../../src-shared/ipc/contract';
import type { Clock } from '../clock';
import type { EventBus } from '../events/bus';
import type { ObservatoryService } from '../observatory';

/**
 * The site's sky state (Sun altitude, night phase) now, and a `clock.tick` event about once per
 * real second: every `speed` seconds of clock time, so a 600× night still ticks once a second.
 */
export class SkyService {
  private stop: (() => void) | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly observatory: ObservatoryService,
    private readonly bus: EventBus,
  ) {}

  status(): SkyStatus {
    const site = this.observatory.site();
    const utcMs = this.clock.nowMs();
    const sunAlt = sunAltitudeDeg({ latitudeDeg: site.latitudeDeg, longitudeDeg: site.longitudeDeg, elevationM: site.elevationM }, utcMs);
    return { utcMs, siteCode: site.code, sunAltitudeDeg: sunAlt, nightPhase: nightPhaseForSunAltitude(sunAlt) };
  }

  start(): void {
    if (this.stop || this.clock.speed === 0) return;
    this.stop = this.clock.every(1000 * Math.max(1, this.clock.speed), () => {
      if (this.observatory.listSites().length > 0) this.bus.publish('clock.tick', this.status());
    });
  }

  dispose(): void {
    this.stop?.();
    this.stop = null;
  }
}
