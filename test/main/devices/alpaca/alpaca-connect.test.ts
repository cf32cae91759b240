/**
 * ASCOM Platform 7 asynchronous connection, both directions:
 * - our server: `PUT connect` / `PUT disconnect` return at once, `GET connecting` is true while the
 *   device connects and reports a failed connect as that read's error (then false);
 * - our client: uses connect + polling `connecting` against a Platform 7 server, `PUT connected`
 *   against a legacy one (our server in Platform 6 mode, which reports pre-7 interface versions and
 *   answers 0x400 to the new members), and against a bare legacy peer that has no InterfaceVersion
 *   and answers HTTP 400 to `connect`.
 * The clock runs 5× real time so a stalled connect (10 s of clock) stays observable for 2 s.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../../src-main/clock';
import { AlpacaClient, AlpacaServer, createAlpacaDevice, type AlpacaDevice } from '../../../../src-main/devices/alpaca';
import { createSimDevice, type SimDevice } from '../../../../src-main/devices/sim';
import type { AlpacaDeviceConfig, AnyDevice, DeviceKind, DriverContext } from '../../../../src-main/devices/types';
import { T0 } from '../helpers';

const clock = new SimulatedClock(T0, 5);

interface Peer {
  server: AlpacaServer;
  port: number;
  device: AnyDevice;
  log: string[];
}

async function peer(platform: 6 | 7): Promise<Peer> {
  const ctx: DriverContext = { clock, telescopeId: `srv${platform}`, site: null, shared: new Map() };
  const device = createSimDevice({ id: `fw${platform}`, kind: 'filterWheel', family: 'sim' }, ctx);
  const log: string[] = [];
  const server = new AlpacaServer({ devices: [device], platform, onRequest: (m, p) => log.push(`${m} ${p.split('/').pop() ?? ''}`) });
  const port = await server.start();
  return { server, port, device, log };
}

function adapter(port: number, kind: DeviceKind = 'filterWheel'): AlpacaDevice<DeviceKind> {
  const ctx: DriverContext = { clock, telescopeId: 'cli', site: null, shared: new Map() };
  const config: AlpacaDeviceConfig = { id: `cli-${port}`, kind, family: 'alpaca', host: '127.0.0.1', port, deviceNumber: 0 };
  return createAlpacaDevice(config, ctx, { pollMs: 50, requestTimeoutMs: 20_000 }) as unknown as AlpacaDevice<DeviceKind>;
}

const faults = (d: AnyDevice): SimDevice<DeviceKind>['faults'] => (d as unknown as SimDevice<DeviceKind>).faults;
const codeOf = async (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', (e: unknown) => (e as { code?: string }).code ?? 'no-code');

let p7: Peer;
let p6: Peer;
/** A bare legacy peer: only Connected, IsSafe, Name; no InterfaceVersion (a V1 driver); HTTP 400 for anything else. */
let bare: Server;
let barePort = 0;
const bareLog: string[] = [];

beforeAll(async () => {
  p7 = await peer(7);
  p6 = await peer(6);
  let connected = false;
  bare = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const member = url.pathname.split('/').pop() ?? '';
    bareLog.push(`${req.method ?? ''} ${member}`);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const reply = (v: unknown, errorNumber = 0): void => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ Value: v, ClientTransactionID: 0, ServerTransactionID: 1, ErrorNumber: errorNumber, ErrorMessage: errorNumber ? 'not implemented' : '' }));
      };
      if (member === 'connected' && req.method === 'GET') return reply(connected);
      if (member === 'connected' && req.method === 'PUT') {
        connected = new URLSearchParams(body).get('Connected') === 'True';
        return reply(undefined);
      }
      if (member === 'interfaceversion') return reply(null, 0x400);
      if (member === 'issafe') return reply(true);
      if (member === 'name') return reply('bare legacy monitor');
      if (member === 'supportedactions') return reply([]);
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      res.end(`unknown member ${member}`);
    });
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', () => resolve()));
  barePort = (bare.address() as AddressInfo).port;
});

afterAll(async () => {
  await p7.server.stop();
  await p6.server.stop();
  bare.closeAllConnections();
  await new Promise<void>((resolve) => bare.close(() => resolve()));
});

describe('our Alpaca server speaks Platform 7 connect / disconnect / connecting', () => {
  it('PUT connect returns at once; connecting is true while the device connects, false once Connected', async () => {
    const raw = new AlpacaClient({ host: '127.0.0.1', port: p7.port, clock });
    expect(await raw.get('filterwheel', 0, 'interfaceversion')).toBe(3);
    expect(await raw.get('filterwheel', 0, 'connecting')).toBe(false);
    // A stalled link (10 s of clock) keeps the connect in progress long enough to observe.
    faults(p7.device).inject({ type: 'stall', command: 'connect', times: 1 });
    await raw.put('filterwheel', 0, 'connect');
    expect(await raw.get('filterwheel', 0, 'connecting')).toBe(true);
    expect(await raw.get('filterwheel', 0, 'connected')).toBe(false);
    // The failure of the asynchronous connect comes back through `connecting`, once.
    let code = 'still connecting';
    for (let i = 0; i < 400 && code === 'still connecting'; i++) {
      code = await raw.get('filterwheel', 0, 'connecting').then(
        (v) => (v === true ? 'still connecting' : 'no error reported'),
        (e: unknown) => (e as { code: string }).code,
      );
      if (code === 'still connecting') await new Promise((r) => setTimeout(r, 20));
    }
    expect(code).toBe('device.timeout');
    expect(await raw.get('filterwheel', 0, 'connecting')).toBe(false);
    // A clean connect, then an asynchronous disconnect.
    await raw.put('filterwheel', 0, 'connect');
    await waitUntil(async () => (await raw.get('filterwheel', 0, 'connecting')) === false);
    expect(await raw.get('filterwheel', 0, 'connected')).toBe(true);
    await raw.put('filterwheel', 0, 'disconnect');
    await waitUntil(async () => (await raw.get('filterwheel', 0, 'connecting')) === false);
    expect(await raw.get('filterwheel', 0, 'connected')).toBe(false);
  });

  it('in Platform 6 mode the new members answer NotImplemented (0x400) and pre-7 interface versions are reported', async () => {
    const raw = new AlpacaClient({ host: '127.0.0.1', port: p6.port, clock });
    expect(await raw.get('filterwheel', 0, 'interfaceversion')).toBe(2);
    expect(await codeOf(raw.put('filterwheel', 0, 'connect'))).toBe('device.unsupported');
    expect(await codeOf(raw.put('filterwheel', 0, 'disconnect'))).toBe('device.unsupported');
    expect(await codeOf(raw.get('filterwheel', 0, 'connecting'))).toBe('device.unsupported');
  });
});

describe('our Alpaca client picks the connection method', () => {
  it('Platform 7 server: PUT connect + polling connecting, never PUT connected; disconnect likewise', async () => {
    const d = adapter(p7.port);
    p7.log.length = 0;
    await d.connect();
    expect(d.connectionMode).toBe('async');
    expect(p7.log).toContain('PUT connect');
    expect(p7.log).toContain('GET connecting');
    expect(p7.log).not.toContain('PUT connected');
    expect(p7.device.isConnected()).toBe(true);
    await d.disconnect();
    expect(p7.log).toContain('PUT disconnect');
    expect(p7.device.isConnected()).toBe(false);
  });

  it('Platform 7 server: a connect that fails on the server fails the client with the same coded error', async () => {
    faults(p7.device).inject({ type: 'refuseConnect', command: 'connect', times: 1 });
    const d = adapter(p7.port);
    expect(await codeOf(d.connect())).toBe('device.disconnected');
    expect(d.isConnected()).toBe(false);
    await d.connect();
    expect(d.connectionMode).toBe('async');
    await d.disconnect();
  });

  it('legacy server (InterfaceVersion 2): PUT connected=True, no connect attempted', async () => {
    const d = adapter(p6.port);
    p6.log.length = 0;
    await d.connect();
    expect(d.connectionMode).toBe('legacy');
    expect(p6.log).toContain('PUT connected');
    expect(p6.log).not.toContain('PUT connect');
    expect(p6.device.isConnected()).toBe(true);
    await d.disconnect();
    expect(p6.device.isConnected()).toBe(false);
  });

  it('bare legacy peer (no InterfaceVersion, HTTP 400 for connect): falls back to PUT connected=True', async () => {
    const d = adapter(barePort, 'safety');
    await d.connect();
    expect(d.connectionMode).toBe('legacy');
    expect(bareLog).toContain('PUT connect');
    expect(bareLog).toContain('PUT connected');
    const state = await d.readState();
    expect(state.kind === 'safety' && state.safe).toBe(true);
    await d.disconnect();
    expect(bareLog.filter((l) => l === 'PUT connected')).toHaveLength(2);
  });
});

async function waitUntil(check: () => Promise<boolean>, tries = 200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not reached');
}
