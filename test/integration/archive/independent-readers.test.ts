/**
 * Frames written by the archive, checked by independent readers: HEASARC's `fitsverify` (Debian
 * package `fitsverify`) and astropy (Debian `python3-astropy`). Each check is skipped only when its
 * tool is missing, and then says so in its name.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCommentaryKey } from '../../../src-main/archive/fits/card';
import { pixelToSky, tanWcsFor, writeFrame } from '../../../src-main/archive';
import type { FitsImage, FrameToWrite, WrittenFrame } from '../../../src-main/archive';
import { frameToWrite } from '../../helpers/archive-fixture';

function hasFitsverify(): boolean {
  return spawnSync('fitsverify', ['-h'], { encoding: 'utf8' }).error === undefined;
}

/** A python3 that can import astropy (Debian's lives in /usr/bin even when another python3 is first on PATH). */
function astropyPython(): string | null {
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import astropy, numpy'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}

const FITSVERIFY = hasFitsverify();
const PYTHON = astropyPython();
const skipNote = (tool: string, pkg: string): string => ` — SKIPPED: ${tool} not installed (apt-get install ${pkg})`;

const START = Date.UTC(2026, 10, 21, 3, 12, 45, 250);

/** The shared description made awkward for readers: a long group name (CONTINUE cards), a quote in the target, a rotated WCS, a site location. */
function description(overrides: Partial<FrameToWrite> = {}): FrameToWrite {
  return frameToWrite({
    siteId: 'tfn',
    instrumentId: 'sc01',
    instrumentType: '1M0-SCICAM-SINISTRO',
    proposalId: 'LCO2026B-001',
    userId: 'astro.user',
    groupId: `Supernova follow-up with a deliberately long request group name to force CONTINUE cards in the header ${'x'.repeat(40)}`,
    observationId: 987654,
    requestId: 123456,
    requestGroupId: 4321,
    configurationId: 55501,
    targetName: "SN 2026abc (Smith's)",
    filter: 'rp',
    startUtcMs: START,
    exposureSec: 30,
    siteUtcOffsetHours: 0,
    publicUtcMs: START + 365 * 86_400_000,
    frameNumber: 42,
    pointing: { raDeg: 150.1, decDeg: -20.5, pixelScaleArcsec: 0.389, rotationDeg: 30 },
    siteLocation: { latitudeDeg: 28.3, longitudeDeg: -16.5097, heightM: 2390 },
    ...overrides,
  });
}

const WIDTH = 64;
const HEIGHT = 48;

function uint16Image(): FitsImage {
  const data = new Uint16Array(WIDTH * HEIGHT);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) % 65536;
  data[0] = 0;
  data[data.length - 1] = 65535;
  return { kind: 'uint16', width: WIDTH, height: HEIGHT, data };
}

function float32Image(): FitsImage {
  const data = new Float32Array(WIDTH * HEIGHT);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i) * 1000 + i / 7;
  return { kind: 'float32', width: WIDTH, height: HEIGHT, data };
}

let root = '';
const frames: { name: string; written: WrittenFrame; image: FitsImage }[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightshift-archive-'));
  const a = uint16Image();
  frames.push({ name: 'uint16 science frame with WCS', image: a, written: await writeFrame(root, description(), a, { writtenUtcMs: START + 40_000 }) });
  const b = float32Image();
  const bias = description({ configurationType: 'BIAS', targetName: null, filter: null, pointing: null, observationId: null, frameNumber: 43, exposureSec: 0 });
  frames.push({ name: 'float32 bias without pointing', image: b, written: await writeFrame(root, bias, b, { writtenUtcMs: START + 50_000 }) });
});

afterAll(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

describe('fitsverify (HEASARC) on archive frames', () => {
  it.skipIf(!FITSVERIFY)(`reports 0 errors and 0 warnings${FITSVERIFY ? '' : skipNote('fitsverify', 'fitsverify')}`, () => {
    for (const f of frames) {
      const r = spawnSync('fitsverify', [f.written.absolutePath], { encoding: 'utf8' });
      const summary = /Verification found (\d+) warning\(s\) and (\d+) error\(s\)/.exec(r.stdout);
      expect(summary, `${f.name}: ${r.stdout}`).not.toBeNull();
      expect({ frame: f.name, warnings: Number(summary?.[1]), errors: Number(summary?.[2]) }, r.stdout).toEqual({ frame: f.name, warnings: 0, errors: 0 });
    }
  });
});

const ASTROPY_SCRIPT = String.raw`
import json, sys, warnings
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
warnings.simplefilter('error')  # a checksum or standard problem becomes a failure
path, px, py = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
with fits.open(path, checksum=True) as hdul:
    hdul.verify('exception')
    hdu = hdul[0]
    header = {k: v for k, v in hdu.header.items() if k not in ('COMMENT', 'HISTORY', '')}
    data = hdu.data
    out = {
        'header': header,
        'dtype': str(data.dtype),
        'shape': list(data.shape),
        'data': [None if np.isnan(v) else float(v) for v in data.ravel()],
        'checksum_ok': hdu.verify_checksum() == 1,
        'datasum_ok': hdu.verify_datasum() == 1,
    }
    if 'CTYPE1' in hdu.header:
        ra, dec = WCS(hdu.header).all_pix2world([[px, py]], 1)[0]
        out['sky'] = [float(ra), float(dec)]
print(json.dumps(out))
`;

interface AstropyView {
  header: Record<string, string | number | boolean | null>;
  dtype: string;
  shape: number[];
  data: (number | null)[];
  checksum_ok: boolean;
  datasum_ok: boolean;
  sky?: [number, number];
}

describe('astropy reads archive frames', () => {
  it.skipIf(PYTHON === null)(`sees the same headers, data, WCS and valid checksums${PYTHON !== null ? '' : skipNote('astropy', 'python3-astropy')}`, () => {
    for (const f of frames) {
      const [px, py] = [10, 40];
      const json = execFileSync(PYTHON as string, ['-c', ASTROPY_SCRIPT, f.written.absolutePath, String(px), String(py)], { encoding: 'utf8' });
      const view = JSON.parse(json) as AstropyView;
      expect(view.checksum_ok && view.datasum_ok, f.name).toBe(true);
      // Every value card we wrote reads back equal in astropy (CONTINUE strings joined, quotes unescaped).
      for (const card of f.written.cards) {
        if (isCommentaryKey(card.key) || card.value === undefined) continue;
        const expected = card.value;
        const got = view.header[card.key];
        if (typeof expected === 'number') expect(got, card.key).toBeCloseTo(expected, 9);
        else expect(got, card.key).toBe(expected);
      }
      for (const key of ['PROPID', 'DATE-OBS', 'DAY-OBS', 'INSTRUME', 'SITEID', 'TELID', 'OBSTYPE', 'BLKUID']) expect(view.header[key], key).not.toBeUndefined();
      expect(view.shape).toEqual([HEIGHT, WIDTH]);
      expect(view.dtype).toBe(f.image.kind === 'uint16' ? 'uint16' : '>f4');
      expect(view.data).toEqual(Array.from(f.image.data, (v) => (Number.isNaN(v) ? null : v)));
      const pointing = description().pointing;
      // The science frame has a pointing, hence WCS and a footprint; the bias has neither.
      expect(f.written.fields.area !== null, f.name).toBe(f.image.kind === 'uint16');
      if (f.written.fields.area !== null && pointing !== null) {
        // Our inverse TAN against astropy's WCS at the same pixel: agree to 1e-9 deg (3.6 µas).
        const ours = pixelToSky(tanWcsFor(pointing, WIDTH, HEIGHT), px, py);
        expect(view.sky?.[0]).toBeCloseTo(ours.raDeg, 9);
        expect(view.sky?.[1]).toBeCloseTo(ours.decDeg, 9);
      }
    }
    expect(frames[0]?.written.basename).toBe('tfn1m001-sc01-20261120-0042-e00');
  });
});
