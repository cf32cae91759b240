/**
 * The night report: per telescope what ran, what failed and why, time open / observing / lost to
 * weather / lost to faults, frames, and efficiency = observing time ÷ dark time. Built from the
 * configuration statuses, the executor journal and the frames table; rendered as JSON and HTML.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { darkIntervals, totalMs, type Interval } from '../../src-shared/astro';
import type { DeviceSite } from '../devices';
import type { Closure, Fault, RequestOutcome } from './night-outcomes';
import { alarmsOf, closuresOf, configurationFaults, observationStatesOf, requestOutcomesOf } from './night-outcomes';

export interface ConfigurationLine {
  statusId: number;
  observationId: number;
  target: string;
  type: string;
  state: string;
  reason: string;
  startUtcMs: number | null;
  endUtcMs: number | null;
  timeCompletedSec: number;
  /** The observation's state (CANCELED ones were re-planned before they started). */
  observationState: string;
}

export interface TelescopeNight {
  telescopeId: string;
  darkSec: number;
  openSec: number;
  /** Σ (summary end − start) of configurations that produced data. */
  observingSec: number;
  lostToWeatherSec: number;
  lostToFaultsSec: number;
  frames: number;
  configurations: ConfigurationLine[];
  completed: number;
  failed: number;
  notAttempted: number;
  /** observingSec ÷ darkSec (0 when there is no dark time). */
  efficiency: number;
  /** Observations overlapping the span, counted per OCS observation state (COMPLETED, FAILED, NOT_ATTEMPTED, ABORTED…). */
  observationStates: Record<string, number>;
  /** Weather/safety closures (daylight left out), in time order. */
  closures: Closure[];
  /** Failures not caused by the weather: failed configurations and securing alarms, in time order. */
  faults: Fault[];
}

export interface NightReport {
  fromUtcMs: number;
  toUtcMs: number;
  telescopes: TelescopeNight[];
  /** Per request with an observation in the span, at any of the report's telescopes, in order of first observation. */
  requests: RequestOutcome[];
}

const parseMs = (s: unknown): number | null => (typeof s === 'string' ? (Number.isNaN(Date.parse(s)) ? null : Date.parse(s)) : null);

/** Sums the parts of [from, to) during which `isOn` holds, from a time-ordered list of switches. */
function onTimeMs(switches: { utcMs: number; on: boolean }[], fromUtcMs: number, toUtcMs: number, initiallyOn = false): number {
  let on = initiallyOn;
  let since = fromUtcMs;
  let sum = 0;
  for (const s of switches) {
    const t = Math.min(Math.max(s.utcMs, fromUtcMs), toUtcMs);
    if (on) sum += t - since;
    on = s.on;
    since = t;
  }
  if (on) sum += toUtcMs - since;
  return sum;
}

export function buildNightReport(raw: BetterSqlite3.Database, telescopes: { telescopeId: string; site: DeviceSite | null }[], fromUtcMs: number, toUtcMs: number): NightReport {
  const out: TelescopeNight[] = [];
  for (const t of telescopes) {
    const [site, enclosure, telescope] = t.telescopeId.split('.');
    const dark: Interval[] = t.site ? darkIntervals(t.site, fromUtcMs, toUtcMs, { twilightAltitudeDeg: -12 }) : [];
    const darkSec = totalMs(dark) / 1000;
    const rows = raw
      .prepare(
        `select cs.id, cs.observation_id, cs.state, cs.summary_json, c.type, r.body_json, c.id as configuration_id, o.state as observation_state from configuration_statuses cs
         join observations o on o.id = cs.observation_id join configurations c on c.id = cs.configuration_id join requests r on r.id = o.request_id
         where o.site = ? and o.enclosure = ? and o.telescope = ? and o.end_utc_ms > ? and o.start_utc_ms < ? order by o.start_utc_ms, o.id, cs.id`,
      )
      .all(site, enclosure, telescope, fromUtcMs, toUtcMs) as { id: number; observation_id: number; state: string; summary_json: string | null; type: string; body_json: string; configuration_id: number; observation_state: string }[];
    const configurations: ConfigurationLine[] = rows.map((r) => {
      const s = r.summary_json ? (JSON.parse(r.summary_json) as { start?: string; end?: string; reason?: string; time_completed?: number }) : {};
      const body = JSON.parse(r.body_json) as { configurations?: { id: number; target?: { name?: string } }[] };
      return {
        statusId: r.id,
        observationId: r.observation_id,
        target: body.configurations?.find((c) => c.id === r.configuration_id)?.target?.name ?? '',
        type: r.type,
        state: r.state,
        reason: s.reason ?? '',
        startUtcMs: parseMs(s.start),
        endUtcMs: parseMs(s.end),
        timeCompletedSec: s.time_completed ?? 0,
        observationState: r.observation_state,
      };
    });
    const span = (c: ConfigurationLine): number => (c.startUtcMs !== null && c.endUtcMs !== null ? Math.max(0, c.endUtcMs - c.startUtcMs) / 1000 : 0);
    const observingSec = configurations.filter((c) => c.timeCompletedSec > 0).reduce((a, c) => a + span(c), 0);
    const lostToFaultsSec = configurations.filter((c) => c.state === 'FAILED' && !/unsafe/.test(c.reason)).reduce((a, c) => a + span(c), 0);
    const journal = raw
      .prepare("select utc_ms, kind, detail_json from night_journal where telescope_id = ? and utc_ms < ? and kind in ('enclosure.opened', 'safety.step', 'safety.state') order by utc_ms, id")
      .all(t.telescopeId, toUtcMs) as { utc_ms: number; kind: string; detail_json: string }[];
    const openSwitches = journal
      .filter((j) => j.kind === 'enclosure.opened' || (j.kind === 'safety.step' && (JSON.parse(j.detail_json) as { step?: string }).step === 'enclosure.close'))
      .map((j) => ({ utcMs: j.utc_ms, on: j.kind === 'enclosure.opened' }));
    const weatherSwitches = journal
      .filter((j) => j.kind === 'safety.state')
      .map((j) => {
        const d = JSON.parse(j.detail_json) as { state?: string; reasons?: string[] };
        const weather = d.state !== 'safe' && (d.reasons ?? []).some((r) => !/^Sun /.test(r) && !/not evaluated/.test(r) && !/unavailable/.test(r));
        return { utcMs: j.utc_ms, on: weather || d.state === 'holding' };
      });
    let lostToWeatherMs = 0;
    for (const d of dark) lostToWeatherMs += onTimeMs(weatherSwitches.filter((s) => s.utcMs < d.endMs), d.startMs, d.endMs, weatherSwitches.filter((s) => s.utcMs < d.startMs).pop()?.on ?? false);
    const frames = (raw
      .prepare('select count(*) as n from frames where site_id = ? and telescope_id = ? and observation_utc_ms >= ? and observation_utc_ms < ?')
      .get(site, telescope, fromUtcMs, toUtcMs) as { n: number }).n;
    out.push({
      telescopeId: t.telescopeId,
      darkSec,
      openSec: onTimeMs(openSwitches.filter((s) => s.utcMs >= fromUtcMs), fromUtcMs, toUtcMs, openSwitches.filter((s) => s.utcMs < fromUtcMs).pop()?.on ?? false) / 1000,
      observingSec,
      lostToWeatherSec: lostToWeatherMs / 1000,
      lostToFaultsSec,
      frames,
      configurations,
      completed: configurations.filter((c) => c.state === 'COMPLETED').length,
      failed: configurations.filter((c) => c.state === 'FAILED').length,
      notAttempted: configurations.filter((c) => c.state === 'NOT_ATTEMPTED').length,
      efficiency: darkSec > 0 ? observingSec / darkSec : 0,
      observationStates: observationStatesOf(raw, t.telescopeId, fromUtcMs, toUtcMs),
      closures: closuresOf(raw, t.telescopeId, fromUtcMs, toUtcMs),
      faults: [...configurationFaults(configurations), ...alarmsOf(raw, t.telescopeId, fromUtcMs, toUtcMs)].sort((a, b) => (a.utcMs ?? 0) - (b.utcMs ?? 0)),
    });
  }
  const lines = new Map<number, ConfigurationLine[]>();
  for (const c of out.flatMap((t) => t.configurations)) lines.set(c.observationId, [...(lines.get(c.observationId) ?? []), c]);
  const requests = requestOutcomesOf(raw, out.map((t) => t.telescopeId), lines, fromUtcMs, toUtcMs);
  return { fromUtcMs, toUtcMs, telescopes: out, requests };
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const hours = (sec: number): string => (sec / 3600).toFixed(2);

/** A self-contained HTML page of the report (no scripts). */
export function renderNightReportHtml(r: NightReport): string {
  const sections = r.telescopes.map((t) => {
    const rows = t.configurations
      .map((c) => `<tr><td>${c.observationId}</td><td>${esc(c.target)}</td><td>${esc(c.type)}</td><td>${esc(c.state)}</td><td>${c.timeCompletedSec.toFixed(0)}</td><td>${esc(c.reason)}</td></tr>`)
      .join('\n');
    return `<section><h2>${esc(t.telescopeId)}</h2>
<p>Dark ${hours(t.darkSec)} h · open ${hours(t.openSec)} h · observing ${hours(t.observingSec)} h · lost to weather ${hours(t.lostToWeatherSec)} h · lost to faults ${hours(t.lostToFaultsSec)} h · frames ${t.frames} · efficiency ${(t.efficiency * 100).toFixed(1)} %</p>
<p>${t.completed} completed, ${t.failed} failed, ${t.notAttempted} not attempted · observations: ${esc(Object.entries(t.observationStates).map(([s, n]) => `${s} ${n}`).join(', ') || 'none')}</p>
${t.closures.length === 0 ? '<p>No weather/safety closures.</p>' : `<p>Closures: ${t.closures.map((c) => `${esc(new Date(c.startUtcMs).toISOString().slice(11, 16))}–${c.endUtcMs === null ? 'end' : esc(new Date(c.endUtcMs).toISOString().slice(11, 16))} UT ${esc(c.cause)} (${esc(c.reasons.join('; '))})`).join(' · ')}</p>`}
${t.faults.length === 0 ? '' : `<p>Faults: ${t.faults.map((f) => esc(`${f.observationId === null ? '' : `#${f.observationId} `}${f.reason}`)).join(' · ')}</p>`}
<table><thead><tr><th>Observation</th><th>Target</th><th>Type</th><th>State</th><th>Exposure s</th><th>Reason</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
  });
  const requestRows = r.requests
    .map((q) => `<tr><td>${q.requestId}</td><td>${esc(q.groupName)}</td><td>${esc(q.proposalId)}</td><td>${esc(q.observationStates.join(', '))}</td><td>${q.configurationsCompleted}/${q.configurationsTotal}</td><td>${q.frames}</td><td>${esc(q.state)}</td><td>${esc(q.reason)}</td></tr>`)
    .join('\n');
  const requests = `<section><h2>Requests</h2><table><thead><tr><th>Request</th><th>Group</th><th>Proposal</th><th>Observations</th><th>Configurations</th><th>Frames</th><th>State</th><th>Reason</th></tr></thead><tbody>
${requestRows}
</tbody></table></section>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Night report ${esc(new Date(r.fromUtcMs).toISOString().slice(0, 10))}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}</style></head>
<body><h1>Night report ${esc(new Date(r.fromUtcMs).toISOString())} – ${esc(new Date(r.toUtcMs).toISOString())}</h1>
${sections.join('\n')}
${requests}
</body></html>`;
}
