/**
 * A local stand-in for Sesame, Horizons and the MPC's Orbits API: serves the hand-written fixtures on 127.0.0.1 so the
 * resolvers run their real HTTP path without the internet. Records every request.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

export interface FakeServices {
  sesameUrl: string;
  horizonsUrl: string;
  /** The stand-in for https://data.minorplanetcenter.net/api/get-orb. */
  mpcUrl: string;
  /** `sesame:<name>`, `horizons:<COMMAND>` or `mpc:<desig>` per request, in order. */
  log: string[];
  close(): Promise<void>;
}

const HORIZONS: Record<string, string> = { 'Ceres;': 'horizons-ceres.txt', 'DES=29P;CAP;NOFRAG;': 'horizons-29p.txt', '599': 'horizons-jupiter.txt' };
const MULTIPLE = ['Small-body search results:', '', 'Matching small-bodies:', '', '    Record #  Epoch-yr  >MATCH DESIG<  Primary Desig  Name', '    --------  --------  -------------  -------------  ----', '    10001      2026     2001 AB1       2001 AB1', '    10002      2026     2002 AB2       2002 AB2', '', 'Number of matches =   2. Use ID# to make unique selection.'].join('\n');

const MPC: Record<string, string> = { Ceres: 'mpc-ceres.json', '1P': 'mpc-halley.json', '2062': 'mpc-aten-nokep.json' };

/** The MPC's API reads `{"desig": …}` from the body of a GET (as documented); a GET without it is refused. */
function answerMpc(req: IncomingMessage, res: ServerResponse, log: string[]): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let desig: unknown;
    try {
      desig = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { desig?: unknown }).desig;
    } catch {
      desig = undefined;
    }
    if (req.method !== 'GET' || req.headers['content-type'] !== 'application/json' || typeof desig !== 'string') {
      res.writeHead(400, { 'content-type': 'text/html' });
      return void res.end('<html><body>Bad request</body></html>');
    }
    log.push(`mpc:${desig}`);
    // 'Slow Rock' never gets an answer (closeAllConnections ends it): the resolver's timeout must give up.
    if (desig === 'Slow Rock') return;
    const file = MPC[desig];
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(file !== undefined ? fixture(file) : JSON.stringify([{ mpc_orb: null }, 404]));
  });
}

export async function startFakeServices(): Promise<FakeServices> {
  const log: string[] = [];
  const held: ServerResponse[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/sesame/-ox/SNV') {
      const name = decodeURIComponent(url.search.slice(1));
      log.push(`sesame:${name}`);
      // 'Slow Star' never gets an answer: the resolver's timeout must give up.
      if (name === 'Slow Star') return void held.push(res);
      res.writeHead(200, { 'content-type': 'text/xml' });
      return void res.end(fixture(name === 'HD 209458' ? 'sesame-hd209458.xml' : 'sesame-nothing.xml'));
    }
    if (url.pathname === '/horizons') {
      const command = (url.searchParams.get('COMMAND') ?? '').replace(/^'|'$/g, '');
      log.push(`horizons:${command}`);
      if (url.searchParams.get('EPHEM_TYPE') !== "'ELEMENTS'" || url.searchParams.get('format') !== 'json') {
        res.writeHead(400, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: 'this fake only answers ELEMENTS in JSON' }));
      }
      const file = HORIZONS[command];
      const result = file !== undefined ? fixture(file) : command === 'Ambiguous;' ? MULTIPLE : 'No matches found.\n';
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ signature: { source: 'local test fake', version: '1.2' }, result }));
    }
    if (url.pathname === '/mpc/api/get-orb') return answerMpc(req, res, log);
    res.writeHead(404).end();
  };
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    sesameUrl: `http://127.0.0.1:${port}/sesame`,
    horizonsUrl: `http://127.0.0.1:${port}/horizons`,
    mpcUrl: `http://127.0.0.1:${port}/mpc/api/get-orb`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of held) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback address where nothing listens (connection refused at once). */
export async function closedPortUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
