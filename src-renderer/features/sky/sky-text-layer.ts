/**
 * The 2D text overlay drawn inside the WebGL scene (three.js back end): the overlay is painted with
 * Canvas 2D into an offscreen canvas, uploaded as a texture when it changes, and drawn as quads over
 * the tiles that hold something (text covers a few percent of the view). One canvas on the page
 * instead of two: under software compositing every full-size layer costs a blend of the whole view
 * per frame, and texturing only the covered tiles costs a small fraction of that.
 */
import * as THREE from 'three';

/** Tile edge, device pixels: small enough that empty sky is skipped, large enough for few quads. */
const TILE_PX = 32;

export class SkyTextLayer {
  readonly object: THREE.Mesh<THREE.BufferGeometry, THREE.MeshBasicMaterial>;
  private readonly canvas: HTMLCanvasElement;
  readonly context: CanvasRenderingContext2D;
  private texture: THREE.CanvasTexture;
  private widthPx = 0;
  private heightPx = 0;

  constructor(z: number) {
    this.canvas = document.createElement('canvas');
    // Read back once per redraw to find the covered tiles: keep the bitmap on the CPU.
    const ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    if (ctx === null) throw new Error('Canvas 2D is not available');
    this.context = ctx;
    this.texture = this.makeTexture();
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(new Float32Array(0), 3));
    g.setAttribute('uv', new THREE.BufferAttribute(new Float32Array(0), 2));
    this.object = new THREE.Mesh(g, new THREE.MeshBasicMaterial({ map: this.texture, transparent: true, depthTest: false, side: THREE.DoubleSide }));
    this.object.position.z = z;
    this.object.frustumCulled = false;
  }

  private makeTexture(): THREE.CanvasTexture {
    const t = new THREE.CanvasTexture(this.canvas);
    t.colorSpace = THREE.SRGBColorSpace;
    // Linear when sampled down (dynamic resolution while the sky moves); 1:1 when still (magnification: nearest, exact).
    t.minFilter = THREE.LinearFilter;
    t.magFilter = THREE.NearestFilter;
    t.generateMipmaps = false;
    return t;
  }

  /** Size in CSS pixels and device pixel ratio (clears the overlay). */
  setSize(widthPx: number, heightPx: number, ratio: number): void {
    this.widthPx = widthPx;
    this.heightPx = heightPx;
    this.canvas.width = Math.max(1, Math.round(widthPx * ratio));
    this.canvas.height = Math.max(1, Math.round(heightPx * ratio));
    this.context.setTransform(ratio, 0, 0, ratio, 0, 0);
    // GPU textures keep the size they were created with: a new one for the new size.
    this.texture.dispose();
    this.texture = this.makeTexture();
    this.object.material.map = this.texture;
    this.object.material.needsUpdate = true;
    this.changed();
  }

  /** Call after drawing into `context`: re-uploads the bitmap and rebuilds the tile quads. */
  changed(): void {
    const w = this.canvas.width;
    const h = this.canvas.height;
    const cols = Math.ceil(w / TILE_PX);
    const rows = Math.ceil(h / TILE_PX);
    const used = new Uint8Array(cols * rows);
    const px = new Uint32Array(this.context.getImageData(0, 0, w, h).data.buffer);
    let count = 0;
    for (let y = 0; y < h; y++) {
      const row = (y / TILE_PX) | 0;
      const base = y * w;
      for (let x = 0; x < w; x++) {
        if (px[base + x] !== 0) {
          const k = row * cols + ((x / TILE_PX) | 0);
          if (used[k] === 0) {
            used[k] = 1;
            count++;
          }
          // Rest of this tile's row is decided: jump to the next tile.
          x = ((x / TILE_PX) | 0) * TILE_PX + TILE_PX - 1;
        }
      }
    }
    const pos = new Float32Array(count * 18);
    const uv = new Float32Array(count * 12);
    let q = 0;
    const sx = this.widthPx / w;
    const sy = this.heightPx / h;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        if (used[r * cols + c] === 0) continue;
        const x0 = c * TILE_PX;
        const y0 = r * TILE_PX;
        const x1 = Math.min(w, x0 + TILE_PX);
        const y1 = Math.min(h, y0 + TILE_PX);
        // Screen (CSS px, y down) and texture (v up: canvas row 0 is v = 1) corners.
        const corners = [
          [x0, y0], [x1, y0], [x0, y1],
          [x1, y0], [x1, y1], [x0, y1],
        ] as const;
        corners.forEach(([x, y], i) => {
          pos[q * 18 + 3 * i] = x * sx;
          pos[q * 18 + 3 * i + 1] = y * sy;
          uv[q * 12 + 2 * i] = x / w;
          uv[q * 12 + 2 * i + 1] = 1 - y / h;
        });
        q++;
      }
    }
    const g = this.object.geometry;
    g.setAttribute('position', new THREE.BufferAttribute(pos, 3));
    g.setAttribute('uv', new THREE.BufferAttribute(uv, 2));
    g.setDrawRange(0, count * 6);
    this.texture.needsUpdate = true;
  }

  dispose(): void {
    this.object.geometry.dispose();
    this.object.material.dispose();
    this.texture.dispose();
    this.canvas.width = 0;
    this.canvas.height = 0;
  }
}
