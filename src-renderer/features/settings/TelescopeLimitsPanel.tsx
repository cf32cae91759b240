/**
 * Each telescope's pointing limits as the visibility engine applies them: flat horizon, hour-angle
 * limits, zenith blind spot and the azimuth-dependent horizon mask (configdb extension
 * `horizon_mask`). With write access the mask can be edited here (HorizonMaskEditor); the other
 * limits come from the configdb `/sites/` import.
 */
import { Fragment, useCallback, useEffect, useState } from 'react';
import type { EventEnvelope, VisibilityTarget } from '../../../src-shared/ipc/contract';
import { useClient } from '../../app/client-context';
import { useConnectionStore } from '../../stores/connection';
import { HorizonMaskEditor } from './HorizonMaskEditor';
import './settings.css';

type Limits = VisibilityTarget['telescopes'][number];

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
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
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
  const onSaved = useCallback((telescopeId: string) => {
    setEditing(null);
    setSaved(telescopeId);
    setGeneration((g) => g + 1);
  }, []);
  if (error !== null) return <div className="muted">Limits unavailable: {error}</div>;
  if (telescopes === null) return <div className="muted">Loading…</div>;
  return (
    <>
      {!canWrite && (
        <div className="muted mask-readonly-note" data-testid="mask-readonly-note">
          Horizon masks can be edited with write access: open the console with the address (with its token) printed by
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
            <dd>
              Horizon {t.horizonDeg}° · HA {t.haLimitNegHours} … +{t.haLimitPosHours} h
              {t.zenithBlindSpotDeg > 0 ? ` · zenith blind spot ${t.zenithBlindSpotDeg}°` : ''}
            </dd>
            <dd className="mask-actions">
              <span data-testid={`horizon-mask-${t.telescopeId}`}>Horizon mask: {describeMask(t.horizonMask)}</span>
              {saved === t.telescopeId && editing === null && <span className="mask-ok">saved</span>}
              {canWrite && editing !== t.telescopeId && (
                <button
                  type="button"
                  className="btn"
                  onClick={() => {
                    setEditing(t.telescopeId);
                    setSaved(null);
                  }}
                  data-testid={`edit-mask-${t.telescopeId}`}
                >
                  Edit mask
                </button>
              )}
            </dd>
            {editing === t.telescopeId && (
              <dd>
                <HorizonMaskEditor
                  telescopeId={t.telescopeId}
                  horizonDeg={t.horizonDeg}
                  mask={t.horizonMask ?? null}
                  onSaved={() => onSaved(t.telescopeId)}
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
