/** React hook: the core's current time, interpolated between ticks, refreshed often enough for the clock speed. */
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useClockStore } from '../stores/clock';
import { displayRefreshWallMs, interpolateUtcMs, isClockStale, monotonicDisplayUtcMs } from './clock-interp';

export interface CoreNow {
  /** Core time, UTC ms; null before the first tick. */
  utcMs: number | null;
  /** True when no tick arrived for a while (link down or core stalled). */
  stale: boolean;
}

export function useCoreNow(): CoreNow {
  const { anchor, speed } = useClockStore(useShallow((s) => ({ anchor: s.anchor, speed: s.speed })));
  const [now, setNow] = useState<CoreNow>({ utcMs: null, stale: true });
  // The last shown time survives new anchors, so a tick landing slightly behind does not step the display back.
  const shownRef = useRef<number | null>(null);
  useEffect(() => {
    if (anchor === null) return;
    const update = (): void => {
      const wall = performance.now();
      // Tolerate jitter up to 1.5 s of core time before following a jump backwards.
      const shown = monotonicDisplayUtcMs(
        shownRef.current,
        interpolateUtcMs(anchor, wall, speed),
        1_500 * Math.max(speed, 1),
      );
      shownRef.current = shown;
      setNow({ utcMs: shown, stale: isClockStale(anchor, wall) });
    };
    update();
    const id = setInterval(update, displayRefreshWallMs(speed));
    return () => clearInterval(id);
  }, [anchor, speed]);
  return now;
}
