/**
 * Whether the HiPS survey server answers, checked before the atlas loads aladin-lite: without a
 * network (or when a policy blocks the host) every tile would fail, so the atlas goes offline at once
 * instead of showing an empty black view. The hosts here are the ones the CSP allows.
 */

/** Survey hosts the atlas needs (CDS alasky and its mirror); keep in step with the CSPs. */
export const SURVEY_HOSTS = ['https://alasky.cds.unistra.fr', 'https://alaskybis.cds.unistra.fr'] as const;

/** DSS2 colour, the default background survey (CDS HiPS id). */
export const DEFAULT_SURVEY = 'P/DSS2/color';

/** Tries each host's DSS2 colour `properties` file; online when one answers 2xx within `timeoutMs`. */
export async function surveyReachable(timeoutMs = 4000): Promise<{ online: true } | { online: false; reason: string }> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return { online: false, reason: 'the browser reports no network' };
  let last = 'no survey host answered';
  for (const host of SURVEY_HOSTS) {
    try {
      const res = await fetch(`${host}/DSS/DSSColor/properties`, { signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
      if (res.ok) return { online: true };
      last = `${host} answered ${res.status}`;
    } catch (e) {
      last = `${new URL(host).host} could not be reached${e instanceof Error && e.name === 'TimeoutError' ? ' (timed out)' : ''}`;
    }
  }
  return { online: false, reason: last };
}
