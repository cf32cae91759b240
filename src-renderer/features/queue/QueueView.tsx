/** The queue: request groups from `queue.list`, filterable by state and text, one row per group (expandable to its requests). */
import { Fragment, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { QueueGroup } from '../../../src-shared/ipc/contract';
import { Badge } from '../../components/Badge';
import { Empty, Panel } from '../../components/Panel';
import { requestStateLabel } from '../../lib/labels';
import { formatDateTime, formatDurationSec } from '../../lib/time-format';
import { siteByCode, useObservatoryStore } from '../../stores/observatory';
import { useClockStore } from '../../stores/clock';
import type { RequestState } from '../../stores/queue';
import { countByState, filterGroups, REQUEST_STATES, useQueueStore } from '../../stores/queue';
import { stateTone } from './state-tone';
import { groupSummary, matchesText } from './group-summary';
import { ExplanationPanel } from '../night/ExplanationPanel';
import './queue.css';
import { ComposerPanel } from '../composer/ComposerPanel';
import { NewRequestButton } from '../composer/NewRequestButton';

function Windows({ g, timeZone }: { g: QueueGroup; timeZone: string }) {
  const s = groupSummary(g);
  if (s.windowStartMs === null || s.windowEndMs === null) return <span className="muted">—</span>;
  return (
    <span className="mono nowrap" title={`${timeZone} local time`}>
      {formatDateTime(s.windowStartMs, timeZone).slice(5)} → {formatDateTime(s.windowEndMs, timeZone).slice(5)}
    </span>
  );
}

function GroupRow({
  g,
  timeZone,
  open,
  onToggle,
  selectedRequestId,
  onSelectRequest,
}: {
  g: QueueGroup;
  timeZone: string;
  open: boolean;
  onToggle: () => void;
  /** The request whose scheduler explanation is shown, or null. */
  selectedRequestId: number | null;
  onSelectRequest: (requestId: number) => void;
}) {
  const s = groupSummary(g);
  return (
    <Fragment>
      <tr
        data-testid="queue-row"
        data-state={g.state}
        data-id={g.id}
        className={`qrow ${open ? 'is-open' : ''}`}
        onClick={onToggle}
        aria-expanded={open}
      >
        <td className="mono num">{g.id}</td>
        <td className="strong ellipsis" title={g.name}>
          <span className="caret">{open ? '▾' : '▸'}</span> {g.name}
        </td>
        <td>
          <Badge tone={stateTone(g.state)} dataState={g.state}>
            {requestStateLabel(g.state)}
          </Badge>
        </td>
        <td className="nowrap">{g.observationType}</td>
        <td className="mono ellipsis" title={g.proposal}>
          {g.proposal}
        </td>
        <td className="ellipsis target-cell" title={s.targets.join(', ')}>
          {s.targets.join(', ') || '—'}
        </td>
        <td className="mono ellipsis inst-cell" title={s.instruments.join(', ')}>
          {s.instruments.join(', ') || '—'}
        </td>
        <td className="mono num">{g.requests.length}</td>
        <td className="mono num nowrap">{formatDurationSec(s.durationSec)}</td>
        <td className="mono num">{g.ippValue.toFixed(2)}</td>
        <td>
          <Windows g={g} timeZone={timeZone} />
        </td>
      </tr>
      {open && (
        <tr className="qdetail">
          <td />
          <td colSpan={10}>
            <table className="subtable">
              <thead>
                <tr>
                  <th>Request</th>
                  <th>State</th>
                  <th>Target</th>
                  <th>Instrument</th>
                  <th>Telescope class</th>
                  <th>Duration</th>
                  <th>Window ({timeZone})</th>
                </tr>
              </thead>
              <tbody>
                {g.requests.map((r) => (
                  <tr
                    key={r.id}
                    data-testid="queue-request-row"
                    className={`qreq ${selectedRequestId === r.id ? 'is-selected' : ''}`}
                    title="Show why the scheduler placed it (or did not)"
                    onClick={() => onSelectRequest(r.id)}
                  >
                    <td className="mono">{r.id}</td>
                    <td>
                      <Badge tone={stateTone(r.state)}>{requestStateLabel(r.state)}</Badge>
                    </td>
                    <td>{r.targetName}</td>
                    <td className="mono">{r.instrumentType}</td>
                    <td className="mono">{r.telescopeClass}</td>
                    <td className="mono">{formatDurationSec(r.durationSec)}</td>
                    <td className="mono">
                      {r.windowStartMs === null ? '—' : formatDateTime(r.windowStartMs, timeZone)} →{' '}
                      {r.windowEndMs === null ? '—' : formatDateTime(r.windowEndMs, timeZone)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="detail-meta muted">
              Operator {g.operator} · submitted {formatDateTime(g.createdMs, timeZone)} ({timeZone})
            </div>
          </td>
        </tr>
      )}
    </Fragment>
  );
}

export function QueueView() {
  const { groups, count, status, error, stateFilter, setFilter } = useQueueStore(
    useShallow((s) => ({
      groups: s.groups,
      count: s.count,
      status: s.status,
      error: s.error,
      stateFilter: s.stateFilter,
      setFilter: s.setFilter,
    })),
  );
  const siteCode = useClockStore((s) => s.status?.siteCode ?? null);
  const timeZone = useObservatoryStore((s) => siteByCode(s.observatory, siteCode)?.timeZone ?? 'UTC');
  const [text, setText] = useState('');
  const [openId, setOpenId] = useState<number | null>(null);
  const [explainId, setExplainId] = useState<number | null>(null);
  const counts = useMemo(() => countByState(groups), [groups]);
  const visible = useMemo(
    () => filterGroups(groups, stateFilter).filter((g) => matchesText(g, text)),
    [groups, stateFilter, text],
  );

  const chip = (state: RequestState | null, label: string, n: number) => (
    <button
      type="button"
      key={state ?? 'all'}
      className={`chip ${stateFilter === state ? 'is-active' : ''}`}
      aria-pressed={stateFilter === state}
      onClick={() => setFilter(state)}
      data-testid={`queue-filter-${state ?? 'ALL'}`}
    >
      {label} <span className="chip-n">{n}</span>
    </button>
  );

  return (
    <div className="page page-queue">
      <div className="page-head">
        <h1>Queue</h1>
        <span className="page-sub">
          {count} request groups{count > groups.length ? ` (first ${groups.length} loaded)` : ''} · windows in{' '}
          {timeZone}
        </span>
        <NewRequestButton />
      </div>
      <ComposerPanel />
      <Panel
        title="Request groups"
        className="queue-panel"
        tools={
          <div className="toolbar">
            <div className="chips" role="group" aria-label="Filter by state">
              {chip(null, 'All', groups.length)}
              {REQUEST_STATES.map((s) => chip(s, requestStateLabel(s), counts[s]))}
            </div>
            <input
              className="search"
              type="search"
              placeholder="Filter name, target, proposal…"
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-label="Filter by text"
            />
          </div>
        }
      >
        {status === 'error' && groups.length === 0 ? (
          <Empty tone="error">Queue unavailable: {error}</Empty>
        ) : status !== 'ready' && groups.length === 0 ? (
          <Empty>Loading queue…</Empty>
        ) : (
          <div className="table-scroll">
            <table className="table queue-table" data-testid="queue-table">
              <thead>
                <tr>
                  <th className="num">ID</th>
                  <th>Name</th>
                  <th>State</th>
                  <th>Type</th>
                  <th>Proposal</th>
                  <th>Targets</th>
                  <th>Instrument</th>
                  <th className="num">Req</th>
                  <th className="num">Duration</th>
                  <th className="num">IPP</th>
                  <th>Windows (local)</th>
                </tr>
              </thead>
              <tbody>
                {visible.map((g) => (
                  <GroupRow
                    key={g.id}
                    g={g}
                    timeZone={timeZone}
                    open={openId === g.id}
                    onToggle={() => setOpenId(openId === g.id ? null : g.id)}
                    selectedRequestId={explainId}
                    onSelectRequest={setExplainId}
                  />
                ))}
              </tbody>
            </table>
            {visible.length === 0 && (
              <Empty>{groups.length === 0 ? 'The queue is empty.' : 'No request group matches the filter.'}</Empty>
            )}
          </div>
        )}
      </Panel>
      {explainId !== null && (
        <ExplanationPanel requestId={explainId} timeZone={timeZone} version={groups} onClose={() => setExplainId(null)} />
      )}
    </div>
  );
}
