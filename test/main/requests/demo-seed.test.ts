import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importSites } from '../../../src-main/configdb';
import { validateRequestGroup } from '../../../src-main/requests';
import { demoProposalsFileSchema, materializeDemoRequestGroups } from '../../../src-shared/schemas';
import { buildConfigdbIndex } from '../../../src-shared/ocs';

const load = (rel: string): unknown => JSON.parse(readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8'));

describe('demo observatory seed', () => {
  const sites = importSites(load('../../../resources/demo/sites.json'));
  if (!sites.ok) throw new Error('demo sites');
  const index = buildConfigdbIndex(sites.sites);
  const demo = demoProposalsFileSchema.parse(load('../../../resources/demo/proposals.json'));
  for (const seed of [Date.UTC(2026, 10, 21, 12), Date.UTC(2027, 5, 1), Date.UTC(2028, 9, 10)]) {
    it(`every demo request group validates at ${new Date(seed).toISOString()}`, () => {
      for (const s of materializeDemoRequestGroups(load('../../../resources/demo/requestgroups.json'), seed, demo.semesters)) {
        const proposal = demo.proposals.find((p) => p.id === s.payload['proposal']) ?? null;
        const user = demo.users.find((u) => u.username === s.submitter);
        const r = validateRequestGroup(s.payload, {
          index, nowUtcMs: seed, user: { username: s.submitter, isStaff: user?.is_staff ?? false }, proposal,
          semesters: demo.semesters, userTimeUsedHours: 0, visibility: null,
        });
        expect({ name: s.payload['name'], errors: r.errors }).toEqual({ name: s.payload['name'], errors: {} });
      }
    });
  }
});
