/** The night report (JSON + HTML), the night's span (DAY-OBS), and the console's report/observation reads. */
export type { ConfigurationLine, NightReport, TelescopeNight } from './night-report';
export { buildNightReport, renderNightReportHtml } from './night-report';
export type { Closure, Fault, RequestOutcome } from './night-outcomes';
export { DEFAULT_NIGHT_SWITCH_HOUR, defaultDayObs, nightSpanUtcMs, normalizeDayObs } from './night-span';
export type { ConfigurationDetail, InstrumentConfigDetail, ObservationDetail } from './observation-detail';
export { readObservationDetail } from './observation-detail';
export type { NightReportView, ReportSource, ReportSourceDeps } from './report-source';
export { createReportSource } from './report-source';
