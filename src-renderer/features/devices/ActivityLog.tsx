/** The last manual actions on a telescope: what was asked, and the result, refusal or coded error. */
import { useShallow } from 'zustand/react/shallow';
import type { DeviceImageStats } from '../../../src-shared/ipc/contract';
import { Badge, type Tone } from '../../components/Badge';
import { controlLogOf, useDevicesStore, type ControlOutcome } from '../../stores/devices';

const SHOWN = 6;

function outcomeTone(o: ControlOutcome): Tone {
  switch (o) {
    case 'running':
      return 'info';
    case 'ok':
      return 'ok';
    case 'refused':
      return 'warn';
    case 'failed':
      return 'bad';
  }
}

export function ImageStatsLine({ s }: { s: DeviceImageStats }) {
  return (
    <div className="dev-image mono" data-testid="image-stats" data-mean={s.mean} data-width={s.width} data-height={s.height}>
      {s.width}×{s.height} · {s.exposureSec} s {s.frameType}
      {s.filter === null ? '' : ` · ${s.filter}`} · min {s.min.toFixed(0)} · median {s.median.toFixed(0)} · mean {s.mean.toFixed(1)} · σ {s.stdDev.toFixed(1)} · max{' '}
      {s.max.toFixed(0)} · sat {s.saturatedPct.toFixed(2)} %
    </div>
  );
}

export function ActivityLog({ telescopeId }: { telescopeId: string }) {
  const entries = useDevicesStore(useShallow((s) => controlLogOf(s.log, telescopeId).slice(0, SHOWN)));
  if (entries.length === 0) return <div className="dev-log-empty muted">No manual actions yet.</div>;
  return (
    <ul className="dev-log" data-testid="control-log">
      {entries.map((e) => (
        <li key={e.id} className={`dev-log-row dev-log-${e.outcome}`} data-testid="control-log-entry" data-op={e.op} data-outcome={e.outcome} data-code={e.code ?? ''} data-rule={e.rule ?? ''}>
          <span className="mono muted dev-log-time">{new Date(e.startedMs).toISOString().slice(11, 19)}</span>
          <Badge tone={outcomeTone(e.outcome)}>{e.outcome}</Badge>
          <span className="strong">{e.label}</span>
          {e.endedMs !== null && <span className="mono muted">{((e.endedMs - e.startedMs) / 1000).toFixed(1)} s</span>}
          {e.code !== null && <span className="mono dev-code">{e.code}</span>}
          {e.message !== '' && <span className="dev-log-msg">{e.message}</span>}
          {e.warnings.map((w) => (
            <span key={w} className="warn-text dev-log-msg">
              {w}
            </span>
          ))}
          {e.image !== null && <ImageStatsLine s={e.image} />}
        </li>
      ))}
    </ul>
  );
}
