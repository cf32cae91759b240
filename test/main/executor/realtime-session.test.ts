/**
 * A real-time session (OCS `REAL_TIME`: the telescope booked for a person) is not the robotic
 * loop's to run or to close out: the executor stands aside for its span, leaves its configuration
 * statuses to the session's user, and picks the schedule up again afterwards.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createNightHarness, planNight, type NightHarness } from '../../integration/night/harness';

const START = Date.parse('2026-11-21T20:00:00Z');
const MIN = 60_000;
const TEL = 'tfn.clma.0m4a';

describe('executor: real-time sessions', () => {
  let h: NightHarness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it('stands aside for a REAL_TIME observation, then runs the next one', { timeout: 60_000 }, async () => {
    const n = await createNightHarness({ startUtcMs: START, telescopeIds: [TEL] });
    h = n;
    const ids = await planNight(n, START + 2 * MIN, START + 120 * MIN, [TEL]);
    const sessionId = ids[0];
    if (sessionId === undefined || ids.length < 2) throw new Error('need at least two planned observations');
    // Make the first observation a real-time booking (as /api/realtime/ stores them).
    const session = await n.database.db.selectFrom('observations').select(['request_id', 'start_utc_ms', 'end_utc_ms']).where('id', '=', sessionId).executeTakeFirstOrThrow();
    const request = await n.database.db.selectFrom('requests').select('request_group_id').where('id', '=', session.request_id).executeTakeFirstOrThrow();
    await n.database.db.updateTable('request_groups').set({ observation_type: 'REAL_TIME' }).where('id', '=', request.request_group_id).execute();

    n.executors.start();
    await n.runUntil(session.start_utc_ms + 2 * MIN);
    const during = n.executors.status().find((s) => s.telescopeId === TEL);
    expect(during?.phase).toBe('realtime');
    expect(during?.observationId).toBe(sessionId);

    await n.runUntil(START + 120 * MIN);
    // Nothing was exposed for the session and its statuses were left as booked.
    const exposures = await n.database.db.selectFrom('executor_exposures').select(['observation_id']).execute();
    expect(exposures.filter((e) => e.observation_id === sessionId)).toEqual([]);
    const statuses = await n.database.db.selectFrom('configuration_statuses').select('state').where('observation_id', '=', sessionId).execute();
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s.state === 'PENDING')).toBe(true);
    // …and the robotic loop carried on with the schedule after it.
    expect(exposures.some((e) => e.observation_id !== sessionId)).toBe(true);
  });
});
