/**
 * Archive file names: LCO-like basenames (`tfn1m001-sc01-20261121-0042-e00`) and the filestore
 * layout `{SITEID}/{INSTRUME}/{DAY-OBS}/{raw|processed}/{basename}{ext}` (ocs-contract.md §10.2).
 */
import { AppError } from '../../src-shared/errors';

/** One letter per configuration type, as LCO basenames carry it (the ingester reads it back). */
const OBSTYPE_LETTER: Readonly<Record<string, string>> = {
  EXPOSE: 'e',
  REPEAT_EXPOSE: 'e',
  STANDARD: 'e',
  SPECTRUM: 'e',
  REPEAT_SPECTRUM: 'e',
  NRES_SPECTRUM: 'e',
  BIAS: 'b',
  DARK: 'd',
  SKY_FLAT: 'f',
  LAMP_FLAT: 'w',
  ARC: 'a',
  GUIDE: 'g',
  EXPERIMENTAL: 'x',
  ENGINEERING: 'x',
  TEST: 't',
};

/** The basename letter for a configuration type; unknown types get 'e'. */
export function obstypeLetter(configurationType: string): string {
  return OBSTYPE_LETTER[configurationType.toUpperCase()] ?? 'e';
}

export interface BasenameParts {
  siteId: string;
  /** Telescope name, e.g. `1m0-01`; punctuation is dropped (`1m001`). */
  telescopeName: string;
  instrumentId: string;
  /** `YYYYMMDD`. */
  dayObs: string;
  /** Frame number within the instrument's day, 0–9999. */
  frameNumber: number;
  configurationType: string;
  /** Reduction level 0–99 (two digits in the name). */
  reductionLevel: number;
}

const SAFE = /^[A-Za-z0-9_.-]+$/;

function safeComponent(name: string, value: string): string {
  if (!SAFE.test(value) || value === '.' || value === '..') {
    throw new AppError('validation.invalid', `${name} "${value}" cannot be used in a file name`, { [name]: ['only letters, digits, "_", "-" and "." allowed'] });
  }
  return value;
}

/** `{site}{telescope}-{instrument}-{dayobs}-{NNNN}-{letter}{RR}`. Throws `validation.invalid` on bad parts. */
export function frameBasename(p: BasenameParts): string {
  if (!/^\d{8}$/.test(p.dayObs)) throw new AppError('validation.invalid', `DAY-OBS must be YYYYMMDD, got "${p.dayObs}"`);
  if (!Number.isInteger(p.frameNumber) || p.frameNumber < 0 || p.frameNumber > 9999) {
    throw new AppError('validation.invalid', `frame number must be 0–9999, got ${p.frameNumber}`);
  }
  if (!Number.isInteger(p.reductionLevel) || p.reductionLevel < 0 || p.reductionLevel > 99) {
    throw new AppError('validation.invalid', `reduction level must be 0–99, got ${p.reductionLevel}`);
  }
  const tel = p.telescopeName.replace(/[^A-Za-z0-9]/g, '');
  const site = safeComponent('siteId', p.siteId);
  const inst = safeComponent('instrumentId', p.instrumentId);
  if (tel === '') throw new AppError('validation.invalid', 'telescope name has no letters or digits');
  const num = String(p.frameNumber).padStart(4, '0');
  const rl = String(p.reductionLevel).padStart(2, '0');
  return `${site}${tel}-${inst}-${p.dayObs}-${num}-${obstypeLetter(p.configurationType)}${rl}`;
}

/** The parts a basename carries, or null when it is not in the LCO form. */
export function parseBasename(basename: string): { prefix: string; instrumentId: string; dayObs: string; frameNumber: number; letter: string; reductionLevel: number } | null {
  const m = /^([A-Za-z0-9]+)-([A-Za-z0-9_]+)-(\d{8})-(\d{4})-([a-z])(\d{2})$/.exec(basename);
  if (m === null) return null;
  return {
    prefix: m[1] as string,
    instrumentId: m[2] as string,
    dayObs: m[3] as string,
    frameNumber: Number(m[4]),
    letter: m[5] as string,
    reductionLevel: Number(m[6]),
  };
}

/**
 * Relative archive path, always with '/' separators:
 * `{siteId}/{instrumentId}/{dayObs}/{raw|processed}/{basename}{extension}` (raw when level 0).
 */
export function archiveRelativePath(p: { siteId: string; instrumentId: string; dayObs: string; reductionLevel: number; basename: string; extension?: string }): string {
  const ext = p.extension ?? '.fits';
  if (!/^(\.[a-z0-9]+)+$/.test(ext)) throw new AppError('validation.invalid', `bad extension "${ext}"`);
  if (!/^\d{8}$/.test(p.dayObs)) throw new AppError('validation.invalid', `DAY-OBS must be YYYYMMDD, got "${p.dayObs}"`);
  const stage = p.reductionLevel === 0 ? 'raw' : 'processed';
  return [safeComponent('siteId', p.siteId), safeComponent('instrumentId', p.instrumentId), p.dayObs, stage, `${safeComponent('basename', p.basename)}${ext}`].join('/');
}

/** Thumbnail path beside the frame: `…/thumbnails/{basename}-{size}.png`. */
export function thumbnailRelativePath(frameRelativePath: string, size: 'small' | 'medium' | 'large'): string {
  const slash = frameRelativePath.lastIndexOf('/');
  const dir = frameRelativePath.slice(0, slash);
  const file = frameRelativePath.slice(slash + 1).replace(/\.fits(\.fz)?$/, '');
  return `${dir}/thumbnails/${file}-${size}.png`;
}
