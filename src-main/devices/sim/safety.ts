/**
 * Simulated safety monitor: follows the world's weather station verdict when there is one, else
 * `options.safe` (default true); `setSafe()` overrides both from tests.
 */
import type { Clock } from '../../clock';
import type { SafetyMonitor, SafetyState } from '../types';
import { SimDevice, boolOption, strOption } from './base';
import type { SimWorld } from './world';

export class SimSafetyMonitor extends SimDevice<'safety'> implements SafetyMonitor {
  private override_: boolean | null = null;
  private readonly fallback: boolean;

  constructor(id: string, clock: Clock, world: SimWorld, options?: Record<string, unknown>) {
    super('safety', id, strOption(options, 'name', 'Nightshift Sim Safety Monitor'), clock, world);
    this.fallback = boolOption(options, 'safe', true);
  }

  /** Forces the verdict (null = follow the weather again). */
  setSafe(safe: boolean | null): void {
    this.override_ = safe;
  }

  protected currentState(): SafetyState {
    const safe = this.override_ ?? this.world.weatherSafe?.() ?? this.fallback;
    return { kind: 'safety', ...this.stateBase(), safe };
  }
}
