/**
 * Read-only view of each telescope's pointing limits as the visibility engine applies them: flat
 * horizon, hour-angle limits, zenith blind spot and the azimuth-dependent horizon mask (configdb
 * extension `horizon_mask`). Editing comes with the observatory editor; until then a mask is set by
 * importing a `/sites/` dump that carries it.
 */
import { Fragment, useEffect, useState } from 'react';
import type { VisibilityTarget } from '../../../src-shared/ipc/contract';
import { useClient } from '../../app/client-context';

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
  useEffect(() => {
    let live = true;
    // The limits do not depend on the target: any place answers with every telescope's limits.
    void client.invoke('visibility.target', { target: { type: 'ICRS', name: 'limits', ra: 0, dec: 0 }, stepMin: 60 }).then((answer) => {
      if (!live) return;
      if (answer.ok) setTelescopes(answer.value.telescopes);
      else setError(answer.error.message);
    });
    return () => {
      live = false;
    };
  }, [client]);
  if (error !== null) return <div className="muted">Limits unavailable: {error}</div>;
  if (telescopes === null) return <div className="muted">Loading…</div>;
  return (
    <dl className="dl" data-testid="telescope-limits">
      {telescopes.map((t) => (
        <div key={t.telescopeId} className="dl-row" style={{ flexDirection: 'column', alignItems: 'stretch', gap: 2 }}>
          <dt className="mono strong">{t.telescopeId}</dt>
          <dd>
            Horizon {t.horizonDeg}° · HA {t.haLimitNegHours} … +{t.haLimitPosHours} h
            {t.zenithBlindSpotDeg > 0 ? ` · zenith blind spot ${t.zenithBlindSpotDeg}°` : ''}
          </dd>
          <dd data-testid={`horizon-mask-${t.telescopeId}`}>
            Horizon mask: {describeMask(t.horizonMask)}
          </dd>
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
  );
}
