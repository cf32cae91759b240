/**
 * The FITS viewer's canvas: the preview stretched to grey, drawn with pan (drag) and zoom (wheel,
 * about the cursor; double-click fits). Reports the preview pixel under the cursor. The stretched
 * picture lives in an offscreen canvas redrawn only when the pixels, limits or stretch change.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Limits, StretchKind } from './stretch';
import { renderRgba } from './stretch';
import type { ViewTransform } from './viewer-math';
import { fitTransform, previewPixelAt, zoomAbout } from './viewer-math';

export interface PreviewPixels {
  pixels: Float32Array;
  widthPx: number;
  heightPx: number;
}

interface Props {
  image: PreviewPixels;
  limits: Limits;
  kind: StretchKind;
  /** Called with the preview pixel under the cursor (FITS row order) or null off the image. */
  onHover: (p: { col: number; row: number } | null) => void;
  /** Scale in screen pixels per preview pixel, for the zoom readout. */
  onScale: (scale: number) => void;
}

const ZOOM_STEP = 1.25;

export function ViewerCanvas({ image, limits, kind, onHover, onScale }: Props) {
  const wrap = useRef<HTMLDivElement | null>(null);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const picture = useRef<HTMLCanvasElement | null>(null);
  const view = useRef<ViewTransform | null>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const [size, setSize] = useState<{ w: number; h: number }>({ w: 0, h: 0 });

  const draw = useCallback(() => {
    const c = canvas.current;
    const pic = picture.current;
    const t = view.current;
    if (c === null || pic === null || t === null) return;
    const ctx = c.getContext('2d');
    if (ctx === null) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.setTransform(dpr * t.scale, 0, 0, dpr * t.scale, dpr * t.offsetX, dpr * t.offsetY);
    // Blocky pixels when zoomed in (each one is a measurement); smooth when shrunk.
    ctx.imageSmoothingEnabled = t.scale < 1;
    ctx.drawImage(pic, 0, 0);
    onScale(t.scale);
  }, [onScale]);

  const fitToView = useCallback(() => {
    if (size.w === 0 || size.h === 0) return;
    view.current = fitTransform(image.widthPx, image.heightPx, size.w, size.h);
    draw();
  }, [image.widthPx, image.heightPx, size.w, size.h, draw]);

  // Follow the box's size.
  useEffect(() => {
    const el = wrap.current;
    if (el === null) return;
    const ro = new ResizeObserver(() => {
      const r = el.getBoundingClientRect();
      setSize({ w: Math.floor(r.width), h: Math.floor(r.height) });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const c = canvas.current;
    if (c === null || size.w === 0) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(size.w * dpr);
    c.height = Math.round(size.h * dpr);
    c.style.width = `${size.w}px`;
    c.style.height = `${size.h}px`;
    if (view.current === null) view.current = fitTransform(image.widthPx, image.heightPx, size.w, size.h);
    draw();
  }, [size, image.widthPx, image.heightPx, draw]);

  // A new image: fit it.
  useEffect(() => {
    view.current = null;
    fitToView();
  }, [image, fitToView]);

  // Re-stretch into the offscreen picture.
  useEffect(() => {
    const pic = picture.current ?? document.createElement('canvas');
    picture.current = pic;
    pic.width = image.widthPx;
    pic.height = image.heightPx;
    const ctx = pic.getContext('2d');
    if (ctx === null) return;
    const rgba = renderRgba(image.pixels, image.widthPx, image.heightPx, limits, kind);
    ctx.putImageData(new ImageData(rgba, image.widthPx, image.heightPx), 0, 0);
    draw();
  }, [image, limits, kind, draw]);

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const c = canvas.current;
    if (c === null) return;
    const onWheel = (e: WheelEvent): void => {
      e.preventDefault();
      const t = view.current;
      if (t === null) return;
      const r = c.getBoundingClientRect();
      view.current = zoomAbout(t, e.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, e.clientX - r.left, e.clientY - r.top);
      draw();
    };
    c.addEventListener('wheel', onWheel, { passive: false });
    return () => c.removeEventListener('wheel', onWheel);
  }, [draw]);

  const zoomCentre = (factor: number): void => {
    const t = view.current;
    if (t === null) return;
    view.current = zoomAbout(t, factor, size.w / 2, size.h / 2);
    draw();
  };

  return (
    <div className="viewer-canvas-wrap" ref={wrap}>
      <canvas
        ref={canvas}
        className="viewer-canvas"
        data-testid="fits-canvas"
        onMouseDown={(e) => {
          drag.current = { x: e.clientX, y: e.clientY };
        }}
        onMouseUp={() => {
          drag.current = null;
        }}
        onMouseLeave={() => {
          drag.current = null;
          onHover(null);
        }}
        onDoubleClick={fitToView}
        onMouseMove={(e) => {
          const t = view.current;
          if (t === null) return;
          if (drag.current !== null) {
            view.current = { ...t, offsetX: t.offsetX + e.clientX - drag.current.x, offsetY: t.offsetY + e.clientY - drag.current.y };
            drag.current = { x: e.clientX, y: e.clientY };
            draw();
          }
          const r = e.currentTarget.getBoundingClientRect();
          onHover(previewPixelAt(view.current ?? t, e.clientX - r.left, e.clientY - r.top, image.widthPx, image.heightPx));
        }}
      />
      <div className="viewer-zoom btn-row">
        <button type="button" className="btn btn-small" onClick={() => zoomCentre(ZOOM_STEP)} title="Zoom in (wheel)">
          +
        </button>
        <button type="button" className="btn btn-small" onClick={() => zoomCentre(1 / ZOOM_STEP)} title="Zoom out (wheel)">
          −
        </button>
        <button type="button" className="btn btn-small" onClick={fitToView} title="Fit the frame (double-click)">
          Fit
        </button>
      </div>
    </div>
  );
}
