/** Slew to J2000 coordinates: pick a queue target (sorted by altitude now) or type sexagesimal RA/Dec. */
import { useEffect, useMemo, useState } from 'react';
import type { QueueTarget } from '../../../src-shared/ipc/contract';
import { useClient } from '../../app/client-context';
import { useCoreNow } from '../../lib/use-core-now';
import { ActionButton } from './ActionButton';
import { decInputText, formatDecDeg, formatRaHours, parseDecDeg, parseRaHours, raInputText } from './sexagesimal';
import { queueSlewTargets } from './slew-targets';

export interface SlewFormProps {
  telescopeId: string;
  site: { latitudeDeg: number; longitudeDeg: number } | null;
  minAltitudeDeg: number | null;
  canWrite: boolean;
  connected: boolean;
}

/** The queue's targets, loaded once per panel. */
function useQueueTargets(): QueueTarget[] {
  const client = useClient();
  const [targets, setTargets] = useState<QueueTarget[]>([]);
  useEffect(() => {
    let live = true;
    void client.invoke('visibility.queueTargets', {}).then((answer) => {
      if (live && answer.ok) setTargets(answer.value.targets);
    });
    return () => {
      live = false;
    };
  }, [client]);
  return targets;
}

export function SlewForm({ telescopeId, site, minAltitudeDeg, canWrite, connected }: SlewFormProps) {
  const queueTargets = useQueueTargets();
  const now = useCoreNow();
  // Altitudes move slowly: recompute the list once a minute of core time, not every frame.
  const minute = now.utcMs === null ? null : Math.floor(now.utcMs / 60_000) * 60_000;
  const targets = useMemo(() => queueSlewTargets(queueTargets, site, minute), [queueTargets, site, minute]);
  const [ra, setRa] = useState('');
  const [dec, setDec] = useState('');
  const [name, setName] = useState<string | null>(null);
  const raHours = parseRaHours(ra);
  const decDeg = parseDecDeg(dec);
  const valid = raHours !== null && decDeg !== null;
  const what = name ?? (valid ? `${formatRaHours(raHours)} ${formatDecDeg(decDeg)}` : '');
  return (
    <div className="dev-slew">
      <select
        className="search dev-input dev-target"
        data-testid="slew-target"
        value={name ?? ''}
        onChange={(e) => {
          const t = targets.find((x) => x.name === e.target.value);
          if (!t) return;
          setName(t.name);
          setRa(raInputText(t.raHours));
          setDec(decInputText(t.decDeg));
        }}
      >
        <option value="">Queue target…</option>
        {targets.map((t) => {
          const low = t.altitudeDeg !== null && minAltitudeDeg !== null && t.altitudeDeg < minAltitudeDeg;
          const alt = t.altitudeDeg === null ? '' : ` · alt ${t.altitudeDeg.toFixed(0)}°${low ? ' (below limit)' : ''}`;
          return (
            <option key={t.name} value={t.name}>
              {t.name}
              {alt}
            </option>
          );
        })}
      </select>
      <input
        className={`search dev-input dev-coord${ra !== '' && raHours === null ? ' invalid' : ''}`}
        data-testid="slew-ra"
        placeholder="RA hh:mm:ss"
        aria-label="Right ascension (J2000)"
        value={ra}
        onChange={(e) => {
          setRa(e.target.value);
          setName(null);
        }}
      />
      <input
        className={`search dev-input dev-coord${dec !== '' && decDeg === null ? ' invalid' : ''}`}
        data-testid="slew-dec"
        placeholder="Dec ±dd:mm:ss"
        aria-label="Declination (J2000)"
        value={dec}
        onChange={(e) => {
          setDec(e.target.value);
          setName(null);
        }}
      />
      <ActionButton
        telescopeId={telescopeId}
        op="mount.slew"
        action={valid ? { op: 'mount.slew', raHours, decDeg } : null}
        invalidWhy="Pick a target or type RA (hh:mm:ss or hours) and Dec (±dd:mm:ss or degrees), J2000."
        label="Slew"
        logLabel={`Slew to ${what}`}
        canWrite={canWrite}
        connected={connected}
      />
    </div>
  );
}
