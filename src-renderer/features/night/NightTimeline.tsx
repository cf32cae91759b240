/**
 * Tonight per telescope: twilight bands from the Sun events, local-hour axis, scheduled blocks and a
 * now-marker. Everything is laid out in percent from pure geometry (lib/timeline-geometry).
 */
import { useMemo, type KeyboardEvent } from 'react';
import type { TelescopeSummary, Timeline, TimelineBlock } from '../../../src-shared/ipc/contract';
import { fractionAt, hourTicks, phaseBands, placeBlocks } from '../../lib/timeline-geometry';
import { mergeWeatherHolds } from './merge-holds';
import { isRealtimeBlock, withRealtimeSessions } from '../realtime/timeline-blocks';
import { nightPhaseLabel } from '../../lib/labels';
import { formatClock } from '../../lib/time-format';

interface Props {
  timeline: Timeline;
  telescopes: readonly TelescopeSummary[];
  timeZone: string;
  nowMs: number | null;
  /** Called when an observation block is clicked (or activated with Enter / Space); absent = not clickable. */
  onSelectBlock?: (block: TimelineBlock) => void;
  /** The request whose blocks are highlighted. */
  selectedRequestId?: number | null;
}

const pct = (f: number): string => `${(Math.min(Math.max(f, 0), 1) * 100).toFixed(3)}%`;

export function NightTimeline({ timeline, telescopes, timeZone, nowMs, onSelectBlock, selectedRequestId = null }: Props) {
  const axis = useMemo(
    () => ({ startMs: timeline.nightStartMs, endMs: timeline.nightEndMs }),
    [timeline.nightStartMs, timeline.nightEndMs],
  );
  const bands = useMemo(() => phaseBands(axis, timeline.events), [axis, timeline.events]);
  const ticks = useMemo(() => hourTicks(axis, timeZone, 1), [axis, timeZone]);
  const nowFraction = nowMs === null ? null : fractionAt(axis, nowMs);
  const nowOnAxis = nowFraction !== null && nowFraction >= 0 && nowFraction <= 1;
  // A real-time session is one block labelled as such (not an observation plus its own downtime).
  const blocks = useMemo(() => mergeWeatherHolds(withRealtimeSessions(timeline.blocks)), [timeline.blocks]);
  // Telescopes named in blocks but missing from the observatory still get a lane.
  const laneIds = useMemo(() => {
    const ids = telescopes.map((t) => t.id);
    for (const b of timeline.blocks) if (!ids.includes(b.telescopeId)) ids.push(b.telescopeId);
    return ids;
  }, [telescopes, timeline.blocks]);

  const bandLayer = (
    <div className="tl-bands" aria-hidden="true">
      {bands.map((b) => (
        <div
          key={`${b.phase}-${b.startMs}`}
          className={`tl-band phase-${b.phase}`}
          style={{
            left: pct(fractionAt(axis, b.startMs) ?? 0),
            width: pct((b.endMs - b.startMs) / (axis.endMs - axis.startMs)),
          }}
          title={`${nightPhaseLabel(b.phase)} ${formatClock(b.startMs, timeZone, false)}–${formatClock(b.endMs, timeZone, false)}`}
        />
      ))}
      {ticks.map((t) => (
        <div key={t.utcMs} className="tl-gridline" style={{ left: pct(t.fraction) }} />
      ))}
    </div>
  );

  return (
    <div className={`timeline ${nowOnAxis ? 'has-now' : ''}`} data-testid="timeline">
      <div className="tl-row tl-axis">
        <div className="tl-label tl-axis-label">
          <span>Local</span>
          <span className="muted">UTC</span>
        </div>
        <div className="tl-lane tl-axis-lane">
          {ticks.map((t) => (
            <div key={t.utcMs} className="tl-tick" style={{ left: pct(t.fraction) }}>
              <span className="tl-tick-local">{String(t.localHour).padStart(2, '0')}</span>
              <span className="tl-tick-utc">{formatClock(t.utcMs, 'UTC', false).slice(0, 2)}</span>
            </div>
          ))}
        </div>
      </div>
      <div className="tl-row tl-phase-row">
        <div className="tl-label muted">Sun</div>
        <div className="tl-lane tl-phase-lane">
          {bands.map((b) => {
            const widthF = (b.endMs - b.startMs) / (axis.endMs - axis.startMs);
            return (
              <div
                key={`${b.phase}-${b.startMs}`}
                className={`tl-phase phase-${b.phase}`}
                style={{ left: pct(fractionAt(axis, b.startMs) ?? 0), width: pct(widthF) }}
              >
                {widthF > 0.07 && <span>{nightPhaseLabel(b.phase)}</span>}
              </div>
            );
          })}
          {bands.length === 0 && <span className="tl-empty">No Sun events tonight</span>}
        </div>
      </div>
      {laneIds.map((id) => {
        const telescope = telescopes.find((t) => t.id === id);
        const placed = placeBlocks(axis, blocks, id);
        return (
          <div className="tl-row" key={id} data-testid="timeline-lane" data-telescope={id}>
            <div className="tl-label">
              <span className="tl-tel-name">{telescope?.code ?? id}</span>
              <span className="muted">
                {telescope ? `${telescope.apertureM.toFixed(1)} m · ${telescope.enclosure}` : 'not in observatory'}
              </span>
            </div>
            <div className="tl-lane">
              {bandLayer}
              {placed.map((p) => {
                const block = p.block;
                const clickable = onSelectBlock !== undefined && block.requestId !== null;
                const select = (): void => onSelectBlock?.(block);
                const selected = block.requestId !== null && block.requestId === selectedRequestId;
                return (
                  <div
                    key={`${block.startMs}-${block.label}`}
                    className={`tl-block kind-${block.kind} state-${block.state.toLowerCase().replace(/[^a-z0-9]+/g, '_')}${clickable ? ' clickable' : ''}${selected ? ' selected' : ''}${isRealtimeBlock(block) ? ' rt-block' : ''}`}
                    style={{ left: pct(p.left), width: pct(p.width), ...(clickable ? { cursor: 'pointer' } : {}), ...(selected ? { outline: '2px solid currentColor' } : {}) }}
                    title={`${block.label} · ${block.state} · ${formatClock(block.startMs, timeZone, false)}–${formatClock(block.endMs, timeZone, false)}${clickable ? ' · click for why' : ''}`}
                    data-testid="timeline-block"
                    data-request-id={block.requestId ?? undefined}
                    {...(clickable
                      ? {
                          role: 'button',
                          tabIndex: 0,
                          onClick: select,
                          onKeyDown: (e: KeyboardEvent) => {
                            if (e.key === 'Enter' || e.key === ' ') {
                              e.preventDefault();
                              select();
                            }
                          },
                        }
                      : {})}
                  >
                    <span>{block.label}</span>
                  </div>
                );
              })}
              {placed.length === 0 && <span className="tl-empty">No schedule yet</span>}
            </div>
          </div>
        );
      })}
      {nowOnAxis && nowMs !== null && (
        <div className="tl-now-layer" aria-hidden="true">
          <div className="tl-past" style={{ width: pct(nowFraction) }} />
          <div className="tl-now" style={{ left: pct(nowFraction) }} data-testid="timeline-now">
            <span className="tl-now-label">{formatClock(nowMs, timeZone, false)}</span>
          </div>
        </div>
      )}
    </div>
  );
}
