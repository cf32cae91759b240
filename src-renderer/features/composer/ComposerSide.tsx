/**
 * The composer's live side: the portal's verdict (durations, largest visible interval, every OCS
 * error), the target's rise/transit/set at the chosen telescope, and the planning altitude chart
 * for the night of the first window.
 */
import type { ComposerDurations, VisibilityTarget } from '../../../src-shared/ipc/contract';
import { Empty } from '../../components/Panel';
import { formatClock, formatDate, formatDeg, formatDurationSec } from '../../lib/time-format';
import { AltitudeChart } from '../planning/AltitudeChart';
import type { PlanTarget } from '../planning/planning-store';

export function DurationSummary({ durations, activeRequest }: { durations: ComposerDurations; activeRequest: number }) {
  const req = durations.requests?.[activeRequest];
  return (
    <div className="cmp-durations" data-testid="cmp-durations">
      <div className="cmp-kv">
        <span>Group duration</span>
        <span className="mono strong" data-testid="cmp-duration" data-sec={durations.duration ?? ''}>
          {formatDurationSec(durations.duration ?? null)}
        </span>
      </div>
      {req && (
        <>
          <div className="cmp-kv">
            <span>Request {activeRequest + 1}</span>
            <span className="mono">{formatDurationSec(req.duration)}</span>
          </div>
          {req.configurations.map((c, j) => (
            <div className="cmp-kv cmp-kv-sub" key={j}>
              <span>config {j + 1} (exposures + readout + padding)</span>
              <span className="mono">{formatDurationSec(c.duration)}</span>
            </div>
          ))}
          {req.largest_interval !== undefined && (
            <div className="cmp-kv">
              <span>Longest visible stretch</span>
              <span className="mono" data-testid="cmp-largest-interval">
                {formatDurationSec(req.largest_interval)}
              </span>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function Times({ list, timeZone, testId }: { list: number[]; timeZone: string; testId: string }) {
  if (list.length === 0) return <span className="muted">—</span>;
  return (
    <>
      {list.map((ms) => (
        <span key={ms} className="cmp-time" data-testid={testId} data-ms={ms}>
          <span className="mono">{formatClock(ms, timeZone, false)}</span> <span className="mono muted">{formatClock(ms, 'UTC', false)} UT</span>
        </span>
      ))}
    </>
  );
}

export function VisibilitySummary({ result, name, nowMs, error }: { result: VisibilityTarget | null; name: string; nowMs: number | null; error: string | null }) {
  if (result === null) return <Empty tone={error ? 'error' : 'muted'}>{error ?? 'Give the target a position (look it up or type RA/Dec) to see its night.'}</Empty>;
  const tel = result.telescopes[0];
  if (!tel) return <Empty>No telescope to chart.</Empty>;
  const rts = tel.riseTransitSet;
  const tz = result.timeZone;
  const plan: PlanTarget = { key: 'composer', name: name || 'target', target: {}, constraints: {}, origin: 'composer', colour: 0, result, nightKey: null, status: 'ready', error: null };
  return (
    <div className="cmp-visibility" data-testid="cmp-visibility">
      <div className="cmp-rts">
        <div className="cmp-kv">
          <span>
            Night of <span className="mono">{formatDate(result.startMs, tz)}</span> · {tel.telescopeId}
          </span>
          <span className="mono muted">{tz}</span>
        </div>
        <div className="cmp-kv">
          <span>Rise (alt {formatDeg(rts.altitudeDeg, 0)})</span>
          <span>
            <Times list={rts.risesMs} timeZone={tz} testId="cmp-rise" />
          </span>
        </div>
        <div className="cmp-kv">
          <span>Transit</span>
          <span>
            <Times list={rts.transitsMs} timeZone={tz} testId="cmp-transit" />
          </span>
        </div>
        <div className="cmp-kv">
          <span>Set</span>
          <span>
            <Times list={rts.setsMs} timeZone={tz} testId="cmp-set" />
          </span>
        </div>
        <div className="cmp-kv">
          <span>Max altitude · observable that night</span>
          <span className="mono">
            {formatDeg(tel.altitudeDeg.length > 0 ? Math.max(...tel.altitudeDeg) : null)} · <span data-testid="cmp-observable-hours">{tel.observableHours.toFixed(1)} h</span>
          </span>
        </div>
      </div>
      <AltitudeChart targets={[plan]} telescopeId={tel.telescopeId} mode="altitude" timeZone={tz} nowMs={nowMs} night={result} />
    </div>
  );
}
