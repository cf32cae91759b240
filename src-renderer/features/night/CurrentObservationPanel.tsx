/**
 * What each telescope's executor is doing now: the observation (request, proposal, target), the
 * configuration n of m with its instrument and filter, the exposure k of N with a bar that moves
 * between events on the interpolated core clock, and the safety supervisor's verdict.
 */
import { useShallow } from 'zustand/react/shallow';
import type { ExecutorStatus, SafetyVerdict } from '../../../src-shared/ipc/contract';
import { useClient } from '../../app/client-context';
import { Badge } from '../../components/Badge';
import { Empty, Panel } from '../../components/Panel';
import type { Tone } from '../../components/Badge';
import { formatClock, formatDurationSec } from '../../lib/time-format';
import { useCoreNow } from '../../lib/use-core-now';
import { useObservatoryStore } from '../../stores/observatory';
import { useTimelineStore } from '../../stores/timeline';
import { blockFraction, configurationPosition, exposureProgress, instrumentConfigIndexOf, nextObservationBlock } from './exposure-progress';
import { formatDecDms, formatRaHms } from './format-coords';
import type { DetailEntry } from './night-live-store';
import { useNightLiveStore } from './night-live-store';
import { phaseLabel, phaseTone, safetyView } from './safety-label';
import { useNightLive } from './use-night-live';
import './now.css';

const STATE_TONES: Record<string, Tone> = {
  COMPLETED: 'ok',
  ATTEMPTED: 'info',
  IN_PROGRESS: 'info',
  FAILED: 'bad',
  ABORTED: 'bad',
  NOT_ATTEMPTED: 'warn',
  PENDING: 'muted',
};
const stateTone = (s: string): Tone => STATE_TONES[s] ?? 'muted';

/** `1m 05s` style for the bar's figures, with tenths under 10 s so a fast night still shows motion. */
function shortSec(sec: number): string {
  return sec < 10 ? `${sec.toFixed(1)}s` : formatDurationSec(sec);
}

function ExposureBar({ status, nowMs }: { status: ExecutorStatus; nowMs: number | null }) {
  const p = exposureProgress(status, nowMs);
  if (p === null) {
    return (
      <div className="now-exposure is-idle" data-testid="exposure-idle">
        <div className="now-exp-head">
          <span className="now-exp-title">{phaseLabel(status.phase)}</span>
          <span className="muted">{status.message}</span>
        </div>
        <div className="pbar pbar-idle">
          <div className={`pbar-fill ${status.phase === 'slewing' || status.phase === 'opening' ? 'pbar-indeterminate' : ''}`} />
        </div>
      </div>
    );
  }
  const pct = Math.round(p.fraction * 1000) / 10;
  return (
    <div className="now-exposure" data-testid="exposure">
      <div className="now-exp-head">
        <span className="now-exp-title">
          Exposure <span className="mono strong">{p.n}</span> of <span className="mono">{p.of}</span>
        </span>
        <span className="mono">
          {shortSec(p.elapsedSec)} / {shortSec(p.durationSec)}
        </span>
        <span className="spacer" />
        <span className="mono now-remaining" data-testid="exposure-remaining">
          {p.readingOut ? 'reading out…' : `${shortSec(p.remainingSec)} left`}
        </span>
      </div>
      <div
        className="pbar"
        role="progressbar"
        aria-label="Exposure progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        data-testid="exposure-progress"
        data-key={`${status.observationId ?? ''}:${status.configurationStatusId ?? ''}:${p.n}`}
      >
        <div className="pbar-fill" style={{ width: `${pct}%` }} />
      </div>
      <ExposureSteps of={p.of} n={p.n} />
    </div>
  );
}

/** One tick per exposure of the configuration: done, in progress, to come (up to 60; more would be a grey smear). */
function ExposureSteps({ of, n }: { of: number; n: number }) {
  if (of <= 1 || of > 60) return null;
  return (
    <div className="exp-steps" aria-hidden="true">
      {Array.from({ length: of }, (_, i) => (
        <span key={i} className={`exp-step ${i + 1 < n ? 'is-done' : i + 1 === n ? 'is-now' : ''}`} />
      ))}
    </div>
  );
}

function ObservationBody({ status, entry, nowMs, timeZone }: { status: ExecutorStatus; entry: DetailEntry | undefined; nowMs: number | null; timeZone: string }) {
  const detail = entry?.status === 'ready' ? entry.detail : null;
  const position = detail === null ? null : configurationPosition(detail, status.configurationStatusId);
  const config = detail === null || position === null ? null : (detail.configurations[position.index - 1] ?? null);
  const icIndex = config === null || status.exposure === null ? 0 : (instrumentConfigIndexOf(config.instrumentConfigs.map((ic) => ic.exposureCount), status.exposure.n) ?? 0);
  const ic = config?.instrumentConfigs[icIndex] ?? null;
  const block = detail === null || nowMs === null ? null : blockFraction(detail.startUtcMs, detail.endUtcMs, nowMs);
  return (
    <>
      <div className="now-target">
        <span className="now-target-name" data-testid="now-target">
          {config?.targetName ?? (entry?.status === 'error' ? 'Observation details unavailable' : '…')}
        </span>
        {config !== null && config.raDeg !== null && (
          <span className="mono muted">
            {formatRaHms(config.raDeg)} {formatDecDms(config.decDeg)}
          </span>
        )}
      </div>
      <div className="now-grid">
        <span className="k">Observation</span>
        <span className="v">
          <span className="mono">#{status.observationId}</span>
          {detail !== null && (
            <>
              <span className="mono muted">
                {formatClock(detail.startUtcMs, timeZone, false)}–{formatClock(detail.endUtcMs, timeZone, false)}
              </span>
              <Badge tone={stateTone(detail.state)}>{detail.state}</Badge>
            </>
          )}
        </span>
        <span className="k">Request</span>
        <span className="v">
          {detail === null ? (
            <span className="muted">{entry?.status === 'error' ? entry.message : 'loading…'}</span>
          ) : (
            <>
              <span className="mono">#{detail.requestId}</span>
              <span className="strong ellipsis" title={detail.groupName}>
                {detail.groupName}
              </span>
              <span className="mono muted" title="Proposal">
                {detail.proposalId}
              </span>
              {detail.observationType !== 'NORMAL' && <Badge tone="accent">{detail.observationType}</Badge>}
            </>
          )}
        </span>
        <span className="k">Configuration</span>
        <span className="v">
          {position === null || config === null ? (
            <span className="muted">—</span>
          ) : (
            <>
              <span>
                <span className="mono strong">{position.index}</span> of <span className="mono">{position.count}</span>
              </span>
              <span className="mono">{config.type}</span>
              <span className="mono muted">
                {config.instrumentName} · {config.instrumentType}
              </span>
            </>
          )}
        </span>
        <span className="k">Instrument</span>
        <span className="v">
          {ic === null ? (
            <span className="muted">—</span>
          ) : (
            <>
              <span>
                filter <span className="mono strong">{ic.filter ?? 'none'}</span>
              </span>
              <span className="mono">
                {ic.exposureCount} × {ic.exposureSec} s
              </span>
              {ic.mode !== null && <span className="mono muted">{ic.mode}</span>}
            </>
          )}
        </span>
      </div>
      <ExposureBar status={status} nowMs={nowMs} />
      {detail !== null && (
        <div className="now-configs">
          {detail.configurations.map((c, i) => (
            <span key={c.statusId} className={`cfg-chip cfg-${stateTone(c.state)} ${c.statusId === status.configurationStatusId ? 'is-current' : ''}`} title={`${c.type} ${c.targetName}: ${c.state}`}>
              <span className="mono">{i + 1}</span> {c.type} <span className="muted">{c.instrumentConfigs.map((x) => x.filter ?? '').filter((x) => x !== '').join('/')}</span>
            </span>
          ))}
          {block !== null && (
            <span className="now-block mono muted" title="Time through the scheduled block">
              block {Math.round(block * 100)}%
              {detail.endUtcMs > (nowMs ?? 0) && ` · ends in ${formatDurationSec((detail.endUtcMs - (nowMs ?? 0)) / 1000)}`}
            </span>
          )}
        </div>
      )}
    </>
  );
}

/** "Next: Edge-on pair at 21:50 (in 9m 40s)" from tonight's timeline, for a telescope between observations. */
function NextUp({ telescopeId, nowMs, timeZone }: { telescopeId: string; nowMs: number | null; timeZone: string }) {
  const blocks = useTimelineStore((s) => s.timeline?.blocks ?? null);
  if (blocks === null || nowMs === null) return null;
  const next = nextObservationBlock(blocks, telescopeId, nowMs);
  return (
    <div className="now-next" data-testid="now-next">
      <span className="k">Next</span>
      {next === null ? (
        <span className="muted">nothing more scheduled tonight</span>
      ) : (
        <>
          <span className="strong">{next.label}</span>
          <span className="mono">
            {formatClock(next.startMs, timeZone, false)}–{formatClock(next.endMs, timeZone, false)}
          </span>
          <span className="mono muted">in {formatDurationSec((next.startMs - nowMs) / 1000)}</span>
        </>
      )}
    </div>
  );
}

function SafetyLine({ verdict }: { verdict: SafetyVerdict | null }) {
  const v = safetyView(verdict);
  if (v.detail === '') return null;
  return (
    <div className={`now-safety now-safety-${v.tone}`} data-testid="safety-detail">
      {v.detail}
    </div>
  );
}

function NowCard({ telescopeId, name, code, timeZone, nowMs }: { telescopeId: string; name: string; code: string; timeZone: string; nowMs: number | null }) {
  const { status, verdict, entry } = useNightLiveStore(
    useShallow((s) => {
      const st = s.executors[telescopeId];
      return { status: st, verdict: s.safety[telescopeId] ?? null, entry: st?.observationId != null ? s.details[st.observationId] : undefined };
    }),
  );
  const safety = safetyView(verdict);
  return (
    <div className="now-card" data-testid="now-card" data-telescope={telescopeId} data-phase={status?.phase ?? 'unknown'}>
      <div className="now-head">
        <span className="tel-name">{name}</span>
        <span className="tel-code mono">{code}</span>
        {status !== undefined && <Badge tone={status.mode === 'operator' ? 'accent' : 'muted'}>{status.mode === 'robotic' ? 'Robotic' : status.mode === 'operator' ? 'Operator' : 'Stopped'}</Badge>}
        {/* In operator mode the phase says the same as the mode badge. */}
        {status !== undefined && status.phase !== 'operator' && <Badge tone={phaseTone(status.phase)}>{phaseLabel(status.phase)}</Badge>}
        <span className="spacer" />
        <Badge tone={safety.tone} testId="safety-badge" dataState={verdict?.state ?? 'unknown'} title={safety.detail || 'Safe to observe'}>
          {safety.label}
        </Badge>
      </div>
      <SafetyLine verdict={verdict} />
      <div className="now-body">
        {status === undefined ? (
          <div className="now-idle muted">No executor reports from this telescope.</div>
        ) : status.observationId === null ? (
          <>
            <div className="now-idle">
              <span className="now-idle-phase">{phaseLabel(status.phase)}</span>
              <span className="muted">{status.message || '—'}</span>
            </div>
            <NextUp telescopeId={telescopeId} nowMs={nowMs} timeZone={timeZone} />
          </>
        ) : (
          <ObservationBody status={status} entry={entry} nowMs={nowMs} timeZone={timeZone} />
        )}
      </div>
    </div>
  );
}

export function CurrentObservationPanel() {
  const client = useClient();
  useNightLive(client);
  const now = useCoreNow();
  const telescopes = useObservatoryStore(
    useShallow((s) => (s.observatory?.sites ?? []).flatMap((site) => site.telescopes.map((t) => `${t.id}|${t.name}|${t.code}|${site.timeZone}`))),
  );
  return (
    <Panel title="Now observing" className="now-panel" testId="now-panel" tools={<span className="muted">{now.stale ? 'clock stale' : 'live'}</span>}>
      {telescopes.length === 0 ? (
        <Empty>Loading telescopes…</Empty>
      ) : (
        <div className="now-cards">
          {telescopes.map((row) => {
            const [id = '', name = '', code = '', timeZone = 'UTC'] = row.split('|');
            return <NowCard key={id} telescopeId={id} name={name} code={code} timeZone={timeZone} nowMs={now.utcMs} />;
          })}
        </div>
      )}
    </Panel>
  );
}
