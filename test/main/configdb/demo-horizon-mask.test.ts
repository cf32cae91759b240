/**
 * The demo observatory's 0.4 m carries a horizon mask (a neighbouring dome and the ridge to the
 * east). Its sample requests must stay schedulable: every 0.4 m demo group that passes the
 * validator's visibility rule with a flat horizon passes it with the mask too.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importSites } from '../../../src-main/configdb';
import { validateRequestGroup } from '../../../src-main/requests';
import { demoProposalsFileSchema, materializeDemoRequestGroups, type SitesResponse } from '../../../src-shared/schemas';
import { maskAltitudeDeg } from '../../../src-shared/astro';
import { buildConfigdbIndex, makeVisibilityFn, toHorizonMaskPoints } from '../../../src-shared/ocs';

const load = (rel: string): unknown => JSON.parse(readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8'));

function demoSites(withMask: boolean): SitesResponse {
  const raw = load('../../../resources/demo/sites.json') as { results: { enclosure_set: { telescope_set: Record<string, unknown>[] }[] }[] };
  if (!withMask) for (const s of raw.results) for (const e of s.enclosure_set) for (const t of e.telescope_set) delete t['horizon_mask'];
  const r = importSites(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.sites;
}

describe('demo horizon mask', () => {
  const masked = demoSites(true);
  const flat = demoSites(false);
  const demo = demoProposalsFileSchema.parse(load('../../../resources/demo/proposals.json'));

  it('the 0.4 m mask blocks 25–35° between azimuth 60° and 120° and nothing else above the flat horizon', () => {
    const tel = masked.results[0]?.enclosure_set.find((e) => e.code === 'clma')?.telescope_set[0];
    if (!tel) throw new Error('demo 0.4 m');
    expect(tel.horizon_mask?.length).toBeGreaterThanOrEqual(3);
    const at = (az: number) => maskAltitudeDeg(toHorizonMaskPoints(tel.horizon_mask), az);
    for (let az = 60; az <= 120; az += 5) {
      expect(at(az)).toBeGreaterThanOrEqual(25);
      expect(at(az)).toBeLessThanOrEqual(35);
    }
    for (const az of [0, 30, 150, 180, 270, 350]) expect(at(az)).toBeLessThanOrEqual(tel.horizon);
  });

  // One seed (the console's demo night) and the 0.4 m groups only (the 1 m has no mask); windows
  // clipped to their first three nights keep the visibility work to a few seconds.
  const seed = Date.UTC(2026, 10, 21, 12);
  it(`every 0.4 m demo group visible with a flat horizon is still visible with the mask (seed ${new Date(seed).toISOString()})`, () => {
    const validate = (sites: SitesResponse, payload: Record<string, unknown>, submitter: string) => {
      const proposal = demo.proposals.find((p) => p.id === payload['proposal']) ?? null;
      const user = demo.users.find((u) => u.username === submitter);
      return validateRequestGroup(payload, {
        index: buildConfigdbIndex(sites), nowUtcMs: seed, user: { username: submitter, isStaff: user?.is_staff ?? false }, proposal,
        semesters: demo.semesters, userTimeUsedHours: 0, visibility: makeVisibilityFn(buildConfigdbIndex(sites), sites, seed),
      }).errors;
    };
    const clip = (end: unknown) => new Date(Math.min(Date.parse(String(end)), seed + 72 * 3600_000)).toISOString();
    let checked = 0;
    for (const s of materializeDemoRequestGroups(load('../../../resources/demo/requestgroups.json'), seed, demo.semesters)) {
      const requests = s.payload['requests'] as { windows?: { start?: string; end: string }[]; configurations: { instrument_type: string }[] }[];
      if (!requests.every((r) => r.configurations.every((c) => c.instrument_type.startsWith('0M4')))) continue;
      const payload: Record<string, unknown> = { ...s.payload, requests: requests.map((r) => ({ ...r, windows: (r.windows ?? []).map((w) => ({ ...w, end: clip(w.end) })) })) };
      if (Object.keys(validate(flat, payload, s.submitter)).length > 0) continue;
      checked++;
      expect({ name: payload['name'], errors: validate(masked, payload, s.submitter) }).toEqual({ name: payload['name'], errors: {} });
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });
});
