/**
 * A spec-faithful Alpaca server (node:http) exposing Nightshift devices (any family, sim included):
 * device API with transaction ids, 0x400 for unsupported members, HTTP 400 for missing/unparsable
 * parameters or an unknown device number, asynchronous long operations, ImageBytes, the
 * management API, and Platform 7 asynchronous `connect` / `disconnect` / `connecting` (or legacy
 * Platform 6 behaviour, `platform: 6`), and Platform 7 `devicestate` (device-state.ts). Pair with AlpacaDiscoveryResponder for UDP discovery.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../src-shared/errors';
import type { AnyDevice, DeviceKind } from '../types';
import { deviceStateOf } from './device-state';
import { ALPACA_ERROR, alpacaErrorNumber } from './errors';
import { IMAGE_BYTES_MIME, encodeImageBytes, encodeImageBytesError } from './image-bytes';
import { ALPACA_TYPE, BadRequest, INTERFACE_VERSION, LEGACY_INTERFACE_VERSION, MEMBERS, OPERATION_ACTION, type OperationRecord, type Params, type Served } from './members';

export interface AlpacaServerOptions {
  devices: AnyDevice[];
  /** Listen address (default 127.0.0.1: exposing devices beyond loopback is the operator's choice). */
  host?: string;
  /** 0 = any free port (default). */
  port?: number;
  serverName?: string;
  location?: string;
  /** Called with errors of background operations (slews…); the client sees them via state members. */
  onBackgroundError?: (what: string, err: unknown) => void;
  /**
   * ASCOM platform the server speaks (default 7). 7: asynchronous `connect` / `disconnect` with
   * the `connecting` completion property, Platform 7 interface versions. 6: legacy only — those
   * members answer NotImplemented (0x400) and the pre-Platform 7 interface versions are reported
   * (for peers that predate Platform 7, and to test clients against one).
   */
  platform?: 6 | 7;
  /** Observer of every request (method and lower-cased path), e.g. for logs and protocol tests. */
  onRequest?: (method: string, path: string) => void;
}

interface Entry extends Served {
  kind: DeviceKind;
  number: number;
  uniqueId: string;
}

const MAX_BODY_BYTES = 64 * 1024;

export class AlpacaServer {
  private server: Server | null = null;
  private serverTransactionId = 0;
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly opts: AlpacaServerOptions) {
    const counters = new Map<string, number>();
    for (const device of opts.devices) {
      const type = ALPACA_TYPE[device.kind];
      const number = counters.get(type) ?? 0;
      counters.set(type, number + 1);
      const entry: Entry = {
        device,
        kind: device.kind,
        number,
        uniqueId: `nightshift-${device.family}-${device.id}`,
        state: () => device.readState(),
        background: (what, op) => {
          const record: OperationRecord = { state: 'running', error: null };
          entry.ops.set(what, record);
          op.then(
            () => {
              record.state = 'done';
            },
            (err: unknown) => {
              record.state = 'failed';
              record.error = err;
              opts.onBackgroundError?.(what, err);
            },
          );
        },
        ops: new Map(),
        camera: { image: null, exposing: false, error: null, durationSec: 0, startMs: 0, roi: null, setpointC: 0, aborting: false },
      };
      this.entries.set(`${type}/${number}`, entry);
    }
  }

  /** Starts listening; resolves with the bound port. */
  async start(): Promise<number> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`internal server error: ${(err as Error).message}`);
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port ?? 0, this.opts.host ?? '127.0.0.1', () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private nextServerTransaction(): number {
    this.serverTransactionId = (this.serverTransactionId + 1) >>> 0 || 1;
    return this.serverTransactionId;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'PUT') return plain(res, 405, 'only GET and PUT');
    const query = new Map<string, string>();
    for (const [k, v] of url.searchParams) query.set(k.toLowerCase(), v);
    let form: URLSearchParams | null = null;
    if (method === 'PUT') {
      const body = await readBody(req);
      if (body === null) return plain(res, 400, 'request body too large');
      form = new URLSearchParams(body);
    }
    // GET keys match case-insensitively; PUT keys must be cased exactly
    const raw = (name: string): string | undefined => (form ? (form.get(name) ?? undefined) : query.get(name.toLowerCase()));
    const clientTx = parseUint(raw('ClientTransactionID')) ?? 0;
    const serverTx = this.nextServerTransaction();
    const path = url.pathname.toLowerCase().replace(/\/+$/, '');
    this.opts.onRequest?.(method, path);

    if (method === 'GET' && path.startsWith('/management')) {
      let value: unknown;
      if (path === '/management/apiversions') value = [1];
      else if (path === '/management/v1/description') {
        value = { ServerName: this.opts.serverName ?? 'Nightshift', Manufacturer: 'Nightshift', ManufacturerVersion: '0.1.0', Location: this.opts.location ?? '' };
      } else if (path === '/management/v1/configureddevices') {
        value = [...this.entries.values()].map((e) => ({
          DeviceName: e.device.id,
          DeviceType: pascalType(ALPACA_TYPE[e.kind]),
          DeviceNumber: e.number,
          UniqueID: e.uniqueId,
        }));
      } else return plain(res, 404, `unknown management path ${path}`);
      return json(res, { Value: value, ClientTransactionID: clientTx, ServerTransactionID: serverTx, ErrorNumber: 0, ErrorMessage: '' });
    }

    const m = /^\/api\/v1\/([a-z]+)\/(\d+)\/([a-z]+)$/.exec(path);
    if (!m) return plain(res, 404, `unknown path ${path}`);
    const [, type, num, member] = m as unknown as [string, string, string, string];
    const entry = this.entries.get(`${type}/${Number(num)}`);
    if (!entry) return plain(res, 400, `no ${type} device number ${num}`);

    const params: Params = {
      str: (name) => {
        const v = raw(name);
        if (v === undefined) throw new BadRequest(`missing parameter ${name}`);
        return v;
      },
      num: (name) => {
        const v = Number(params.str(name));
        if (!Number.isFinite(v)) throw new BadRequest(`parameter ${name} is not a number`);
        return v;
      },
      bool: (name) => {
        const v = params.str(name).toLowerCase();
        if (v !== 'true' && v !== 'false') throw new BadRequest(`parameter ${name} is not True/False`);
        return v === 'true';
      },
    };

    const reply = (value: unknown, err: unknown): void => {
      const errorNumber = err === null ? 0 : alpacaErrorNumber(err);
      const body: Record<string, unknown> = {
        ClientTransactionID: clientTx,
        ServerTransactionID: serverTx,
        ErrorNumber: errorNumber,
        ErrorMessage: err === null ? '' : err instanceof Error ? err.message : JSON.stringify(err),
      };
      // GETs always carry Value; PUT methods that return something (Action, CommandString…) too.
      if (err === null && (method === 'GET' || value !== undefined)) body.Value = value ?? null;
      json(res, body);
    };

    try {
      if (member === 'imagearray' && method === 'GET' && entry.kind === 'camera') {
        const img = entry.camera.image;
        if (!img) throw new AppError('device.busy', 'no image available');
        const accept = String(req.headers.accept ?? '');
        if (accept.includes(IMAGE_BYTES_MIME)) {
          const buf = encodeImageBytes(img, clientTx, serverTx);
          res.writeHead(200, { 'Content-Type': IMAGE_BYTES_MIME, 'Content-Length': buf.length });
          res.end(buf);
          return;
        }
        const cols: number[][] = [];
        for (let x = 0; x < img.width; x++) {
          const col = new Array<number>(img.height);
          for (let y = 0; y < img.height; y++) col[y] = img.pixels[y * img.width + x] as number;
          cols.push(col);
        }
        json(res, { Type: 2, Rank: 2, Value: cols, ClientTransactionID: clientTx, ServerTransactionID: serverTx, ErrorNumber: 0, ErrorMessage: '' });
        return;
      }
      const value = await this.member(entry, member, method, params);
      reply(value, null);
    } catch (err) {
      if (err instanceof BadRequest) return plain(res, 400, err.message);
      if (member === 'imagearray' && String(req.headers.accept ?? '').includes(IMAGE_BYTES_MIME)) {
        const buf = encodeImageBytesError(alpacaErrorNumber(err), (err as Error).message, clientTx, serverTx);
        res.writeHead(200, { 'Content-Type': IMAGE_BYTES_MIME, 'Content-Length': buf.length });
        res.end(buf);
        return;
      }
      reply(null, err);
    }
  }

  private async member(e: Entry, member: string, method: 'GET' | 'PUT', p: Params): Promise<unknown> {
    const d = e.device;
    const platform7 = (this.opts.platform ?? 7) === 7;
    // members common to every device
    switch (member) {
      case 'connected':
        if (method === 'GET') return d.isConnected();
        return p.bool('Connected') ? d.connect() : d.disconnect();
      case 'connect':
      case 'disconnect':
        // Platform 7: start the (dis)connection and return at once; the client polls `connecting`.
        if (method === 'PUT' && platform7) return startConnection(e, member);
        break;
      case 'connecting':
        if (method === 'GET' && platform7) return connecting(e);
        break;
      case 'devicestate':
        // Platform 7 only; like any operational property it needs the device connected.
        if (method !== 'GET' || !platform7) break;
        if (!d.isConnected()) throw new AppError('device.disconnected', `${d.id} is not connected`);
        return deviceStateOf(e, e.kind);
      case 'name':
        return d.id;
      case 'description':
        return `Nightshift ${d.family} ${d.kind}`;
      case 'driverinfo':
        return 'Nightshift Alpaca server';
      case 'driverversion':
        return '0.1';
      case 'interfaceversion':
        return (platform7 ? INTERFACE_VERSION : LEGACY_INTERFACE_VERSION)[e.kind];
      case 'supportedactions':
        return [OPERATION_ACTION];
      case 'action':
        if (method === 'PUT') return operationStatus(e, p);
        break;
      default:
        break;
    }
    const entry = MEMBERS[e.kind][member];
    const handler = method === 'GET' ? entry?.get : entry?.put;
    if (!handler) throw new AppError('device.unsupported', `${method} ${member} is not implemented`);
    if (!d.isConnected()) throw new AppError('device.disconnected', `${d.id} is not connected`);
    return handler(e, p);
  }
}

/** Starts an asynchronous connect or disconnect (one at a time: a new one supersedes the record). */
function startConnection(e: Entry, what: 'connect' | 'disconnect'): void {
  const running = ['connect', 'disconnect'].some((k) => e.ops.get(k)?.state === 'running');
  if (running) throw new AppError('device.busy', `a connect or disconnect is already in progress`);
  // Only the latest operation's outcome is reported by `connecting`.
  e.ops.delete(what === 'connect' ? 'disconnect' : 'connect');
  e.background(what, what === 'connect' ? e.device.connect() : e.device.disconnect());
}

/**
 * GET connecting: true while an asynchronous connect/disconnect runs. When the last one failed,
 * the first read after it reports its error (ASCOM: exceptions of an asynchronous operation come
 * back through its completion property), later reads answer false.
 */
function connecting(e: Entry): boolean {
  for (const what of ['connect', 'disconnect']) {
    const record = e.ops.get(what);
    if (!record) continue;
    if (record.state === 'running') return true;
    if (record.state === 'failed' && record.reported !== true) {
      record.reported = true;
      throw record.error instanceof Error ? record.error : new AppError('device.error', String(record.error));
    }
  }
  return false;
}

/** The NightshiftOperation action: the state of the latest background operation of a name, as JSON. */
function operationStatus(e: Entry, p: Params): string {
  const action = p.str('Action');
  if (action.toLowerCase() !== OPERATION_ACTION.toLowerCase()) throw new AppError('device.unsupported', `action ${action} is not implemented`);
  const record = e.ops.get(p.str('Parameters'));
  if (!record) return JSON.stringify({ state: 'none', errorNumber: 0, errorMessage: '' });
  const failed = record.state === 'failed';
  return JSON.stringify({
    state: record.state,
    errorNumber: failed ? alpacaErrorNumber(record.error) : 0,
    errorMessage: failed ? (record.error instanceof Error ? record.error.message : String(record.error)) : '',
  });
}

function pascalType(t: string): string {
  const names: Record<string, string> = {
    telescope: 'Telescope',
    camera: 'Camera',
    filterwheel: 'FilterWheel',
    focuser: 'Focuser',
    dome: 'Dome',
    rotator: 'Rotator',
    observingconditions: 'ObservingConditions',
    safetymonitor: 'SafetyMonitor',
  };
  return names[t] ?? t;
}

function parseUint(s: string | undefined): number | null {
  if (s === undefined || !/^\d+$/.test(s)) return null;
  const v = Number(s);
  return v <= 0xffffffff ? v : null;
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) resolve(null);
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, body: unknown): void {
  const s = JSON.stringify(body);
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(s) });
  res.end(s);
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

export { ALPACA_ERROR };
