/**
 * A frame's thumbnail, fetched only once its box comes within a screen's margin of the viewport
 * (IntersectionObserver), never for every row at once.
 */
import { useEffect, useRef, useState } from 'react';
import { useClient } from '../../app/client-context';
import { cachedThumbnail, loadThumbnail } from './thumb-loader';

export function LazyThumbnail({ frameId, alt, size }: { frameId: number; alt: string; size: 'row' | 'card' }) {
  const client = useClient();
  const box = useRef<HTMLDivElement | null>(null);
  const [url, setUrl] = useState<string | null>(() => cachedThumbnail(frameId));
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (url !== null) return;
    const el = box.current;
    if (el === null) return;
    let visible = false;
    let alive = true;
    let started = false;
    const observer = new IntersectionObserver(
      (entries) => {
        visible = entries.some((e) => e.isIntersecting);
        if (!visible || started) return;
        started = true;
        void loadThumbnail(client, frameId, () => alive && visible).then((u) => {
          if (!alive) return;
          if (u !== null) setUrl(u);
          else if (visible) setFailed(true);
          // Skipped because it scrolled away: try again when it comes back.
          else started = false;
        });
      },
      { rootMargin: '150px 0px' },
    );
    observer.observe(el);
    return () => {
      alive = false;
      observer.disconnect();
    };
  }, [client, frameId, url]);

  return (
    <div ref={box} className={`thumb thumb-${size}`} data-testid="frame-thumb" data-loaded={url !== null ? 'true' : 'false'}>
      {url !== null ? <img src={url} alt={alt} draggable={false} /> : <span className="thumb-placeholder">{failed ? '—' : ''}</span>}
    </div>
  );
}
