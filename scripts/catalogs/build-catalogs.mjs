// Generates the bundled sky catalogs in resources/catalogs/ from the Debian packages unpacked by
// fetch-sources.sh. Deterministic: the same inputs give byte-identical outputs (no dates, sorted
// rows, fixed decimals), so CI can regenerate and diff.
//
//   node scripts/catalogs/build-catalogs.mjs [sourcesDir] [outDir]
//
// Sources (see resources/catalogs/README.md for licences):
//   kstars-data 3.6.2: stars.dat (Hipparcos-derived bright stars), OpenNGC.kscat (OpenNGC in
//                      SQLite), cnames.dat (constellation label points), milkyway.dat (outline)
//   xplanet 1.3.1:     stars/BSC (Yale Bright Star Catalogue 5th ed. extract: HR numbers,
//                      Flamsteed/Bayer), arcs/constellations (stick figures)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const here = dirname(fileURLToPath(import.meta.url));
const SRC = process.argv[2] ?? '/tmp/nightshift-catalog-sources';
const OUT = process.argv[3] ?? join(here, '..', '..', 'resources', 'catalogs');
const KSTARS = join(SRC, 'x-kstars-data/usr/share/kstars');
const XPLANET = join(SRC, 'x-xplanet/usr/share/xplanet');
const MAG_LIMIT = 6.5;
const DSO_NAMED_MAG_LIMIT = 99; // every NGC/IC/Messier object is kept (the resolver needs them all)

const round = (x, d) => {
  const k = 10 ** d;
  const r = Math.round(x * k) / k;
  return Object.is(r, -0) ? 0 : r;
};
const deg = Math.PI / 180;
const unitVec = (raDeg, decDeg) => [Math.cos(decDeg * deg) * Math.cos(raDeg * deg), Math.cos(decDeg * deg) * Math.sin(raDeg * deg), Math.sin(decDeg * deg)];
const sepDeg = (a, b) => {
  const u = unitVec(a[0], a[1]);
  const v = unitVec(b[0], b[1]);
  const c = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
  return Math.atan2(Math.hypot(...c), u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / deg;
};

/** A coarse 1°×1° bucket index for nearest-neighbour matching. */
function buildIndex(points) {
  const buckets = new Map();
  points.forEach((p, i) => {
    const key = `${Math.floor(p[1])}`;
    const list = buckets.get(key) ?? [];
    list.push(i);
    buckets.set(key, list);
  });
  return (q, maxDeg) => {
    let best = -1;
    let bestSep = maxDeg;
    for (let d = Math.floor(q[1] - maxDeg) - 1; d <= Math.floor(q[1] + maxDeg) + 1; d++) {
      for (const i of buckets.get(`${d}`) ?? []) {
        const s = sepDeg(q, points[i]);
        if (s < bestSep) {
          bestSep = s;
          best = i;
        }
      }
    }
    return best;
  };
}

// ---------------------------------------------------------------- Yale BSC extract (xplanet)
// "#    Dec      RA   Mag         Name  BSN     HD    SAO" with RA in hours, J2000.
function readBsc() {
  const rows = [];
  for (const line of readFileSync(join(XPLANET, 'stars/BSC'), 'utf8').split('\n')) {
    const m = /^\s*(-?\d+\.\d+)\s+(\d+\.\d+)\s+(-?\d+\.\d+)\s+"(.{10})"\s+(\d+)\s+(\d+)\s+(\d+)/.exec(line);
    if (!m) continue;
    const name = m[4];
    const flamsteed = Number.parseInt(name.slice(0, 3), 10);
    const bayer = name.slice(3, 6).trim();
    const bayerIndex = name.slice(6, 7).trim();
    const con = name.slice(7, 10).trim();
    rows.push({
      decDeg: Number(m[1]),
      raDeg: Number(m[2]) * 15,
      vMag: Number(m[3]),
      hr: Number(m[5]),
      hd: Number(m[6]),
      flamsteed: Number.isFinite(flamsteed) ? flamsteed : 0,
      bayer: bayer ? `${bayer.toLowerCase()}${bayerIndex}` : '',
      con,
    });
  }
  return rows;
}

// ---------------------------------------------------------------- Stars (KStars stars.dat)
// "RA DEC pmRA pmDEC plx mag BV SpT b? dV vper, genetive name, long name" (J2000, epoch 2000).
// Fixed columns: RA hhmmss.ss [0,9), Dec sddmmss.s [10,19), pmRA [20,29), pmDec [29,38) (mas/yr,
// pmRA is μα·cos δ as in Hipparcos), parallax [38,45) mas, V [45,51), B−V [51,56), SpT [56,58).
function readStars() {
  const stars = [];
  for (const line of readFileSync(join(KSTARS, 'stars.dat'), 'latin1').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const col = (a, b) => line.slice(a, b).trim();
    const num = (a, b) => {
      const x = Number(col(a, b));
      if (!Number.isFinite(x) || col(a, b) === '') throw new Error(`bad field [${a},${b}) in: ${line}`);
      return x;
    };
    const vMag = num(45, 51);
    if (vMag > MAG_LIMIT) continue;
    const ra = col(0, 9);
    const dec = col(10, 19);
    const raDeg = (Number(ra.slice(0, 2)) + Number(ra.slice(2, 4)) / 60 + Number(ra.slice(4)) / 3600) * 15;
    const decDeg = (dec[0] === '-' ? -1 : 1) * (Number(dec.slice(1, 3)) + Number(dec.slice(3, 5)) / 60 + Number(dec.slice(5)) / 3600);
    const m = { 8: num(20, 29), 9: num(29, 38), 10: num(38, 45), 12: num(51, 56), 13: col(56, 58) };
    const parts = line.split(',');
    const genitive = (parts[1] ?? '').trim();
    const proper = (parts[2] ?? '').trim();
    stars.push({
      raDeg,
      decDeg,
      pmRaMasPerYr: Number(m[8]),
      pmDecMasPerYr: Number(m[9]),
      parallaxMas: Number(m[10]),
      vMag,
      bv: m[12],
      spectral: m[13].trim(),
      genitive,
      proper,
    });
  }
  // Brightest first, ties by RA: the renderer can draw a prefix for a fainter limit.
  stars.sort((a, b) => a.vMag - b.vMag || a.raDeg - b.raDeg || a.decDeg - b.decDeg);
  return stars;
}

function buildStars() {
  const stars = readStars();
  const bsc = readBsc();
  const nearestBsc = buildIndex(bsc.map((r) => [r.raDeg, r.decDeg]));
  const usedHr = new Set();
  const hr = [];
  const names = [];
  const designations = [];
  let matched = 0;
  stars.forEach((s, i) => {
    // BSC J2000 positions are rounded to ~0.0001 h / 0.0001°; allow 0.05° and a 0.6 mag disagreement.
    const j = nearestBsc([s.raDeg, s.decDeg], 0.05);
    const b = j >= 0 ? bsc[j] : null;
    if (b && Math.abs(b.vMag - s.vMag) < 0.6 && !usedHr.has(b.hr)) {
      usedHr.add(b.hr);
      hr.push(b.hr);
      matched++;
      if (b.bayer || b.flamsteed) designations.push([i, b.bayer, b.flamsteed, b.con]);
    } else {
      hr.push(0);
      if (s.genitive) {
        const g = /^([a-z]{3}\d?)\s*([A-Za-z]{3})$/.exec(s.genitive);
        if (g) designations.push([i, g[1], 0, g[2]]);
      }
    }
    if (s.proper) names.push([i, s.proper]);
  });
  return {
    format: 'nightshift.stars/1',
    source: 'KStars 3.6.2 stars.dat (Hipparcos-derived) + Yale BSC5 extract (xplanet 1.3.1) for HR/Bayer/Flamsteed',
    epochJulianYear: 2000,
    magLimit: MAG_LIMIT,
    count: stars.length,
    hrMatched: matched,
    raDeg: stars.map((s) => round(s.raDeg, 5)),
    decDeg: stars.map((s) => round(s.decDeg, 5)),
    pmRaMasPerYr: stars.map((s) => round(s.pmRaMasPerYr, 1)),
    pmDecMasPerYr: stars.map((s) => round(s.pmDecMasPerYr, 1)),
    parallaxMas: stars.map((s) => round(s.parallaxMas, 1)),
    vMag: stars.map((s) => round(s.vMag, 2)),
    bv: stars.map((s) => round(s.bv, 2)),
    spectral: stars.map((s) => s.spectral).join('|'),
    hr,
    names,
    designations,
  };
}

// ---------------------------------------------------------------- Constellations
function buildConstellations(stars) {
  const labels = [];
  let culture = '';
  for (const line of readFileSync(join(KSTARS, 'cnames.dat'), 'latin1').split('\n')) {
    // The file holds several sky cultures, each after a "C <culture>" line: keep the IAU (Western) one.
    if (line.startsWith('C ')) culture = line.slice(2).trim();
    if (culture !== 'Western') continue;
    const m = /^(\d{2})(\d{2})(\d{2})([+-])(\d{2})(\d{2})(\d{2})(\w{3}) (.+)$/.exec(line.trim());
    if (!m) continue;
    const raDeg = (Number(m[1]) + Number(m[2]) / 60 + Number(m[3]) / 3600) * 15;
    const decDeg = (m[4] === '-' ? -1 : 1) * (Number(m[5]) + Number(m[6]) / 60 + Number(m[7]) / 3600);
    const name = m[9]
      .trim()
      .toLowerCase()
      .replace(/\b[a-z]/g, (c) => c.toUpperCase());
    // IAU: Serpens is one constellation ("Ser") in two parts; KStars labels the parts SCp/SCd.
    const abbr = m[8] === 'SCp' || m[8] === 'SCd' ? 'Ser' : m[8];
    labels.push({ abbr, name: name === 'Bootes' ? 'Boötes' : name, raDeg: round(raDeg, 4), decDeg: round(decDeg, 4) });
  }
  labels.sort((a, b) => (a.abbr < b.abbr ? -1 : a.abbr > b.abbr ? 1 : a.name < b.name ? -1 : 1));
  const starPoints = stars.raDeg.map((ra, i) => [ra, stars.decDeg[i]]);
  const nearestStar = buildIndex(starPoints);
  const segments = [];
  let snapped = 0;
  let total = 0;
  for (const line of readFileSync(join(XPLANET, 'arcs/constellations'), 'latin1').split('\n')) {
    const m = /^\s*(-?\d+\.\d+)\s+(\d+\.\d+)\s+(-?\d+\.\d+)\s+(\d+\.\d+)/.exec(line);
    if (!m) continue;
    const ends = [
      [Number(m[2]) * 15, Number(m[1])],
      [Number(m[4]) * 15, Number(m[3])],
    ];
    // Snap each end to the catalogue star it names (within 0.1°) so lines meet the star dots.
    const seg = ends.map((e) => {
      total++;
      const i = nearestStar(e, 0.1);
      if (i >= 0) {
        snapped++;
        return [round(starPoints[i][0], 5), round(starPoints[i][1], 5)];
      }
      return [round(e[0], 4), round(e[1], 4)];
    });
    segments.push(seg[0][0], seg[0][1], seg[1][0], seg[1][1]);
  }
  return {
    format: 'nightshift.constellations/1',
    source: 'IAU names and label points from KStars 3.6.2 cnames.dat; stick figures from xplanet 1.3.1 arcs/constellations (Chris Dolan)',
    epochJulianYear: 2000,
    labels,
    lineEndsSnappedToStars: snapped,
    lineEnds: total,
    segmentsRaDecDeg: segments,
  };
}

// ---------------------------------------------------------------- Milky Way outline (KStars)
function buildMilkyWay() {
  const polylines = [];
  let current = null;
  for (const line of readFileSync(join(KSTARS, 'milkyway.dat'), 'latin1').split('\n')) {
    const m = /^([MDS])\s+(-?\d+\.\d+)\s+(-?\d+\.\d+)/.exec(line);
    if (!m) continue;
    const p = [round(Number(m[2]) * 15, 3), round(Number(m[3]), 3)];
    if (m[1] !== 'D' || current === null) {
      current = [];
      polylines.push(current);
    }
    current.push(p[0], p[1]);
  }
  return {
    format: 'nightshift.milky-way/1',
    source: 'KStars 3.6.2 milkyway.dat (outline of the Milky Way, J2000)',
    epochJulianYear: 2000,
    polylinesRaDecDeg: polylines.filter((l) => l.length >= 4),
  };
}

// ---------------------------------------------------------------- Deep-sky objects (OpenNGC)
const DSO_TYPES = {
  0: 'star',
  3: 'open-cluster',
  4: 'globular-cluster',
  5: 'nebula',
  6: 'planetary-nebula',
  7: 'supernova-remnant',
  8: 'galaxy',
  13: 'asterism',
  14: 'galaxy-cluster',
  15: 'dark-nebula',
  17: 'multiple-star',
  255: 'other',
};
const TYPE_NAMES = [...new Set(Object.values(DSO_TYPES))];
const normaliseId = (id) => {
  const m = /^(NGC|IC)\s*0*(\d+)\s*(.*)$/.exec(id.trim());
  if (!m) return id.trim();
  return `${m[1]} ${m[2]}${m[3] ? ` ${m[3]}` : ''}`.trim();
};

function buildDso() {
  const db = new Database(join(KSTARS, 'OpenNGC.kscat'), { readonly: true });
  const rows = db.prepare('SELECT type, ra, dec, magnitude, name, long_name, catalog_identifier, major_axis, minor_axis, position_angle FROM cat').all();
  db.close();
  const out = rows
    .filter((r) => r.magnitude === null || r.magnitude <= DSO_NAMED_MAG_LIMIT)
    .map((r) => {
      const id = normaliseId(r.catalog_identifier);
      const messierMatch = /^M (\d+)$/.exec(r.name ?? '');
      const aliases = [];
      const common = [];
      for (const part of (r.long_name ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
        if (/^(NGC|IC)\s*\d/.test(part)) {
          const a = normaliseId(part);
          if (a !== id) aliases.push(a);
        } else if (!/^(UGC A|PGC|UGC|MCG|ESO|CGCG|UGCA|LEDA|Mrk|IRAS|2MASX|Cr|Mel|Tr|Sh2|LBN|LDN|Ced|vdB|Abell|PK|H|C|PN|Barnard|B)\s*[-\d+]/.test(part)) {
          common.push(part);
        }
      }
      return {
        id,
        messier: messierMatch ? Number(messierMatch[1]) : 0,
        type: TYPE_NAMES.indexOf(DSO_TYPES[r.type] ?? 'other'),
        raDeg: round(r.ra, 5),
        decDeg: round(r.dec, 5),
        vMag: r.magnitude === null ? null : round(r.magnitude, 2),
        majorArcmin: r.major_axis === null ? null : round(r.major_axis, 2),
        minorArcmin: r.minor_axis === null ? null : round(r.minor_axis, 2),
        paDeg: r.position_angle === null ? null : round(r.position_angle, 0),
        aliases: aliases.join('|'),
        common: common.join('|'),
      };
    });
  const catOrder = (id) => {
    const m = /^(NGC|IC|M) (\d+)(.*)$/.exec(id);
    return m ? [m[1] === 'NGC' ? 0 : m[1] === 'IC' ? 1 : 2, Number(m[2]), m[3]] : [3, 0, id];
  };
  out.sort((a, b) => {
    const x = catOrder(a.id);
    const y = catOrder(b.id);
    return x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0);
  });
  return {
    format: 'nightshift.dso/1',
    source: 'OpenNGC v20210306 (Mattia Verga, CC-BY-SA-4.0) as shipped in KStars 3.6.2 OpenNGC.kscat',
    epochJulianYear: 2000,
    types: TYPE_NAMES,
    count: out.length,
    id: out.map((o) => o.id),
    messier: out.map((o) => o.messier),
    type: out.map((o) => o.type),
    raDeg: out.map((o) => o.raDeg),
    decDeg: out.map((o) => o.decDeg),
    vMag: out.map((o) => o.vMag),
    majorArcmin: out.map((o) => o.majorArcmin),
    minorArcmin: out.map((o) => o.minorArcmin),
    paDeg: out.map((o) => o.paDeg),
    aliases: out.map((o) => o.aliases),
    common: out.map((o) => o.common),
  };
}

mkdirSync(OUT, { recursive: true });
const stars = buildStars();
const files = {
  'stars.json': stars,
  'constellations.json': buildConstellations(stars),
  'milky-way.json': buildMilkyWay(),
  'dso.json': buildDso(),
};
for (const [name, data] of Object.entries(files)) {
  const text = `${JSON.stringify(data)}\n`;
  writeFileSync(join(OUT, name), text);
  console.log(`${name}: ${(text.length / 1024).toFixed(0)} KiB`);
}
console.log(`stars: ${stars.count} (HR matched ${stars.hrMatched}), names ${stars.names.length}, designations ${stars.designations.length}`);
const c = files['constellations.json'];
console.log(`constellations: ${c.labels.length} labels, ${c.segmentsRaDecDeg.length / 4} segments, ${c.lineEndsSnappedToStars}/${c.lineEnds} ends snapped`);
console.log(`dso: ${files['dso.json'].count}, messier ${files['dso.json'].messier.filter((m) => m > 0).length}`);
