/** The night report (JSON + HTML). */
export type { ConfigurationLine, NightReport, TelescopeNight } from './night-report';
export { buildNightReport, renderNightReportHtml } from './night-report';
