/**
 * The Data page: archived frames newest first, filtered by night, telescope, target and ids,
 * paged on the core, as a list or a thumbnail grid; new frames appear at the top as they are
 * recorded. A frame opens in the FITS viewer.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { EventEnvelope } from '../../../src-shared/ipc/contract';
import { useClient } from '../../app/client-context';
import { Empty, Panel } from '../../components/Panel';
import { NO_FILTERS, pageLabel } from './data-filters';
import { PAGE_SIZE, useDataStore } from './data-store';
import { FitsViewer } from './FitsViewer';
import { FrameGrid, FrameTable } from './FrameList';
import './data.css';

function FilterBar() {
  const client = useClient();
  const { filters, errors, facets, setFilters } = useDataStore(
    useShallow((s) => ({ filters: s.filters, errors: s.filterErrors, facets: s.facets, setFilters: s.setFilters })),
  );
  const set = (patch: Partial<typeof filters>): void => setFilters(client, patch);
  return (
    <div className="data-filters" role="search">
      <label className="field">
        <span>Night</span>
        <input type="date" value={filters.night} onChange={(e) => set({ night: e.target.value })} data-testid="filter-night" aria-invalid={errors.night !== undefined} />
      </label>
      <label className="field">
        <span>Telescope</span>
        <select value={filters.telescopeId} onChange={(e) => set({ telescopeId: e.target.value })} data-testid="filter-telescope">
          <option value="">All</option>
          {(facets?.telescopes ?? []).map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-wide">
        <span>Target</span>
        <input type="search" className="search" placeholder="OBJECT contains…" value={filters.target} onChange={(e) => set({ target: e.target.value })} data-testid="filter-target" />
      </label>
      <label className="field">
        <span>Request</span>
        <input className="search id-input" inputMode="numeric" placeholder="REQNUM" value={filters.requestId} onChange={(e) => set({ requestId: e.target.value })} aria-invalid={errors.requestId !== undefined} data-testid="filter-request" />
      </label>
      <label className="field">
        <span>Observation</span>
        <input className="search id-input" inputMode="numeric" placeholder="BLKUID" value={filters.observationId} onChange={(e) => set({ observationId: e.target.value })} aria-invalid={errors.observationId !== undefined} data-testid="filter-observation" />
      </label>
      {Object.values(filters).some((v) => v !== '') && (
        <button type="button" className="btn btn-small filter-clear" onClick={() => set(NO_FILTERS)} data-testid="filter-clear">
          Clear filters
        </button>
      )}
      {Object.values(errors).length > 0 && <span className="filter-error">{Object.values(errors).join(' · ')}</span>}
    </div>
  );
}

function Pager() {
  const client = useClient();
  const { offset, count, shown, setOffset } = useDataStore(useShallow((s) => ({ offset: s.offset, count: s.count, shown: s.frames.length, setOffset: s.setOffset })));
  const last = Math.max(0, Math.floor((count - 1) / PAGE_SIZE) * PAGE_SIZE);
  return (
    <div className="pager" data-testid="frames-pager">
      <span className="mono muted">{pageLabel(offset, shown, count)}</span>
      <div className="btn-row">
        <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => setOffset(client, 0)} title="Newest frames">
          « Newest
        </button>
        <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => setOffset(client, offset - PAGE_SIZE)}>
          ‹ Newer
        </button>
        <button type="button" className="btn btn-small" disabled={offset + PAGE_SIZE >= count} onClick={() => setOffset(client, offset + PAGE_SIZE)} data-testid="pager-older">
          Older ›
        </button>
        <button type="button" className="btn btn-small" disabled={offset >= last} onClick={() => setOffset(client, last)} title="Oldest frames">
          Oldest »
        </button>
      </div>
    </div>
  );
}

export function DataView() {
  const client = useClient();
  const s = useDataStore(
    useShallow((x) => ({
      frames: x.frames,
      count: x.count,
      status: x.status,
      error: x.error,
      layout: x.layout,
      freshIds: x.freshIds,
      openFrameId: x.openFrameId,
      arrivedElsewhere: x.arrivedElsewhere,
      offset: x.offset,
      filters: x.filters,
    })),
  );
  const { refresh, loadFacets, framesRecorded, setLayout, open, setOffset } = useDataStore.getState();

  useEffect(() => {
    void refresh(client);
    void loadFacets(client);
    const off = client.onEvent((e) => {
      if (e.event === 'frames.changed') framesRecorded(client, (e as EventEnvelope<'frames.changed'>).payload.frameIds);
    });
    return off;
  }, [client, refresh, loadFacets, framesRecorded]);

  if (s.openFrameId !== null) {
    const index = s.frames.findIndex((f) => f.id === s.openFrameId);
    const step = (d: number): (() => void) | null => {
      const next = s.frames[index + d];
      return index < 0 || next === undefined ? null : () => open(next.id);
    };
    return <FitsViewer frameId={s.openFrameId} onClose={() => open(null)} onNewer={step(-1)} onOlder={step(1)} />;
  }

  const filtered = Object.values(s.filters).some((v) => v !== '');
  return (
    <div className="page page-data">
      <div className="page-head">
        <h1>Data</h1>
        <span className="page-sub">
          {s.count.toLocaleString('en-GB')} {filtered ? 'matching ' : ''}frames in the archive · newest first · times UTC
        </span>
      </div>
      <Panel
        title="Frames"
        className="frames-panel"
        testId="frames-panel"
        tools={
          <div className="chips" role="group" aria-label="Layout">
            {(['list', 'grid'] as const).map((l) => (
              <button type="button" key={l} className={`chip ${s.layout === l ? 'is-active' : ''}`} aria-pressed={s.layout === l} onClick={() => setLayout(l)} data-testid={`layout-${l}`}>
                {l === 'list' ? 'List' : 'Thumbnails'}
              </button>
            ))}
          </div>
        }
      >
        <FilterBar />
        {s.arrivedElsewhere > 0 && s.offset > 0 && (
          <button type="button" className="arrivals" onClick={() => setOffset(client, 0)} data-testid="frames-arrived">
            {s.arrivedElsewhere} new {s.arrivedElsewhere === 1 ? 'frame' : 'frames'} recorded — show the newest
          </button>
        )}
        <div className="frames-scroll" data-testid="frames-scroll">
          {s.status === 'error' && s.frames.length === 0 ? (
            <Empty tone="error">Archive unavailable: {s.error}</Empty>
          ) : s.status !== 'ready' && s.frames.length === 0 ? (
            <Empty>Loading frames…</Empty>
          ) : s.frames.length === 0 ? (
            <Empty>{filtered ? 'No frame matches the filters.' : 'No frames yet: they appear here as the telescopes record them.'}</Empty>
          ) : s.layout === 'list' ? (
            <FrameTable frames={s.frames} freshIds={s.freshIds} onOpen={open} />
          ) : (
            <FrameGrid frames={s.frames} freshIds={s.freshIds} onOpen={open} />
          )}
        </div>
        <Pager />
      </Panel>
    </div>
  );
}
