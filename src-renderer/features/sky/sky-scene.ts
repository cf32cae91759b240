/**
 * three.js back end for the all-sky view (the default where WebGL works). Same buffers as the Canvas 2D
 * back end; one draw call per layer: stars and targets are single Points objects with per-vertex
 * size and colour (10⁴ + 10⁴ points; only the visible ones are packed and uploaded per frame), each
 * line style one LineSegments with a growable buffer. The backing store may be drawn at a fraction of
 * the device pixel ratio while the sky moves (`setRenderScale`, see render-scale). Screen-space orthographic
 * camera in CSS pixels (y down), so SkyModel's projected buffers are uploaded as they are. Text and
 * symbols are drawn by the 2D overlay above (sky-overlay-draw).
 */
import * as THREE from 'three';
import type { PointBuffers, SkyFrame } from './sky-model';
import type { SkyLineStyle } from './sky-overlay-lines';
import type { SkyRenderer } from './sky-renderer';
import { SkyTextLayer } from './sky-text-layer';
import { BAND_STYLES, CONSTELLATION_STYLE, HORIZON_STYLE, LINE_STYLES, MILKY_WAY_STYLE, OUTSIDE_RGB, type SkyBandStyle } from './sky-style';

const POINT_VERTEX = `
  attribute float size;
  attribute vec3 colour;
  uniform float pixelRatio;
  varying vec3 vColour;
  void main() {
    vColour = colour;
    gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
    gl_PointSize = size * pixelRatio;
  }`;
const STAR_FRAGMENT = `
  varying vec3 vColour;
  void main() {
    float d = length(gl_PointCoord - vec2(0.5));
    if (d > 0.5) discard;
    gl_FragColor = vec4(vColour, smoothstep(0.5, 0.25, d));
  }`;
const TARGET_FRAGMENT = `
  varying vec3 vColour;
  void main() {
    vec2 p = abs(gl_PointCoord - vec2(0.5));
    if (max(p.x, p.y) < 0.3) discard;
    gl_FragColor = vec4(vColour, 1.0);
  }`;

const srgb = (rgb: readonly number[]): THREE.Color => new THREE.Color().setRGB(rgb[0] ?? 0, rgb[1] ?? 0, rgb[2] ?? 0, THREE.SRGBColorSpace);

/**
 * Points drawn from a packed copy of the visible ones only: software rasterisers (SwiftShader) pay per
 * point whether it is drawn or not (a zero-size point costs as much as a 4 px one), and about half the
 * stars and targets are below the horizon at any time. Packing costs a copy of size and colour per
 * frame (a few hundred kB), far less than setting up the hidden points.
 */
class PointLayer {
  readonly geometry = new THREE.BufferGeometry();
  readonly material: THREE.ShaderMaterial;
  readonly object: THREE.Points;
  private capacity = -1;
  private position = new THREE.BufferAttribute(new Float32Array(0), 3);
  private size = new THREE.BufferAttribute(new Float32Array(0), 1);
  private colour = new THREE.BufferAttribute(new Float32Array(0), 3);

  constructor(fragmentShader: string, z: number) {
    this.material = new THREE.ShaderMaterial({ vertexShader: POINT_VERTEX, fragmentShader, transparent: true, depthTest: false, uniforms: { pixelRatio: { value: 1 } } });
    this.object = new THREE.Points(this.geometry, this.material);
    this.object.position.z = z;
    this.object.frustumCulled = false;
  }

  update(p: PointBuffers, pixelRatio: number): void {
    if (p.count > this.capacity) {
      this.capacity = p.count;
      const attr = (itemSize: number) => new THREE.BufferAttribute(new Float32Array(itemSize * p.count), itemSize).setUsage(THREE.DynamicDrawUsage);
      this.position = attr(3);
      this.size = attr(1);
      this.colour = attr(3);
      this.geometry.setAttribute('position', this.position);
      this.geometry.setAttribute('size', this.size);
      this.geometry.setAttribute('colour', this.colour);
    }
    const pos = this.position.array as Float32Array;
    const size = this.size.array as Float32Array;
    const rgb = this.colour.array as Float32Array;
    let m = 0;
    for (let i = 0; i < p.count; i++) {
      if (p.visible[i] !== 1) continue;
      pos[3 * m] = p.xy[2 * i] ?? 0;
      pos[3 * m + 1] = p.xy[2 * i + 1] ?? 0;
      size[m] = p.sizePx[i] ?? 0;
      rgb[3 * m] = p.rgb[3 * i] ?? 0;
      rgb[3 * m + 1] = p.rgb[3 * i + 1] ?? 0;
      rgb[3 * m + 2] = p.rgb[3 * i + 2] ?? 0;
      m++;
    }
    for (const a of [this.position, this.size, this.colour]) {
      a.needsUpdate = true;
      a.clearUpdateRanges();
      a.addUpdateRange(0, a.itemSize * m);
    }
    this.geometry.setDrawRange(0, m);
    (this.material.uniforms.pixelRatio as { value: number }).value = pixelRatio;
  }

  dispose(): void {
    this.geometry.dispose();
    this.material.dispose();
  }
}

/** Line segments with a growable position buffer; `begin` / `segment` / `polyline` / `end` per frame. */
class LineLayer {
  readonly object: THREE.LineSegments<THREE.BufferGeometry, THREE.LineBasicMaterial>;
  private data = new Float32Array(3 * 1024);
  private attr = new THREE.BufferAttribute(this.data, 3).setUsage(THREE.DynamicDrawUsage);
  private n = 0;

  constructor(rgb: readonly number[], opacity: number, z: number) {
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', this.attr);
    this.object = new THREE.LineSegments(g, new THREE.LineBasicMaterial({ color: srgb(rgb), transparent: opacity < 1, opacity, depthTest: false }));
    this.object.position.z = z;
    this.object.frustumCulled = false;
  }

  begin(): void {
    this.n = 0;
  }

  segment(x1: number, y1: number, x2: number, y2: number): void {
    if (3 * (this.n + 2) > this.data.length) {
      const bigger = new Float32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
      this.attr = new THREE.BufferAttribute(this.data, 3).setUsage(THREE.DynamicDrawUsage);
      this.object.geometry.setAttribute('position', this.attr);
    }
    const k = 3 * this.n;
    this.data[k] = x1;
    this.data[k + 1] = y1;
    this.data[k + 3] = x2;
    this.data[k + 4] = y2;
    this.n += 2;
  }

  polyline(xy: Float32Array): void {
    for (let i = 0; i + 3 < xy.length; i += 2) this.segment(xy[i] ?? 0, xy[i + 1] ?? 0, xy[i + 2] ?? 0, xy[i + 3] ?? 0);
  }

  end(): void {
    this.attr.needsUpdate = true;
    this.attr.clearUpdateRanges();
    this.attr.addUpdateRange(0, 3 * this.n);
    this.object.geometry.setDrawRange(0, this.n);
  }

  dispose(): void {
    this.object.geometry.dispose();
    this.object.material.dispose();
  }
}

/** Translucent triangles from the frame's band strips; a growable position buffer like LineLayer. */
class BandLayer {
  readonly object: THREE.Mesh<THREE.BufferGeometry, THREE.MeshBasicMaterial>;
  private data = new Float32Array(3 * 1024);
  private attr = new THREE.BufferAttribute(this.data, 3).setUsage(THREE.DynamicDrawUsage);
  private n = 0;

  constructor(rgb: readonly number[], opacity: number, z: number) {
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', this.attr);
    this.object = new THREE.Mesh(g, new THREE.MeshBasicMaterial({ color: srgb(rgb), transparent: true, opacity, depthTest: false, side: THREE.DoubleSide }));
    this.object.position.z = z;
    this.object.frustumCulled = false;
  }

  begin(): void {
    this.n = 0;
  }

  private vertex(x: number, y: number): void {
    if (3 * (this.n + 1) > this.data.length) {
      const bigger = new Float32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
      this.attr = new THREE.BufferAttribute(this.data, 3).setUsage(THREE.DynamicDrawUsage);
      this.object.geometry.setAttribute('position', this.attr);
    }
    this.data[3 * this.n] = x;
    this.data[3 * this.n + 1] = y;
    this.n++;
  }

  /** A strip [ax0, ay0, bx0, by0, ax1, …] as two triangles per quad. */
  strip(xy: Float32Array): void {
    for (let i = 0; i + 7 < xy.length; i += 4) {
      const ax = xy[i] ?? 0, ay = xy[i + 1] ?? 0, bx = xy[i + 2] ?? 0, by = xy[i + 3] ?? 0;
      const cx = xy[i + 4] ?? 0, cy = xy[i + 5] ?? 0, dx = xy[i + 6] ?? 0, dy = xy[i + 7] ?? 0;
      this.vertex(ax, ay);
      this.vertex(bx, by);
      this.vertex(cx, cy);
      this.vertex(bx, by);
      this.vertex(dx, dy);
      this.vertex(cx, cy);
    }
  }

  end(opacity: number): void {
    this.object.material.opacity = opacity;
    this.attr.needsUpdate = true;
    this.attr.clearUpdateRanges();
    this.attr.addUpdateRange(0, 3 * this.n);
    this.object.geometry.setDrawRange(0, this.n);
  }

  dispose(): void {
    this.object.geometry.dispose();
    this.object.material.dispose();
  }
}

/**
 * Whether this browser can create a WebGL context (probed on a throwaway canvas), and whether it is a
 * software rasteriser (SwiftShader, llvmpipe), where multisampling costs more than it is worth.
 */
export function webglSupport(): { available: boolean; software: boolean } {
  try {
    const c = document.createElement('canvas');
    const gl = c.getContext('webgl2') ?? c.getContext('webgl');
    if (gl === null) return { available: false, software: false };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(info === null ? gl.getParameter(gl.RENDERER) : gl.getParameter(info.UNMASKED_RENDERER_WEBGL));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, software: /swiftshader|llvmpipe|software/i.test(name) };
  } catch {
    return { available: false, software: false };
  }
}

export class ThreeSkyRenderer implements SkyRenderer {
  readonly kind = 'webgl';
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.OrthographicCamera(0, 1, 0, 1, -10, 10);
  private readonly skyDisc: THREE.Mesh<THREE.CircleGeometry, THREE.MeshBasicMaterial>;
  private readonly horizon: THREE.LineLoop<THREE.BufferGeometry, THREE.LineBasicMaterial>;
  private readonly milkyWay = new LineLayer(MILKY_WAY_STYLE.rgb, MILKY_WAY_STYLE.alpha, 0.5);
  private readonly constellations = new LineLayer(CONSTELLATION_STYLE.rgb, CONSTELLATION_STYLE.alpha, 1.5);
  private readonly styled: Record<SkyLineStyle, LineLayer>;
  private readonly bands: Record<SkyBandStyle, BandLayer> = {
    'dome-slit': new BandLayer(BAND_STYLES['dome-slit'].rgb, BAND_STYLES['dome-slit'].alpha, 0.8),
    'horizon-mask': new BandLayer(BAND_STYLES['horizon-mask'].rgb, BAND_STYLES['horizon-mask'].alpha, 3),
  };
  private readonly stars = new PointLayer(STAR_FRAGMENT, 2);
  private readonly targets = new PointLayer(TARGET_FRAGMENT, 4);
  private readonly text = new SkyTextLayer(9);
  readonly overlay: { context: CanvasRenderingContext2D; changed(): void } = { context: this.text.context, changed: () => this.text.changed() };
  /** Device pixels per CSS pixel of the backing store: deviceRatio × renderScale. */
  private pixelRatio = 1;
  private deviceRatio = 1;
  private renderScale = 1;

  /** `software`: a software rasteriser, drawn without multisampling. */
  constructor(canvas: HTMLCanvasElement, software = false) {
    // Opaque canvas (alpha: false): the compositor copies it instead of blending it over the page, which
    // is most of a frame's cost under software compositing (SwiftShader: ~1.5× the frame rate). No depth
    // or stencil buffer: everything is 2D, drawn in an explicit order (nothing to clear per frame).
    this.renderer = new THREE.WebGLRenderer({ canvas, alpha: false, depth: false, stencil: false, antialias: !software, preserveDrawingBuffer: false, powerPreference: 'high-performance' });
    this.scene.background = srgb(OUTSIDE_RGB);
    this.skyDisc = new THREE.Mesh(new THREE.CircleGeometry(1, 128), new THREE.MeshBasicMaterial({ color: 0x020208, depthTest: false }));
    const ring = new THREE.BufferGeometry().setFromPoints(new THREE.Path().absarc(0, 0, 1, 0, 2 * Math.PI, false).getPoints(256));
    this.horizon = new THREE.LineLoop(ring, new THREE.LineBasicMaterial({ color: srgb(HORIZON_STYLE.rgb), transparent: true, opacity: HORIZON_STYLE.alpha, depthTest: false }));
    this.horizon.position.z = 5;
    this.styled = {
      'altaz-grid': this.lineLayer('altaz-grid', 1),
      'radec-grid': this.lineLayer('radec-grid', 1),
      meridian: this.lineLayer('meridian', 1.1),
      airmass: this.lineLayer('airmass', 1.2),
      'ha-limit': this.lineLayer('ha-limit', 1.3),
      'horizon-limit': this.lineLayer('horizon-limit', 1.4),
      'horizon-mask': this.lineLayer('horizon-mask', 1.45),
      'dome-slit': this.lineLayer('dome-slit', 1.05),
      'slew-path': this.lineLayer('slew-path', 3.5),
    };
    // Draw order is explicit (everything is 2D and transparent): disc, slit, lines, stars, the
    // unreachable band (veils the stars below the limit), slew paths, targets, rim.
    const { 'slew-path': slew, ...under } = this.styled;
    const order: THREE.Object3D[] = [
      this.skyDisc,
      this.bands['dome-slit'].object,
      this.milkyWay.object,
      ...Object.values(under).map((l) => l.object),
      this.constellations.object,
      this.stars.object,
      this.bands['horizon-mask'].object,
      slew.object,
      this.targets.object,
      this.horizon,
      this.text.object,
    ];
    order.forEach((o, i) => (o.renderOrder = i));
    this.scene.add(...order);
  }

  private lineLayer(style: SkyLineStyle, z: number): LineLayer {
    const s = LINE_STYLES[style];
    return new LineLayer(s.rgb, s.alpha, z);
  }

  setSize(widthPx: number, heightPx: number, pixelRatio: number): void {
    this.deviceRatio = pixelRatio;
    this.pixelRatio = pixelRatio * this.renderScale;
    this.renderer.setPixelRatio(this.pixelRatio);
    this.renderer.setSize(widthPx, heightPx, false);
    // CSS pixels, y down, as SkyModel projects.
    this.camera.left = 0;
    this.camera.right = widthPx;
    this.camera.top = 0;
    this.camera.bottom = heightPx;
    this.camera.updateProjectionMatrix();
    this.text.setSize(widthPx, heightPx, pixelRatio);
  }

  /**
   * Backing store at `scale` × the device ratio (CSS size unchanged, the camera stays in CSS pixels,
   * so nothing moves); point sizes follow. The text layer keeps its full-resolution bitmap (it is a
   * texture drawn into the scene, sampled down while reduced).
   */
  setRenderScale(scale: number): void {
    if (scale === this.renderScale) return;
    this.renderScale = scale;
    this.pixelRatio = this.deviceRatio * scale;
    // Resizes the drawing buffer only (updateStyle false inside three): the canvas's CSS box is the stylesheet's.
    this.renderer.setPixelRatio(this.pixelRatio);
  }

  draw(f: SkyFrame): void {
    const { centreXPx: cx, centreYPx: cy, horizonRadiusPx: r } = f.viewport;
    for (const o of [this.skyDisc, this.horizon]) {
      o.position.set(cx, cy, o.position.z);
      o.scale.set(r, r, 1);
    }
    this.skyDisc.material.color.setRGB(f.skyRgb[0], f.skyRgb[1], f.skyRgb[2], THREE.SRGBColorSpace);

    this.milkyWay.begin();
    for (const l of f.milkyWayXY) this.milkyWay.polyline(l);
    this.milkyWay.end();
    this.constellations.begin();
    const xy = f.constellationXY;
    for (let s = 0; s < f.constellationSegmentCount; s++) this.constellations.segment(xy[4 * s] ?? 0, xy[4 * s + 1] ?? 0, xy[4 * s + 2] ?? 0, xy[4 * s + 3] ?? 0);
    this.constellations.end();
    for (const l of Object.values(this.styled)) l.begin();
    for (const l of f.lines) this.styled[l.style].polyline(l.xy);
    for (const l of Object.values(this.styled)) l.end();
    for (const b of Object.values(this.bands)) b.begin();
    let slitDim = true;
    for (const b of f.bands) {
      for (const strip of b.strips) this.bands[b.style].strip(strip);
      if (b.style === 'dome-slit' && !b.dim) slitDim = false;
    }
    this.bands['dome-slit'].end(BAND_STYLES['dome-slit'].alpha * (slitDim ? 0.5 : 1));
    this.bands['horizon-mask'].end(BAND_STYLES['horizon-mask'].alpha);

    this.stars.update(f.stars, this.pixelRatio);
    this.targets.update(f.targets, this.pixelRatio);
    this.renderer.render(this.scene, this.camera);
  }

  dispose(): void {
    this.stars.dispose();
    this.targets.dispose();
    this.milkyWay.dispose();
    this.constellations.dispose();
    for (const l of Object.values(this.styled)) l.dispose();
    for (const b of Object.values(this.bands)) b.dispose();
    this.text.dispose();
    this.skyDisc.geometry.dispose();
    this.skyDisc.material.dispose();
    this.horizon.geometry.dispose();
    this.horizon.material.dispose();
    this.renderer.dispose();
    // Release the context now rather than when the GC finds it (browsers cap live WebGL contexts).
    this.renderer.forceContextLoss();
  }
}
