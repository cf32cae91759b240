/**
 * ASCOM Platform 7 `devicestate` both ways, over loopback with real sim devices:
 * - our server answers `GET devicestate` for every device type it serves with the operational
 *   properties the ASCOM interface documents list for that type (plus TimeStamp), each value the
 *   one the sim device itself reports (read directly, in process); Platform 6 mode answers 0x400;
 * - our client reads a device's state in one `devicestate` round trip when the device's
 *   InterfaceVersion is a Platform 7 one, and member by member from an older server, with the same
 *   result. Requests are counted by the server's own request observer.
 * The clock runs 20× real time so connects and polls finish at once in real time.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../../src-main/clock';
import { AlpacaClient, AlpacaServer, DEVICE_STATE_NAMES, createAlpacaDevice, type AlpacaDevice } from '../../../../src-main/devices/alpaca';
import { createSimDevice } from '../../../../src-main/devices/sim';
import type { AlpacaDeviceConfig, AnyDevice, CameraState, DeviceKind, DeviceState, DomeState, DriverContext, FilterWheelState, FocuserState, MountState, RotatorState, SafetyState, WeatherState } from '../../../../src-main/devices/types';
import { SITE, T0 } from '../helpers';

const clock = new SimulatedClock(T0, 20);
const simCtx: DriverContext = { clock, telescopeId: 'srv', site: SITE, shared: new Map() };

const KINDS = ['mount', 'camera', 'dome', 'focuser', 'filterWheel', 'safety', 'weather', 'rotator'] as const;
type Kind = (typeof KINDS)[number];
const TYPE: Record<Kind, string> = { mount: 'telescope', camera: 'camera', dome: 'dome', focuser: 'focuser', filterWheel: 'filterwheel', safety: 'safetymonitor', weather: 'observingconditions', rotator: 'rotator' };

function sims(tag: string): Record<Kind, AnyDevice> {
  const opts: Partial<Record<Kind, Record<string, unknown>>> = { camera: { widthPx: 64, heightPx: 48, readoutSecPerMpx: 0 } };
  return Object.fromEntries(KINDS.map((k) => [k, createSimDevice({ id: `${tag}-${k}`, kind: k, family: 'sim', options: opts[k] }, simCtx)])) as Record<Kind, AnyDevice>;
}

interface Peer {
  server: AlpacaServer;
  port: number;
  devices: Record<Kind, AnyDevice>;
  /** `<type>/<member>` per device request. */
  log: string[];
}

async function peer(platform: 6 | 7): Promise<Peer> {
  const devices = sims(`p${platform}`);
  for (const d of Object.values(devices)) await d.connect();
  const log: string[] = [];
  const server = new AlpacaServer({ devices: Object.values(devices), platform, onRequest: (_m, p) => log.push(p.replace(/^\/api\/v1\/([a-z]+)\/\d+\//, '$1/')) });
  return { server, port: await server.start(), devices, log };
}

function adapter(port: number, kind: Kind): AlpacaDevice<DeviceKind> {
  const ctx: DriverContext = { clock, telescopeId: `cli${port}`, site: SITE, shared: new Map() };
  const config: AlpacaDeviceConfig = { id: `cli-${kind}`, kind, family: 'alpaca', host: '127.0.0.1', port, deviceNumber: 0 };
  return createAlpacaDevice(config, ctx, { pollMs: 100, requestTimeoutMs: 60_000 }) as unknown as AlpacaDevice<DeviceKind>;
}

let p7: Peer;
let p6: Peer;
let client7: AlpacaClient;
beforeAll(async () => {
  p7 = await peer(7);
  p6 = await peer(6);
  client7 = new AlpacaClient({ host: '127.0.0.1', port: p7.port, clock, timeoutMs: 60_000 });
});
afterAll(async () => {
  await p7.server.stop();
  await p6.server.stop();
});

interface Entry {
  Name: string;
  Value: unknown;
}
async function deviceState(kind: Kind): Promise<Map<string, unknown>> {
  const list = await client7.get<Entry[]>(TYPE[kind], 0, 'devicestate');
  expect(Array.isArray(list)).toBe(true);
  const names = list.map((e) => e.Name);
  // Only documented operational names, each once, and TimeStamp last.
  expect(new Set(names).size).toBe(names.length);
  for (const n of names) expect([...DEVICE_STATE_NAMES[kind], 'TimeStamp']).toContain(n);
  expect(names[names.length - 1]).toBe('TimeStamp');
  return new Map(list.map((e) => [e.Name, e.Value]));
}
const stateOf = async <S extends DeviceState>(kind: Kind): Promise<S> => (await p7.devices[kind].readState()) as S;

describe('server: GET devicestate (Platform 7)', () => {
  it('telescope: position, motion, park and pier side as the sim mount reports them', async () => {
    const v = await deviceState('mount');
    const s = await stateOf<MountState>('mount');
    expect([...v.keys()].sort()).toEqual(['Altitude', 'AtHome', 'AtPark', 'Azimuth', 'Declination', 'RightAscension', 'SideOfPier', 'Slewing', 'TimeStamp', 'Tracking', 'UTCDate']);
    // The mount's clock is the simulated one (T0 is months from real time): within 60 s of it.
    expect(Math.abs(Date.parse(String(v.get('UTCDate'))) - s.readUtcMs)).toBeLessThan(60_000);
    // The sky may turn between the two reads (clock 20×; up to 60 s of clock = 3 s real on a loaded
    // box): 0.02 h of RA, 0.3° of Dec and altitude. Unit or field mix-ups are off by far more.
    expect(Math.abs((v.get('RightAscension') as number) - s.jnow.raHours)).toBeLessThan(0.02);
    expect(Math.abs((v.get('Declination') as number) - s.jnow.decDeg)).toBeLessThan(0.3);
    expect(Math.abs((v.get('Altitude') as number) - (s.horizontal?.altitudeDeg ?? NaN))).toBeLessThan(0.3);
    expect(v.get('Slewing')).toBe(s.slewing);
    expect(v.get('Tracking')).toBe(s.tracking);
    expect(v.get('AtPark')).toBe(s.parked);
    expect(v.get('SideOfPier')).toBe({ east: 0, west: 1, unknown: -1 }[s.pierSide]);
  });

  it('camera: CameraState, ImageReady, PercentCompleted and the sensor temperature', async () => {
    const v = await deviceState('camera');
    const s = await stateOf<CameraState>('camera');
    expect(v.get('CameraState')).toBe(0);
    expect(v.get('ImageReady')).toBe(false);
    expect(v.get('PercentCompleted')).toBe(0);
    expect(v.get('CCDTemperature')).toBe(s.sensorTemperatureC ?? undefined);
    expect(v.get('CoolerPower')).toBe(s.coolerPowerPct ?? undefined);
  });

  it('dome: shutter (ASCOM ShutterState: 1 = closed), azimuth, slewing, park', async () => {
    const v = await deviceState('dome');
    const s = await stateOf<DomeState>('dome');
    expect(v.get('ShutterStatus')).toBe({ open: 0, closed: 1, opening: 2, closing: 3, error: 4, unknown: 4 }[s.shutter]);
    expect(v.get('Azimuth')).toBe(s.azimuthDeg);
    expect(v.get('Slewing')).toBe(s.slewing);
    expect(v.get('AtPark')).toBe(s.parked);
  });

  it('focuser, filter wheel, rotator, safety monitor: their operational properties', async () => {
    const foc = await deviceState('focuser');
    const f = await stateOf<FocuserState>('focuser');
    expect([foc.get('Position'), foc.get('IsMoving'), foc.get('Temperature')]).toEqual([f.position, f.moving, f.temperatureC ?? undefined]);
    const fw = await deviceState('filterWheel');
    expect(fw.get('Position')).toBe((await stateOf<FilterWheelState>('filterWheel')).slot);
    const rot = await deviceState('rotator');
    const r = await stateOf<RotatorState>('rotator');
    expect([rot.get('Position'), rot.get('MechanicalPosition'), rot.get('IsMoving')]).toEqual([r.positionDeg, r.mechanicalDeg, r.moving]);
    const safe = await deviceState('safety');
    expect(safe.get('IsSafe')).toBe((await stateOf<SafetyState>('safety')).safe);
  });

  it('observingconditions: every reading the station has, none it lacks', async () => {
    const v = await deviceState('weather');
    const r = (await stateOf<WeatherState>('weather')).readings;
    const pairs: [string, number | null][] = [
      ['Temperature', r.temperatureC],
      ['Humidity', r.humidityPct],
      ['DewPoint', r.dewPointC],
      ['Pressure', r.pressureHPa],
      ['WindSpeed', r.windSpeedMps],
      ['WindGust', r.windGustMps],
      ['WindDirection', r.windDirectionDeg],
      ['CloudCover', r.cloudCoverPct],
      ['SkyTemperature', r.skyTemperatureC],
      ['RainRate', r.rainRateMmPerHour],
      ['SkyQuality', r.skyQualityMagPerArcsec2],
    ];
    expect(pairs.some(([, x]) => x !== null)).toBe(true);
    for (const [name, value] of pairs) expect(v.get(name), name).toBe(value ?? undefined);
  });

  it('stamps the list with the time of the reading (ISO 8601 UTC, the device clock)', async () => {
    const v = await deviceState('focuser');
    const stampMs = Date.parse(String(v.get('TimeStamp')));
    expect(String(v.get('TimeStamp'))).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // Simulated time (T0 is months from real time) runs 20× real: allow 60 s of it (3 s real) between read and check.
    expect(Math.abs(clock.nowMs() - stampMs)).toBeLessThan(60_000);
  });

  it('answers NotConnected for a disconnected device and NotImplemented in Platform 6 mode', async () => {
    const codeOf = (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', (e: unknown) => (e as { code?: string }).code ?? 'no-code');
    const client6 = new AlpacaClient({ host: '127.0.0.1', port: p6.port, clock, timeoutMs: 60_000 });
    expect(await codeOf(client6.get('focuser', 0, 'devicestate'))).toBe('device.unsupported');
    await p7.devices.safety.disconnect();
    try {
      expect(await codeOf(client7.get('safetymonitor', 0, 'devicestate'))).toBe('device.disconnected');
    } finally {
      await p7.devices.safety.connect();
    }
  });
});

describe('client: state reads through devicestate', () => {
  /** Device requests a readState makes, after connecting. */
  async function requestsOfRead(p: Peer, kind: Kind): Promise<{ paths: string[]; state: DeviceState; device: AlpacaDevice<DeviceKind> }> {
    const device = adapter(p.port, kind);
    await device.connect();
    p.log.length = 0;
    const state = await device.readState();
    const paths = [...p.log];
    await device.disconnect();
    return { paths, state, device };
  }

  it('reads each Platform 7 device in one round trip (plus the settings devicestate leaves out: camera binning/ROI, dome slaving, rotator reverse)', async () => {
    for (const kind of ['mount', 'focuser', 'filterWheel', 'safety', 'weather'] as const) {
      const { paths } = await requestsOfRead(p7, kind);
      expect(paths, kind).toEqual([`${TYPE[kind]}/devicestate`]);
    }
    // Slaved and Reverse are settings, not operational properties in ASCOM's lists: read on their own.
    expect((await requestsOfRead(p7, 'dome')).paths.sort()).toEqual(['dome/devicestate', 'dome/slaved']);
    expect((await requestsOfRead(p7, 'rotator')).paths.sort()).toEqual(['rotator/devicestate', 'rotator/reverse']);
    const cam = await requestsOfRead(p7, 'camera');
    expect(cam.paths.filter((x) => x.endsWith('/devicestate'))).toHaveLength(1);
    expect([...cam.paths].sort()).toEqual(['camera/binx', 'camera/biny', 'camera/cooleron', 'camera/devicestate', 'camera/numx', 'camera/numy', 'camera/readoutmode', 'camera/setccdtemperature', 'camera/startx', 'camera/starty']);
  });

  it('reads an older server member by member, never asking for devicestate, with the same state', async () => {
    for (const kind of KINDS) {
      const old = await requestsOfRead(p6, kind);
      expect(old.paths.some((x) => x.endsWith('/devicestate')), kind).toBe(false);
      expect(old.paths.length, kind).toBeGreaterThan(kind === 'filterWheel' || kind === 'safety' ? 0 : 1);
      expect(old.device.usesDeviceState).toBe(false);
      const now = await requestsOfRead(p7, kind);
      expect(now.device.usesDeviceState).toBe(true);
      // Same device type, same sim defaults on both servers: the snapshots agree (moving sky aside).
      const strip = (s: DeviceState): Record<string, unknown> => {
        const { readUtcMs: _t, name: _n, ...rest } = s;
        if (rest.kind === 'mount') return { ...rest, jnow: null, j2000: null, horizontal: null };
        return rest;
      };
      expect(strip(now.state), kind).toEqual(strip(old.state));
    }
  });

  it('falls back to member reads, and stops asking, when a Platform 7 server refuses devicestate', async () => {
    // A proxy in front of the Platform 7 server that answers HTTP 400 to devicestate only.
    const members: string[] = [];
    const proxy = createServer((req, res) => {
      const member = (req.url ?? '').split('?')[0]?.split('/').pop() ?? '';
      members.push(member);
      if (member === 'devicestate') {
        res.writeHead(400, { 'Content-Type': 'text/plain' });
        return void res.end('unknown member devicestate');
      }
      const up = request({ host: '127.0.0.1', port: p7.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const focuser = adapter((proxy.address() as AddressInfo).port, 'focuser');
      await focuser.connect();
      const first = (await focuser.readState()) as FocuserState;
      const second = (await focuser.readState()) as FocuserState;
      expect(members.filter((m) => m === 'devicestate')).toHaveLength(1);
      expect(focuser.usesDeviceState).toBe(false);
      const direct = await stateOf<FocuserState>('focuser');
      for (const s of [first, second]) expect([s.position, s.moving, s.temperatureC]).toEqual([direct.position, direct.moving, direct.temperatureC]);
      await focuser.disconnect();
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});
