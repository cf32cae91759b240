/**
 * The INDI family's capability adapters against Debian's INDI 1.9.9 simulators: connect through the
 * shared connection, slew (measured tolerance: RA 0.02 h, Dec 0.1°), filter, focus, dome shutter,
 * 1 s exposure decoded to pixels, weather readings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealClock } from '../../../src-main/clock';
import { IndiCamera, IndiDome, IndiFilterWheel, IndiFocuser, IndiMount, IndiWeather } from '../../../src-main/devices/indi';
import type { DriverContext, IndiDeviceConfig } from '../../../src-main/devices/types';
import { indiserverInstalled, startIndiServer, type IndiServerHandle } from '../helpers/indiserver';

const installed = indiserverInstalled();

describe.skipIf(!installed)(`INDI devices vs indiserver simulators${installed ? '' : ' (skipped: indiserver not installed — apt-get install indi-bin)'}`, () => {
  let server: IndiServerHandle;
  const ctx: DriverContext = { clock: new RealClock(), telescopeId: 't1', site: null, shared: new Map() };
  const cfg = (id: string, kind: IndiDeviceConfig['kind'], device: string): IndiDeviceConfig => ({ id, kind, family: 'indi', host: server.host, port: server.port, device });
  let mount: IndiMount;
  let camera: IndiCamera;
  let wheel: IndiFilterWheel;
  let focuser: IndiFocuser;
  let dome: IndiDome;
  let weather: IndiWeather;

  beforeAll(async () => {
    server = await startIndiServer();
    mount = new IndiMount(cfg('mount', 'mount', 'Telescope Simulator'), ctx);
    camera = new IndiCamera(cfg('cam', 'camera', 'CCD Simulator'), ctx);
    wheel = new IndiFilterWheel(cfg('fw', 'filterWheel', 'Filter Simulator'), ctx);
    focuser = new IndiFocuser(cfg('foc', 'focuser', 'Focuser Simulator'), ctx);
    dome = new IndiDome(cfg('dome', 'dome', 'Dome Simulator'), ctx);
    weather = new IndiWeather(cfg('wx', 'weather', 'Weather Simulator'), ctx);
    await Promise.all([mount, camera, wheel, focuser, dome, weather].map((d) => d.connect()));
  });

  afterAll(async () => {
    await Promise.all([mount, camera, wheel, focuser, dome, weather].map((d) => d?.disconnect()));
    await server?.stop();
  });

  it('connects all six through one shared connection and answers pings', async () => {
    expect([mount, camera, wheel, focuser, dome, weather].every((d) => d.isConnected())).toBe(true);
    expect([...ctx.shared.keys()].filter((k) => k.startsWith('indi:'))).toHaveLength(1);
    await Promise.all([mount.ping(), dome.ping()]);
  });

  it('slews the mount to RA 5.5 h / Dec +20° (JNow) and tracks', async () => {
    // the target's altitude at the sim's default site depends on the time of day: no altitude limit here
    await mount.setLimits({ minAltitudeDeg: -90, maxAltitudeDeg: 90, maxHourAngleHours: null });
    await mount.slewToCoordinates({ raHours: 5.5, decDeg: 20 }, 'jnow', { timeoutMs: 90_000 });
    const s = await mount.readState();
    expect(Math.abs(s.jnow.raHours - 5.5)).toBeLessThan(0.02);
    expect(Math.abs(s.jnow.decDeg - 20)).toBeLessThan(0.1);
    expect(s.tracking).toBe(true);
    expect(s.slewing).toBe(false);
    // J2000 is derived by precession: within 1° of JNow for dates near 2000–2030
    expect(Math.abs(s.j2000.decDeg - 20)).toBeLessThan(1);
  });

  it('changes the filter (0-based slot 2 = INDI slot 3) and moves the focuser by steps', async () => {
    await wheel.setSlot(2);
    const w = await wheel.readState();
    expect(w.slot).toBe(2);
    expect(w.names.length).toBeGreaterThanOrEqual(3);
    const before = (await focuser.readState()).position ?? 0;
    await focuser.moveBy(before + 2000 <= (await focuser.readState()).maxPosition ? 2000 : -2000);
    const f = await focuser.readState();
    expect(Math.abs((f.position ?? 0) - before)).toBe(2000);
  });

  it('opens the dome shutter and reports it open', async () => {
    await dome.openShutter({ timeoutMs: 30_000 });
    expect((await dome.readState()).shutter).toBe('open');
  });

  it('takes a 1 s exposure and decodes the FITS BLOB to 16-bit pixels', async () => {
    const img = await camera.expose({ durationSec: 1, frameType: 'light' });
    expect(img.fits && Buffer.from(img.fits.subarray(0, 30)).toString('latin1')).toBe('SIMPLE  =                    T');
    expect(img.width * img.height).toBe(img.pixels.length);
    expect(img.width).toBeGreaterThan(0);
    expect(img.metadata.headers.NAXIS).toBe(2);
    expect(img.metadata.exposureSec).toBe(1);
    // the sim's frames are noise (no gsc catalogue): small non-negative values, not all equal
    let min = Infinity;
    let max = -Infinity;
    for (const p of img.pixels) {
      if (p < min) min = p;
      if (p > max) max = p;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeGreaterThan(min);
  });

  it('reads weather parameters and a safety verdict', async () => {
    const s = await weather.readState();
    expect(s.readings.temperatureC).not.toBeNull();
    expect(s.safe).not.toBeNull();
  });
});
