/**
 * The atlas: a deep view around a centre (a target or a telescope's pointing) with the instrument's
 * field of view drawn to scale. Online it shows HiPS survey images through aladin-lite (loaded on
 * demand); when the survey server cannot be reached it says so and draws the same overlays on a
 * chart of the bundled catalogs. The aladin instance and the canvas live in refs of this component.
 */
import { useEffect, useRef, useState } from 'react';
import { fieldCorners } from '../../../src-shared/sky';
import { loadAladin, type AladinApi, type AladinInstance, type AladinOverlay } from './aladin-types';
import { drawOfflineAtlas, type AtlasChart } from './atlas-offline-draw';
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

export function AtlasView({ chart, centreName, targets, pointings }: AtlasViewProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const aladinDivRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const aladinRef = useRef<{ api: AladinApi; view: AladinInstance; fov: AladinOverlay } | null>(null);
  const [mode, setMode] = useState<AtlasMode>({ kind: 'checking' });
  const [catalogs, setCatalogs] = useState<SkyCatalogs | null>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });

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

  // Online: move the view and redraw the field of view.
  useEffect(() => {
    const a = aladinRef.current;
    if (mode.kind !== 'online' || a === null) return;
    a.view.gotoRaDec(chart.centreRaDeg, chart.centreDecDeg);
    a.view.setFoV(chart.fieldDeg);
    a.fov.removeAll();
    const corners = fieldCorners(chart.centreRaDeg, chart.centreDecDeg, chart.fov.widthArcmin, chart.fov.heightArcmin, chart.rotationDeg);
    a.fov.add(a.api.polygon(corners.map((c) => [c.raDeg, c.decDeg])));
  }, [mode, chart]);

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
    drawOfflineAtlas(c, size.w, size.h, chart, catalogs, targets, pointings);
  }, [mode, size, chart, catalogs, targets, pointings]);

  return (
    <div ref={hostRef} className="atlas-view" data-testid="atlas-view" data-mode={mode.kind}>
      <div ref={aladinDivRef} className="atlas-view__aladin" style={{ display: mode.kind === 'online' ? 'block' : 'none' }} />
      {mode.kind === 'offline' && <canvas ref={canvasRef} className="atlas-view__canvas" data-testid="atlas-canvas" />}
      <div className="atlas-view__caption">
        <strong>{centreName}</strong> · field {chart.fov.widthArcmin.toFixed(1)}′ × {chart.fov.heightArcmin.toFixed(1)}′ at PA {chart.rotationDeg}° · {chart.fov.source}
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
