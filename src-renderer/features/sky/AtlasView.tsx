/**
 * The atlas: a deep view around a centre (a target or a telescope's pointing) with the instrument's
 * field of view drawn to scale. Online it shows HiPS survey images through aladin-lite (loaded on
 * demand); when the survey server cannot be reached it says so and draws the same overlays on a
 * chart of the bundled catalogs. The aladin instance and the canvas live in refs of this component.
 *
 * Framing: the field becomes a frame the user drags (and turns by its handle) to place a request;
 * "Request this field" opens the composer with the frame's centre, the instrument and, when the
 * instrument has a rotator, the position angle.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ComposerInstrument } from '../../../src-shared/ipc/contract';
import { fieldCorners } from '../../../src-shared/sky';
import { useClient } from '../../app/client-context';
import { useClockStore } from '../../stores/clock';
import { useComposerStore } from '../composer/composer-store';
import { loadAladin, type AladinApi, type AladinInstance, type AladinOverlay } from './aladin-types';
import { atlasScale, drawOfflineAtlas, type AtlasChart } from './atlas-offline-draw';
import { cameraFieldOfView, chartSkyScreen, dragFrame, frameHandle, framePrefill, hasRotator, hitFrame, rotateFrame, type Frame, type SkyScreen } from './framing';
import { aladinSkyScreen } from './framing-aladin';
import { FramingControls } from './framing-controls';
import { loadSkyCatalogs, type SkyCatalogs } from './sky-data';
import type { SkyPointing } from './sky-model';
import type { SkyTarget } from './sky-targets';
import { DEFAULT_SURVEY, surveyReachable } from './survey-probe';

export interface AtlasViewProps {
  chart: AtlasChart;
  centreName: string;
  targets: readonly SkyTarget[];
  pointings: readonly SkyPointing[];
}

type AtlasMode = { kind: 'checking' } | { kind: 'online' } | { kind: 'offline'; reason: string };
type Drag = { kind: 'move' | 'rotate'; start: Frame; from: { x: number; y: number }; pointerId: number };

const frameOf = (chart: AtlasChart): Frame => ({ centreRaDeg: chart.centreRaDeg, centreDecDeg: chart.centreDecDeg, paDeg: chart.rotationDeg });

export function AtlasView({ chart, centreName, targets, pointings }: AtlasViewProps) {
  const client = useClient();
  const hostRef = useRef<HTMLDivElement>(null);
  const aladinDivRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const aladinRef = useRef<{ api: AladinApi; view: AladinInstance; fov: AladinOverlay } | null>(null);
  const dragRef = useRef<Drag | null>(null);
  const [mode, setMode] = useState<AtlasMode>({ kind: 'checking' });
  const [catalogs, setCatalogs] = useState<SkyCatalogs | null>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const [framing, setFraming] = useState(false);
  const [frame, setFrame] = useState<Frame>(() => frameOf(chart));
  const [instruments, setInstruments] = useState<readonly ComposerInstrument[]>([]);
  const [instrumentType, setInstrumentType] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const aladinDiv = aladinDivRef.current;
    void loadSkyCatalogs().then((c) => !cancelled && setCatalogs(c), () => undefined);
    void surveyReachable().then(async (probe) => {
      if (cancelled) return;
      if (!probe.online) return setMode({ kind: 'offline', reason: probe.reason });
      try {
        const api = await loadAladin();
        const div = aladinDiv;
        if (cancelled || div === null) return;
        const view = api.aladin(div, { survey: DEFAULT_SURVEY, fov: chart.fieldDeg, target: `${chart.centreRaDeg} ${chart.centreDecDeg}`, showReticle: false, showCooGrid: false, showProjectionControl: false, showFullscreenControl: false });
        const fov = api.graphicOverlay({ color: '#4fc3ff', lineWidth: 2 });
        view.addOverlay(fov);
        aladinRef.current = { api, view, fov };
        setMode({ kind: 'online' });
      } catch (e) {
        if (!cancelled) setMode({ kind: 'offline', reason: `the atlas engine could not start (${e instanceof Error ? e.message : String(e)})` });
      }
    });
    return () => {
      cancelled = true;
      // aladin-lite has no destroy(): dropping the element and our reference frees its canvas and context.
      aladinRef.current = null;
      if (aladinDiv !== null) aladinDiv.innerHTML = '';
    };
    // The engine is created once per mount; centre and FOV changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const host = hostRef.current;
    if (host === null) return;
    const ro = new ResizeObserver(() => setSize({ w: host.clientWidth, h: host.clientHeight }));
    ro.observe(host);
    setSize({ w: host.clientWidth, h: host.clientHeight });
    return () => ro.disconnect();
  }, []);

  // The observatory's instruments (configdb cameras) for the frame's size and rotator, once.
  useEffect(() => {
    let cancelled = false;
    void client.invoke('requests.options', {}).then((a) => {
      if (cancelled || !a.ok) return;
      const imagers = a.value.instruments.filter((i) => i.camera);
      setInstruments(imagers);
      // The chart's own instrument when it is one of them (its FOV source names the camera type).
      setInstrumentType((cur) => cur ?? (imagers.find((i) => chart.fov.source.startsWith(i.instrumentType)) ?? imagers[0])?.instrumentType ?? null);
    });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client]);

  // A new centre from the page (another target) starts the frame there; the page's PA slider turns it.
  useEffect(() => setFrame((f) => ({ ...f, centreRaDeg: chart.centreRaDeg, centreDecDeg: chart.centreDecDeg })), [chart.centreRaDeg, chart.centreDecDeg]);
  useEffect(() => setFrame((f) => ({ ...f, paDeg: chart.rotationDeg })), [chart.rotationDeg]);

  const instrument = instruments.find((i) => i.instrumentType === instrumentType) ?? null;
  const frameFov = useMemo(() => cameraFieldOfView(instrument) ?? chart.fov, [instrument, chart.fov]);
  const shown = framing ? frame : frameOf(chart);
  const shownFov = framing ? frameFov : chart.fov;

  // Sky ↔ screen for the view on show (offline chart or aladin's projection).
  const skyScreen = (): SkyScreen | null => {
    if (mode.kind === 'offline') return size.w === 0 ? null : chartSkyScreen(chart, size.w, size.h);
    const a = aladinRef.current;
    return mode.kind === 'online' && a !== null ? aladinSkyScreen(a.view) : null;
  };

  // Online: move the view and redraw the field of view (or the frame).
  useEffect(() => {
    const a = aladinRef.current;
    if (mode.kind !== 'online' || a === null) return;
    a.view.gotoRaDec(chart.centreRaDeg, chart.centreDecDeg);
    a.view.setFoV(chart.fieldDeg);
  }, [mode, chart]);
  useEffect(() => {
    const a = aladinRef.current;
    if (mode.kind !== 'online' || a === null) return;
    a.fov.removeAll();
    const corners = fieldCorners(shown.centreRaDeg, shown.centreDecDeg, shownFov.widthArcmin, shownFov.heightArcmin, shown.paDeg);
    a.fov.add(a.api.polygon(corners.map((c) => [c.raDeg, c.decDeg])));
    if (framing) {
      const h = frameHandle(shown, shownFov);
      const r = shownFov.heightArcmin / 60 / 40;
      a.fov.add(a.api.polygon([[h.raDeg - r, h.decDeg - r], [h.raDeg + r, h.decDeg - r], [h.raDeg + r, h.decDeg + r], [h.raDeg - r, h.decDeg + r]]));
    }
  }, [mode, shown, shownFov, framing]);

  // Offline: draw the catalog chart.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (mode.kind !== 'offline' || canvas === null || size.w === 0) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(size.w * ratio);
    canvas.height = Math.round(size.h * ratio);
    const c = canvas.getContext('2d');
    if (c === null) return;
    c.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawOfflineAtlas(c, size.w, size.h, chart, catalogs, targets, pointings, framing ? { frame, fov: frameFov } : null);
  }, [mode, size, chart, catalogs, targets, pointings, framing, frame, frameFov]);

  // Dragging the frame: grabbed in the capture phase so aladin does not pan the survey under it.
  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>): void => {
    const view = skyScreen();
    const host = hostRef.current;
    if (!framing || view === null || host === null) return;
    const r = host.getBoundingClientRect();
    const p = { x: e.clientX - r.left, y: e.clientY - r.top };
    const kind = hitFrame(frame, frameFov, view, p);
    if (kind === null) return;
    e.stopPropagation();
    e.preventDefault();
    host.setPointerCapture(e.pointerId);
    dragRef.current = { kind, start: frame, from: p, pointerId: e.pointerId };
  };
  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>): void => {
    const d = dragRef.current;
    const view = skyScreen();
    const host = hostRef.current;
    if (d === null || d.pointerId !== e.pointerId || view === null || host === null) return;
    e.stopPropagation();
    const r = host.getBoundingClientRect();
    const p = { x: e.clientX - r.left, y: e.clientY - r.top };
    const next = d.kind === 'move' ? dragFrame(d.start, view, d.from, p) : rotateFrame(d.start, view, p);
    if (next !== null) setFrame(next);
  };
  const onPointerUp = (e: React.PointerEvent<HTMLDivElement>): void => {
    if (dragRef.current?.pointerId !== e.pointerId) return;
    dragRef.current = null;
    hostRef.current?.releasePointerCapture(e.pointerId);
  };

  const requestField = async (): Promise<void> => {
    setBusy(true);
    try {
      const nowMs = useClockStore.getState().status?.utcMs ?? Date.now();
      await useComposerStore.getState().prefill(client, nowMs, framePrefill(frame, centreName, instrument));
      // The composer lives on the queue page.
      window.location.hash = '#/queue';
    } finally {
      setBusy(false);
    }
  };

  // Where the frame's centre is drawn (CSS px in this view), for tests and assistive tools.
  const view = framing ? skyScreen() : null;
  const centrePx = view?.project(frame.centreRaDeg, frame.centreDecDeg) ?? null;
  const handleSky = framing ? frameHandle(frame, frameFov) : null;
  const handlePx = handleSky === null ? null : (view?.project(handleSky.raDeg, handleSky.decDeg) ?? null);

  return (
    <div
      ref={hostRef}
      className="atlas-view"
      data-testid="atlas-view"
      data-mode={mode.kind}
      data-frame-ra={framing ? frame.centreRaDeg.toFixed(7) : undefined}
      data-frame-dec={framing ? frame.centreDecDeg.toFixed(7) : undefined}
      data-frame-pa={framing ? frame.paDeg.toFixed(1) : undefined}
      data-frame-x={centrePx ? centrePx.x.toFixed(1) : undefined}
      data-frame-y={centrePx ? centrePx.y.toFixed(1) : undefined}
      data-handle-x={handlePx ? handlePx.x.toFixed(1) : undefined}
      data-handle-y={handlePx ? handlePx.y.toFixed(1) : undefined}
      data-px-per-deg={mode.kind === 'offline' && size.w > 0 ? atlasScale(size.w, chart.fieldDeg).toFixed(4) : undefined}
      onPointerDownCapture={onPointerDown}
      onPointerMoveCapture={onPointerMove}
      onPointerUpCapture={onPointerUp}
      onPointerCancelCapture={onPointerUp}
      style={framing ? { touchAction: 'none' } : undefined}
    >
      <div ref={aladinDivRef} className="atlas-view__aladin" style={{ display: mode.kind === 'online' ? 'block' : 'none' }} />
      {mode.kind === 'offline' && <canvas ref={canvasRef} className="atlas-view__canvas" data-testid="atlas-canvas" />}
      {mode.kind !== 'checking' && (
        <FramingControls
          on={framing}
          frame={frame}
          instruments={instruments}
          instrumentType={instrumentType}
          rotator={hasRotator(instrument)}
          busy={busy}
          onToggle={() => {
            if (!framing) setFrame(frameOf(chart));
            setFraming(!framing);
          }}
          onInstrument={setInstrumentType}
          onPa={(pa) => Number.isFinite(pa) && setFrame((f) => ({ ...f, paDeg: ((pa % 360) + 360) % 360 }))}
          onRecentre={() => setFrame(frameOf(chart))}
          onRequest={() => void requestField()}
        />
      )}
      <div className="atlas-view__caption">
        <strong>{centreName}</strong> · field {shownFov.widthArcmin.toFixed(1)}′ × {shownFov.heightArcmin.toFixed(1)}′ at PA {shown.paDeg.toFixed(1)}° · {shownFov.source}
      </div>
      {mode.kind === 'checking' && <p className="sky-view__note">Checking the survey server…</p>}
      {mode.kind === 'offline' && (
        <p className="atlas-view__offline" role="status" data-testid="atlas-offline">
          Offline: survey images are unavailable ({mode.reason}). Showing the bundled catalog (stars to V 6.5, NGC/IC) with targets and the field of view.
        </p>
      )}
    </div>
  );
}
