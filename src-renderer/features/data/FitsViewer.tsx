/**
 * The FITS viewer: the frame's preview (block-averaged on the core to ≤ 1024 px) drawn on a
 * canvas with the stretch done here, pan/zoom, the value and sky position under the cursor (from
 * the header's WCS), and the full header, searchable.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FrameHeader, FrameImage } from '../../../src-shared/ipc/contract';
import { useClient } from '../../app/client-context';
import { Empty, Panel } from '../../components/Panel';
import { formatDecDeg, formatRaHours } from '../devices/sexagesimal';
import { HeaderTable } from './HeaderTable';
import { StretchControls } from './StretchControls';
import type { LimitsMode } from './StretchControls';
import type { Limits, StretchKind } from './stretch';
import { percentileLimits, sortedFinite, zscaleLimits } from './stretch';
import { ViewerCanvas } from './ViewerCanvas';
import type { PreviewPixels } from './ViewerCanvas';
import { decodeFloat32Base64, originalPixel, pixelToSkyDeg } from './viewer-math';

const PREVIEW_MAX_PX = 1024;

interface Loaded {
  image: FrameImage;
  preview: PreviewPixels;
  /** Finite values sorted once, for percentile limits and the slider range. */
  sorted: Float64Array;
  zscale: Limits | null;
}

function autoLimits(l: Loaded, mode: Exclude<LimitsMode, 'manual'>): Limits {
  const s = l.sorted;
  const minmax = s.length === 0 ? { low: 0, high: 1 } : { low: s[0] as number, high: s[s.length - 1] as number };
  switch (mode) {
    case 'zscale':
      return l.zscale ?? minmax;
    case 'minmax':
      return minmax;
    case '99':
    case '99.5':
    case '99.9':
      return percentileLimits(s, Number(mode)) ?? minmax;
  }
}

function cardValue(h: FrameHeader | null, key: string): string {
  const v = h?.cards.find((c) => c.key === key)?.value;
  return v === undefined || v === null ? '' : String(v);
}

interface Props {
  frameId: number;
  onClose: () => void;
  /** Open the next newer / older frame of the list; null at the ends. */
  onNewer: (() => void) | null;
  onOlder: (() => void) | null;
}

export function FitsViewer({ frameId, onClose, onNewer, onOlder }: Props) {
  const client = useClient();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [header, setHeader] = useState<FrameHeader | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState<StretchKind>('linear');
  const [mode, setMode] = useState<LimitsMode>('zscale');
  const [manual, setManual] = useState<Limits>({ low: 0, high: 1 });
  const [hover, setHover] = useState<{ col: number; row: number } | null>(null);
  const [scale, setScale] = useState(1);

  useEffect(() => {
    let alive = true;
    setError(null);
    setHover(null);
    void client.invoke('frames.image', { frameId, maxSizePx: PREVIEW_MAX_PX }).then((r) => {
      if (!alive) return;
      if (!r.ok) {
        setError(r.error.message);
        return;
      }
      const pixels = decodeFloat32Base64(r.value.pixelsBase64);
      setLoaded({ image: r.value, preview: { pixels, widthPx: r.value.widthPx, heightPx: r.value.heightPx }, sorted: sortedFinite(pixels), zscale: zscaleLimits(pixels) });
    });
    void client.invoke('frames.header', { frameId }).then((r) => {
      if (!alive) return;
      if (r.ok) setHeader(r.value);
      else setError(r.error.message);
    });
    return () => {
      alive = false;
    };
  }, [client, frameId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      if (target !== null && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
      if (e.key === 'Escape') onClose();
      else if (e.key === 'ArrowLeft' && onNewer !== null) onNewer();
      else if (e.key === 'ArrowRight' && onOlder !== null) onOlder();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, onNewer, onOlder]);

  const limits = useMemo<Limits>(() => (loaded === null ? { low: 0, high: 1 } : mode === 'manual' ? manual : autoLimits(loaded, mode)), [loaded, mode, manual]);
  const range = useMemo<Limits>(() => (loaded === null ? { low: 0, high: 1 } : autoLimits(loaded, 'minmax')), [loaded]);
  const onScale = useCallback((s: number) => setScale(s), []);

  const readout = useMemo(() => {
    if (loaded === null || hover === null) return null;
    const img = loaded.image;
    const x = originalPixel(hover.col, img.blockPx);
    const y = originalPixel(hover.row, img.blockPx);
    const value = loaded.preview.pixels[hover.row * img.widthPx + hover.col] as number;
    const sky = img.wcs === null ? null : pixelToSkyDeg(img.wcs, x, y);
    return { x, y, value, sky };
  }, [loaded, hover]);

  const target = cardValue(header, 'OBJECT');
  const img = loaded?.image ?? null;
  return (
    <div className="page page-data page-viewer" data-testid="fits-viewer">
      <div className="page-head viewer-head">
        <button type="button" className="btn btn-small" onClick={onClose} data-testid="viewer-back" title="Back to the frames (Esc)">
          ← Frames
        </button>
        <h1 className="mono viewer-title">{header?.basename ?? img?.basename ?? `frame ${frameId}`}</h1>
        <span className="page-sub">
          {[target, cardValue(header, 'FILTER'), cardValue(header, 'EXPTIME') === '' ? '' : `${cardValue(header, 'EXPTIME')} s`, cardValue(header, 'DATE-OBS')].filter((x) => x !== '').join(' · ')}
        </span>
        <span className="spacer" />
        <div className="btn-row">
          <button type="button" className="btn btn-small" disabled={onNewer === null} onClick={onNewer ?? undefined} title="Newer frame (←)">
            ‹ Newer
          </button>
          <button type="button" className="btn btn-small" disabled={onOlder === null} onClick={onOlder ?? undefined} title="Older frame (→)">
            Older ›
          </button>
        </div>
      </div>
      <div className="viewer-grid">
        <Panel
          title="Image"
          className="viewer-image"
          tools={
            img === null ? undefined : (
              <span className="mono muted" title="Sent to the console block-averaged; the stretch is computed here">
                {img.originalWidthPx}×{img.originalHeightPx} px{img.blockPx > 1 ? ` · shown ${img.widthPx}×${img.heightPx} (${img.blockPx}×${img.blockPx} means)` : ''} · zoom{' '}
                {Math.round((scale / img.blockPx) * 100)}%
              </span>
            )
          }
        >
          {error !== null && loaded === null ? (
            <Empty tone="error">Cannot show this frame: {error}</Empty>
          ) : loaded === null ? (
            <Empty>Loading the image…</Empty>
          ) : (
            <ViewerCanvas image={loaded.preview} limits={limits} kind={kind} onHover={setHover} onScale={onScale} />
          )}
          <div className="viewer-readout mono" data-testid="viewer-readout">
            {readout === null ? (
              <span className="muted">Move over the image for pixel values and sky position · drag to pan · wheel to zoom · double-click to fit</span>
            ) : (
              <>
                <span>
                  x <b>{readout.x.toFixed(1)}</b> y <b>{readout.y.toFixed(1)}</b>
                </span>
                <span>
                  value <b data-testid="readout-value">{Number.isNaN(readout.value) ? 'NaN' : Number(readout.value.toPrecision(6))}</b>
                  {img !== null && img.blockPx > 1 ? <span className="muted"> (mean of {img.blockPx}×{img.blockPx})</span> : null}
                </span>
                {readout.sky === null ? (
                  <span className="muted">no WCS in the header</span>
                ) : (
                  <span data-testid="readout-sky">
                    RA <b>{formatRaHours(readout.sky.raDeg / 15)}</b> Dec <b>{formatDecDeg(readout.sky.decDeg)}</b>
                  </span>
                )}
              </>
            )}
          </div>
        </Panel>
        <div className="viewer-side">
          <Panel title="Display" className="viewer-display">
            {loaded === null ? (
              <Empty>…</Empty>
            ) : (
              <StretchControls
                kind={kind}
                mode={mode}
                limits={limits}
                range={range}
                onKind={setKind}
                onMode={setMode}
                onLimits={(l) => {
                  setManual(l);
                  setMode('manual');
                }}
              />
            )}
          </Panel>
          <Panel title="Header" className="viewer-header" testId="viewer-header">
            {header === null ? <Empty>{error ?? 'Loading the header…'}</Empty> : <HeaderTable cards={header.cards} />}
          </Panel>
        </div>
      </div>
    </div>
  );
}
