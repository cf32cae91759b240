/**
 * Where a running observation may be interrupted (ocs-contract §9.5): at a configuration boundary,
 * never inside a configuration. The boundary comes from the executor's configuration statuses:
 * the ATTEMPTED configuration ends at its ATTEMPTED time plus its estimated duration (the portal's
 * duration rules, with the slew / change overheads that precede it in the sequence); with none
 * ATTEMPTED the executor is between configurations (or has not started) and may stop now.
 *
 * Only the NEXT boundary is offered: an interruption marks every configuration after it
 * NOT_ATTEMPTED at once, and the portal derives FAILED for an observation holding a NOT_ATTEMPTED
 * status (§3.4), after which the executor starts nothing more of it. "Run two more
 * configurations, then stop" cannot be represented, so the observation stops after the current
 * one, as an OCS site does when its schedule changes under it.
 */
import { overheadsFor, requestDuration, type DurationConfiguration, type OverheadsLookup } from '../../../src-shared/ocs';
import type { ConfigdbView, Db } from '../../portal';

type StoredConfiguration = DurationConfiguration & { id?: number };

/** The overheads lookup of the configdb snapshot. */
export function overheadsLookup(view: ConfigdbView): OverheadsLookup {
  return (type) => {
    const entry = view.index.instrumentTypes.get(type);
    return entry ? overheadsFor(entry) : null;
  };
}

/**
 * Per-status durations in execution order (status id order: configuration priority, then
 * `configuration_repeats` passes): the growth of the request duration as each one is added.
 */
export function statusDurationsSec(configs: readonly (DurationConfiguration | null)[], overheadsOf: OverheadsLookup): number[] {
  const out: number[] = [];
  const prefix: DurationConfiguration[] = [];
  let before = 0;
  for (const c of configs) {
    if (c === null) {
      out.push(0);
      continue;
    }
    prefix.push(c);
    const after = requestDuration({ configuration_repeats: 1, configurations: prefix }, overheadsOf).durationSec;
    out.push(Math.max(0, after - before));
    before = after;
  }
  return out;
}

/**
 * The next safe interruption point of each given running observation, UTC ms ≥ `nowMs`, by
 * observation id. Observations not found get none (the kernel then treats them as abortable now).
 */
export async function nextSafePoints(db: Db, view: ConfigdbView, observationIds: readonly number[], nowMs: number): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (observationIds.length === 0) return out;
  const lookup = overheadsLookup(view);
  const bodies = await db
    .selectFrom('observations')
    .innerJoin('requests', 'requests.id', 'observations.request_id')
    .select(['observations.id', 'requests.body_json'])
    .where('observations.id', 'in', [...observationIds])
    .execute();
  const statuses = await db
    .selectFrom('configuration_statuses')
    .select(['id', 'observation_id', 'configuration_id', 'state', 'modified_utc_ms'])
    .where('observation_id', 'in', [...observationIds])
    .orderBy('id')
    .execute();
  for (const b of bodies) {
    const configs = (JSON.parse(b.body_json) as { configurations?: StoredConfiguration[] }).configurations ?? [];
    const mine = statuses.filter((s) => s.observation_id === b.id);
    const durations = statusDurationsSec(mine.map((s) => configs.find((c) => c.id === s.configuration_id) ?? null), lookup);
    let at = nowMs;
    // The last ATTEMPTED status is the configuration being executed; its ATTEMPTED report is its
    // last modification (the summary arrives with the terminal state).
    for (let i = mine.length - 1; i >= 0; i--) {
      const s = mine[i];
      if (s?.state !== 'ATTEMPTED') continue;
      // An overrun (estimate already passed) still ends at a boundary: as soon as it finishes.
      // Whole seconds, as OCS times are.
      at = Math.max(nowMs, Math.ceil((s.modified_utc_ms + (durations[i] ?? 0) * 1000) / 1000) * 1000);
      break;
    }
    out.set(b.id, at);
  }
  return out;
}
