/**
 * The all-sky view: the one component that owns the sky scene. Catalogs, the SkyModel, the renderer
 * (three.js, or Canvas 2D when WebGL is unavailable) and the 2D text overlay live in refs (never in
 * a store), are created on mount and disposed on unmount. Time is read from the clock store inside
 * the animation loop (getState, no React re-render per frame); only the hover tooltip is React state.
 *
 * Render on demand: the loop runs every animation frame but recomputes and draws only when something
 * changed (targets, layers, limits, pointings, domes, selection, size) or the clock turned the sky by
 * ≥ 0.5 px at the rim (about every 15 s of real time at the live clock's speed). An idle view costs
 * no GPU or compositor work; a scrubbed or fast simulated clock draws every frame. While it does, the
 * WebGL backing store may be drawn at a reduced resolution (render-scale: only where that makes frames
 * faster), and the still picture is redrawn sharp ~200 ms after the sky stops.
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
import { SkyModel, type SkyDome, type SkyFrame, type SkyHover, type SkyPointing } from './sky-model';
import { DEFAULT_LAYERS, NO_LIMITS, type SkyLayers, type SkyLimits } from './sky-overlay-lines';
import { drawSkyOverlay } from './sky-overlay-draw';
import { RenderScaleController } from './render-scale';
import { probeFrame } from './sky-probe';
import type { SkyRenderer } from './sky-renderer';
import { ThreeSkyRenderer, webglSupport } from './sky-scene';
import type { SkyTarget } from './sky-targets';
import { SkyTooltip } from './SkyTooltip';

export const SKY_MARGIN_PX = 28;
/** Shortest period between redraws of the text overlay while the sky moves, ms. */
const OVERLAY_INTERVAL_MS = 250;
/** Redraw when the sky has turned by this much at the rim, CSS px. */
const REDRAW_SHIFT_PX = 0.5;
/** Earth's rotation relative to the stars, radians per ms of clock time. */
const SIDEREAL_RAD_PER_MS = (2 * Math.PI * 1.00273790935) / 86_400_000;

/**
 * How far (CSS px) the sky moves on screen when the clock moves by `dtMs`: the largest local scale of
 * either projection is 1.25 × the horizon radius per radian (stereographic at its lowest drawn
 * altitude, sin alt = −0.2), times the sidereal rotation.
 */
export function skyShiftPx(dtMs: number, horizonRadiusPx: number): number {
  return Math.abs(dtMs) * SIDEREAL_RAD_PER_MS * 1.25 * horizonRadiusPx;
}

export interface SkyViewProps {
  site: GeoSite | null;
  targets: readonly SkyTarget[];
  /** Fixed instant to show, UTC ms (scrubbing, tests); null/undefined follows the core clock. */
  utcMs?: number | null;
  projection?: ProjectionKind;
  layers?: SkyLayers;
  limits?: SkyLimits;
  pointings?: readonly SkyPointing[];
  /** Dome slits to draw (domes with an azimuth). */
  domes?: readonly SkyDome[];
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

const NO_POINTINGS: readonly SkyPointing[] = [];
const NO_DOMES: readonly SkyDome[] = [];

export function SkyView({ site, targets, utcMs = null, projection = 'stereographic', layers = DEFAULT_LAYERS, limits = NO_LIMITS, pointings = NO_POINTINGS, domes = NO_DOMES, selectedId = null, onOpenTarget, createRenderer = createDefaultRenderer }: SkyViewProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const modelRef = useRef<SkyModel | null>(null);
  // Props the animation loop reads without restarting it.
  const liveRef = useRef({ site, targets, utcMs, projection, selectedId, onOpenTarget });
  liveRef.current = { site, targets, utcMs, projection, selectedId, onOpenTarget };
  // Targets drawn: the props', or the test hook's override.
  const overrideRef = useRef<SkyTarget[] | null>(null);
  // Set when the scene must be drawn again whatever the clock did.
  const dirtyRef = useRef(true);
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [backend, setBackend] = useState<'webgl' | 'canvas' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hover, setHover] = useState<SkyHover | null>(null);

  const drawnTargets = (): readonly SkyTarget[] => overrideRef.current ?? liveRef.current.targets;

  // Device events re-create these arrays even when nothing moved: compare by value before redrawing.
  const pointingsKey = JSON.stringify(pointings);
  const domesKey = JSON.stringify(domes);
  useEffect(() => {
    if (overrideRef.current === null) modelRef.current?.setTargets(targets);
    dirtyRef.current = true;
  }, [targets]);
  useEffect(() => {
    modelRef.current?.setLayers(layers);
    dirtyRef.current = true;
  }, [layers]);
  useEffect(() => {
    modelRef.current?.setLimits(limits);
    dirtyRef.current = true;
  }, [limits]);
  useEffect(() => {
    modelRef.current?.setPointings(pointings);
    dirtyRef.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pointingsKey]);
  useEffect(() => {
    modelRef.current?.setDomes(domes);
    dirtyRef.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [domesKey]);
  useEffect(() => {
    dirtyRef.current = true;
  }, [selectedId, projection, utcMs]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const overlayCanvas = overlayRef.current;
    const host = hostRef.current;
    if (canvas === null || host === null || overlayCanvas === null) return;
    // The 2D overlay canvas's context: only when the back end does not compose the text itself
    // (a canvas never given a context stays an empty, cheap element that receives the pointer).
    let overlay: CanvasRenderingContext2D | null = null;
    let disposed = false;
    let raf = 0;
    let frames = 0;
    let loops = 0;
    let overlayDrawnAt = -Infinity;
    let overlayStale = false;
    let drawnUtcMs: number | null = null;
    // Dynamic resolution: reduced backing store while the sky moves every frame, sharp when still.
    const scaleControl = new RenderScaleController();
    let lastDrawLoop = -2;
    /** Draws frame f at the scale the controller picks for now. */
    const drawFrame = (f: SkyFrame): void => {
      if (renderer === null) return;
      const scale = scaleControl.beforeDraw(performance.now(), lastDrawLoop === loops - 1);
      renderer.setRenderScale?.(scale);
      renderer.draw(f);
      lastDrawLoop = loops;
      frames++;
    };
    // Test hook: advance the drawn time by this much per loop (bench: the sky moving every frame).
    let animateStepMs: number | null = null;
    let animateOffsetMs = 0;
    let renderer: SkyRenderer | null = null;
    let catalogs: SkyCatalogs | null = null;
    let size = { w: 0, h: 0, ratio: 1 };
    const applySize = (): void => {
      size = { w: host.clientWidth, h: host.clientHeight, ratio: window.devicePixelRatio || 1 };
      renderer?.setSize(size.w, size.h, size.ratio);
      if (overlay !== null) {
        overlayCanvas.width = Math.round(size.w * size.ratio);
        overlayCanvas.height = Math.round(size.h * size.ratio);
        overlay.setTransform(size.ratio, 0, 0, size.ratio, 0, 0);
      }
      dirtyRef.current = true;
    };
    const resize = new ResizeObserver(applySize);
    const nowUtcMs = (): number | null => {
      const fixed = liveRef.current.utcMs;
      if (fixed !== null && fixed !== undefined) return fixed + animateOffsetMs;
      const { anchor, speed } = useClockStore.getState();
      return anchor === null ? null : interpolateUtcMs(anchor, performance.now(), speed) + animateOffsetMs;
    };
    /** Draws the text overlay of frame f; true when the back end must draw again to show it. */
    const drawOverlay = (f: SkyFrame): boolean => {
      const merged = renderer?.overlay ?? null;
      const ctx = merged?.context ?? overlay;
      if (ctx === null) return false;
      overlayDrawnAt = performance.now();
      overlayStale = false;
      const sel = liveRef.current.selectedId;
      const list = drawnTargets();
      const i = sel === null ? -1 : list.findIndex((x) => x.id === sel);
      const selected = i >= 0 && f.targets.visible[i] ? { x: f.targets.xy[2 * i] ?? 0, y: f.targets.xy[2 * i + 1] ?? 0, name: list[i]?.name ?? '' } : null;
      drawSkyOverlay(ctx, f, size.w, size.h, { selected, maxTargetNames: 60, targetNames: list });
      merged?.changed();
      return merged !== null;
    };
    const loop = (): void => {
      raf = requestAnimationFrame(loop);
      loops++;
      if (animateStepMs !== null) animateOffsetMs += animateStepMs;
      const model = modelRef.current;
      const { site: s, projection: kind } = liveRef.current;
      const t = nowUtcMs();
      if (model === null || renderer === null || s === null || t === null || size.w === 0) return;
      const vp = fitViewport(size.w, size.h, kind, SKY_MARGIN_PX);
      const changed = dirtyRef.current;
      const moved = drawnUtcMs === null || skyShiftPx(t - drawnUtcMs, vp.horizonRadiusPx) >= REDRAW_SHIFT_PX;
      if (!changed && !moved) {
        // Nothing to draw; catch up on a text overlay skipped by the rate limit below.
        const last = model.lastFrame();
        if (last === null) return;
        if (overlayStale && performance.now() - overlayDrawnAt > OVERLAY_INTERVAL_MS && drawOverlay(last)) drawFrame(last);
        // The sky stopped after a reduced-resolution run: the still picture is drawn sharp.
        else if (scaleControl.settleDue(performance.now())) drawFrame(last);
        return;
      }
      dirtyRef.current = false;
      drawnUtcMs = t;
      const f = model.update(s, t, vp);
      // Text moves imperceptibly between frames while the clock runs: at most a few redraws a second,
      // but at once after any other change (selection, layers, pointings, size).
      if (changed || performance.now() - overlayDrawnAt > OVERLAY_INTERVAL_MS) drawOverlay(f);
      else overlayStale = true;
      drawFrame(f);
    };
    window.__nightshiftSky = {
      probe: () => {
        const f = modelRef.current?.lastFrame() ?? null;
        const s = liveRef.current.site;
        if (f === null || s === null || catalogs === null || renderer === null) return null;
        return probeFrame(f, renderer.kind, frames, loops, scaleControl.scale, s, catalogs, drawnTargets());
      },
      setTargets: (list) => {
        overrideRef.current = list;
        modelRef.current?.setTargets(list ?? liveRef.current.targets);
        dirtyRef.current = true;
      },
      setDynamicResolution: (on) => {
        scaleControl.setEnabled(on);
        dirtyRef.current = true;
      },
      setAnimation: (stepMs) => {
        animateStepMs = stepMs;
        if (stepMs === null) animateOffsetMs = 0;
        dirtyRef.current = true;
      },
    };
    loadSkyCatalogs().then(
      (loaded) => {
        if (disposed) return;
        catalogs = loaded;
        const model = new SkyModel(loaded, nowUtcMs() ?? Date.now());
        model.setTargets(drawnTargets());
        dirtyRef.current = true;
        modelRef.current = model;
        renderer = createRenderer(canvas);
        if (renderer.overlay === undefined) overlay = overlayCanvas.getContext('2d');
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

  // The model is created asynchronously: hand it the current layers, limits, pointings and domes when it appears.
  useEffect(() => {
    if (status !== 'ready') return;
    modelRef.current?.setLayers(layers);
    modelRef.current?.setLimits(limits);
    modelRef.current?.setPointings(pointings);
    modelRef.current?.setDomes(domes);
    dirtyRef.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status, layers, limits, pointingsKey, domesKey]);

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
