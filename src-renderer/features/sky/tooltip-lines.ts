/** The hover tooltip's text, as plain lines (pure: tested without a DOM). */
import type { SkyHover } from './sky-model';

function utcClock(utcMs: number): string {
  const d = new Date(utcMs);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} UTC`;
}

/** Title and detail lines for what the pointer is over. */
export function tooltipLines(h: SkyHover): { title: string; lines: string[] } {
  if (h.kind === 'target') {
    return {
      title: h.target.name,
      lines: [
        `altitude ${h.altitudeDeg.toFixed(1)}°`,
        `airmass ${h.airmass === null ? '—' : h.airmass.toFixed(2)}`,
        h.setsMs === null ? 'does not set in the next 24 h' : `sets ${utcClock(h.setsMs)}`,
        h.target.state.replace('-', ' '),
      ],
    };
  }
  return { title: h.name, lines: [`V ${h.vMag.toFixed(2)}`, `altitude ${h.altitudeDeg.toFixed(1)}°`] };
}
