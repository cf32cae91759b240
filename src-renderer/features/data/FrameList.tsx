/** The frames of one page as a table (a thumbnail per row) or as a grid of cards; a click opens the viewer. */
import type { FrameRow } from '../../../src-shared/ipc/contract';
import { Badge } from '../../components/Badge';
import type { Tone } from '../../components/Badge';
import { formatDayObs, formatExposureSec, formatUtc } from './data-filters';
import { LazyThumbnail } from './LazyThumbnail';

/** Science frames stand out; calibrations are quieter. */
function typeTone(configurationType: string): Tone {
  switch (configurationType) {
    case 'EXPOSE':
    case 'REPEAT_EXPOSE':
    case 'SPECTRUM':
    case 'STANDARD':
      return 'ok';
    case 'SKY_FLAT':
    case 'LAMP_FLAT':
    case 'ARC':
      return 'info';
    default:
      return 'muted';
  }
}

interface ListProps {
  frames: readonly FrameRow[];
  freshIds: readonly number[];
  onOpen: (frameId: number) => void;
}

export function FrameTable({ frames, freshIds, onOpen }: ListProps) {
  return (
    <table className="table frames-table" data-testid="frames-table">
      <thead>
        <tr>
          <th className="thumb-col" aria-label="Thumbnail" />
          <th>Frame</th>
          <th>Telescope</th>
          <th>Target</th>
          <th>Type</th>
          <th>Filter</th>
          <th className="num">Exposure</th>
          <th>Observed (UTC)</th>
          <th>Night</th>
          <th className="num">Request</th>
          <th className="num">RLevel</th>
        </tr>
      </thead>
      <tbody>
        {frames.map((f) => (
          <tr
            key={f.id}
            data-testid="frame-row"
            data-frame-id={f.id}
            className={`frame-row ${freshIds.includes(f.id) ? 'is-fresh' : ''}`}
            onClick={() => onOpen(f.id)}
            tabIndex={0}
            onKeyDown={(e) => {
              if (e.key === 'Enter') onOpen(f.id);
            }}
          >
            <td className="thumb-col">
              <LazyThumbnail frameId={f.id} alt={f.basename} size="row" />
            </td>
            <td className="mono strong nowrap">{f.basename}</td>
            <td className="mono nowrap">
              {f.siteId}·{f.telescopeId}
            </td>
            <td className="ellipsis" title={f.targetName}>
              {f.targetName === '' ? <span className="muted">—</span> : f.targetName}
            </td>
            <td>
              <Badge tone={typeTone(f.configurationType)}>{f.configurationType}</Badge>
            </td>
            <td className="mono">{f.filter === '' ? '—' : f.filter}</td>
            <td className="mono num nowrap">{formatExposureSec(f.exposureSec)}</td>
            <td className="mono nowrap">{formatUtc(f.observationUtcMs)}</td>
            <td className="mono nowrap">{formatDayObs(f.dayObs)}</td>
            <td className="mono num">{f.requestId ?? '—'}</td>
            <td className="mono num">{f.reductionLevel}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FrameGrid({ frames, freshIds, onOpen }: ListProps) {
  return (
    <div className="frames-grid" data-testid="frames-grid">
      {frames.map((f) => (
        <button
          type="button"
          key={f.id}
          className={`frame-card ${freshIds.includes(f.id) ? 'is-fresh' : ''}`}
          data-testid="frame-card"
          data-frame-id={f.id}
          onClick={() => onOpen(f.id)}
          title={f.basename}
        >
          <LazyThumbnail frameId={f.id} alt={f.basename} size="card" />
          <span className="card-line">
            <span className="strong ellipsis">{f.targetName === '' ? f.configurationType : f.targetName}</span>
            <span className="mono muted">{f.filter === '' ? '' : f.filter} · {formatExposureSec(f.exposureSec)}</span>
          </span>
          <span className="card-line mono muted">
            <span>{f.telescopeId}</span>
            <span>{formatUtc(f.observationUtcMs).slice(5, 16)}</span>
          </span>
        </button>
      ))}
    </div>
  );
}
