/**
 * Each telescope's pointing limits as the visibility engine applies them: flat horizon, hour-angle
 * limits, zenith blind spot and the azimuth-dependent horizon mask (configdb extension
 * `horizon_mask`). With write access both can be edited here: the flat limits with
 * TelescopeLimitsEditor (a later configdb `/sites/` import replaces them), the mask with
 * HorizonMaskEditor.
 */
import { Fragment, useCallback, useEffect, useState } from 'react';
import type { EventEnvelope, VisibilityTarget } from '../../../src-shared/ipc/contract';
import { useClient } from '../../app/client-context';
import { useConnectionStore } from '../../stores/connection';
import { HorizonMaskEditor } from './HorizonMaskEditor';
import { TelescopeLimitsEditor } from './TelescopeLimitsEditor';
import './settings.css';

type Limits = VisibilityTarget['telescopes'][number];
/** Which editor is open (or what was last saved): the flat limits or the horizon mask of one telescope. */
type Target = { telescopeId: string; kind: 'limits' | 'mask' };

/** "Horizon 15° · HA −4.5 … +4.5 h · zenith blind spot 2°" as the list shows a telescope's flat limits. */
export function describeLimits(t: Pick<Limits, 'horizonDeg' | 'haLimitNegHours' | 'haLimitPosHours' | 'zenithBlindSpotDeg'>): string {
  const blind = t.zenithBlindSpotDeg > 0 ? ` · zenith blind spot ${t.zenithBlindSpotDeg}°` : '';
  return `Horizon ${t.horizonDeg}° · HA ${t.haLimitNegHours} … +${t.haLimitPosHours} h${blind}`;
}

/** "12 points, highest 35° at azimuth 90°" for a mask; "none (flat horizon)" without one. */
export function describeMask(mask: Limits['horizonMask']): string {
  if (!mask || mask.length === 0) return 'none (flat horizon)';
  const top = mask.reduce((m, p) => (p.altitudeDeg > m.altitudeDeg ? p : m));
  return `${mask.length} points, highest ${top.altitudeDeg}° at azimuth ${top.azimuthDeg}°`;
}

export function TelescopeLimitsPanel() {
  const client = useClient();
  const [telescopes, setTelescopes] = useState<Limits[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canWrite = useConnectionStore((s) => s.appInfo?.canWrite ?? false);
  const [editing, setEditing] = useState<Target | null>(null);
  const [saved, setSaved] = useState<Target | null>(null);
  // Bumped after a save so the list is read again from the core (what the visibility engine now uses).
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    // The limits do not depend on the target: any place answers with every telescope's limits.
    void client
      .invoke('visibility.target', { target: { type: 'ICRS', name: 'limits', ra: 0, dec: 0 }, stepMin: 60 })
      .then((answer) => {
        if (!live) return;
        if (answer.ok) setTelescopes(answer.value.telescopes);
        else setError(answer.error.message);
      });
    return () => {
      live = false;
    };
  }, [client, generation]);
  // The core has no observatory event: a model change (a mask saved from any console, a demo reset)
  // is announced as `queue.changed` with no request group ids, so read the limits again then.
  useEffect(
    () =>
      client.onEvent((envelope) => {
        if (
          envelope.event === 'queue.changed' &&
          (envelope as EventEnvelope<'queue.changed'>).payload.requestGroupIds.length === 0
        ) {
          setGeneration((g) => g + 1);
        }
      }),
    [client],
  );
  const onSaved = useCallback((target: Target) => {
    setEditing(null);
    setSaved(target);
    setGeneration((g) => g + 1);
  }, []);
  if (error !== null) return <div className="muted">Limits unavailable: {error}</div>;
  if (telescopes === null) return <div className="muted">Loading…</div>;
  return (
    <>
      {!canWrite && (
        <div className="muted mask-readonly-note" data-testid="mask-readonly-note">
          Pointing limits and horizon masks can be edited with write access: open the console with the address (with its token) printed by
          the core, or add <span className="mono">#token=…</span> with the token from{' '}
          <span className="mono">nightshift token</span>.
        </div>
      )}
      <dl className="dl" data-testid="telescope-limits">
        {telescopes.map((t) => (
          <div
            key={t.telescopeId}
            className="dl-row"
            style={{ flexDirection: 'column', alignItems: 'stretch', gap: 2 }}
          >
            <dt className="mono strong">{t.telescopeId}</dt>
            <dd className="mask-actions">
              <span data-testid={`limits-${t.telescopeId}`}>{describeLimits(t)}</span>
              {saved?.telescopeId === t.telescopeId && saved.kind === 'limits' && editing === null && (
                <span className="mask-ok">saved</span>
              )}
              {canWrite && !(editing?.telescopeId === t.telescopeId && editing.kind === 'limits') && (
                <button
                  type="button"
                  className="btn"
                  onClick={() => {
                    setEditing({ telescopeId: t.telescopeId, kind: 'limits' });
                    setSaved(null);
                  }}
                  data-testid={`edit-limits-${t.telescopeId}`}
                >
                  Edit limits
                </button>
              )}
            </dd>
            {editing?.telescopeId === t.telescopeId && editing.kind === 'limits' && (
              <dd>
                <TelescopeLimitsEditor
                  telescopeId={t.telescopeId}
                  limits={t}
                  onSaved={() => onSaved({ telescopeId: t.telescopeId, kind: 'limits' })}
                  onCancel={() => setEditing(null)}
                />
              </dd>
            )}
            <dd className="mask-actions">
              <span data-testid={`horizon-mask-${t.telescopeId}`}>Horizon mask: {describeMask(t.horizonMask)}</span>
              {saved?.telescopeId === t.telescopeId && saved.kind === 'mask' && editing === null && (
                <span className="mask-ok">saved</span>
              )}
              {canWrite && !(editing?.telescopeId === t.telescopeId && editing.kind === 'mask') && (
                <button
                  type="button"
                  className="btn"
                  onClick={() => {
                    setEditing({ telescopeId: t.telescopeId, kind: 'mask' });
                    setSaved(null);
                  }}
                  data-testid={`edit-mask-${t.telescopeId}`}
                >
                  Edit mask
                </button>
              )}
            </dd>
            {editing?.telescopeId === t.telescopeId && editing.kind === 'mask' && (
              <dd>
                <HorizonMaskEditor
                  telescopeId={t.telescopeId}
                  horizonDeg={t.horizonDeg}
                  mask={t.horizonMask ?? null}
                  onSaved={() => onSaved({ telescopeId: t.telescopeId, kind: 'mask' })}
                  onCancel={() => setEditing(null)}
                />
              </dd>
            )}
            {t.horizonMask && t.horizonMask.length > 0 && (
              <dd className="mono" style={{ fontSize: '0.85em', color: 'var(--muted)', whiteSpace: 'normal' }}>
                {[...t.horizonMask]
                  .sort((a, b) => a.azimuthDeg - b.azimuthDeg)
                  .map((p, i) => (
                    <Fragment key={p.azimuthDeg}>
                      {i > 0 ? ' · ' : ''}
                      <span style={{ whiteSpace: 'nowrap' }}>
                        az {p.azimuthDeg}° → {p.altitudeDeg}°
                      </span>
                    </Fragment>
                  ))}
              </dd>
            )}
          </div>
        ))}
      </dl>
    </>
  );
}
