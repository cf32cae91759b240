/**
 * The all-sky view: the one component that owns the sky scene. Catalogs, the SkyModel, the renderer
 * (three.js, or Canvas 2D when WebGL is unavailable) and the 2D text overlay live in refs (never in
 * a store), are created on mount and disposed on unmount. Time is read from the clock store inside
 * the animation loop (getState, no React re-render per frame); only the hover tooltip is React state.
 *
 * Geometry (for tests): the horizon circle is inscribed in the canvas with a 28 px margin
 * (`fitViewport(width, height, kind, 28)`), zenith at the centre, north up, east left. The last
 * frame's positions are readable through `window.__nightshiftSky` (sky-probe).
 */
import { useEffect, useRef, useState } from 'react';
import type { GeoSite } from '../../../src-shared/astro';
import { fitViewport, type ProjectionKind } from '../../../src-shared/sky';
import { interpolateUtcMs } from '../../lib/clock-interp';
import { useClockStore } from '../../stores/clock';
import { CanvasSkyRenderer } from './canvas-sky-renderer';
import { loadSkyCatalogs, type SkyCatalogs } from './sky-data';
import { SkyModel, type SkyHover, type SkyPointing } from './sky-model';
import { DEFAULT_LAYERS, NO_LIMITS, type SkyLayers, type SkyLimits } from './sky-overlay-lines';
import { drawSkyOverlay } from './sky-overlay-draw';
import { probeFrame } from './sky-probe';
import type { SkyRenderer } from './sky-renderer';
import { ThreeSkyRenderer, webglSupport } from './sky-scene';
import type { SkyTarget } from './sky-targets';
import { SkyTooltip } from './SkyTooltip';

export const SKY_MARGIN_PX = 28;
/** Redraw period of the text overlay, ms. */
const OVERLAY_INTERVAL_MS = 250;

export interface SkyViewProps {
  site: GeoSite | null;
  targets: readonly SkyTarget[];
  /** Fixed instant to show, UTC ms (scrubbing, tests); null/undefined follows the core clock. */
  utcMs?: number | null;
  projection?: ProjectionKind;
  layers?: SkyLayers;
  limits?: SkyLimits;
  pointings?: readonly SkyPointing[];
  /** Request id of the highlighted target, or null. */
  selectedId?: string | null;
  /** Called with a target when it is clicked. */
  onOpenTarget?: (target: SkyTarget) => void;
  /** Drawing back end; defaults to three.js when WebGL works, else Canvas 2D. */
  createRenderer?: (canvas: HTMLCanvasElement) => SkyRenderer;
}

/** three.js where WebGL can be created, Canvas 2D otherwise (software-only machines, locked-down GPUs). */
export function createDefaultRenderer(canvas: HTMLCanvasElement): SkyRenderer {
  const gl = webglSupport();
  if (gl.available) {
    try {
      return new ThreeSkyRenderer(canvas, gl.software);
    } catch {
      // Context creation can still fail (GPU blocklisted mid-session): fall through to 2D.
    }
  }
  return new CanvasSkyRenderer(canvas);
}

export function SkyView({ site, targets, utcMs = null, projection = 'stereographic', layers = DEFAULT_LAYERS, limits = NO_LIMITS, pointings = [], selectedId = null, onOpenTarget, createRenderer = createDefaultRenderer }: SkyViewProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const modelRef = useRef<SkyModel | null>(null);
  // Props the animation loop reads without restarting it.
  const liveRef = useRef({ site, targets, utcMs, projection, selectedId, onOpenTarget });
  liveRef.current = { site, targets, utcMs, projection, selectedId, onOpenTarget };
  // Targets drawn: the props', or the test hook's override.
  const overrideRef = useRef<SkyTarget[] | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [backend, setBackend] = useState<'webgl' | 'canvas' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hover, setHover] = useState<SkyHover | null>(null);

  const drawnTargets = (): readonly SkyTarget[] => overrideRef.current ?? liveRef.current.targets;

  useEffect(() => {
    if (overrideRef.current === null) modelRef.current?.setTargets(targets);
  }, [targets]);
  useEffect(() => modelRef.current?.setLayers(layers), [layers]);
  useEffect(() => modelRef.current?.setLimits(limits), [limits]);
  useEffect(() => modelRef.current?.setPointings(pointings), [pointings]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const overlayCanvas = overlayRef.current;
    const host = hostRef.current;
    if (canvas === null || host === null || overlayCanvas === null) return;
    const overlay = overlayCanvas.getContext('2d');
    let disposed = false;
    let raf = 0;
    let frames = 0;
    let overlayDrawnAt = -Infinity;
    let overlayKey = '';
    let lastLayers: SkyLayers | null = null;
    let renderer: SkyRenderer | null = null;
    let catalogs: SkyCatalogs | null = null;
    let size = { w: 0, h: 0, ratio: 1 };
    const applySize = (): void => {
      size = { w: host.clientWidth, h: host.clientHeight, ratio: window.devicePixelRatio || 1 };
      renderer?.setSize(size.w, size.h, size.ratio);
      overlayCanvas.width = Math.round(size.w * size.ratio);
      overlayCanvas.height = Math.round(size.h * size.ratio);
      overlay?.setTransform(size.ratio, 0, 0, size.ratio, 0, 0);
    };
    const resize = new ResizeObserver(applySize);
    const nowUtcMs = (): number | null => {
      const fixed = liveRef.current.utcMs;
      if (fixed !== null && fixed !== undefined) return fixed;
      const { anchor, speed } = useClockStore.getState();
      return anchor === null ? null : interpolateUtcMs(anchor, performance.now(), speed);
    };
    const loop = (): void => {
      raf = requestAnimationFrame(loop);
      const model = modelRef.current;
      const { site: s, projection: kind, selectedId: sel } = liveRef.current;
      const t = nowUtcMs();
      if (model === null || renderer === null || s === null || t === null || size.w === 0) return;
      const f = model.update(s, t, fitViewport(size.w, size.h, kind, SKY_MARGIN_PX));
      renderer.draw(f);
      // Text moves imperceptibly between frames: redraw it a few times a second, or at once after a change.
      const now = performance.now();
      const key = `${size.w}x${size.h}|${sel ?? ''}|${kind}|${f.layers === lastLayers ? '' : 'L'}`;
      if (overlay !== null && (now - overlayDrawnAt > OVERLAY_INTERVAL_MS || key !== overlayKey)) {
        overlayDrawnAt = now;
        overlayKey = key;
        lastLayers = f.layers;
        const list = drawnTargets();
        const i = sel === null ? -1 : list.findIndex((x) => x.id === sel);
        const selected = i >= 0 && f.targets.visible[i] ? { x: f.targets.xy[2 * i] ?? 0, y: f.targets.xy[2 * i + 1] ?? 0, name: list[i]?.name ?? '' } : null;
        drawSkyOverlay(overlay, f, size.w, size.h, { selected, maxTargetNames: 60, targetNames: list });
      }
      frames++;
    };
    window.__nightshiftSky = {
      probe: () => {
        const f = modelRef.current?.lastFrame() ?? null;
        const s = liveRef.current.site;
        if (f === null || s === null || catalogs === null || renderer === null) return null;
        return probeFrame(f, renderer.kind, frames, s, catalogs, drawnTargets());
      },
      setTargets: (list) => {
        overrideRef.current = list;
        modelRef.current?.setTargets(list ?? liveRef.current.targets);
      },
    };
    loadSkyCatalogs().then(
      (loaded) => {
        if (disposed) return;
        catalogs = loaded;
        const model = new SkyModel(loaded, nowUtcMs() ?? Date.now());
        model.setTargets(drawnTargets());
        modelRef.current = model;
        renderer = createRenderer(canvas);
        setBackend(renderer.kind);
        resize.observe(host);
        applySize();
        setStatus('ready');
        raf = requestAnimationFrame(loop);
      },
      (e: unknown) => {
        if (disposed) return;
        setStatus('error');
        setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      disposed = true;
      cancelAnimationFrame(raf);
      resize.disconnect();
      renderer?.dispose();
      renderer = null;
      modelRef.current = null;
      delete window.__nightshiftSky;
    };
  }, [createRenderer]);

  // The model is created asynchronously: hand it the current layers, limits and pointings when it appears.
  useEffect(() => {
    if (status !== 'ready') return;
    modelRef.current?.setLayers(layers);
    modelRef.current?.setLimits(limits);
    modelRef.current?.setPointings(pointings);
  }, [status, layers, limits, pointings]);

  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>): void => {
    const rect = e.currentTarget.getBoundingClientRect();
    const next = modelRef.current?.pick(e.clientX - rect.left, e.clientY - rect.top) ?? null;
    setHover((prev) => (sameHover(prev, next) ? prev : next));
  };
  const onClick = (): void => {
    if (hover?.kind === 'target') liveRef.current.onOpenTarget?.(hover.target);
  };

  return (
    <div ref={hostRef} className="sky-view" data-testid="sky-view" data-status={status} data-renderer={backend ?? ''}>
      <canvas ref={canvasRef} data-testid="sky-canvas" className="sky-view__canvas" />
      <canvas
        ref={overlayRef}
        data-testid="sky-overlay"
        className="sky-view__canvas"
        style={{ cursor: hover?.kind === 'target' ? 'pointer' : 'default' }}
        onPointerMove={onPointerMove}
        onPointerLeave={() => setHover(null)}
        onClick={onClick}
      />
      {status === 'loading' && <p className="sky-view__note">Loading the star catalog…</p>}
      {status === 'error' && (
        <p className="sky-view__note" role="alert">
          The sky catalogs could not be loaded: {error}
        </p>
      )}
      {status === 'ready' && site === null && <p className="sky-view__note">No site selected.</p>}
      {hover !== null && <SkyTooltip hover={hover} />}
    </div>
  );
}

function sameHover(a: SkyHover | null, b: SkyHover | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === 'target' && b.kind === 'target') return a.target.id === b.target.id && a.x === b.x;
  if (a.kind === 'star' && b.kind === 'star') return a.index === b.index;
  return false;
}
