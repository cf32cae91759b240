/**
 * Altitude (or airmass) against time for many targets at once, for one telescope: twilight bands,
 * the Moon's altitude, the telescope horizon and airmass-limit lines, observable stretches drawn
 * bold, a now-marker that follows the core clock, and a hover readout. Plain SVG, sized to its box.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { VisibilityTarget } from '../../../src-shared/ipc/contract';
import { hourTicks, phaseBands } from '../../lib/timeline-geometry';
import { formatClock, formatDeg } from '../../lib/time-format';
import type { ChartMode, PlotBox } from './chart-geometry';
import { intervalsPath, nearestIndex, seriesPath, timeAtX, xOf, yFraction, yTicks } from './chart-geometry';
import type { PlanTarget } from './planning-store';

interface Props {
  targets: readonly PlanTarget[];
  telescopeId: string;
  mode: ChartMode;
  timeZone: string;
  nowMs: number | null;
  /** The span and Sun/Moon data (any ready answer: all share the night). */
  night: VisibilityTarget;
}

const HEIGHT = 380;
const MARGIN = { left: 44, right: 62, top: 14, bottom: 40 };

export function AltitudeChart({ targets, telescopeId, mode, timeZone, nowMs, night }: Props) {
  const wrapRef = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(900);
  const [hoverMs, setHoverMs] = useState<number | null>(null);
  useEffect(() => {
    const el = wrapRef.current;
    if (el === null) return;
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined && w > 200) setWidth(Math.floor(w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const { startMs, endMs } = night;
  const span = { startMs, endMs };
  const box: PlotBox = { left: MARGIN.left, top: MARGIN.top, width: width - MARGIN.left - MARGIN.right, height: HEIGHT - MARGIN.top - MARGIN.bottom };
  const x = (ms: number) => xOf(box, startMs, endMs, ms);
  const y = (f: number) => box.top + f * box.height;
  const bands = useMemo(() => phaseBands({ startMs, endMs }, night.events), [startMs, endMs, night.events]);
  const ticks = useMemo(() => hourTicks({ startMs, endMs }, timeZone, 1), [startMs, endMs, timeZone]);
  const tel = night.telescopes.find((t) => t.telescopeId === telescopeId) ?? night.telescopes[0];
  const ready = targets.filter((t) => t.result !== null);
  const limitLines = tel
    ? [
        { label: `hor ${tel.horizonDeg}°`, alt: tel.horizonDeg, cls: 'plan-limit-horizon' },
        { label: `X ≤ ${night.constraints.maxAirmass}`, alt: tel.effectiveHorizonDeg, cls: 'plan-limit-airmass' },
      ]
    : [];
  const hoverIdx = hoverMs === null ? -1 : nearestIndex(night.timesMs, hoverMs);
  const hoverX = hoverIdx < 0 ? null : x(night.timesMs[hoverIdx] as number);
  const nowOn = nowMs !== null && nowMs >= startMs && nowMs <= endMs;

  const onMove = (e: React.MouseEvent<SVGSVGElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const px = ((e.clientX - rect.left) / rect.width) * width;
    setHoverMs(px < box.left || px > box.left + box.width ? null : timeAtX(box, startMs, endMs, px));
  };

  return (
    <div className="plan-chart" ref={wrapRef} data-testid="plan-chart">
      <svg
        width={width}
        height={HEIGHT}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        onMouseMove={onMove}
        onMouseLeave={() => setHoverMs(null)}
        role="img"
        aria-label={`${mode === 'altitude' ? 'Altitude' : 'Airmass'} of ${ready.length} targets tonight`}
      >
        <g className="plan-bands">
          {bands.map((b) => (
            <rect key={`${b.phase}-${b.startMs}`} className={`plan-band phase-${b.phase}`} x={x(b.startMs)} y={box.top} width={Math.max(0, x(b.endMs) - x(b.startMs))} height={box.height} />
          ))}
        </g>
        <g className="plan-grid">
          {yTicks(mode).map((t) => (
            <g key={t.label}>
              <line x1={box.left} x2={box.left + box.width} y1={y(t.fraction)} y2={y(t.fraction)} />
              <text x={box.left - 6} y={y(t.fraction) + 3.5} textAnchor="end">
                {t.label}
              </text>
            </g>
          ))}
          {ticks.map((t) => (
            <g key={t.utcMs}>
              <line x1={x(t.utcMs)} x2={x(t.utcMs)} y1={box.top} y2={box.top + box.height} />
              <text x={x(t.utcMs)} y={box.top + box.height + 14} textAnchor="middle" className="plan-tick-local">
                {String(t.localHour).padStart(2, '0')}
              </text>
              <text x={x(t.utcMs)} y={box.top + box.height + 27} textAnchor="middle" className="plan-tick-utc">
                {formatClock(t.utcMs, 'UTC', false).slice(0, 2)}
              </text>
            </g>
          ))}
          <text x={box.left - 6} y={box.top + box.height + 14} textAnchor="end" className="plan-tick-local">
            local
          </text>
          <text x={box.left - 6} y={box.top + box.height + 27} textAnchor="end" className="plan-tick-utc">
            UT
          </text>
        </g>
        <g className="plan-limits">
          {limitLines.map((l) => {
            const f = yFraction(mode, l.alt);
            if (f === null) return null;
            return (
              <g key={l.cls} className={l.cls}>
                <line x1={box.left} x2={box.left + box.width} y1={y(f)} y2={y(f)} />
                <text x={box.left + box.width + 4} y={y(f) + 3.5}>
                  {l.label}
                </text>
              </g>
            );
          })}
        </g>
        <path className="plan-moon" d={seriesPath(box, mode, night.timesMs, night.moonAltitudeDeg, span)} data-testid="plan-moon" />
        {ready.map((t) => {
          const r = t.result as VisibilityTarget;
          const s = r.telescopes.find((x2) => x2.telescopeId === telescopeId) ?? r.telescopes[0];
          if (!s) return null;
          return (
            <g key={t.key} className={`plan-series plan-c${t.colour}`}>
              <path className="plan-line" d={seriesPath(box, mode, r.timesMs, s.altitudeDeg, span)} data-testid="plan-series" data-target={t.name} />
              <path className="plan-observable" d={intervalsPath(box, mode, r.timesMs, s.altitudeDeg, s.observable, span)} />
            </g>
          );
        })}
        {nowOn && (
          <g className="plan-now" data-testid="plan-now">
            <rect className="plan-past" x={box.left} y={box.top} width={x(nowMs) - box.left} height={box.height} />
            <line x1={x(nowMs)} x2={x(nowMs)} y1={box.top - 4} y2={box.top + box.height} />
            <text x={x(nowMs)} y={box.top - 4 > 8 ? box.top - 4 : 10} textAnchor="middle">
              {formatClock(nowMs, timeZone, false)}
            </text>
          </g>
        )}
        {hoverX !== null && <line className="plan-hover" x1={hoverX} x2={hoverX} y1={box.top} y2={box.top + box.height} />}
        <rect className="plan-frame" x={box.left} y={box.top} width={box.width} height={box.height} />
      </svg>
      {hoverIdx >= 0 && (
        <div className="plan-readout" style={{ left: Math.min((hoverX ?? 0) + 12, width - 230) }} data-testid="plan-readout">
          <div className="plan-readout-time mono">
            {formatClock(night.timesMs[hoverIdx] as number, timeZone, false)} local · {formatClock(night.timesMs[hoverIdx] as number, 'UTC', false)} UT
          </div>
          {ready.map((t) => {
            const r = t.result as VisibilityTarget;
            const s = r.telescopes.find((x2) => x2.telescopeId === telescopeId) ?? r.telescopes[0];
            const i = nearestIndex(r.timesMs, night.timesMs[hoverIdx] as number);
            if (!s || i < 0) return null;
            const am = s.airmass[i] ?? null;
            return (
              <div key={t.key} className={`plan-readout-row plan-c${t.colour}`}>
                <span className="plan-swatch" />
                <span className="plan-readout-name">{t.name}</span>
                <span className="mono">{formatDeg(s.altitudeDeg[i] ?? null)}</span>
                <span className="mono muted">{am === null ? '—' : `X ${am.toFixed(2)}`}</span>
                <span className="mono muted">HA {(s.hourAngleHours[i] ?? 0).toFixed(1)}h</span>
              </div>
            );
          })}
          <div className="plan-readout-row plan-readout-moon">
            <span className="plan-swatch" />
            <span className="plan-readout-name">Moon</span>
            <span className="mono">{formatDeg(night.moonAltitudeDeg[hoverIdx] ?? null)}</span>
            <span className="mono muted">Sun {formatDeg(night.sunAltitudeDeg[hoverIdx] ?? null)}</span>
          </div>
        </div>
      )}
    </div>
  );
}
