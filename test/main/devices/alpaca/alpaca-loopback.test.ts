/**
 * The Alpaca client against our own Alpaca server over loopback, serving real sim devices:
 * transaction ids, management API, error numbers, HTTP 400, ImageBytes and JSON ImageArray round
 * trips of a real simulated image, and UDP discovery on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { RealClock } from '../../../../src-main/clock';
import { AlpacaClient, AlpacaDiscoveryResponder, AlpacaServer, decodeImageBytes, discoverAlpaca, encodeImageBytes, readImageBytesHeader } from '../../../../src-main/devices/alpaca';
import { createSimDevice } from '../../../../src-main/devices/sim';
import type { AnyDevice, Camera, DriverContext, SimDeviceConfig } from '../../../../src-main/devices/types';

const clock = new RealClock();
const ctx: DriverContext = { clock, telescopeId: 't1', site: { latitudeDeg: 35, longitudeDeg: -110, elevationM: 1500 }, shared: new Map() };
const sim = (id: string, kind: SimDeviceConfig['kind'], options?: Record<string, unknown>): AnyDevice => createSimDevice({ id, kind, family: 'sim', options }, ctx);

describe('Alpaca client ↔ Alpaca server (loopback, sim devices)', () => {
  const camera = sim('cam', 'camera', { widthPx: 64, heightPx: 48, readoutSecPerMpx: 0 }) as Camera;
  const wheel = sim('fw', 'filterWheel');
  const focuser = sim('foc', 'focuser');
  const devices = [camera, wheel, focuser];
  const server = new AlpacaServer({ devices });
  let client: AlpacaClient;
  let port = 0;

  beforeAll(async () => {
    port = await server.start();
    client = new AlpacaClient({ host: '127.0.0.1', port, clock, clientId: 4242 });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('serves the management API with PascalCase device types', async () => {
    expect(await client.apiVersions()).toEqual([1]);
    expect((await client.description()).ServerName).toBe('Nightshift');
    const devs = await client.configuredDevices();
    expect(devs.map((d) => [d.DeviceType, d.DeviceNumber])).toEqual([
      ['Camera', 0],
      ['FilterWheel', 0],
      ['Focuser', 0],
    ]);
  });

  it('echoes ClientTransactionID and increments ServerTransactionID', async () => {
    const get = (tx: number): Promise<{ ClientTransactionID: number; ServerTransactionID: number; Value: unknown }> =>
      new Promise((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: `/api/v1/camera/0/connected?clientid=1&clienttransactionid=${tx}` }, (res) => {
          let s = '';
          res.on('data', (c: Buffer) => (s += c.toString()));
          res.on('end', () => resolve(JSON.parse(s) as never));
        })
          .on('error', reject)
          .end();
      });
    const a = await get(77);
    const b = await get(78);
    expect(a.ClientTransactionID).toBe(77);
    expect(b.ClientTransactionID).toBe(78);
    expect(b.ServerTransactionID).toBeGreaterThan(a.ServerTransactionID);
  });

  it('maps error numbers: NotConnected (0x407) → device.disconnected, NotImplemented (0x400) → device.unsupported', async () => {
    await expect(client.get('camera', 0, 'cameraxsize')).rejects.toMatchObject({ code: 'device.disconnected', details: { alpacaErrorNumber: 0x407 } });
    await client.put('camera', 0, 'connected', { Connected: true });
    await client.put('filterwheel', 0, 'connected', { Connected: true });
    expect(await client.get('camera', 0, 'connected')).toBe(true);
    await expect(client.get('camera', 0, 'nosuchmember')).rejects.toMatchObject({ code: 'device.unsupported', details: { alpacaErrorNumber: 0x400 } });
  });

  it('answers HTTP 400 for a missing parameter, a wrongly cased PUT key and an unknown device number', async () => {
    await expect(client.put('camera', 0, 'startexposure', { Duration: 1 })).rejects.toMatchObject({ code: 'validation.invalid', details: { httpStatus: 400 } });
    await expect(client.put('camera', 0, 'startexposure', { duration: 1, light: true })).rejects.toMatchObject({ details: { httpStatus: 400 } });
    await expect(client.get('camera', 5, 'connected')).rejects.toMatchObject({ details: { httpStatus: 400 } });
  });

  it('moves the filter wheel asynchronously: position −1 while moving, then the target', async () => {
    const names = await client.get<string[]>('filterwheel', 0, 'names');
    expect(names.length).toBeGreaterThan(2);
    await client.put('filterwheel', 0, 'position', { Position: 2 });
    let pos = -1;
    for (let i = 0; i < 200 && pos !== 2; i++) {
      pos = await client.get<number>('filterwheel', 0, 'position');
      if (pos !== 2) await clock.sleep(25);
    }
    expect(pos).toBe(2);
    await expect(client.put('filterwheel', 0, 'position', { Position: 'x' })).rejects.toMatchObject({ details: { httpStatus: 400 } });
  });

  it('round-trips a real simulated exposure through ImageBytes and JSON ImageArray', async () => {
    await client.put('camera', 0, 'startexposure', { Duration: 0.05, Light: true });
    let ready = false;
    for (let i = 0; i < 400 && !ready; i++) {
      ready = await client.get<boolean>('camera', 0, 'imageready');
      if (!ready) await clock.sleep(10);
    }
    expect(ready).toBe(true);
    const viaBytes = await client.imageArray(0);
    expect([viaBytes.width, viaBytes.height]).toEqual([64, 48]);
    // compare against the image the camera produced, pixel by pixel, via an independent JSON path
    const raw = await new Promise<Buffer>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/api/v1/camera/0/imagearray', headers: { Accept: 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      })
        .on('error', reject)
        .end();
    });
    const parsed = JSON.parse(raw.toString()) as { Type: number; Rank: number; Value: number[][] };
    expect(parsed.Rank).toBe(2);
    expect(parsed.Value.length).toBe(64); // outer index is X
    let mismatches = 0;
    let nonZero = 0;
    for (let x = 0; x < 64; x++) {
      for (let y = 0; y < 48; y++) {
        const v = viaBytes.pixels[y * 64 + x] as number;
        if (v !== parsed.Value[x]?.[y]) mismatches++;
        if (v !== 0) nonZero++;
      }
    }
    expect(mismatches).toBe(0);
    expect(nonZero).toBeGreaterThan(0);
  });

  it('ImageBytes header layout: eleven little-endian int32 and column-major data', () => {
    const img = { width: 3, height: 2, pixels: Uint16Array.from([1, 2, 3, 4, 5, 6]) };
    const buf = encodeImageBytes(img, 11, 22);
    const h = readImageBytesHeader(buf);
    expect(h).toMatchObject({ metadataVersion: 1, errorNumber: 0, clientTransactionId: 11, serverTransactionId: 22, dataStart: 44, rank: 2, dimension1: 3, dimension2: 2 });
    // index = x·NumY + y: column x=0 is (1, 4)
    expect([buf.readUInt16LE(44), buf.readUInt16LE(46), buf.readUInt16LE(48)]).toEqual([1, 4, 2]);
    expect(Array.from(decodeImageBytes(buf).pixels)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('finds the server by UDP discovery on 127.0.0.1', async () => {
    const responder = new AlpacaDiscoveryResponder(port, '127.0.0.1', 0);
    await responder.start();
    try {
      const found = await discoverAlpaca({ clock, targets: ['127.0.0.1'], discoveryPort: responder.boundPort, durationMs: 300 });
      expect(found).toEqual([{ address: '127.0.0.1', port }]);
      const c2 = new AlpacaClient({ host: found[0]?.address ?? '', port: found[0]?.port ?? 0, clock });
      expect((await c2.configuredDevices()).length).toBe(3);
    } finally {
      await responder.stop();
    }
  });

  it('times out on the Clock against a silent peer (device.timeout)', async () => {
    const { createServer } = await import('node:net');
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const addr = silent.address();
    const c = new AlpacaClient({ host: '127.0.0.1', port: typeof addr === 'object' && addr ? addr.port : 0, clock, timeoutMs: 200 });
    await expect(c.get('camera', 0, 'connected')).rejects.toMatchObject({ code: 'device.timeout' });
    silent.close();
  });
});
