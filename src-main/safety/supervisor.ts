/**
 * The safety supervisor: independent of the executor, it reads each telescope's weather station and
 * safety monitor, computes the Sun's altitude and watches device health; when anything is unsafe it
 * secures the telescope (abort exposure → park → close, bounded and verified) and keeps it closed
 * until conditions have been safe for the hold time. Nothing modal: it never waits for a person.
 *
 * States: `safe` (the executor may open) → `unsafe` (just detected) → `securing` → `secured` |
 * `alarm` (securing failed: stays unsafe, retried every poll) → `holding` (safe again, waiting out
 * the hold) → `safe`. At start, while the telescope's devices are still connecting (up to the
 * policy's start-up grace), it stays `unsafe` ("waiting for devices") without securing or alarming.
 */
import { toAppError } from '../../src-shared/errors';
import { sunAltitudeDeg } from '../../src-shared/astro';
import type { Clock } from '../clock';
import type { DeviceManager, DeviceSite, SafetyState, WeatherState } from '../devices';
import type { EventBus } from '../events/bus';
import type { Logger } from '../logging';
import type { Reading, SafetyPolicy, UnsafeReason } from './conditions';
import { DEFAULT_SAFETY_POLICY, unsafeReasons } from './conditions';
import type { SecureResult } from './secure';
import { deviceIdOf, secureTelescope } from './secure';

export type SafetyStateName = 'safe' | 'unsafe' | 'securing' | 'secured' | 'holding' | 'alarm';

export interface SafetyStatus {
  telescopeId: string;
  state: SafetyStateName;
  /** Why it is not safe (empty when safe or holding). */
  reasons: string[];
  /** Set in `alarm`: what could not be secured. */
  alarm: string | null;
  sinceUtcMs: number;
  /** While holding: when it will be safe, UTC ms; null otherwise. */
  reopenAtUtcMs: number | null;
}

/** What the supervisor writes to the night journal (the executor's journal fits this). */
export interface SafetyJournal {
  record(entry: { telescopeId: string; utcMs: number; kind: string; detail?: Record<string, unknown> }): number;
  last(telescopeId: string, prefix: string): { utcMs: number; kind: string; detail: Record<string, unknown> } | null;
}

export interface SafetySupervisorOptions {
  clock: Clock;
  devices: DeviceManager;
  telescopes: { telescopeId: string; site: DeviceSite | null }[];
  journal: SafetyJournal;
  logger: Logger;
  bus?: EventBus;
  policy?: Partial<SafetyPolicy>;
}

export interface SafetySupervisor {
  /** Starts polling every telescope (an evaluation runs at once). */
  start(): void;
  stop(): Promise<void>;
  status(telescopeId: string): SafetyStatus;
  isSafe(telescopeId: string): boolean;
  /** Called on every state change; returns the unsubscribe function. */
  onChange(listener: (status: SafetyStatus) => void): () => void;
  /** One evaluation now (and the securing it starts, awaited). For tests and the console. */
  evaluate(telescopeId: string): Promise<SafetyStatus>;
  readonly policy: SafetyPolicy;
}

interface TelescopeSafety {
  telescopeId: string;
  site: DeviceSite | null;
  status: SafetyStatus;
  /** When conditions last turned safe (start of the hold). */
  holdStartUtcMs: number | null;
  /** Whether the last unsafe spell had reasons other than the Sun (then the hold applies). */
  needsHold: boolean;
  securing: Promise<SecureResult> | null;
  evaluating: Promise<SafetyStatus> | null;
}

const errorText = (thrown: unknown): string => {
  const e = toAppError(thrown);
  return `${e.code}: ${e.message}`;
};

export function createSafetySupervisor(options: SafetySupervisorOptions): SafetySupervisor {
  const policy: SafetyPolicy = { ...DEFAULT_SAFETY_POLICY, ...options.policy };
  const { clock, devices, journal } = options;
  const log = options.logger.child('safety');
  const listeners = new Set<(s: SafetyStatus) => void>();
  const stopper = new AbortController();
  const loops: Promise<void>[] = [];
  /** Until then devices that are still connecting are waited for (set by start()). */
  let graceEndsUtcMs = Number.NEGATIVE_INFINITY;

  const tels = new Map<string, TelescopeSafety>();
  for (const t of options.telescopes) {
    const now = clock.nowMs();
    // Resume what the journal says: a telescope that was not safe when the process stopped starts
    // holding (conditions must prove themselves again); otherwise it starts unknown and is checked now.
    const last = journal.last(t.telescopeId, 'safety.state');
    const wasUnsafe = last !== null && last.detail['state'] !== 'safe';
    tels.set(t.telescopeId, {
      telescopeId: t.telescopeId,
      site: t.site,
      status: { telescopeId: t.telescopeId, state: wasUnsafe ? 'secured' : 'unsafe', reasons: ['not evaluated yet'], alarm: null, sinceUtcMs: now, reopenAtUtcMs: null },
      holdStartUtcMs: null,
      needsHold: wasUnsafe,
      securing: null,
      evaluating: null,
    });
  }

  const get = (telescopeId: string): TelescopeSafety => {
    const t = tels.get(telescopeId);
    if (!t) throw new Error(`safety: unknown telescope ${telescopeId}`);
    return t;
  };

  const setState = (t: TelescopeSafety, state: SafetyStateName, reasons: string[], alarm: string | null, reopenAtUtcMs: number | null = null): void => {
    const prev = t.status;
    if (prev.state === state && prev.alarm === alarm && JSON.stringify(prev.reasons) === JSON.stringify(reasons)) return;
    const now = clock.nowMs();
    t.status = { telescopeId: t.telescopeId, state, reasons, alarm, sinceUtcMs: prev.state === state ? prev.sinceUtcMs : now, reopenAtUtcMs };
    if (prev.state !== state || prev.alarm !== alarm) {
      journal.record({ telescopeId: t.telescopeId, utcMs: now, kind: 'safety.state', detail: { state, from: prev.state, reasons, alarm, reopenAtUtcMs } });
      const fields = { telescopeId: t.telescopeId, state, reasons, alarm };
      if (state === 'alarm') log.error('telescope could not be secured', fields);
      else log.info('safety state', fields);
    }
    options.bus?.publish('safety.changed', { telescopeId: t.telescopeId, state, reasons, alarm, utcMs: now });
    for (const l of listeners) {
      try {
        l(t.status);
      } catch (error) {
        log.error('safety listener failed', { error: errorText(error) });
      }
    }
  };

  const readWith = async <S>(telescopeId: string, kind: 'weather' | 'safety', fn: () => Promise<S>): Promise<Reading<S> | null> => {
    if (deviceIdOf(devices, telescopeId, kind) === null) return null;
    try {
      return { ok: true, state: await fn() };
    } catch (thrown) {
      return { ok: false, error: errorText(thrown) };
    }
  };
  const readWeather = (id: string): Promise<Reading<WeatherState> | null> =>
    readWith(id, 'weather', () => devices.command(id, 'weather', (d, signal) => d.readState({ signal, timeoutMs: 10_000 })));
  const readSafety = (id: string): Promise<Reading<SafetyState> | null> =>
    readWith(id, 'safety', () => devices.command(id, 'safety', (d, signal) => d.readState({ signal, timeoutMs: 10_000 })));

  const secure = (t: TelescopeSafety, reasons: string[]): Promise<SecureResult> => {
    if (t.securing) return t.securing;
    // A retry after an alarm stays an alarm until it succeeds: the console keeps showing the fault.
    if (t.status.state !== 'alarm') setState(t, 'securing', reasons, null);
    const p = secureTelescope(devices, t.telescopeId, policy.stepTimeoutMs, (step) => {
      journal.record({ telescopeId: t.telescopeId, utcMs: clock.nowMs(), kind: 'safety.step', detail: { step } });
    }).then((result) => {
      t.securing = null;
      journal.record({ telescopeId: t.telescopeId, utcMs: clock.nowMs(), kind: result.ok ? 'safety.secured' : 'safety.alarm', detail: { steps: result.steps } });
      if (result.ok) setState(t, 'secured', reasons, null);
      else setState(t, 'alarm', reasons, result.alarm);
      return result;
    });
    t.securing = p;
    return p;
  };

  /** The telescope's devices that have not connected yet (during the start-up grace only). */
  const stillConnecting = (t: TelescopeSafety): string[] => {
    if (clock.nowMs() >= graceEndsUtcMs) return [];
    return devices
      .snapshot()
      .filter((s) => s.telescopeId === t.telescopeId && s.connection.status !== 'connected')
      .map((s) => `${s.deviceId} ${s.connection.status}`);
  };

  const evaluateOnce = async (t: TelescopeSafety): Promise<SafetyStatus> => {
    const waiting = stillConnecting(t);
    if (waiting.length > 0) {
      // Not judged yet: nothing to secure against (and nothing connected to secure with).
      const reasons = [`waiting for devices to connect: ${waiting.join(', ')}`];
      setState(t, t.status.state === 'secured' ? 'secured' : 'unsafe', reasons, null);
      return t.status;
    }
    const now = clock.nowMs();
    const [weather, safety] = await Promise.all([readWeather(t.telescopeId), readSafety(t.telescopeId)]);
    const sun = t.site === null ? null : sunAltitudeDeg(t.site, now);
    const reasons: UnsafeReason[] = unsafeReasons({ nowUtcMs: clock.nowMs(), weather, safety, sunAltitudeDeg: sun }, policy);
    const texts = reasons.map((r) => r.text);
    const s = t.status.state;
    if (reasons.length > 0) {
      // Weather and the safety monitor must prove themselves for the hold; the Sun and devices coming back need not.
      if (reasons.some((r) => r.category === 'weather' || r.category === 'safety')) t.needsHold = true;
      t.holdStartUtcMs = null;
      if (s === 'safe' || s === 'holding') setState(t, 'unsafe', texts, null);
      if (s === 'securing') {
        setState(t, 'securing', texts, t.status.alarm);
      } else if (s === 'secured') {
        setState(t, 'secured', texts, null);
      } else {
        // unsafe, alarm (retry: a transient fault may have cleared), or just turned unsafe.
        await secure(t, texts);
      }
      return t.status;
    }
    // Conditions are safe.
    if (s === 'safe') return t.status;
    if (s === 'securing' || s === 'alarm') {
      // An enclosure we could not close stays an alarm until securing succeeds.
      if (s === 'alarm') await secure(t, t.status.reasons);
      return t.status;
    }
    if (!t.needsHold) {
      setState(t, 'safe', [], null);
      return t.status;
    }
    t.holdStartUtcMs ??= now;
    const reopenAt = t.holdStartUtcMs + policy.holdMs;
    if (now >= reopenAt) {
      t.needsHold = false;
      t.holdStartUtcMs = null;
      setState(t, 'safe', [], null);
    } else {
      setState(t, 'holding', [], null, reopenAt);
    }
    return t.status;
  };

  const evaluate = (telescopeId: string): Promise<SafetyStatus> => {
    const t = get(telescopeId);
    if (t.evaluating) return t.evaluating;
    const p = evaluateOnce(t).finally(() => {
      t.evaluating = null;
    });
    t.evaluating = p;
    return p;
  };

  const loop = async (t: TelescopeSafety): Promise<void> => {
    while (!stopper.signal.aborted) {
      try {
        await evaluate(t.telescopeId);
      } catch (error) {
        log.error('safety evaluation failed', { telescopeId: t.telescopeId, error: errorText(error) });
      }
      try {
        await clock.sleep(policy.pollMs, stopper.signal);
      } catch {
        return;
      }
    }
  };

  let started = false;
  return {
    policy,
    start() {
      if (started) return;
      started = true;
      graceEndsUtcMs = clock.nowMs() + policy.startupGraceMs;
      for (const t of tels.values()) loops.push(loop(t));
    },
    async stop() {
      stopper.abort();
      await Promise.all(loops);
      for (const t of tels.values()) if (t.securing) await t.securing;
    },
    status: (telescopeId) => ({ ...get(telescopeId).status }),
    isSafe: (telescopeId) => get(telescopeId).status.state === 'safe',
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    evaluate,
  };
}
