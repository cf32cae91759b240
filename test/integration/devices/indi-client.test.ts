/**
 * The INDI protocol client against Debian's real INDI 1.9.9 simulators (apt-get install indi-bin).
 * Tolerances are the measured ones (devices.md §2.3–2.4): the first slew from home ends ~3′ off in
 * RA, so RA within 0.02 h and Dec within 0.1°.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealClock } from '../../../src-main/clock';
import { IndiClient } from '../../../src-main/devices/indi/client';
import type { IndiVector } from '../../../src-main/devices/indi/properties';
import { indiserverInstalled, startIndiServer, type IndiServerHandle } from '../helpers/indiserver';

const TEL = 'Telescope Simulator';
const CCD = 'CCD Simulator';
const WHEEL = 'Filter Simulator';
const FOC = 'Focuser Simulator';
const DOME = 'Dome Simulator';
const DEVICES = [TEL, CCD, WHEEL, FOC, DOME];

const clock = new RealClock();
const installed = indiserverInstalled();

describe.skipIf(!installed)(`INDI client vs indiserver simulators${installed ? '' : ' (skipped: indiserver not installed — apt-get install indi-bin)'}`, () => {
  let server: IndiServerHandle;
  let client: IndiClient;

  beforeAll(async () => {
    server = await startIndiServer();
    client = await IndiClient.connect({ host: server.host, port: server.port, clock });
    client.getProperties();
    for (const d of DEVICES) await client.waitFor(d, 'CONNECTION', () => true, { timeoutMs: 15_000 });
    await Promise.all(
      DEVICES.map((d) =>
        client.request('Switch', d, 'CONNECTION', { CONNECT: true }, { timeoutMs: 20_000, done: (v) => client.switchOn(d, v.name, 'CONNECT') === true }),
      ),
    );
  });

  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it('defines the connected drivers’ properties and answers a ping round trip', async () => {
    await client.waitFor(CCD, 'CCD_EXPOSURE', () => true, { timeoutMs: 10_000 });
    expect(client.vector(TEL, 'EQUATORIAL_EOD_COORD')?.type).toBe('Number');
    expect(client.vector(DOME, 'DOME_SHUTTER')?.type).toBe('Switch');
    await client.ping(TEL, 'CONNECTION', { timeoutMs: 5000 });
  });

  it('slews the telescope (Busy → Ok) to RA 5.5 h / Dec +20° within the measured tolerance', async () => {
    client.sendSwitch(TEL, 'ON_COORD_SET', { TRACK: true });
    let sawBusy = false;
    const off = client.on((ev) => {
      if (ev.kind === 'set' && ev.vector.device === TEL && ev.vector.name === 'EQUATORIAL_EOD_COORD' && ev.vector.state === 'Busy') sawBusy = true;
    });
    const ra = (v: IndiVector): number => (v.type === 'Number' ? (v.elements.get('RA')?.value ?? NaN) : NaN);
    const dec = (v: IndiVector): number => (v.type === 'Number' ? (v.elements.get('DEC')?.value ?? NaN) : NaN);
    const v = await client.request('Number', TEL, 'EQUATORIAL_EOD_COORD', { RA: 5.5, DEC: 20 }, {
      timeoutMs: 90_000,
      done: (x) => Math.abs(ra(x) - 5.5) < 0.02 && Math.abs(dec(x) - 20) < 0.1,
    });
    off();
    expect(sawBusy).toBe(true);
    expect(Math.abs(ra(v) - 5.5)).toBeLessThan(0.02);
    expect(Math.abs(dec(v) - 20)).toBeLessThan(0.1);
  });

  it('changes filter slot and moves the focuser', async () => {
    const slot = client.number(WHEEL, 'FILTER_SLOT', 'FILTER_SLOT_VALUE') === 3 ? 5 : 3;
    const f = await client.request('Number', WHEEL, 'FILTER_SLOT', { FILTER_SLOT_VALUE: slot }, {
      timeoutMs: 30_000,
      done: () => client.number(WHEEL, 'FILTER_SLOT', 'FILTER_SLOT_VALUE') === slot,
    });
    expect(f.state).toBe('Ok');
    const target = client.number(FOC, 'ABS_FOCUS_POSITION', 'FOCUS_ABSOLUTE_POSITION') === 52000 ? 48000 : 52000;
    await client.request('Number', FOC, 'ABS_FOCUS_POSITION', { FOCUS_ABSOLUTE_POSITION: target }, {
      timeoutMs: 60_000,
      done: () => client.number(FOC, 'ABS_FOCUS_POSITION', 'FOCUS_ABSOLUTE_POSITION') === target,
    });
    expect(client.number(FOC, 'ABS_FOCUS_POSITION', 'FOCUS_ABSOLUTE_POSITION')).toBe(target);
  });

  it('opens the dome shutter', async () => {
    await client.request('Switch', DOME, 'DOME_SHUTTER', { SHUTTER_OPEN: true }, {
      timeoutMs: 30_000,
      done: () => client.switchOn(DOME, 'DOME_SHUTTER', 'SHUTTER_OPEN') === true,
    });
    expect(client.switchOn(DOME, 'DOME_SHUTTER', 'SHUTTER_OPEN')).toBe(true);
  });

  it('takes a 1 s exposure whose FITS BLOB arrives with a valid primary header', async () => {
    client.enableBlob(CCD, 'Also', 'CCD1');
    client.sendSwitch(CCD, 'UPLOAD_MODE', { UPLOAD_CLIENT: true });
    client.sendSwitch(CCD, 'CCD_COMPRESSION', { INDI_DISABLED: true });
    const blobRev = client.vector(CCD, 'CCD1')?.revision ?? 0;
    const blob = client.waitFor(CCD, 'CCD1', (v) => v.revision > blobRev && v.type === 'BLOB' && v.elements.get('CCD1')?.data != null, { timeoutMs: 30_000 });
    client.sendNumber(CCD, 'CCD_EXPOSURE', { CCD_EXPOSURE_VALUE: 1 });
    const v = await blob;
    const el = v.type === 'BLOB' ? v.elements.get('CCD1') : undefined;
    const data = Buffer.from(el?.data ?? new Uint8Array());
    expect(el?.format).toBe('.fits');
    expect(data.length % 2880).toBe(0);
    const header = data.toString('latin1', 0, 2880 * 2);
    expect(header.startsWith('SIMPLE  =                    T')).toBe(true);
    const card = (k: string): string | null => {
      for (let i = 0; i < header.length; i += 80) {
        const c = header.slice(i, i + 80);
        if (c.slice(0, 8).trim() === k && c[8] === '=') return c.slice(10, 30).trim();
      }
      return null;
    };
    expect(card('NAXIS')).toBe('2');
    const w = Number(card('NAXIS1'));
    const h = Number(card('NAXIS2'));
    const bitpix = Math.abs(Number(card('BITPIX')));
    expect(w).toBeGreaterThan(0);
    expect(h).toBeGreaterThan(0);
    // header blocks + w·h·bytes rounded up to whole 2880-byte blocks
    expect(data.length).toBeGreaterThanOrEqual(2880 + (w * h * bitpix) / 8);
    expect(data.length).toBe(el?.size);
  });
});
