/**
 * The local OCS portal: request-group creation throughput (through the HTTP API and direct via
 * the service, both one durable transaction per group with synchronous=FULL) and the
 * `/api/requestgroups/` list latency with 100k stored request groups.
 * Goals: ≥ 100 creates/s through the API; list p99 ≤ 100 ms at 100k groups. The target filter
 * is also timed with its pre-0006 query (a LIKE over every request row) for a before/after.
 */
import { demoGroup, startPortal } from '../test/main/portal/portal-fixture';

const CREATE_GOAL_PER_SEC = 100;
const LIST_P99_GOAL_MS = 100;
const TARGET_GROUPS = 100_000;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export default async (): Promise<void> => {
  const f = await startPortal();
  try {
    const headers = { Authorization: `Token ${f.tokens['demo']}`, 'Content-Type': 'application/json' };
    const caller = { id: 0, username: 'demo', isStaff: true, isSuperuser: false };
    const user = await f.database.db.selectFrom('users').select('id').where('username', '=', 'demo').executeTakeFirstOrThrow();
    caller.id = user.id;

    // Creation through the API, sequential then 8 clients.
    const n = 300;
    let t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${f.url}/api/requestgroups/`, { method: 'POST', headers, body: JSON.stringify(demoGroup({ name: `bench api ${i}` })) });
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
    }
    const apiSeq = n / ((performance.now() - t0) / 1000);
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async (_x, c) => {
        for (let i = 0; i < n / 8; i++) {
          const res = await fetch(`${f.url}/api/requestgroups/`, { method: 'POST', headers, body: JSON.stringify(demoGroup({ name: `bench par ${c}-${i}` })) });
          if (res.status !== 201) throw new Error(`create failed: ${res.status}`);
        }
      }),
    );
    const apiPar = n / ((performance.now() - t0) / 1000);
    t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const r = await f.portal.createRequestGroup(demoGroup({ name: `bench direct ${i}` }), caller);
      if (!r.ok) throw new Error('direct create failed');
    }
    const direct = n / ((performance.now() - t0) / 1000);
    console.log(`create via API, 1 client:   ${apiSeq.toFixed(0)} groups/s (goal ${CREATE_GOAL_PER_SEC}/s, ratio ${(apiSeq / CREATE_GOAL_PER_SEC).toFixed(2)})`);
    console.log(`create via API, 8 clients:  ${apiPar.toFixed(0)} groups/s`);
    console.log(`create direct (service):    ${direct.toFixed(0)} groups/s`);

    // Fill to 100k groups by copying the created rows in bulk (the list cost depends on row count, not origin).
    const raw = f.database.raw;
    t0 = performance.now();
    raw.pragma('synchronous = OFF');
    const fill = raw.transaction(() => {
      const templates = raw.prepare('select id from request_groups order by id').all() as { id: number }[];
      const insertGroup = raw.prepare(
        `insert into request_groups (proposal_id, submitter, name, observation_type, operator, ipp_value, state, created_utc_ms, modified_utc_ms, body_json)
         select proposal_id, submitter, name || ' #' || ?, observation_type, operator, ipp_value, ?, created_utc_ms - ?, modified_utc_ms, body_json from request_groups where id = ?`,
      );
      const insertRequests = raw.prepare(
        `insert into requests (request_group_id, state, duration_sec, modified_utc_ms, body_json, telescope_class, target_names, window_start_utc_ms, window_end_utc_ms, semester_id, acceptability_threshold, created_utc_ms)
         select ?, state, duration_sec, modified_utc_ms, body_json, telescope_class, target_names, window_start_utc_ms, window_end_utc_ms, semester_id, acceptability_threshold, created_utc_ms from requests where request_group_id = ?`,
      );
      const states = ['PENDING', 'COMPLETED', 'WINDOW_EXPIRED', 'CANCELED'];
      let count = (raw.prepare('select count(*) n from request_groups').get() as { n: number }).n;
      for (let i = 0; count < TARGET_GROUPS; i++, count++) {
        const tpl = templates[i % templates.length]!.id;
        const g = insertGroup.run(i, states[i % states.length], i * 1000, tpl);
        insertRequests.run(g.lastInsertRowid, tpl);
      }
    });
    fill();
    raw.pragma('synchronous = FULL');
    raw.exec('analyze');
    console.log(`filled to ${TARGET_GROUPS} request groups in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // The fill blocked the event loop past the keep-alive timeout: drop the idle sockets first.
    await fetch(`${f.url}/api/semesters/`, { headers: { Connection: 'close' } }).catch(() => undefined);
    const someRequest = (raw.prepare('select id from requests order by id desc limit 1 offset 5000').get() as { id: number }).id;
    const queries = [
      '/api/requestgroups/',
      '/api/requestgroups/?state=PENDING',
      '/api/requestgroups/?proposal=NS2026-GAL&limit=50',
      '/api/requestgroups/?target=m1',
      '/api/requestgroups/?telescope_class=0m4&state=PENDING',
      `/api/requestgroups?request_id=${someRequest}`,
      '/api/requestgroups/?offset=50000',
      '/api/requestgroups/?name=bench&order=-created',
    ];
    for (const q of queries) {
      const times: number[] = [];
      for (let i = 0; i < 60; i++) {
        const s = performance.now();
        const res = await fetch(`${f.url}${q}`, { headers }).catch(() => fetch(`${f.url}${q}`, { headers }));
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`list failed ${res.status}`);
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      const p99 = pct(times, 99);
      console.log(`list ${q.padEnd(52)} p50 ${pct(times, 50).toFixed(1)} ms  p99 ${p99.toFixed(1)} ms (goal ${LIST_P99_GOAL_MS} ms, ratio ${(p99 / LIST_P99_GOAL_MS).toFixed(2)})`);
    }

    // Target filter before/after migration 0006: "before" is the pre-0006 query (a LIKE over every
    // request row) run on the same database; "after" is the endpoint (FTS5 trigram table).
    const legacyCount = raw.prepare(
      `select count(*) n from request_groups where id in (select request_group_id from requests where target_names like ? escape '\\')`,
    );
    const legacyPage = raw.prepare(
      `select id from request_groups where id in (select request_group_id from requests where target_names like ? escape '\\') order by id desc limit 10`,
    );
    // Measured "after" first: the legacy scans evict the page cache and block the event loop.
    const results: { needle: string; before: number[]; after: number[] }[] = [];
    for (const needle of ['m1', 'cep', 'wasp-12']) {
      const after: number[] = [];
      const path = `/api/requestgroups/?target=${encodeURIComponent(needle)}`;
      for (let i = 0; i < 60; i++) {
        const s = performance.now();
        const res = await fetch(`${f.url}${path}`, { headers }).catch(() => fetch(`${f.url}${path}`, { headers }));
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`list failed ${res.status}`);
        after.push(performance.now() - s);
      }
      results.push({ needle, before: [], after: after.sort((x, y) => x - y) });
    }
    for (const r of results) {
      for (let i = 0; i < 10; i++) {
        const s = performance.now();
        legacyCount.get(`%${r.needle}%`);
        legacyPage.all(`%${r.needle}%`);
        r.before.push(performance.now() - s);
      }
      r.before.sort((x, y) => x - y);
      const p99 = pct(r.after, 99);
      console.log(
        `target=${r.needle.padEnd(8)} before (pre-0006 LIKE scan, SQL only, 10 runs) p50 ${pct(r.before, 50).toFixed(1)} ms max ${pct(r.before, 99).toFixed(1)} ms; ` +
          `after (FTS5, through HTTP) p50 ${pct(r.after, 50).toFixed(1)} ms p99 ${p99.toFixed(1)} ms (goal ${LIST_P99_GOAL_MS} ms, ratio ${(p99 / LIST_P99_GOAL_MS).toFixed(2)})`,
      );
    }
  } finally {
    await f.close();
  }
};
