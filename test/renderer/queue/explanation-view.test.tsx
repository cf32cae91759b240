import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ScheduleExplanation, ScheduleRun } from '../../../src-shared/ipc/contract';
import { ExplanationView, REASONS } from '../../../src-renderer/features/night/ExplanationPanel';

const run: ScheduleRun = {
  id: 7, kind: 'normal', trigger: 'queue.changed', startedMs: 0, nowMs: 0, horizonEndMs: 1, inputHash: 'x', requestCount: 27, telescopeCount: 2,
  buildMs: 3, solveMs: 720.4, persistMs: 2, method: 'exact', objective: 10, upperBound: 10, gap: 0, optimal: true, blockCount: 23,
  createdCount: 0, canceledCount: 0, keptCount: 23, status: 'ok', error: null,
};
const base = { requestId: 42, effectivePriority: 12.5, candidateCount: 31, why: 'because' };
/** Text only (tags dropped, entities decoded), as a reader sees it. */
const text = (html: string): string => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('the queue’s explanation of a request (the night view’s panel body)', () => {
  it('says where and when a scheduled request runs, in the site’s local time, and the run’s quality', () => {
    const startMs = Date.parse('2026-11-21T21:05:00Z');
    const e: ScheduleExplanation = { ...base, scheduled: true, telescopeId: 'tfn.doma.1m0a', startMs, endMs: startMs + 40 * 60_000, reason: null, by: [] };
    const out = text(renderToStaticMarkup(<ExplanationView requestId={42} explanation={e} run={run} error={null} timeZone="Atlantic/Canary" hint="" />));
    // Canary time is UTC+0 in November (WET): 21:05–21:45.
    expect(out).toContain('Request 42');
    expect(out).toContain('Scheduled');
    expect(out).toMatch(/tfn\.doma\.1m0a · 21:05\s*–\s*21:45/);
    expect(out).toContain('Last run #7');
    expect(out).toContain('(optimal)');
    expect(out).toContain('Effective priority 12.5 · 31 candidate starts');
  });

  it('says why not, and who took the time, for an outcompeted request', () => {
    const e: ScheduleExplanation = { ...base, scheduled: false, telescopeId: null, startMs: null, endMs: null, reason: 'outcompeted', by: [5, 9], why: 'its starts overlap higher-priority blocks' };
    const out = text(renderToStaticMarkup(<ExplanationView requestId={42} explanation={e} run={null} error={null} timeZone="UTC" hint="" />));
    expect(out).toContain('Not scheduled');
    expect(out).toContain(REASONS['outcompeted']);
    expect(out).toContain('Its time went to requests 5, 9.');
    expect(out).toContain('No scheduler run yet');
  });

  it('shows the hint with no selection, and the error or the absence of an explanation honestly', () => {
    expect(text(renderToStaticMarkup(<ExplanationView requestId={null} explanation={null} run={null} error={null} timeZone="UTC" hint="Click a request" />))).toContain('Click a request');
    expect(text(renderToStaticMarkup(<ExplanationView requestId={3} explanation={null} run={null} error="boom" timeZone="UTC" hint="" />))).toContain('boom');
    expect(text(renderToStaticMarkup(<ExplanationView requestId={3} explanation={null} run={null} error={null} timeZone="UTC" hint="" />))).toContain('Request 3: not explained by any scheduler run yet.');
  });
});
