/**
 * Observability over a semester: one row per planned target, one cell per night, shaded by the
 * hours the target is observable on the telescope (dark + airmass + HA + Moon limits, from
 * `visibility.calendar`), a Moon strip on top (brightness = illuminated fraction, glyphs at new,
 * quarters and full). Hover a cell for the exact hours and intervals; click it to chart that night.
 */
import { useEffect, useRef, useState } from 'react';
import type { VisibilityCalendar } from '../../../src-shared/ipc/contract';
import { formatClock, formatDate } from '../../lib/time-format';
import { formatHours, hoursOpacity, monthStarts, moonLitPath, moonMarks } from './calendar-geometry';
import { calendarKey, pickedNight, type CalendarEntry, type PickedNight, type PlanTarget } from './planning-store';

type Night = VisibilityCalendar['telescopes'][number]['nights'][number];

interface Props {
  targets: readonly PlanTarget[];
  calendars: Record<string, CalendarEntry>;
  semesterId: string;
  telescopeId: string;
  timeZone: string;
  /** Noon of the night charted now (picked or tonight), to outline its column. */
  chartedNoonMs: number | null;
  onPick: (night: PickedNight) => void;
}

const LABEL_W = 150;
const RIGHT_W = 58;
const MONTH_H = 18;
const MOON_H = 22;
const ROW_H = 24;

interface Hover {
  targetName: string;
  night: Night;
  x: number;
  y: number;
}

export function SemesterCalendar({ targets, calendars, semesterId, telescopeId, timeZone, chartedNoonMs, onPick }: Props) {
  const wrapRef = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(1000);
  const [hover, setHover] = useState<Hover | null>(null);
  useEffect(() => {
    const el = wrapRef.current;
    if (el === null) return;
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined && w > 300) setWidth(Math.floor(w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const rows = targets.map((t) => ({ t, entry: calendars[calendarKey(t.key, semesterId, telescopeId)] ?? null }));
  const nightsOf = (e: CalendarEntry | null): Night[] => e?.result?.telescopes.find((x) => x.telescopeId === telescopeId)?.nights ?? [];
  const axis = nightsOf(rows.find((r) => nightsOf(r.entry).length > 0)?.entry ?? null);
  const n = axis.length;
  const cellW = n === 0 ? 0 : (width - LABEL_W - RIGHT_W) / n;
  const height = MONTH_H + MOON_H + rows.length * ROW_H + 6;
  const xOf = (i: number) => LABEL_W + i * cellW;
  const months = monthStarts(
    axis.map((a) => a.noonMs),
    timeZone,
  );
  const marks = moonMarks(axis.map((a) => a.moonIlluminatedFraction));
  const chartedIdx = chartedNoonMs === null ? -1 : axis.findIndex((a) => Math.abs(a.noonMs - chartedNoonMs) < 43_200_000);

  return (
    <div className="plan-cal" ref={wrapRef} data-testid="plan-calendar">
      {n === 0 ? (
        <div className="muted plan-cal-wait">{rows.some((r) => r.entry?.status === 'error') ? (rows.find((r) => r.entry?.error)?.entry?.error ?? 'Calendar failed') : 'Computing the semester…'}</div>
      ) : (
        <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Observable hours per night, semester ${semesterId}`} onMouseLeave={() => setHover(null)}>
          <g className="plan-cal-months">
            {months.map((m) => (
              <g key={m.index}>
                <line x1={xOf(m.index)} x2={xOf(m.index)} y1={2} y2={height} />
                <text x={xOf(m.index) + 3} y={12}>
                  {m.label}
                </text>
              </g>
            ))}
          </g>
          <g className="plan-cal-moon" transform={`translate(0 ${MONTH_H})`}>
            <text className="plan-cal-label" x={8} y={MOON_H / 2 + 4}>
              Moon
            </text>
            {axis.map((a, i) => (
              <rect key={a.noonMs} x={xOf(i) + 0.5} y={MOON_H - 8} width={Math.max(1, cellW - 1)} height={6} style={{ opacity: 0.08 + 0.92 * a.moonIlluminatedFraction }} />
            ))}
            {marks.map((m) => {
              const a = axis[m.index] as Night;
              const cx = xOf(m.index) + cellW / 2;
              return (
                <g key={m.index} className={`plan-cal-moonmark moon-${m.kind}`}>
                  <circle cx={cx} cy={6} r={5} />
                  <path d={moonLitPath(cx, 6, 5, a.moonIlluminatedFraction, a.moonWaxing)} />
                </g>
              );
            })}
          </g>
          {rows.map(({ t, entry }, r) => {
            const nights = nightsOf(entry);
            const y = MONTH_H + MOON_H + r * ROW_H;
            const total = nights.reduce((s, x) => s + x.observableHours, 0);
            return (
              <g key={t.key} className={`plan-cal-row plan-c${t.colour}`} data-testid="plan-cal-row" data-target={t.name}>
                <text className="plan-cal-label" x={8} y={y + ROW_H / 2 + 4}>
                  <tspan className="plan-cal-dot">■ </tspan>
                  {t.name.length > 18 ? `${t.name.slice(0, 17)}…` : t.name}
                </text>
                {entry?.status !== 'ready' && (
                  <text className="plan-cal-status" x={LABEL_W + 6} y={y + ROW_H / 2 + 4}>
                    {entry?.status === 'error' ? entry.error : 'Computing…'}
                  </text>
                )}
                {nights.map((night, i) => (
                  <rect
                    key={night.noonMs}
                    className={night.observableHours > 0 ? 'plan-cal-cell' : 'plan-cal-cell is-none'}
                    data-testid="plan-cal-cell"
                    data-noon={night.noonMs}
                    data-hours={night.observableHours.toFixed(4)}
                    x={xOf(i) + 0.5}
                    y={y + 2}
                    width={Math.max(1, cellW - 1)}
                    height={ROW_H - 4}
                    style={night.observableHours > 0 ? { fillOpacity: hoursOpacity(night.observableHours) } : undefined}
                    onMouseEnter={() => setHover({ targetName: t.name, night, x: xOf(i) + cellW / 2, y: y + ROW_H })}
                    onClick={() => onPick(pickedNight(night))}
                  />
                ))}
                {nights.length > 0 && (
                  <text className="plan-cal-total" x={width - 4} y={y + ROW_H / 2 + 4}>
                    {Math.round(total)} h
                  </text>
                )}
              </g>
            );
          })}
          {chartedIdx >= 0 && <rect className="plan-cal-charted" x={xOf(chartedIdx)} y={MONTH_H + 1} width={Math.max(2, cellW)} height={height - MONTH_H - 3} />}
          {hover !== null && <rect className="plan-cal-hovered" x={xOf(axis.findIndex((a) => a.noonMs === hover.night.noonMs))} y={MONTH_H + 1} width={Math.max(2, cellW)} height={height - MONTH_H - 3} />}
        </svg>
      )}
      {n > 0 && (
        <div className="plan-cal-legend muted">
          <span>observable per night</span>
          {[0, 2, 4, 6, 8, 10].map((h) => (
            <span key={h} className="plan-cal-key">
              <span className={h === 0 ? 'plan-cal-swatch is-none' : 'plan-cal-swatch'} style={h === 0 ? undefined : { opacity: hoursOpacity(h) }} />
              {h === 10 ? '10+ h' : `${h} h`}
            </span>
          ))}
          <span className="plan-cal-key">
            <span className="plan-cal-swatch is-charted" /> charted night
          </span>
          <span>Moon strip: brighter = fuller · ○ new ◐ quarter ● full</span>
        </div>
      )}
      {hover !== null && (
        <div className="plan-cal-tip" data-testid="plan-cal-tip" style={{ left: Math.min(Math.max(hover.x - 130, 0), width - 270), top: hover.y + 4 }}>
          <div className="plan-readout-time">
            <span className="strong">{hover.targetName}</span> · night of <span className="mono">{formatDate(hover.night.noonMs, timeZone)}</span>
          </div>
          <div>
            Observable <span className="mono strong" data-testid="plan-cal-tip-hours">{formatHours(hover.night.observableHours)}</span>
            <span className="muted"> of {formatHours(hover.night.darkHours)} dark</span>
          </div>
          <div className="mono">
            {hover.night.observable.length === 0
              ? 'not observable'
              : hover.night.observable.map((o) => `${formatClock(o.startMs, timeZone, false)}–${formatClock(o.endMs, timeZone, false)}`).join(', ')}
            <span className="muted"> local</span>
          </div>
          <div className="muted">
            Moon {Math.round(hover.night.moonIlluminatedFraction * 100)}% {hover.night.moonWaxing ? 'waxing' : 'waning'} · click to chart this night
          </div>
        </div>
      )}
    </div>
  );
}
