/**
 * End to end, as an operator: start `nightshift serve` (the built app) with a simulated clock in the
 * night of 15/16 Jan 2027 (semester 2026B, where the demo proposals have time) at the demo site, open the Sky page in Debian's chromium (WebGL through
 * SwiftShader), and check that named bright stars and the demo targets are drawn where
 * src-shared/astro puts them: the positions the view reports (window.__nightshiftSky, the same model
 * the renderer draws) within 1.5 px of the engine's per-target alt/az projected onto the canvas, and
 * a bright pixel / the target's colour actually on screen there. Hovers a target and reads its
 * tooltip, opens its details, and saves test-results/sky-allsky.png and sky-atlas-offline.png.
 * Then, as an operator holding the token, opens the 1 m dome and slews its mount through the contract
 * (`devices.control`): the slew path is drawn while it slews, and the telescope's pointing marker
 * lands within 2 px of the mount's reported J2000 position projected with src-shared/astro
 * (test-results/sky-telescopes.png).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { type Browser, type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { frameAt, prepareTarget, type GeoSite } from '../../src-shared/astro';
import { fitViewport, projectAltAz } from '../../src-shared/sky';
import type { SkyProbe } from '../../src-renderer/features/sky/sky-probe';
import { HAS_CHROMIUM, ROOT, consoleSession } from '../helpers/e2e';

const SIM_START = '2027-01-15T23:00:00Z';
/** SkyView's horizon margin (SKY_MARGIN_PX): the projection geometry the test recomputes independently. */
const MARGIN_PX = 28;
/** The demo telescope with a dome (an azimuth, hence a slit) and its slew target: Capella's place (high at SIM_START, ~45° from the park position). */
const TELESCOPE = 'tfn.doma.1m0a';
const SLEW_TO = { raHours: 5.278, decDeg: 46.0 };
/** The pointing reticle's ring radius (sky-overlay-draw), px. */
const RETICLE_RADIUS_PX = 10;
const STAR_NAMES = ['Sirius', 'Betelgeuse', 'Rigel', 'Procyon', 'Capella', 'Aldebaran', 'Pollux', 'Regulus', 'Vega', 'Deneb', 'Polaris'];

const sites = JSON.parse(readFileSync(join(ROOT, 'resources/demo/sites.json'), 'utf8')) as { results: { elevation: number; enclosure_set: { telescope_set: { lat: number; long: number }[] }[] }[] };
const site0 = sites.results[0]!;
const tel0 = site0.enclosure_set[0]!.telescope_set[0]!;

/** Minimal PNG decoder for Playwright screenshots (8-bit RGB/RGBA, not interlaced): RGBA rows. */
function decodePng(buf: Buffer): { width: number; height: number; rgba: Uint8Array } {
  let pos = 8;
  let width = 0;
  let height = 0;
  let colourType = 6;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('ascii', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('only 8-bit non-interlaced PNGs');
      colourType = data[9]!;
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const bpp = colourType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    const line = new Uint8Array(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? line[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      let add = 0;
      if (f === 1) add = a;
      else if (f === 2) add = b;
      else if (f === 3) add = (a + b) >> 1;
      else if (f === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        add = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[i] = (line[i]! + add) & 255;
    }
    for (let x = 0; x < width; x++) {
      out.set([line[x * bpp]!, line[x * bpp + 1]!, line[x * bpp + 2]!, bpp === 4 ? line[x * bpp + 3]! : 255], (y * width + x) * 4);
    }
    prev = line;
  }
  return { width, height, rgba: out };
}

/** Brightest pixel (max of R, G, B) within `r` px of (x, y). */
function brightestNear(img: { width: number; height: number; rgba: Uint8Array }, x: number, y: number, r: number): number {
  let best = 0;
  for (let j = Math.round(y - r); j <= Math.round(y + r); j++) {
    for (let i = Math.round(x - r); i <= Math.round(x + r); i++) {
      if (i < 0 || j < 0 || i >= img.width || j >= img.height) continue;
      const k = (j * img.width + i) * 4;
      best = Math.max(best, img.rgba[k]!, img.rgba[k + 1]!, img.rgba[k + 2]!);
    }
  }
  return best;
}

async function probe(page: Page): Promise<SkyProbe | null> {
  return page.evaluate(() => window.__nightshiftSky?.probe() ?? null);
}

describe.skipIf(!HAS_CHROMIUM)('sky view in chromium (skipped only when /usr/bin/chromium is missing)', () => {
  const session = consoleSession({ simStart: SIM_START, extraArgs: ['--speed', '4'], webgl: true });
  let url = '';
  let browser: Browser | null = null;
  let token = '';

  /** The contract over HTTP with the operator token, as any client would call it. */
  async function invoke(name: string, input: unknown): Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }> {
    const res = await fetch(`${url.replace(/\/?$/, '/')}ipc/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
    return (await res.json()) as { ok: boolean; value?: any; error?: { code: string; message: string } };
  }

  beforeAll(() => {
    // Clock at 4× so the dome and the slew finish in seconds; the sky then moves ~0.1 px per real
    // second, far inside the position tolerances (and the view redraws every ~4 s on its own).
    url = session.url;
    token = session.token();
    browser = session.browser;
  });

  it('draws bright stars and demo targets where the engine puts them, shows a tooltip, details and the offline atlas', async () => {
    const page = await browser!.newPage({ viewport: { width: 1440, height: 960 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/#/sky`);
    await page.getByTestId('sky-view').and(page.locator('[data-status="ready"]')).waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await probe(page))?.targets.filter((t) => t.visible).length ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const renderer = await page.getByTestId('sky-view').getAttribute('data-renderer');
    expect(renderer).toBe('webgl');

    const box = (await page.getByTestId('sky-canvas').boundingBox())!;
    const shot = decodePng(await page.getByTestId('sky-canvas').screenshot());
    const p = (await probe(page))!;
    // The probe's site must be the demo site (from the observatory store), its time the simulated clock's night.
    expect(p.site.latitudeDeg).toBeCloseTo(tel0.lat, 3);
    expect(Math.abs(p.utcMs - Date.parse(SIM_START))).toBeLessThan(10 * 60_000);
    const site: GeoSite = p.site;
    const frame = frameAt(site, p.utcMs);
    const vp = fitViewport(box.width, box.height, 'stereographic', MARGIN_PX);
    const scale = shot.width / box.width;

    // Stars: engine alt/az (per-target path, independent of the view's batch) → projection.
    const starErrors: string[] = [];
    let starsChecked = 0;
    let worstStarPx = 0;
    for (const name of STAR_NAMES) {
      const s = p.stars.find((x) => x.name === name);
      expect(s, name).toBeDefined();
      const ref = prepareTarget({ type: 'ICRS', raDeg: s!.raDeg, decDeg: s!.decDeg, properMotionRaMasPerYr: s!.pmRaMasPerYr, properMotionDecMasPerYr: s!.pmDecMasPerYr }).positionIn(frame);
      if (ref.altitudeDeg < 5) continue;
      const want = projectAltAz(vp, ref.altitudeDeg, ref.azimuthDeg, 0)!;
      expect(s!.visible, name).toBe(true);
      const d = Math.hypot(s!.x - want.x, s!.y - want.y);
      worstStarPx = Math.max(worstStarPx, d);
      // On screen: a bright star dot within 2 px of where the engine puts it.
      const bright = brightestNear(shot, want.x * scale, want.y * scale, 2 * scale);
      if (bright < 150) starErrors.push(`${name}: brightest pixel ${bright} near (${want.x.toFixed(1)}, ${want.y.toFixed(1)})`);
      starsChecked++;
    }
    expect(starsChecked, 'bright stars above 5°').toBeGreaterThanOrEqual(6);
    expect(worstStarPx, `worst star offset ${worstStarPx.toFixed(3)} px`).toBeLessThan(1.5);
    expect(starErrors).toEqual([]);

    // Demo targets.
    let targetsChecked = 0;
    let worstTargetPx = 0;
    for (const t of p.targets) {
      const ref = prepareTarget({ type: 'ICRS', raDeg: t.raDeg, decDeg: t.decDeg }).positionIn(frame);
      if (ref.altitudeDeg < 5) {
        expect(t.visible && ref.altitudeDeg < -1, `${t.name} below the horizon is hidden`).toBe(false);
        continue;
      }
      const want = projectAltAz(vp, ref.altitudeDeg, ref.azimuthDeg, 0)!;
      expect(t.visible, t.name).toBe(true);
      worstTargetPx = Math.max(worstTargetPx, Math.hypot(t.x - want.x, t.y - want.y));
      // The marker is a hollow square ~7 px wide: its outline is within 5 px of the centre.
      expect(brightestNear(shot, want.x * scale, want.y * scale, 5 * scale), `${t.name} marker on screen`).toBeGreaterThan(120);
      targetsChecked++;
    }
    expect(targetsChecked, 'demo targets above 5°').toBeGreaterThanOrEqual(2);
    expect(worstTargetPx, `worst target offset ${worstTargetPx.toFixed(3)} px`).toBeLessThan(1.5);

    // Dynamic resolution: while the sky moves every frame the backing store may shrink (software GL),
    // never the canvas's CSS box; once still, the picture is redrawn at the full device resolution and
    // the reported (CSS-pixel) positions are where they were.
    const canvasSize = () => page.getByTestId('sky-canvas').evaluate((c: HTMLCanvasElement) => ({ w: c.width, h: c.height, cssW: c.clientWidth, cssH: c.clientHeight, dpr: window.devicePixelRatio }));
    const still = await canvasSize();
    expect(still.w).toBe(Math.round(still.cssW * still.dpr));
    await page.evaluate(() => window.__nightshiftSky?.setAnimation(60_000));
    await page.waitForTimeout(1_500);
    const moving = await canvasSize();
    const movingScale = (await probe(page))!.renderScale;
    expect(movingScale).toBeGreaterThan(0);
    expect(movingScale).toBeLessThanOrEqual(1);
    expect([moving.cssW, moving.cssH]).toEqual([still.cssW, still.cssH]);
    await page.evaluate(() => window.__nightshiftSky?.setAnimation(null));
    await expect.poll(async () => (await probe(page))?.renderScale, { timeout: 5_000 }).toBe(1);
    await expect.poll(async () => (await canvasSize()).w, { timeout: 5_000 }).toBe(still.w);
    const settled = (await probe(page))!;
    for (const name of STAR_NAMES) {
      const a = p.stars.find((x) => x.name === name)!;
      const b = settled.stars.find((x) => x.name === name)!;
      if (a.visible) expect(Math.hypot(a.x - b.x, a.y - b.y), `${name} after the sky stopped`).toBeLessThan(1);
    }
    console.log(`sky e2e: backing store ${moving.w}×${moving.h} while moving (scale ${movingScale}), ${still.w}×${still.h} still`);

    // Hover M42 (else the highest target) and read its tooltip; altitude agrees with the engine to 0.2°.
    const ranked = p.targets
      .filter((t) => t.visible)
      .map((t) => ({ t, alt: prepareTarget({ type: 'ICRS', raDeg: t.raDeg, decDeg: t.decDeg }).positionIn(frame).altitudeDeg }))
      .sort((a, b) => Number(b.t.name === 'M42') - Number(a.t.name === 'M42') || b.alt - a.alt);
    const hoverT = ranked[0]!;
    await page.mouse.move(box.x + hoverT.t.x, box.y + hoverT.t.y);
    const tooltip = page.getByTestId('sky-tooltip');
    await tooltip.waitFor({ timeout: 5_000 });
    const text = (await tooltip.textContent()) ?? '';
    expect(text).toContain(hoverT.t.name);
    expect(text).toMatch(/airmass \d\.\d\d/);
    expect(text).toMatch(/sets \d\d:\d\d UTC|does not set/);
    const shownAlt = Number(/altitude (-?\d+\.\d)°/.exec(text)?.[1]);
    expect(Math.abs(shownAlt - hoverT.alt)).toBeLessThan(0.2);

    await page.mouse.click(box.x + hoverT.t.x, box.y + hoverT.t.y);
    await page.getByTestId('sky-details').waitFor({ timeout: 5_000 });
    await expect.poll(async () => (await page.getByTestId('sky-details').textContent()) ?? '', { timeout: 15_000 }).toMatch(/h observable/);
    // The details panel narrowed the view: hover the target again where it is now, for the screenshot.
    await page.waitForTimeout(200);
    const box2 = (await page.getByTestId('sky-canvas').boundingBox())!;
    const again = (await probe(page))!.targets.find((t) => t.id === hoverT.t.id)!;
    await page.mouse.move(box2.x + again.x, box2.y + again.y);
    await expect.poll(async () => (await tooltip.textContent()) ?? '', { timeout: 5_000 }).toContain(hoverT.t.name);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results/sky-allsky.png') });

    await page.getByTestId('sky-open-atlas').click();
    const atlas = page.getByTestId('atlas-view');
    await expect.poll(async () => atlas.getAttribute('data-mode'), { timeout: 20_000 }).toBe('offline');
    await expect.poll(async () => (await page.getByTestId('atlas-offline').textContent()) ?? '').toMatch(/Offline/);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(ROOT, 'test-results/sky-atlas-offline.png') });
    expect(errors).toEqual([]);
  });

  it('draws a telescope’s slew path while it slews and its pointing marker at the mount’s position after a manual slew', async () => {
    const page = await browser!.newPage({ viewport: { width: 1440, height: 960 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/#/sky`);
    await page.getByTestId('sky-view').and(page.locator('[data-status="ready"]')).waitFor({ timeout: 20_000 });

    // Open the dome, unpark, then slew (not awaited: the path is checked while it moves).
    const opened = await invoke('devices.control', { telescopeId: TELESCOPE, action: { op: 'dome.open' } });
    expect(opened.error?.message ?? null).toBeNull();
    const unparked = await invoke('devices.control', { telescopeId: TELESCOPE, action: { op: 'mount.unpark' } });
    expect(unparked.error?.message ?? null).toBeNull();
    const slew = invoke('devices.control', { telescopeId: TELESCOPE, action: { op: 'mount.slew', ...SLEW_TO } });
    // While slewing: the marker says so and a slew path is drawn (probe: pointing flagged slewing).
    await expect.poll(async () => (await probe(page))?.pointings.find((q) => q.telescopeId === TELESCOPE)?.slewing ?? false, { timeout: 15_000, interval: 100 }).toBe(true);
    await page.screenshot({ path: join(ROOT, 'test-results/sky-telescopes-slewing.png') });
    const done = await slew;
    expect(done.error?.message ?? null).toBeNull();

    // The mount's own report of where it points (J2000), from the same contract.
    const snap = await invoke('devices.snapshot', {});
    const mount = (snap.value.devices as { telescopeId: string; kind: string; state: { j2000: { raHours: number; decDeg: number } } }[]).find((d) => d.telescopeId === TELESCOPE && d.kind === 'mount')!;
    const raDeg = mount.state.j2000.raHours * 15;
    const decDeg = mount.state.j2000.decDeg;
    expect(Math.abs(raDeg - SLEW_TO.raHours * 15)).toBeLessThan(0.01);
    await expect.poll(async () => (await probe(page))?.pointings.find((q) => q.telescopeId === TELESCOPE && !q.slewing && Math.abs(q.raDeg - raDeg) < 1e-6) !== undefined, { timeout: 10_000 }).toBe(true);

    /** Where the marker is and where it should be (the sky turns: both are taken from one probe). */
    const measure = async () => {
      const p = (await probe(page))!;
      const marker = p.pointings.find((q) => q.telescopeId === TELESCOPE)!;
      const box = (await page.getByTestId('sky-canvas').boundingBox())!;
      const vp = fitViewport(box.width, box.height, 'stereographic', MARGIN_PX);
      const ref = prepareTarget({ type: 'ICRS', raDeg, decDeg }).positionIn(frameAt(p.site, p.utcMs));
      return { marker, box, ref, want: projectAltAz(vp, ref.altitudeDeg, ref.azimuthDeg, 0)! };
    };
    const m = await measure();
    expect(m.ref.altitudeDeg).toBeGreaterThan(15);
    const offPx = Math.hypot(m.marker.x - m.want.x, m.marker.y - m.want.y);
    expect(offPx, `pointing marker offset ${offPx.toFixed(3)} px`).toBeLessThan(2);

    // On screen: the reticle's ring (pointing colour, red-dominant) around that spot, and not the slew
    // path any more (the mount tracks): pink pixels on the ring in at least 3 of 4 diagonal directions.
    // Drawing is on demand and, under load, a frame or two behind the probe: re-measured until it shows.
    const ringHits = async (): Promise<number> => {
      const { box, want } = await measure();
      const shot = decodePng(await page.getByTestId('sky-canvas').screenshot());
      const scale = shot.width / box.width;
      let hits = 0;
      for (const a of [Math.PI / 4, (3 * Math.PI) / 4, (5 * Math.PI) / 4, (7 * Math.PI) / 4]) {
        const cx = (want.x + RETICLE_RADIUS_PX * Math.cos(a)) * scale;
        const cy = (want.y + RETICLE_RADIUS_PX * Math.sin(a)) * scale;
        let pink = false;
        for (let j = Math.round(cy - 2 * scale); j <= Math.round(cy + 2 * scale); j++) {
          for (let i = Math.round(cx - 2 * scale); i <= Math.round(cx + 2 * scale); i++) {
            const k = (j * shot.width + i) * 4;
            const [r, g, b] = [shot.rgba[k]!, shot.rgba[k + 1]!, shot.rgba[k + 2]!];
            if (r > 200 && r - g > 60 && b > g) pink = true;
          }
        }
        if (pink) hits++;
      }
      return hits;
    };
    await expect.poll(ringHits, { message: 'reticle ring pixels around the computed position', timeout: 10_000, interval: 300 }).toBeGreaterThanOrEqual(3);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results/sky-telescopes.png') });
    expect(errors).toEqual([]);
  });
});
