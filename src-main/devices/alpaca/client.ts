/**
 * HTTP client of the ASCOM Alpaca device and management APIs (devices.md §1): lower-case URLs,
 * ClientID + incrementing ClientTransactionID on every call, form-encoded PUTs with exact key
 * casing, ErrorNumber → coded AppError, ImageBytes with JSON ImageArray fallback. Timeouts and
 * cancellation run on the Clock.
 */
import { request as httpRequest } from 'node:http';
import type { Clock } from '../../clock';
import { AppError } from '../../../src-shared/errors';
import { alpacaError } from './errors';
import { IMAGE_BYTES_MIME, decodeImageArrayJson, decodeImageBytes, readImageBytesHeader, type RowMajorImage } from './image-bytes';

export interface AlpacaClientOptions {
  host: string;
  port: number;
  clock: Clock;
  /** uint32 identifying this client instance; random when absent. */
  clientId?: number;
  /** Default per-call timeout, clock ms (default 10 000). */
  timeoutMs?: number;
}

export interface AlpacaCallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface AlpacaDescription {
  ServerName: string;
  Manufacturer: string;
  ManufacturerVersion: string;
  Location: string;
}

export interface AlpacaConfiguredDevice {
  DeviceName: string;
  DeviceType: string;
  DeviceNumber: number;
  UniqueID: string;
}

interface AlpacaResponse {
  Value?: unknown;
  ClientTransactionID?: number;
  ServerTransactionID?: number;
  ErrorNumber?: number;
  ErrorMessage?: string;
}

type Params = Record<string, string | number | boolean>;

function formValue(v: string | number | boolean): string {
  return typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);
}

export class AlpacaClient {
  readonly clientId: number;
  private transactionId = 0;
  private readonly timeoutMs: number;

  constructor(private readonly opts: AlpacaClientOptions) {
    this.clientId = opts.clientId ?? 1 + Math.floor(Math.random() * 0xfffffffe);
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  /** GET a device property: `/api/v1/{type}/{n}/{member}`. Rejects with the mapped AppError. */
  async get<T = unknown>(deviceType: string, deviceNumber: number, member: string, params: Params = {}, call: AlpacaCallOptions = {}): Promise<T> {
    const r = await this.callJson('GET', this.devicePath(deviceType, deviceNumber, member), params, call);
    return r.Value as T;
  }

  /** PUT a device property or method with form-encoded PascalCase parameters. */
  async put(deviceType: string, deviceNumber: number, member: string, params: Params = {}, call: AlpacaCallOptions = {}): Promise<unknown> {
    const r = await this.callJson('PUT', this.devicePath(deviceType, deviceNumber, member), params, call);
    return r.Value;
  }

  /** `GET /management/apiversions`. */
  async apiVersions(call: AlpacaCallOptions = {}): Promise<number[]> {
    return (await this.callJson('GET', '/management/apiversions', {}, call)).Value as number[];
  }

  async description(call: AlpacaCallOptions = {}): Promise<AlpacaDescription> {
    return (await this.callJson('GET', '/management/v1/description', {}, call)).Value as AlpacaDescription;
  }

  async configuredDevices(call: AlpacaCallOptions = {}): Promise<AlpacaConfiguredDevice[]> {
    return (await this.callJson('GET', '/management/v1/configureddevices', {}, call)).Value as AlpacaConfiguredDevice[];
  }

  /**
   * Downloads the camera image, asking for ImageBytes and falling back to JSON ImageArray when
   * the server answers JSON. Returns a row-major image.
   */
  async imageArray(deviceNumber: number, call: AlpacaCallOptions = {}): Promise<RowMajorImage> {
    const tx = this.nextTransaction();
    const path = `${this.devicePath('camera', deviceNumber, 'imagearray')}?${this.query({}, tx)}`;
    const res = await this.send('GET', path, null, { Accept: `${IMAGE_BYTES_MIME}, application/json` }, call);
    if (res.contentType.startsWith(IMAGE_BYTES_MIME)) {
      const h = readImageBytesHeader(res.body);
      if (h.errorNumber !== 0) {
        throw alpacaError(h.errorNumber, Buffer.from(res.body.subarray(h.dataStart)).toString('utf8'), { member: 'imagearray' });
      }
      return decodeImageBytes(res.body, h);
    }
    const json = this.parseJson(res.body, 'imagearray');
    this.checkError(json, 'imagearray');
    return decodeImageArrayJson(json.Value);
  }

  private devicePath(deviceType: string, deviceNumber: number, member: string): string {
    return `/api/v1/${deviceType.toLowerCase()}/${deviceNumber}/${member.toLowerCase()}`;
  }

  private nextTransaction(): number {
    this.transactionId = (this.transactionId + 1) >>> 0 || 1;
    return this.transactionId;
  }

  private query(params: Params, tx: number): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) q.set(k, formValue(v));
    q.set('ClientID', String(this.clientId));
    q.set('ClientTransactionID', String(tx));
    return q.toString();
  }

  private async callJson(method: 'GET' | 'PUT', path: string, params: Params, call: AlpacaCallOptions): Promise<AlpacaResponse> {
    const tx = this.nextTransaction();
    const body = this.query(params, tx);
    const res =
      method === 'GET'
        ? await this.send('GET', `${path}?${body}`, null, { Accept: 'application/json' }, call)
        : await this.send('PUT', path, body, { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, call);
    const json = this.parseJson(res.body, path);
    this.checkError(json, path);
    return json;
  }

  private parseJson(body: Uint8Array, what: string): AlpacaResponse {
    try {
      const v = JSON.parse(Buffer.from(body).toString('utf8')) as AlpacaResponse | null;
      if (typeof v !== 'object' || v === null) throw new Error('not an object');
      return v;
    } catch (err) {
      throw new AppError('device.protocol', `Alpaca ${what}: unparsable JSON (${(err as Error).message})`);
    }
  }

  private checkError(r: AlpacaResponse, what: string): void {
    const n = r.ErrorNumber ?? 0;
    if (n !== 0) throw alpacaError(n, r.ErrorMessage ?? '', { member: what });
  }

  /** One HTTP exchange; non-200 → device.protocol (400) / device.error (other), with the plain-text body. */
  private send(
    method: 'GET' | 'PUT',
    path: string,
    body: string | null,
    headers: Record<string, string>,
    call: AlpacaCallOptions,
  ): Promise<{ contentType: string; body: Buffer }> {
    const timeoutMs = call.timeoutMs ?? this.timeoutMs;
    return new Promise((resolve, reject) => {
      if (call.signal?.aborted) return reject(asError(call.signal.reason));
      const timer = new AbortController();
      const req = httpRequest(
        {
          host: this.opts.host,
          port: this.opts.port,
          method,
          path,
          headers: body === null ? headers : { ...headers, 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (err) => done(new AppError('device.disconnected', `Alpaca ${path}: ${err.message}`)));
          res.on('end', () => {
            const buf = Buffer.concat(chunks);
            const status = res.statusCode ?? 0;
            if (status !== 200) {
              const text = buf.toString('utf8').slice(0, 500);
              done(new AppError(status === 400 ? 'validation.invalid' : 'device.error', `Alpaca ${method} ${path.split('?')[0]}: HTTP ${status} ${text}`, { httpStatus: status }));
            } else done(null, { contentType: String(res.headers['content-type'] ?? ''), body: buf });
          });
        },
      );
      const onAbort = (): void => {
        req.destroy();
        done(call.signal?.reason ?? new AppError('device.error', 'aborted'));
      };
      let settled = false;
      const done = (err: unknown, v?: { contentType: string; body: Buffer }): void => {
        if (settled) return;
        settled = true;
        timer.abort();
        call.signal?.removeEventListener('abort', onAbort);
        if (err) reject(asError(err));
        else resolve(v as { contentType: string; body: Buffer });
      };
      call.signal?.addEventListener('abort', onAbort, { once: true });
      this.opts.clock.sleep(timeoutMs, timer.signal).then(
        () => {
          req.destroy();
          done(new AppError('device.timeout', `Alpaca ${method} ${path.split('?')[0]}: no answer within ${timeoutMs} ms`));
        },
        () => undefined,
      );
      req.on('error', (err) => done(new AppError('device.disconnected', `Alpaca ${this.opts.host}:${this.opts.port}: ${err.message}`)));
      req.end(body ?? undefined);
    });
  }
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new AppError('device.error', String(e));
}
